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
from ..rule import ALL_KINDS, Context, Fix, Problem, Rule, Severity

_EXPECTED = {
    "invalid-utf8": "expected utf-8",
    "bom": "expected utf-8 without a bom",
    "cr": "expected lf line endings",
    "control": "expected printable text",
    "nul": "expected text",
    "mojibake": "expected the original characters",
}


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    for issue in doc.text_issues:
        detail = issue.detail or issue.kind
        found = detail[:1].lower() + detail[1:]
        # a BOM or CR line ends are undone by writing the decoded text back; other defects need a human
        fix = Fix(encoding=issue.kind) if issue.kind in ("bom", "cr") else None
        yield Problem(issue.span, f"{found}, {_EXPECTED.get(issue.kind, 'expected clean utf-8 text')}", fix=fix)


RULE = Rule(id="text-encoding", severity=Severity.ERROR, check=check, doc=__doc__ or "", kinds=ALL_KINDS,
            fixable="safe")  # a BOM and CR line ends; the other defects need a person
