"""Classify a path into a kind of file (deck, team minutes, special session, legacy, ...)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .extract import find_dates
from .model import Document, Heading, Kind
from .rule import FolderPolicy

# YYYYMMDD(-slug).md, and the ISO-dashed variant seen once in the corpus (reported by the naming rule)
_NAME = re.compile(r"^(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})(?:-(?P<slug>.+?))?(?:\.md)?$", re.IGNORECASE)


def name_date(basename: str) -> tuple[dt.date | None, str | None]:
    """The date and slug a file name carries (None when it carries no real calendar date)."""
    m = _NAME.match(basename)
    if not m:
        return None, None
    try:
        date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None, m["slug"]
    return date, m["slug"]


def classify(
    relpath: str,
    file_date: dt.date | None,
    slug: str | None,
    fm_type: object,
    folders: Mapping[str, FolderPolicy],
    templates: frozenset[str] = frozenset(),
) -> Kind:
    folder = relpath.split("/", 1)[0] if "/" in relpath else ""
    base = relpath.rsplit("/", 1)[-1]
    if relpath in templates or base.lower() == "template.md":
        return Kind.TEMPLATE
    policy = folders.get(folder)
    if fm_type == "slide":
        return Kind.DECK
    if policy is not None and policy.kind is Kind.FREEFORM:
        return Kind.FREEFORM
    if file_date is None:
        return Kind.FREEFORM
    if policy is not None:
        if policy.legacy_before is not None and file_date < policy.legacy_before:
            return Kind.LEGACY
        if policy.deck_since is not None and file_date >= policy.deck_since:
            return Kind.DECK
        if policy.kind in (Kind.DECK, Kind.LEGACY):
            return policy.kind
    if slug:
        return Kind.SPECIAL
    return Kind.TEAM


# --- what the text says the file is ------------------------------------------------------------
#
# The path decides first (classify, at parse time, before the text is read); the title can then say
# that a plain `<team>/YYYYMMDD.md` holds another meeting: `# 2022-08-01 IaaS layout discussion`,
# `# Overflow session`, `## Cluster Stacks Meeting - 2025-01-28`. Such a file is a special session:
# none of the team's required sections, no weekday expectation. A title that only adds the team's
# own name (`# SIG Documentation on 2023-01-02`, `## 2024-01-10 Team IaaS`) stays team minutes.

# Words that name a kind of meeting other than the weekly team call, wherever they stand in the title.
_SPECIAL_WORDS = re.compile(
    r"\b(?:workshops?|overflow|break[- ]?outs?|hack(?:athon|day)s?|special|presentations?|discussions?"
    r"|deep[- ]?dives?|kick[- ]?off|retro(?:spective)?|post[- ]?mortem|bug[- ]?squash\w*|lean[- ]?coffee"
    r"|meetups?|trainings?|demos?|tutorials?|walk[- ]?through|brainstorm\w*|offsite|summit|conference"
    r"|interviews?|onboarding|q&a|sondersitzung|klausur\w*|all[- ]hands|town[- ]?hall|round[- ]?table|barcamp"
    r"|office[- ]hours?)\b",
    re.IGNORECASE,
)
# A meeting noun: "<Name> Meeting" names another meeting when <Name> is not the team's own name.
_MEETING_NOUN = re.compile(r"\b(?:meeting|call|sync|jour[- ]?fixe|stand[- ]?up|sitzung|treffen)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
# Words any title of a series may carry besides the team's name (counted as "no other name").
_GENERIC = frozenset(
    {
        "team",
        "teams",
        "sig",
        "wg",
        "working",
        "group",
        "meeting",
        "meetings",
        "call",
        "sync",
        "weekly",
        "biweekly",
        "regular",
        "minutes",
        "notes",
        "protocol",
        "scs",
        "sovereign",
        "cloud",
        "stack",
        "on",
        "of",
        "the",
        "for",
        "and",
        "at",
        "in",
        "a",
        "an",
        "our",
        "today",
        "kw",
        "cw",
        "week",
        "jour",
        "fixe",
        "stand",
        "up",
        "sitzung",
        "treffen",
        "protokoll",
        "vom",
        "am",
        "der",
        "die",
        "das",
        "des",
        "layer",
    }
)
# a relative path or one Markdown link to another .md file, and nothing else: a git symlink checked out
# as text, or a stub that sends the reader to the real notes (hackathon tables)
_POINTER = re.compile(r"^\s*(?:\[[^\]\n]*\]\(\s*)?(?P<path>(?:\.{1,2}/)?[\w./-]+\.md)(?:#[\w-]*)?\s*\)?\s*$")


# HedgeDoc's `###### tags: a b` line is the note's metadata, read by HedgeDoc, not a title
_TAGS_LINE = re.compile(r"^\s*tags\s*:", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Session:
    """What the text says the file is: ``kind`` (the path's verdict or SPECIAL) and why."""

    kind: Kind
    why: str = ""  # empty when the path's verdict stands
    pointer: str | None = None  # the path a pointer file names


_SESSION_MEMO: list[tuple[Document, Session]] = []


def session(doc: Document) -> Session:
    """The content verdict on a parsed file; only team minutes are reconsidered (memoised: several
    rules ask in a row about the same Document)."""
    if _SESSION_MEMO and _SESSION_MEMO[0][0] is doc:
        return _SESSION_MEMO[0][1]
    result = _session(doc)
    _SESSION_MEMO[:] = [(doc, result)]
    return result


def refine_kind(doc: Document) -> Kind:
    """``doc.kind`` corrected by the content (the parser may assign it once the title is known)."""
    return session(doc).kind


def _session(doc: Document) -> Session:
    # a SPECIAL kind may come from the path or from an earlier refinement: the pointer check holds
    # for both, so that asking again after `doc.kind = refine_kind(doc)` gives the same answer
    if doc.kind not in (Kind.TEAM, Kind.SPECIAL) or doc.fatal:
        return Session(doc.kind)
    pointer = _pointer(doc)
    if pointer is not None:
        return Session(Kind.SPECIAL, f"the file only points to {pointer}", pointer)
    title = doc.title
    if doc.kind is Kind.SPECIAL or title is None:
        return Session(doc.kind)
    # an undated heading above the dated title is what readers see first: when it is a topic title
    # ("# Storage workshop" over "## 2024-03-04"), it says what the meeting was, as a title would
    above = heading_above_title(doc)
    for text in (title.text,) if above is None else (above.text, title.text):
        m = _SPECIAL_WORDS.search(text)
        if m is not None:
            return Session(Kind.SPECIAL, f"the title says '{m.group(0)}'")
        name = _other_meeting(text, doc.folder)
        if name:
            return Session(Kind.SPECIAL, f"the title names another meeting ('{name}')")
    return Session(doc.kind)


def heading_above_title(doc: Document) -> Heading | None:
    """The first heading of a file when it stands above the dated title and is not it (`# Backlog`
    over `# 2023-03-13`): the parser takes a dated heading near the top as the title when the first
    one has no date, but readers see the first heading as the page's title. None for decks (their
    title is the title slide's line, after the front matter) and whenever the title is first."""
    title = doc.title
    if doc.is_deck or title is None or title.level == 0 or title.date is None:
        return None
    for h in doc.headings:
        if h.span.line >= title.span.line:
            return None
        if h.span.line >= doc.body_start and h.span.line not in doc.code_lines and not is_tags_line(h.text):
            return h
    return None


def is_tags_line(text: str) -> bool:
    """HedgeDoc's `###### tags: a b` heading: metadata, never a title."""
    return _TAGS_LINE.match(text) is not None


def _pointer(doc: Document) -> str | None:
    """The path a file names when that path is all it holds (one non-blank line), else None."""
    only: str | None = None
    for n in range(doc.body_start, len(doc.lines) + 1):
        line = doc.lines[n - 1]
        if line.strip():
            if only is not None:
                return None  # a second line: not a pointer (stop reading early)
            only = line
    m = _POINTER.match(only) if only is not None and len(only) <= 300 else None
    return m["path"] if m is not None else None


def _other_meeting(text: str, folder: str) -> str:
    """The words before a meeting noun that are not the team's name ("Cluster Stacks"), or ""."""
    noun = _MEETING_NOUN.search(text)
    if noun is None:
        return ""
    before = text[: noun.start()]
    for mention in find_dates(before, 1):
        before = before.replace(mention.text, " ")
    words = [w for w in _WORD.findall(before) if not w.isdigit()]
    tokens = [t for t in folder.lower().split("-") if t]
    other = [w for w in words if w.lower() not in _GENERIC and not _names_team(w.lower(), tokens)]
    return " ".join(other) if other and len(words) <= 5 else ""


def _names_team(word: str, tokens: list[str]) -> bool:
    """`IaaS` for iaas, `Ops` / `Operations` for ops, `Standardisation` for standardization."""
    for token in tokens:
        if word == token or (len(word) >= 3 and (token.startswith(word) or word.startswith(token))):
            return True
        if len(word) >= 5 and len(token) >= 5 and word[:5] == token[:5]:
            return True
        if word[:1] == token[:1] and _subsequence(token, word):
            return True  # "ops" in "operations"
    return False


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)
