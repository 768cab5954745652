"""Shared helpers for the team-minutes rules: section roles, list items, handle tokens, templates.

Section roles are matched by regex on the heading text because the corpus words them in dozens of
ways (30 participants headings, emoji prefixes, misspellings); levels are taken relative to the
title because folders differ (`# D` + `##` sections, or `## D` + `###`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extract import find_dates, mask_code
from ..kinds import refine_kind
from ..model import Document, Kind, Section
from ..rule import Context

# "Particpants", "Participantst", "Attendees"; an emoji shortcode or symbol may come first
PARTICIPANTS = re.compile(
    r"\b(?:partic?i?pa[a-z]*|partecipa[a-z]*|attend(?:ees?|ance)|teilnehm[a-z]*|anwesend[a-z]*)\b", re.I
)
AGENDA = re.compile(r"\b(?:agenda|topics?|tagesordnung|themen)\b", re.I)
HOUSEKEEPING = re.compile(
    r"\b(?:housekeeping|recurring|report(?:ing|s)?|minutes|orga(?:ni[sz]ation(?:al)?)?|who\s+(?:is|presents))\b",
    re.I,
)
# bullets and ordered items, as markdown-it reads them (up to three spaces or a tab before the marker)
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
# a GitHub login candidate as written: the characters people type, judged later by valid_login()
HANDLE_TOKEN = re.compile(r"@([A-Za-z0-9_.\-]+)")
# what may stand before a label: emphasis, emoji shortcodes or symbols, spaces
_LABEL_LEAD = re.compile(r"^(?:[\s*_]|:[a-z0-9_+-]+:|[^\w\s:])*")
# the shape GitHub accepts for a user login
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


def section_level(doc: Document) -> int:
    """The heading level sections should have: one below the title, else the shallowest heading."""
    if doc.title is not None and doc.title.level > 0:
        return doc.title.level + 1
    levels = [h.level for h in doc.headings]
    return min(levels) if levels else 2


def title_line(doc: Document) -> int:
    return doc.title.span.line if doc.title is not None else 0


def role_sections(doc: Document, pattern: re.Pattern[str]) -> Iterator[Section]:
    """Sections under the title whose heading names a role (participants, agenda, housekeeping).

    Deeper headings count too (`#### Topics` under `## D` in sig-community), except inside an
    agenda section, where a topic called "Minutes of ..." is a topic, not housekeeping.
    """
    top = section_level(doc)
    tline = title_line(doc)
    for s in doc.sections:
        h = s.heading
        if h.span.line <= tline or h.level < top or not pattern.search(h.text):
            continue
        if h.level > top and _inside(doc, s, AGENDA) and pattern is not AGENDA:
            continue
        yield s


def _inside(doc: Document, section: Section, pattern: re.Pattern[str]) -> bool:
    parent = section.parent
    while parent is not None:
        p = doc.sections[parent]
        if pattern.search(p.heading.text):
            return True
        parent = p.parent
    return False


def inline_label(doc: Document, pattern: re.Pattern[str], limit: int = 40) -> int:
    """The line of a `Label:` line or a `**Label**` pseudo-heading near the top (0 when none).

    Only lines that start with the label count, so `- talk to the participants: ...` does not;
    a list item may be the label (`- Participants:` with the handles nested below it).
    """
    tline = title_line(doc)
    code = doc.code_lines
    for n in range(max(doc.body_start, tline + 1), min(len(doc.lines), tline + limit) + 1):
        line = doc.lines[n - 1]
        if n in code or not line.strip():
            continue
        head = _LABEL_LEAD.sub("", LIST_ITEM.sub("", line, count=1))
        m = pattern.match(head)
        if m is None:
            continue
        rest = _LABEL_LEAD.sub("", head[m.end() :].lstrip(" *_"))
        if rest.startswith(":") or not rest.strip(" *_:") or (len(head) <= 40 and ":" in head):
            return n
    return 0


def body_end(doc: Document, section: Section) -> int:
    """The last line of a section's own text, before its first subsection."""
    for h in doc.headings:
        if section.heading.span.line < h.span.line <= section.end_line:
            return h.span.line - 1
    return section.end_line


def content_lines(doc: Document, section: Section) -> list[int]:
    """Non-blank body lines of a section up to its first subsection, HTML comments excluded."""
    comments = comment_lines(doc)
    end = body_end(doc, section)
    return [n for n in range(section.heading.span.line + 1, end + 1) if doc.line(n).strip() and n not in comments]


