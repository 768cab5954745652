"""The document model: everything a rule, a reporter, a resolver or the publisher needs of one file.

A file is read and parsed exactly once (``checks.parse.parse_document``); every later stage reads
the :class:`Document`, never the raw bytes again. Positions are 1-based lines and columns, as
editors, GitHub annotations and SARIF count them; ``end_col`` is exclusive (the column after the
last character), as in SARIF.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # markdown-it tokens are kept for the publisher; rules rarely need them
    from markdown_it.token import Token


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` gives the worst; names are what the reporters print."""

    NOTICE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        key = text.strip().upper()
        aliases = {"INFO": "NOTICE", "WARN": "WARNING", "NOTE": "NOTICE"}
        return cls[aliases.get(key, key)]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    line: int
    col: int = 1
    end_line: int = 0  # 0 means "same as line"
    end_col: int = 0  # 0 means "end of line / unknown"

    @classmethod
    def on_line(cls, line: int, col: int = 1, length: int = 0) -> Span:
        return cls(line, col, line, col + length if length else 0)


class Kind(str, enum.Enum):
    """What sort of file a path holds; decides which rules apply."""

    DECK = "deck"  # HedgeDoc slide deck (community call / meeting)
    TEAM = "team"  # <team>/YYYYMMDD.md
    SPECIAL = "special"  # <team>/YYYYMMDD-slug.md (workshop, overflow, ...)
    LEGACY = "legacy"  # frozen old minutes (community-call before the deck era)
    FREEFORM = "freeform"  # undated documents (README, hackathon notes, ...)
    TEMPLATE = "template"  # the template itself: must keep its placeholders


@dataclass(slots=True)
class Directive:
    """An inline suppression comment: ``<!-- minutes-ci disable-next-line RULE -->`` and friends."""

    action: str  # "disable" | "enable" | "disable-next-line" | "disable-line" | "disable-file"
    rules: tuple[str, ...]  # empty tuple means every rule
    line: int


@dataclass(slots=True)
class TextIssue:
    """A problem found while decoding the bytes (reported by the encoding rule, never raised)."""

    kind: str  # "invalid-utf8" | "bom" | "cr" | "control" | "mojibake" | "nul"
    span: Span
    detail: str


@dataclass(slots=True)
class FrontMatter:
    span: Span  # from the opening to the closing delimiter line, inclusive
    raw: str  # the YAML text between the delimiters
    data: Any  # the loaded YAML (None when it did not load)
    at_byte0: bool  # HedgeDoc only reads front matter that starts the file
    error: str | None = None
    error_span: Span | None = None
    # JSON-pointer-like path (keys and list indices) -> span of the key (mappings) or item node
    key_spans: dict[tuple[str | int, ...], Span] = field(default_factory=dict)
    value_spans: dict[tuple[str | int, ...], Span] = field(default_factory=dict)

    def span_for(self, path: tuple[str | int, ...] | list[str | int]) -> Span:
        """The span of the deepest node on ``path`` that has one (schema errors name a JSON path)."""
        p = tuple(path)
        while p:
            if p in self.key_spans:
                return self.key_spans[p]
            p = p[:-1]
        return self.span


@dataclass(slots=True)
class Heading:
    level: int
    text: str  # inline source text, without the #'s
    span: Span
    setext: bool = False


@dataclass(slots=True)
class Section:
    """A heading and the lines up to the next heading of the same or a higher level."""

    heading: Heading
    end_line: int  # last line of the section, inclusive
    parent: int | None = None  # index into Document.sections

    @property
    def body(self) -> range:
        return range(self.heading.span.line + 1, self.end_line + 1)


@dataclass(slots=True)
class DateMention:
    """A date in a title line, with what is wrong with how it is written (if anything)."""

    text: str
    span: Span
    date: dt.date | None  # None when the text names an impossible date
    problem: str | None = None  # "en-dash" | "unpadded" | "compact" | "impossible" | "slashes" | None


@dataclass(slots=True)
class Title:
    text: str  # the line's text without heading marks
    span: Span
    level: int  # heading level; 0 when the title line is not a heading
    date: DateMention | None = None


@dataclass(slots=True)
class Separator:
    """A line that is (or looks like) a HedgeDoc slide separator."""

    line: int
    raw: str
    vertical: bool  # "----" (vertical) or "---" (horizontal)
    splits: bool  # does HedgeDoc's regex split here?
    reason: str | None = None  # why it does not split, or "inside-code" when it splits inside a fence
    in_code: bool = False


