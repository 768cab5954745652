"""Front matter must start the file and be valid YAML (two rules sharing the front-matter model)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Severity
from ..rule import Context, Problem, Rule

_PREFIX = re.compile(r"^(?:invalid yaml|yaml error)\s*:\s*", re.IGNORECASE)

START_DOC = """Front matter must begin at the very first byte of the file.

What it does: reports a front-matter block that does not start the file (a blank line or a space
before the opening `---`).
Why is this bad? HedgeDoc reads front matter only when the note starts with `---`; otherwise the
deck loses `type: slide` and its theme and is shown as one long page, with the YAML as text.
Example: bad a deck whose first line is empty and whose `---` is on line 2; good `---` on line 1.
"""

YAML_DOC = """Front matter must be valid YAML.

What it does: reports front matter that YAML cannot load, at the line of the error.
Why is this bad? HedgeDoc silently shows a note with broken YAML as plain Markdown with no
metadata: a deck turns into one long page without its theme.
Example: bad `slideOptions:` followed by `theme white` (no colon) or a tab-indented key; good
`  theme: white` indented with two spaces.
"""


def check_start(doc: Document, ctx: Context) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or fm.at_byte0:
        return
    line = fm.span.line
    where = f"line {line}" if line > 1 else "after leading whitespace"
    yield Problem(
        fm.span,
        f"front matter starts on {where}, expected '---' at the very start of the file (hedgedoc ignores it otherwise)",
    )


def check_yaml(doc: Document, ctx: Context) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None or fm.error is None:
        return
    first = fm.error.strip().splitlines()[0] if fm.error.strip() else "unknown error"
    first = _PREFIX.sub("", first)  # the parser may already say "invalid YAML: ..."
    yield Problem(fm.error_span or fm.span, f"front matter is not valid yaml: {first}")


START_RULE = Rule(id="front-matter-not-at-start", severity=Severity.ERROR, check=check_start, doc=START_DOC)
YAML_RULE = Rule(id="front-matter-yaml-error", severity=Severity.ERROR, check=check_yaml, doc=YAML_DOC)