def comment_lines(doc: Document) -> set[int]:
    lines: set[int] = set()
    for span, _text in doc.html_comments:
        lines.update(range(span.line, (span.end_line or span.line) + 1))
    return lines


# A line that says the meeting did not happen. It has to start with it, so that minutes mentioning
# "the release was postponed" are not mistaken for a cancellation; English and German forms.
_MEETING = r"(?:meeting|sig|call|session|jour\s*fixe|sitzung|treffen|termin)"
_LEAD = r"^[\W_]*(?:(?:today|heute|this\s+week|diese\s+woche)\b[\W_]*)?"
# up to two words naming the series before the noun ("team", "SIG Monitoring", "IaaS"): bounded, and
# each starts with a letter or digit, so that backtracking over a run of "-" or "_" cannot rescan it
_NAMED = r"(?:(?:the|today'?s|this\s+week'?s|our|das|die|der|unser|unsere)\s+)?(?:[^\W_][\w-]*\s+){0,2}?" + _MEETING
_DID_NOT_HAPPEN = (
    r"(?:skipped|skip|cancel+ed|cancel|postponed|moved|did\s*n[o']?t\s+(?:take\s+place|happen)|not\s+held"
    r"|entf[äa]ll+t|f[äa]ll+t\s+(?:heute\s+)?aus|ausgefallen|ausfall|abgesagt|verschoben)\b"
)
_CANCELLED = re.compile(
    _LEAD
    + r"(?:"
    + _NAMED
    + r"\s+(?:(?:was|is|has\s+been|will\s+be|heute)\s+)?)?"
    + _DID_NOT_HAPPEN
    + r"|"
    + _LEAD
    + r"no\s+"
    + _NAMED
    + r"\b"
    + r"|"
    + _LEAD
    + r"kein(?:e|en)?\s+"
    + _NAMED
    + r"\b",
    re.I,
)
# The same said anywhere in the title line: `# 2024-01-10 (cancelled)`, `## 2024-01-10 - entfällt`.
_CANCELLED_TITLE = re.compile(
    r"\b(?:cancel+ed|cancel+ation|skipped|postponed|entf[äa]ll+t|f[äa]ll+t\s+aus|ausgefallen|abgesagt"
    r"|verschoben|no\s+" + _MEETING + r"|kein(?:e|en)?\s+" + _MEETING + r")\b",
    re.I,
)
_MEETING_WORD = re.compile(r"\b" + _MEETING + r"\b", re.I)
_RULER = re.compile(r"^\s*(?:=+|-+|\*+|_+)\s*$")
_STATUS_OK = frozenset({"cancelled", "canceled", "skipped", "postponed"})
# A cancellation note is short: the statement and perhaps a reason or the next date.
_NOTE_LINES = 5
_PLACEHOLDER_MEMO: list[tuple[Document, tuple[int, str] | None]] = []


def placeholder_reason(doc: Document) -> tuple[int, str] | None:
    """(line, what it says) when the file holds no minutes, else None: ("" = only headings; otherwise
    the cancellation statement, `Meeting canceled`, `- skipped`, a title `# D (cancelled)`).

    A file whose front matter says `status: cancelled` is a deliberate record, not a placeholder.
    Several rules ask (they stay quiet on files without minutes), so the last answer is memoised.
    """
    if _PLACEHOLDER_MEMO and _PLACEHOLDER_MEMO[0][0] is doc:
        return _PLACEHOLDER_MEMO[0][1]
    result = _placeholder(doc)
    _PLACEHOLDER_MEMO[:] = [(doc, result)]
    return result


def regular_minutes(doc: Document) -> bool:
    """Team minutes of the series' own meeting, with minutes in them: what the folder's required
    sections and title form are for (not a special session by its title, not a cancellation note)."""
    return refine_kind(doc) is Kind.TEAM and not is_placeholder(doc)


def is_placeholder(doc: Document) -> bool:
    """The file holds no minutes: only headings, or a note that the meeting did not take place
    (also `status: cancelled` front matter: the rules that ask stay quiet about its sections)."""
    return placeholder_reason(doc) is not None or cancellation(doc) is not None


