"""_dates._holidays loads one country's module alone: the same holidays as country_holidays()."""

from __future__ import annotations

import subprocess
import sys

_SCRIPT = """
import sys
from minutes_ci.checks.rules import _dates
regions = [("DE", "BE"), ("DE", None), ("DE", "NW"), ("US", "CA"), ("FR", None), ("AT", "9"),
           ("DE", "XX"), ("ZZ", None)]
fast = [sorted(_dates._holidays(c, s, y).items()) for c, s in regions for y in (2021, 2024)]
assert "holidays.countries" not in sys.modules, "the package was imported after all"
import holidays
slow = []
for c, s in regions:
    for y in (2021, 2024):
        try:
            table = holidays.country_holidays(c, subdiv=s, years=y, language="en_US")
            slow.append(sorted((d, str(n)) for d, n in table.items()))
        except NotImplementedError:
            slow.append([])
assert fast == slow, "different holidays"
assert any(fast) and not fast[-1]
print("ok")
"""


def test_one_country_module_gives_the_same_holidays() -> None:
    # a fresh process: in this one another test may have imported holidays.countries already
    out = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
