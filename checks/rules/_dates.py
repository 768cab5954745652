"""Helpers shared by the dates-decks rules: file-name anatomy, schedules, deck headings and values.

Kept free of I/O and of the clock: rules pass in what they read from the Document and the Context.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..extract import sub_until
from ..model import Document, Kind, Span
from ..rule import Context, FolderPolicy, Schedule

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# The one shape a dated minutes file may have: YYYYMMDD, an optional lower-case slug, ".md".
GOOD_STEM = re.compile(r"^(?P<date>\d{8})(?:-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*))?$")
# Anything that starts like a date: the naming rule looks closer at these even when the parser
# could not read a date out of them (9 digits, ISO dashes, dots ...), so a typo is never exempt.
LOOKS_DATED = re.compile(r"^(?:\d{6,}|\d{4}[-_.]\d{1,2}[-_.]\d{1,2})")
ISO_DASHED = re.compile(r"^(?P<y>\d{4})[-_.](?P<m>\d{1,2})[-_.](?P<d>\d{1,2})(?P<rest>.*)$")
LEADING_DIGITS = re.compile(r"^\d+")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A file's base name split into stem and extension as a person would read it."""

    base: str
    stem: str
    ext: str  # ".md", ".MD", "" (none), ...


def name_parts(path: str) -> NameParts:
    base = posixpath.basename(path)
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem:  # "20240320" or ".md"
        return NameParts(base, base, "")
    return NameParts(base, stem, "." + ext)


def real_date(digits: str) -> dt.date | None:
    """``YYYYMMDD`` as a date, or None when it is not a calendar date (20230230)."""
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def schedule_for(policy: FolderPolicy, day: dt.date) -> Schedule | None:
    """The schedule in force on ``day``: the latest one whose ``since`` is not after it."""
    best: Schedule | None = None
    for sched in policy.schedule:
        if sched.since <= day and (best is None or sched.since >= best.since):
            best = sched
    return best


def weekday_names(days: frozenset[int]) -> str:
    return " or ".join(WEEKDAYS[d] for d in sorted(days))


def file_span(doc: Document) -> Span:
    """Where to put a finding about the file as a whole (its name, its date): line 1."""
    return Span(1, 1)


def title_anchor(doc: Document) -> Span:
    """The title line, or the first line of the body when there is no title."""
    if doc.title is not None:
        return doc.title.span
    return Span(max(doc.body_start, 1), 1)


# --- decks -------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
TEAM_HEADING = re.compile(r"^(?:team|sig)\b", re.IGNORECASE)


def plain(text: str) -> str:
    """Heading or line text without HTML tags (decks wrap titles in ``<font>``)."""
    return sub_until(_TAG, "", text, ">").strip()


def comment_lines(doc: Document) -> set[int]:
    """Lines inside HTML comments (separator look-alikes there are harmless when they do not split)."""
    lines: set[int] = set()
    for span, _text in doc.html_comments:
        end = span.end_line or span.line
        lines.update(range(span.line, end + 1))
    return lines


_COLOR = re.compile(r"^(?:#[0-9a-fA-F]{3,8}|(?:rgb|rgba|hsl|hsla)\(.*\)|[A-Za-z]+)$")


def is_color(value: str) -> bool:
    """reveal.js takes a CSS colour in ``data-background`` as well as an image."""
    return bool(_COLOR.match(value.strip()))


def is_url(value: str) -> bool:
    """An absolute http(s) URL with a host, or a data: URI; nothing with spaces or Markdown in it."""
    if not value or any(c.isspace() for c in value) or any(c in value for c in "[]<>\"'"):
        return False
    if value.startswith("data:"):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname)
    return value.startswith("//") and bool(parts.hostname)


def local_target(doc: Document, value: str) -> str | None:
    """The repository path a relative reference points at (None when it leaves the repository)."""
    target = value.split("#", 1)[0].split("?", 1)[0]
    if not target or ":" in target:
        return None
    # "/x.png" is taken from the repository root, anything else from the document's folder
    base = "" if target.startswith("/") else posixpath.dirname(doc.path)
    joined = posixpath.join(base, target.lstrip("/"))
    norm = posixpath.normpath(joined)
    if norm.startswith("..") or norm in (".", ""):
        return None
    return norm


def exists_locally(doc: Document, ctx: Context, value: str) -> bool:
    target = local_target(doc, value)
    return target is not None and ctx.tree.exists(target)


DECK_KINDS = frozenset({Kind.DECK, Kind.TEMPLATE})

_EMPTY_BACKGROUND = re.compile(r"""^data-background(?:-image|-video|-iframe)?=(?:""|'')$""")


def is_background_piece(piece: str) -> bool:
    """An empty ``data-background=""``: bad-slide-background reports it, with a clearer message."""
    return bool(_EMPTY_BACKGROUND.match(piece))