def cancellation(doc: Document) -> tuple[int, str] | None:
    """(line, statement) when the file records that the meeting did not take place, else None.

    The repository's convention is a short note (`Meeting canceled`, `- skipped`, `No SIG today.`),
    with or without a title, or a title that says it; a `status: cancelled` front matter counts too.
    """
    if doc.fatal:
        return None
    fm = doc.front_matter
    data = fm.data if fm is not None else None
    if isinstance(data, dict) and str(data.get("status", "")).strip().lower() in _STATUS_OK:
        return (fm.span.line if fm is not None else 1), str(data.get("status"))
    found = placeholder_reason(doc)
    return found if found is not None and found[1] else None


def _placeholder(doc: Document) -> tuple[int, str] | None:
    fm = doc.front_matter
    data = fm.data if fm is not None else None
    if doc.fatal or (isinstance(data, dict) and str(data.get("status", "")).strip().lower() in _STATUS_OK):
        return None
    title = doc.title
    if (
        title is not None
        and title.level > 0
        and _may_say_cancelled(title.text)
        and _CANCELLED_TITLE.search(_without_dates(title.text))
    ):
        return title.span.line, title.text.strip()[:60]
    skip = comment_lines(doc)
    for h in doc.headings:
        first, last = h.span.line, h.span.end_line or h.span.line
        if last == first:  # an ATX heading (nearly all): one line, no range to build
            skip.add(first)
        else:
            skip.update(range(first, last + 1))
    content: list[int] = []
    lines = doc.lines
    for n in range(doc.body_start, len(lines) + 1):
        line = lines[n - 1]
        if n not in skip and line.strip() and not _RULER.match(line):
            content.append(n)
            if len(content) > _NOTE_LINES:
                return None  # real minutes: stop reading early (the headings' texts are not needed)
    tline = title.span.line if title is not None else None
    headings = [(h.span.line, h.text.strip()) for h in doc.headings if h.span.line != tline]
    # Under a section heading (an agenda, a topic) a bare "moved" / "skipped" / "postponed" is about
    # that item; only a line that names the meeting itself says the meeting did not take place.
    first_section = min((n for n, _t in headings if n > (title.span.line if title is not None else 0)), default=0)
    said = [
        (n, t)
        for n, t in ((n, doc.line(n).strip()) for n in content)
        if _CANCELLED.match(t) and (not first_section or n < first_section or _MEETING_WORD.search(t))
    ]
    said += [(n, t) for n, t in headings if _CANCELLED.match(t) and (n <= first_section or _MEETING_WORD.search(t))]
    if said:
        n, text = min(said)
        return n, text[:60]
    if not content or (
        len(content) == 1
        and title is not None
        and title.level == 0
        and content[0] == title.span.line
        and title.date is not None
    ):
        return (title.span.line if title is not None else 1), ""
    return None


# Every _CANCELLED_TITLE match in ASCII text holds one of these (lower-case), or "no" and a meeting
# word: taking the dates out (each replaced by a space) cannot make one appear.
_CANCELLED_STEMS = ("cancel", "skipped", "postponed", "fall", "abgesagt", "verschoben", "kein")
_MEETING_STEMS = ("meeting", "sig", "call", "session", "jour", "sitzung", "treffen", "termin")


def _may_say_cancelled(title: str) -> bool:
    """Can ``_CANCELLED_TITLE`` match the title without its dates? Only a necessary test, so that
    nearly every title is spared the date search (exact for ASCII titles; others are searched)."""
    if not title.isascii():
        return True
    low = title.lower()
    return any(stem in low for stem in _CANCELLED_STEMS) or (
        "no" in low and any(word in low for word in _MEETING_STEMS)
    )


def _without_dates(text: str) -> str:
    for mention in find_dates(text, 1):
        text = text.replace(mention.text, " ")
    return text


def strip_code_spans(text: str) -> str:
    """The line with inline code replaced by spaces, so columns stay where they were."""
    return mask_code(text)  # linear; a back-referencing regex was cubic on a line of backticks


def valid_login(name: str) -> str | None:
    """Why ``name`` cannot be a GitHub login, or None when it can be one."""
    if _LOGIN.match(name):
        return None
    if "_" in name:
        return "contains '_'"
    if "." in name:
        return "contains '.'"
    if len(name) > 39:
        return f"is {len(name)} characters long, at most 39 are allowed"
    if name.startswith("-") or name.endswith("-"):
        return "starts or ends with '-'"
    if "--" in name:
        return "contains '--'"
    return "contains a character other than letters, digits and '-'"


def is_template(doc: Document, ctx: Context) -> bool:
    return doc.kind is Kind.TEMPLATE or doc.path in ctx.template_paths
