"""Headings, sections, the dated title, participants, reporters and action items."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .extract import find_dates, handles_in, mask_code, sub_until
from .model import ActionItem, Document, HandleUse, Heading, Participant, Reporter, Section, Span, Title

if TYPE_CHECKING:
    from markdown_it.token import Token

_TAGS = re.compile(r"<[^>]*>")
_PARTICIPANTS = re.compile(r"partic|attendee|teilnehm", re.IGNORECASE)
_INLINE_PARTICIPANTS = re.compile(r"^\s*[*_]*(participants|participation|attendees)[*_]*\s*:\s*(.*)$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])(?:\s+|$)")
_DECK_TITLE = re.compile(r"Community\s+(?:Call|Meeting)", re.IGNORECASE)
_TOPIC_REPORTER = re.compile(r"\(\s*@([A-Za-z0-9][\w.-]*)[^)]*\)\s*$")
_SPONSOR = re.compile(r"^\s*(?:[-*+]\s*)?[*_]*sponsors?[*_]*\s*:\s*[*_]*@([A-Za-z0-9][\w.-]*)", re.IGNORECASE)
_REPORT_BY = re.compile(r"\b(?:Report(?:ed)?|Presented)\s+by\b:?\s*(.*)$", re.IGNORECASE)
_HREF_USER = re.compile(r"""(?:href\s*=\s*["']?|\]\()https?://github\.com/([A-Za-z0-9][\w.-]*)/?["')>\s]""",
                        re.IGNORECASE)
_AI_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("(AI @x)", re.compile(r"\(\s*AI\s+@([\w.-]+)\s*\)")),
    ("AI (@x):", re.compile(r"(?<![\w@])AI\s*\(\s*@([\w.-]+)\s*\)\s*:?")),
    ("AI: @x", re.compile(r"(?<![\w@])AI\s*:\s*@([\w.-]+)")),
    ("AI @x:", re.compile(r"(?<![\w@])AI\s+@([\w.-]+)\s*:")),
    ("AI @x", re.compile(r"(?<![\w@])AI\s+@([\w.-]+)")),
    ("@AI x", re.compile(r"@AI\s+@?([\w.-]+)")),
    ("AI:", re.compile(r"(?<![\w@])AI\s*:\s*(?=\S)")),
)


def _topic_reporter(text: str) -> re.Match[str] | None:
    """``_TOPIC_REPORTER.search(text)``, started after the last ")" but the closing one: the match
    holds no other ")", and from every "(" before it ``[^)]*`` rescanned to the end (quadratic)."""
    end = len(text.rstrip())
    if not end or text[end - 1] != ")":
        return None
    return _TOPIC_REPORTER.search(text, text.rfind(")", 0, end - 1) + 1)


def plain(text: str) -> str:
    """Heading/title text without HTML tags, emphasis marks and surrounding space."""
    return sub_until(_TAGS, " ", text, ">").replace("*", "").strip()


def headings_of(tokens: list[Token], at: Sequence[int] | None = None) -> list[Heading]:
    """The headings; ``at``: indices of the heading_open tokens when the caller found them already
    (the parser does, in its one pass over the tokens)."""
    if at is None:
        at = [i for i, tok in enumerate(tokens) if tok.type == "heading_open"]
    out: list[Heading] = []
    for i in at:
        tok = tokens[i]
        if tok.map is None:
            continue
        inline = tokens[i + 1]
        level = int(tok.tag[1])
        setext = not tok.markup.startswith("#")
        line = tok.map[0] + 1
        out.append(Heading(level, inline.content, Span(line, 1), setext))
    return out


def sections_of(headings: list[Heading], last_line: int) -> list[Section]:
    """A section ends before the next heading of the same or a higher level. One pass with a stack
    of open sections (a forward search per heading was quadratic: a title over 20,000 headings)."""
    sections: list[Section] = []
    stack: list[int] = []
    for i, h in enumerate(headings):
        while stack and headings[stack[-1]].level >= h.level:
            sections[stack.pop()].end_line = h.span.line - 1
        sections.append(Section(h, last_line, stack[-1] if stack else None))
        stack.append(i)
    return sections


def find_title(doc: Document) -> None:
    """The dated title line: decks use the "Community Call/Meeting" line, others the first line."""
    lines, start = doc.lines, doc.body_start
    by_line = {h.span.line: h for h in doc.headings}
    title: Title | None = None
    if doc.is_deck:
        for i in range(start - 1, len(lines)):
            if (i + 1) not in doc.code_lines and _DECK_TITLE.search(lines[i]):
                title = _title_at(doc, i + 1, by_line, look_ahead=2)
                break
    if title is None:
        for i in range(start - 1, len(lines)):
            ln = i + 1
            if lines[i].strip() and ln not in doc.code_lines and not lines[i].lstrip().startswith("<!--"):
                title = _title_at(doc, ln, by_line, look_ahead=0)
                break
    if title is not None and title.date is None and not doc.is_deck:
        # a title line without a date: the first dated heading near the top stands in for it
        for h in doc.headings:
            if title.span.line < h.span.line <= 25 and find_dates(h.text, h.span.line):
                title = _title_at(doc, h.span.line, by_line, look_ahead=0)
                break
    doc.title = title
    if title is not None and title.level and not doc.is_deck:
        for h in doc.headings:
            if h.level != title.level or h.span.line in doc.code_lines:
                continue
            dates = find_dates(h.text, h.span.line)
            rest = sub_until(_TAGS, "", h.text, ">")
            for d in dates:
                rest = rest.replace(d.text, "")
            if dates and len(rest.strip(" -–:#*")) <= 30:
                doc.dated_titles.append(_title_at(doc, h.span.line, by_line, 0))


