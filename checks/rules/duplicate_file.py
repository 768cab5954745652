"""The file is a stale byte-identical copy of other minutes.

What it does: compares the file's sha256 with every other file's. In a group of identical minutes
the copy whose name carries the date the (shared) title gives is the original; every other copy is
reported as stale, naming the original. When no copy's name matches the title date (or there is no
dated title), or when several copies carry that date (the same meeting filed in two folders),
every copy is reported, naming the others. Files without minutes are not
duplicates of each other: two identical cancellation notes (`- skipped`) are the convention, and
empty templates are `placeholder-file`'s.

Why is this bad? Copying last week's minutes and forgetting to edit them leaves two dates with the
same content: the second date's minutes are missing, and readers find the old meeting twice.
A stale copy's title then gives the original's date; this finding covers that
(`title-date-mismatch` stays quiet on it: one cause, one finding).

Example: bad `team/20240115.md` byte-identical to `team/20240108.md`, both titled `# 2024-01-08`
(the 15th is the stale copy); good each file holds its own meeting.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ..kinds import name_date
from ..model import Document, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity
from ._dates import copy_of, original_of, title_dates
from ._minutes import is_placeholder


def _listed(paths: tuple[str, ...]) -> str:
    return ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if doc.fatal:
        return
    # the copies first: a look-up in the run's digests, where the placeholder test reads the file
    others = copy_of(doc, ctx)
    if not others or not doc.text.strip() or is_placeholder(doc):
        return
    original = original_of(doc, ctx)
    dates = title_dates(doc)
    if original is not None:
        when = doc.file_date.isoformat() if doc.file_date is not None else "this file's date"
        yield Problem(
            Span(1, 1),
            f"stale copy of {original}: byte-identical, the title gives its date "
            f"{dates[0].isoformat()}; expected the minutes of {when} here, or no file",
        )
    elif doc.file_date is not None and doc.file_date in dates:
        same_day = [p for p in others if name_date(posixpath.basename(p))[0] == doc.file_date]
        if not same_day:
            return  # the original: its stale copies carry the finding
        # the same meeting filed twice under its own date (another folder, another slug): no copy is
        # stale by its date, so each is reported, naming the others
        yield Problem(
            Span(1, 1),
            f"byte-identical copy of {_listed(others)}: the same minutes are filed more than once under "
            f"{doc.file_date.isoformat()}; keep the one in the series that met",
        )
    elif dates:
        yield Problem(
            Span(1, 1),
            f"byte-identical copy of {_listed(others)}, and the title date "
            f"{dates[0].isoformat()} matches none of their names: keep the one that "
            "holds this meeting",
        )
    else:
        yield Problem(Span(1, 1), f"byte-identical copy of {_listed(others)}: keep the one that holds this meeting")


RULE = Rule(id="duplicate-file", severity=Severity.ERROR, check=check, doc=__doc__ or "", kinds=DATED_KINDS)