@dataclass(slots=True)
class AttrComment:
    """``<!-- .slide: ... -->`` or ``<!-- .element: ... -->``."""

    target: str  # "slide" | "element"
    span: Span
    raw: str  # the text after ".slide:" / ".element:"
    attrs: dict[str, str]  # what HedgeDoc applies (data-*, id, class, style; double-quoted)
    dropped: list[str]  # attribute names HedgeDoc ignores
    malformed: list[str]  # pieces that are not name="value" (unquoted, single-quoted, empty)


@dataclass(slots=True)
class Slide:
    index: tuple[int, int]  # (horizontal, vertical), both from 0
    start_line: int
    end_line: int  # inclusive
    attrs: list[AttrComment] = field(default_factory=list)
    notes_line: int | None = None  # the "note:" line, when HedgeDoc would show speaker notes
    heading: Heading | None = None  # the first heading on the slide


@dataclass(slots=True)
class Link:
    url: str  # as written (not normalised)
    text: str  # link text, alt text, or "" for bare/autolinks
    span: Span  # the URL's position
    form: str  # markdown | image | autolink | bare | html-href | html-src | data-background | front-matter
    image: bool = False
    title_span: Span | None = None  # span of the whole construct when known


@dataclass(slots=True)
class IssueRef:
    """A GitHub issue/PR reference, linked (a URL) or written in text (``org/repo#N``)."""

    span: Span
    text: str  # link text for linked references; the matched text otherwise
    owner: str | None  # from the URL (linked) or resolved from the text
    repo: str | None
    number: int | None
    kind: str | None  # "issues" | "pull" | "discussions" | None (text-only: unknown)
    url: str | None = None
    # what a reference-shaped link text claims, e.g. "standards/#928" -> (None, "standards", 928, None)
    text_owner: str | None = None
    text_repo: str | None = None
    text_number: int | None = None
    text_kind: str | None = None  # "pull" when the text says PR, "issues" when it says issue
    text_is_ref: bool = False  # the link text is shaped like a pure reference


@dataclass(slots=True)
class HandleUse:
    handle: str  # without the "@"
    span: Span
    context: str  # participant | reporter | sponsor | action | text | href


@dataclass(slots=True)
class Participant:
    text: str
    span: Span
    handle: str | None
    list_item: bool


@dataclass(slots=True)
class Reporter:
    form: str  # "topic" "(@x)" heading | "sponsor" line | "report-by" deck line
    text: str
    span: Span
    handle: str | None  # the displayed @handle
    href_user: str | None = None  # the GitHub user linked, when the line links one
    section: int | None = None  # index into Document.sections


@dataclass(slots=True)
class ActionItem:
    owner: str | None
    text: str
    span: Span
    form: str  # "AI @x:" | "(AI @x)" | "AI: @x" | "AI @x" | "AI:" (no owner) | "@AI x" (inverted)


@dataclass(slots=True)
class Document:
    path: str  # posix path relative to the repository root
    kind: Kind
    folder: str  # first path component ("" at the root)
    file_date: dt.date | None = None
    file_slug: str | None = None
    size: int = 0
    digest: str = ""  # sha256 of the bytes, for duplicate detection
    fatal: str | None = None  # unreadable / binary / a directory: nothing else is filled in
    text: str = ""
    lines: list[str] = field(default_factory=list)  # without line endings; lines[0] is line 1
    text_issues: list[TextIssue] = field(default_factory=list)
    front_matter: FrontMatter | None = None
    body_start: int = 1  # first line after the front matter
    tokens: list[Token] = field(default_factory=list)  # markdown-it block tokens, maps are 0-based absolute
    code_lines: frozenset[int] = frozenset()  # lines inside fenced/indented code (1-based)
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    title: Title | None = None
    dated_titles: list[Title] = field(default_factory=list)  # every heading that is a dated title
    separators: list[Separator] = field(default_factory=list)
    slides: list[Slide] = field(default_factory=list)
    attr_comments: list[AttrComment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    issue_refs: list[IssueRef] = field(default_factory=list)
    handles: list[HandleUse] = field(default_factory=list)
    participants_section: Section | None = None
    participants: list[Participant] = field(default_factory=list)
    reporters: list[Reporter] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    html_comments: list[tuple[Span, str]] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)

    @property
    def is_deck(self) -> bool:
        return self.kind is Kind.DECK

    def images(self) -> Iterator[Link]:
        return (link for link in self.links if link.image)

    def line(self, n: int) -> str:
        """Line ``n`` (1-based), or "" past the end."""
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def section_of(self, line: int) -> Section | None:
        """The innermost section containing ``line``."""
        best: Section | None = None
        for s in self.sections:
            if s.heading.span.line <= line <= s.end_line and (
                best is None or s.heading.level >= best.heading.level
            ):
                best = s
        return best
