"""What a rule is, what it sees besides its Document, and what it yields.

Rules are pure: they read a Document and a Context and yield Problems. The engine adds the rule
id, the severity and the path, and turns them into Findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .model import Document, Kind, Severity, Span


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from (line, col) up to (end_line, end_col), end exclusive, 1-based, in the
    Document's decoded lines (``Document.lines``; a column past a line's end is its line break)."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """What `--fix` does for a Problem: edits of the lines it owns (never a code block), or
    ``encoding`` ("bom" / "cr") to write the file back as plain UTF-8 with LF line endings.
    ``safe=False`` fixes (a guess, e.g. a title date taken from the file name) need --unsafe-fixes."""

    edits: tuple[Edit, ...] = ()
    safe: bool = True
    encoding: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    span: Span
    message: str
    severity: Severity | None = None  # overrides the rule's default (e.g. a placeholder is a warning)
    fix: Fix | None = None  # None: not fixable (this time)


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """A Problem stamped by the engine. Sorted by path, line, column, rule: stable run to run."""

    path: str
    line: int
    col: int
    rule: str
    message: str
    severity: Severity = field(compare=False)
    end_line: int = field(default=0, compare=False)
    end_col: int = field(default=0, compare=False)
    fix: Fix | None = field(default=None, compare=False)

    @property
    def span(self) -> Span:
        return Span(self.line, self.col, self.end_line, self.end_col)


@dataclass(frozen=True, slots=True)
class Schedule:
    """From ``since`` on, the folder meets on ``weekdays`` (0 = Monday)."""

    since: dt.date
    weekdays: frozenset[int]


@dataclass(frozen=True, slots=True)
class FolderPolicy:
    """What the configuration says about one meeting series (folder)."""

    name: str
    kind: Kind = Kind.TEAM
    schedule: tuple[Schedule, ...] = ()
    title_pattern: str | None = None  # regex the title line must match (a DATE group is the date)
    require_participants: bool = True
    require_agenda: bool = False
    require_housekeeping: bool = False
    require_reporters: bool = False  # every agenda topic names a reporter
    require_deck_reporters: bool = False  # decks: every team/SIG slide has a reporter line
    legacy_before: dt.date | None = None  # files dated before this are frozen legacy minutes
    deck_since: dt.date | None = None  # files dated on/after this are decks


class Tree(Protocol):
    """The repository's files, as the shell found them (no I/O in rules beyond this)."""

    def exists(self, path: str) -> bool:
        """Does the repository-relative posix path exist (file or folder)?"""
        ...

    def is_dir(self, path: str) -> bool: ...

    def head(self, path: str, size: int = 32) -> bytes:
        """The first ``size`` bytes of a file (b"" when it cannot be read)."""
        ...


@dataclass(slots=True)
class Context:
    """Everything a rule may read besides its own Document."""

    tree: Tree
    folders: Mapping[str, FolderPolicy] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)  # lower-case alias -> "owner/repo" or "owner"
    default_owner: str = ""  # owner assumed for bare "repo#N" (e.g. SovereignCloudStack)
    repo_slug: str = ""  # this repository as "owner/name", for in-repo GitHub links
    roster: Mapping[str, int] = field(default_factory=dict)  # lower-case handle -> number of uses
    # lower-case http(s) host -> links to it in every Markdown file of the repository (None: no
    # repository scan, e.g. a rule run on its own; the checked file is then the repository)
    hosts: Mapping[str, int] | None = None
    handle_allow: frozenset[str] = frozenset()  # lower-case handles never reported
    digests: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # sha256 -> paths
    today: dt.date | None = None  # the clock is read by the shell, never by a rule
    commit_dates: Mapping[str, dt.date] = field(default_factory=dict)  # path -> date it was committed
    upload_hosts: tuple[str, ...] = ("input.scs.community",)
    template_paths: frozenset[str] = frozenset()
    options: Mapping[str, Mapping[str, object]] = field(default_factory=dict)  # rule id -> options
    # path -> heading texts (Heading.text) of every parsed file, so `x.md#anchor` links can be
    # checked without the rule reading another file; files missing here are not anchor-checked
    headings_of: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def policy(self, doc: Document) -> FolderPolicy:
        return self.folders.get(doc.folder) or FolderPolicy(name=doc.folder)


__all__ = [
    "ALL_KINDS", "DATED_KINDS", "MINUTES_KINDS", "CheckFn", "Context", "Document", "Edit", "Finding", "Fix",
    "FolderPolicy",
    "Kind", "Problem", "Rule", "Schedule", "Severity", "Span", "Tree",
]

CheckFn = Callable[[Document, Context], Iterator[Problem]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str  # kebab-case name of the problem
    severity: Severity
    check: CheckFn
    doc: str  # the module docstring: first line is the summary, the rest is `explain`
    kinds: frozenset[Kind] | None = None  # None: every kind
    whitespace: bool = False  # with --changed-since, report only on changed lines
    fixable: str = ""  # "safe" / "unsafe" (needs --unsafe-fixes): its Problems may carry a Fix; "" none

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.id

    def applies_to(self, doc: Document) -> bool:
        return self.kinds is None or doc.kind in self.kinds


ALL_KINDS = frozenset(Kind)
DATED_KINDS = frozenset({Kind.DECK, Kind.TEAM, Kind.SPECIAL, Kind.LEGACY})
MINUTES_KINDS = frozenset({Kind.TEAM, Kind.SPECIAL})
