"""The bytes are not clean UTF-8 text with LF line endings.

What it does: reports every problem found while decoding the file, one finding per problem with
its line: bytes that are not UTF-8, a byte-order mark, CR line endings, control characters or NUL
bytes, and mojibake (UTF-8 text that was decoded with the wrong codec once, e.g. `â€“` for `–`).

Why is this bad? GitHub, HedgeDoc and the publisher all read the files as UTF-8; a BOM or CR line
ends break title and separator matching; mojibake is garbled text a reader cannot repair. The
minutes repository never had such a defect, so any new one is a tooling accident worth stopping.

Example: bad a file saved as Latin-1 (`Teilnehmer: Jürgen` as byte 0xFC); good the same file saved
as UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document
from ..rule import ALL_KINDS, Context, Problem, Rule, Severity

_WHAT = {
    "invalid-utf8": "bytes that are not valid utf-8",
    "bom": "a byte-order mark at the start of the file",
    "cr": "a cr line ending, expected lf",
    "control": "a control character",
    "nul": "a nul byte",
    "mojibake": "mojibake (utf-8 decoded with the wrong codec)",
}


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for issue in doc.text_issues:
        what = _WHAT.get(issue.kind, issue.kind)
        detail = f": {issue.detail}" if issue.detail else ""
        yield Problem(issue.span, f"{what}{detail}")


RULE = Rule(id="text-encoding", severity=Severity.ERROR, check=check, doc=__doc__ or "", kinds=ALL_KINDS)
