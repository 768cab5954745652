"""Helpers shared by the dates-decks rules: file-name anatomy, schedules, deck headings and values.

Kept free of I/O and of the clock: rules pass in what they read from the Document and the Context.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..extract import find_dates, sub_until
from ..kinds import name_date
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


# --- moved meetings: public holidays and titles that confirm the date ----------------------------

HOLIDAY_OPTION = "holiday-region"  # option of weekday-off-schedule; config's top-level `holiday-region`
_REGION = re.compile(r"^(?P<country>[A-Za-z]{2})(?:-(?P<subdiv>[A-Za-z0-9]{1,3}))?$")


def parse_region(region: str) -> tuple[str, str | None] | None:
    """``"DE-BE"`` -> ("DE", "BE"), ``"DE"`` -> ("DE", None); None when it is not of that form."""
    m = _REGION.match(region.strip())
    if m is None:
        return None
    return m["country"].upper(), m["subdiv"].upper() if m["subdiv"] else None


@functools.lru_cache(maxsize=64)
def _holidays(country: str, subdiv: str | None, year: int) -> dict[dt.date, str]:
    # imported on first use: only an off-cadence date ever needs the calendar
    import holidays

    try:
        entity = _country_entity(country)
        if entity is not None:  # the same class country_holidays() calls, with its defaults
            table = entity(years=year, subdiv=subdiv, expand=True, observed=True, language="en_US")
        else:
            table = holidays.country_holidays(country, subdiv=subdiv, years=year, language="en_US")
    except NotImplementedError:  # unknown country or region: the configuration loader refuses it
        return {}
    return {day: str(name) for day, name in table.items()}


def _country_entity(country: str) -> Any | None:
    """The holidays class of one country, its module loaded alone; None: use country_holidays().

    ``holidays.countries``' __init__ imports all ~250 country modules (0.11 s of every run that
    meets an off-cadence date) where one is needed. The registry names each country's module, so
    that module is loaded by itself under its own name (a later ``import holidays.countries``
    finds it in sys.modules and reuses it). A module that imports another country's (it would
    pull the package in half-way) or anything unexpected goes the ordinary way."""
    import importlib.util
    import sys
    from pathlib import Path

    from holidays import registry

    if "holidays.countries" in sys.modules:
        return None  # already paid for: the ordinary lookup costs nothing more
    found = [(m, names[0]) for m, names in registry.COUNTRIES.items() if country in names[1:]]
    if len(found) != 1:
        return None
    module_name, class_name = found[0]
    qualified = f"holidays.countries.{module_name}"
    if qualified in sys.modules:
        return getattr(sys.modules[qualified], class_name, None)
    path = Path(registry.__file__).parent / "countries" / f"{module_name}.py"
    try:
        if "holidays.countries" in path.read_text(encoding="utf-8"):
            return None
        spec = importlib.util.spec_from_file_location(qualified, path)
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        sys.modules[qualified] = module
        spec.loader.exec_module(module)
    except Exception:  # any surprise: forget the half-loaded module, take the ordinary way
        sys.modules.pop(qualified, None)
        return None
    return getattr(module, class_name, None)


def holiday(region: str, day: dt.date) -> str | None:
    """The name of the public holiday on ``day`` in ``region`` ("DE-BE": national plus Berlin)."""
    parsed = parse_region(region)
    if parsed is None:
        return None
    return _holidays(parsed[0], parsed[1], day.year).get(day)


def moved_for_holiday(region: str, day: dt.date, weekdays: frozenset[int]) -> tuple[dt.date, str] | None:
    """The holiday on a meeting day that ``day`` stands in for, with its name: ``day`` is the
    working day just before or just after it (Friday for a Whit Monday, Wednesday for Ascension)."""
    if not region:
        return None
    for offset in range(-4, 5):
        when = day + dt.timedelta(days=offset)
        if offset == 0 or when.weekday() not in weekdays:
            continue
        name = holiday(region, when)
        if name is not None and day in (_working_day(region, when, -1), _working_day(region, when, 1)):
            return when, name
    return None


def _working_day(region: str, day: dt.date, step: int) -> dt.date:
    """The nearest day before (step -1) or after (+1) ``day`` that is neither a weekend nor a holiday."""
    when = day + dt.timedelta(days=step)
    for _ in range(10):  # at most a long weekend plus a holiday or two
        if when.weekday() < 5 and holiday(region, when) is None:
            break
        when += dt.timedelta(days=step)
    return when


def title_dates(doc: Document) -> list[dt.date]:
    """Every real date written on the title line (the first one is the title's date)."""
    title = doc.title
    if title is None or title.date is None:
        return []
    line = title.date.span.line
    return [m.date for m in find_dates(doc.line(line), line) if m.date is not None]


# --- byte-identical copies -----------------------------------------------------------------------


def copy_of(doc: Document, ctx: Context) -> tuple[str, ...]:
    """The other files with the same bytes (sorted), when the file has any."""
    if not doc.digest:
        return ()
    return tuple(sorted(p for p in ctx.digests.get(doc.digest, ()) if p != doc.path))


def original_of(doc: Document, ctx: Context) -> str | None:
    """The copy this file is a stale duplicate of: a byte-identical file whose name carries the date
    the (shared) title gives, while this file's name carries another date. None when not stale."""
    dates = title_dates(doc)
    if not dates or doc.file_date is None or doc.file_date in dates:
        return None
    for path in copy_of(doc, ctx):
        date, _slug = name_date(posixpath.basename(path))
        if date is not None and date == dates[0]:
            return path
    return None
