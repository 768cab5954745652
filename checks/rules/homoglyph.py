"""A word that mixes Latin letters with Cyrillic or Greek look-alikes (`Аccess` with a Cyrillic `А`).

What it does: reports a word written mostly in Latin letters that contains a Cyrillic or Greek
letter which looks like a Latin one (`А В Е К М Н О Р С Т Х а е о р с у х і ј ѕ`, `Α Β Ε Ζ Η Ι Κ Μ
Ν Ο Ρ Τ Υ Χ ο`). Greek letters used as symbols (`πmin`, `µs`) are not look-alikes; code is
skipped.
Why is this bad? The word reads right but is not the word: searching the minutes for "Access"
misses it, links and handles with such a letter point elsewhere. It comes from keyboard layouts
and copy-paste, never on purpose.
Example: bad `Аccess received` (Cyrillic `А`); good `Access received`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity

_LOOKALIKES = "АВЕКМНОРСТХаеорсухіјѕΑΒΕΖΗΙΚΜΝΟΡΤΥΧο"
_WORD = re.compile(r"[^\W\d_]+")


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    # str.isascii() reads a flag CPython keeps with the string: no scan (a regex for a non-ASCII
    # character walks every ASCII file to its end)
    if doc.text.isascii() or not any(c in doc.text for c in _LOOKALIKES):
        return
    code = doc.code_lines
    for n, line in enumerate(doc.lines, 1):
        if n in code or line.isascii():
            continue
        for m in _WORD.finditer(line):
            word = m.group()
            fakes = [i for i, c in enumerate(word) if c in _LOOKALIKES]
            latin = sum(1 for c in word if "a" <= c.lower() <= "z")
            if not fakes or latin == 0 or latin < len(fakes):
                continue
            i = fakes[0]
            yield Problem(
                Span(n, m.start() + i + 1, n, m.start() + i + 2),
                f"'{word}' mixes latin letters with the look-alike {word[i]!r} (U+{ord(word[i]):04X}), "
                "expected latin letters only",
            )


RULE = Rule(id="homoglyph", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=DATED_KINDS)