def _title_at(doc: Document, ln: int, by_line: dict[int, Heading], look_ahead: int) -> Title:
    raw = doc.lines[ln - 1]
    heading = by_line.get(ln)
    text = heading.text if heading else raw.strip()
    title = Title(plain(text), Span(ln, 1, ln, len(raw) + 1), heading.level if heading else 0)
    for k in range(ln, min(ln + look_ahead, len(doc.lines)) + 1):
        dates = find_dates(doc.lines[k - 1], k)
        if dates:
            title.date = dates[0]
            break
    return title


def find_people(doc: Document) -> None:
    """Participants, reporters, action items and every @handle with its context."""
    sections = doc.sections
    part_idx = next((i for i, s in enumerate(sections) if _PARTICIPANTS.search(s.heading.text)), None)
    part_lines: set[int] = set()
    part_found: dict[int, list[tuple[str, Span]]] = {}  # the handles of participant lines, read once
    if part_idx is not None:
        sec = sections[part_idx]
        doc.participants_section = sec
        stop = next((s.heading.span.line - 1 for s in sections[part_idx + 1 :]
                     if s.heading.span.line > sec.heading.span.line), sec.end_line)
        for ln in range(sec.heading.span.line + 1, min(stop, sec.end_line) + 1):
            raw = doc.line(ln)
            if not raw.strip() or raw.lstrip().startswith("<!--") or ln in doc.code_lines:
                continue
            part_lines.add(ln)
            found = part_found[ln] = handles_in(raw, ln)
            doc.participants.append(Participant(raw.strip(), Span(ln, 1, ln, len(raw) + 1),
                                                found[0][0] if found else None, bool(_LIST_ITEM.match(raw))))
    topic_lines: dict[int, int] = {}
    for i, s in enumerate(sections):
        m = _topic_reporter(s.heading.text)
        if m:
            topic_lines[s.heading.span.line] = i
            doc.reporters.append(Reporter("topic", s.heading.text, s.heading.span, m.group(1), section=i))
    code = doc.code_lines
    starts = [s.heading.span.line for s in sections]
    for ln, raw in enumerate(doc.lines, 1):
        # Only handles ("@"), action items ("AI") and "Report by" lines make anything here. A line
        # with just a ":" (a third of all lines: URLs, "Agenda:") can only be a "... By: ..." line;
        # an inline "Participants:" line without an "@" adds nothing. The substring tests go first:
        # they drop 5 lines in 6 before the set lookup.
        if ("@" not in raw and "AI" not in raw and "by" not in raw
                and not (":" in raw and "by" in raw.lower())) or ln in code:
            continue
        line = mask_code(raw)
        if part_idx is None and doc.participants_section is None and not doc.participants:
            m = _INLINE_PARTICIPANTS.match(line)
            if m:
                part_lines.add(ln)
                for h, span in handles_in(line, ln):
                    doc.participants.append(Participant(h, span, h, True))
        context = "participant" if ln in part_lines else "text"
        sp = _SPONSOR.match(line) if "@" in line else None  # the pattern needs an "@"
        if sp:
            context = "sponsor"
            doc.reporters.append(Reporter("sponsor", line.strip(), Span(ln, 1, ln, len(raw) + 1), sp.group(1),
                                          section=_section_index(doc, ln, starts)))
        rb = _REPORT_BY.search(line) if "by" in line.lower() else None
        if rb:
            context = "reporter"
            rest = rb.group(1)
            shown = handles_in(rest, ln)
            href = _HREF_USER.search(rest)
            doc.reporters.append(Reporter("report-by", rest.strip(), Span(ln, rb.start() + 1, ln, len(raw) + 1),
                                          shown[0][0] if shown else None, href.group(1) if href else None,
                                          section=_section_index(doc, ln, starts)))
        if "AI" in line:
            _action_items(doc, line, ln)
            if any(p.search(line) for _, p in _AI_FORMS[:6]):
                context = "action" if context == "text" else context
        if ln in topic_lines:
            context = "reporter"
        read = part_found.get(ln) if line == raw else None  # unmasked participant line: read above
        for h, span in handles_in(line, ln) if read is None else read:
            doc.handles.append(HandleUse(h, span, context))


def _section_index(doc: Document, ln: int, starts: list[int]) -> int | None:
    """The innermost section holding line ``ln``: the last one (in order) whose range holds it.
    ``starts`` are the sections' heading lines, ascending: a bisection finds the last heading at or
    above ``ln`` (a walk over every section for each reporter line was quadratic in a file of many
    sections); an earlier section can only hold ``ln`` when the later ones ended above it."""
    i = bisect_right(starts, ln) - 1
    sections = doc.sections
    while i >= 0 and sections[i].end_line < ln:
        i -= 1
    return i if i >= 0 else None


def _action_items(doc: Document, line: str, ln: int) -> None:
    for form, pattern in _AI_FORMS:
        m = pattern.search(line)
        if not m:
            continue
        owner = m.group(1) if pattern.groups else None
        if form == "AI:" and "@" in line[m.end() : m.end() + 2]:
            continue
        doc.action_items.append(ActionItem(owner, line[m.end() :].strip(" :-"),
                                           Span(ln, m.start() + 1, ln, m.end() + 1), form))
        return
