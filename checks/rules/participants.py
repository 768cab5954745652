"""The minutes lack a participants list, or its entries are not `- @handle` list items.

What it does: for team minutes in folders whose policy requires participants,
`missing-participants` reports a file with no participants section (a heading below the title
matching /partic|attendees/i, whatever its wording, emoji prefix or misspelling, or a
`Participants:` line) and a section that is empty. `participant-format` reports entries that are
not list items but carry a handle (bare `@x` lines; a run of them once), HTML comments left in the section, and, as a
warning, list entries without any `@handle` (a notice for a name under a heading that asks for
handles only where people have one: "(github handles preferred)"). `Name (@h)` and `@h (note)` are fine.

Why is this bad? The participant list is how the minutes record who decided; GitHub handles make it
searchable and unambiguous. Bare `@x` lines render as one run-on paragraph.

Example: bad `## Participants` followed by `@alice` and `@bob` on their own lines; good `- @alice`
and `- @bob`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from ..model import Document, Kind, Participant, Section, Span
from ..rule import Context, Edit, Fix, Problem, Rule, Severity
from ._minutes import (
    LIST_ITEM,
    PARTICIPANTS,
    body_end,
    content_lines,
    inline_label,
    is_placeholder,
    regular_minutes,
    role_sections,
    section_level,
)

_TEAM = frozenset({Kind.TEAM})
# directives for this or other tools are meant to stay (the text may or may not keep "<!--")
# (one space run before the optional "<!--", one after it: two adjacent "\s*" retried every split)
_TOOL_COMMENT = re.compile(r"^\s*(?:<!--\s*)?(?:minutes-ci|markdownlint|prettier|cspell|textlint|vale)\b", re.I)
# what a person's name looks like (an entry that is a sentence or a question is a note, not a person)
# one word, written as logins are and names are not: all lower case, or with a digit, a hyphen or
# a capital inside ("jnull", "ra-beer", "JuanPTM"; not "Jonas")
# In two steps: the one-regex form "[A-Za-z][A-Za-z]*(?:[0-9-]|[a-z][A-Z])[A-Za-z0-9-]*$" tried the
# rest of the word after every lower-upper pair, quadratic in a long "ZaZaZa...!".
_LOWER_LOGIN = re.compile(r"[a-z0-9][a-z0-9-]*")
_MIXED_LOGIN = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_LOGIN_MARK = re.compile(r"[0-9-]|[a-z][A-Z]")


def _login_like(name: str) -> bool:
    if _LOWER_LOGIN.fullmatch(name):
        return True
    return _MIXED_LOGIN.fullmatch(name) is not None and _LOGIN_MARK.search(name, 1) is not None


_NAME = re.compile(r"^[^\W\d_][\w'’.-]*(?:[ \t]+[\w'’.()-]+){0,4}$")


def _section(doc: Document) -> Section | None:
    found = doc.participants_section
    if found is not None and PARTICIPANTS.search(found.heading.text):
        return found  # the parser's match is looser ("partic"): "Particular issues" is no list
    return next(role_sections(doc, PARTICIPANTS), None)


def _range(doc: Document, section: Section | None, label: int) -> range:
    """The lines that hold the participant entries."""
    if section is not None:
        return range(section.heading.span.line + 1, body_end(doc, section) + 1)
    end = label
    while end + 1 <= len(doc.lines) and doc.line(end + 1).strip() and not doc.line(end + 1).lstrip().startswith("#"):
        end += 1
    return range(label, end + 1)


def check_missing(doc: Document, ctx: Context) -> Iterator[Problem]:
    # special sessions (by title or a pointer file) and cancellation notes are no regular minutes
    if not ctx.policy(doc).require_participants or not regular_minutes(doc):
        return
    section = _section(doc)
    label = 0 if section is not None else inline_label(doc, PARTICIPANTS)
    if section is None and label == 0:
        if doc.participants:
            return  # the parser found them in a form we do not label; trust it
        where = doc.title.span if doc.title is not None else Span(max(doc.body_start, 1), 1)
        level = "#" * section_level(doc)
        yield Problem(where, f"no participants section, expected a heading like '{level} Participants'")
        return
    if section is not None and not _entries_or_prose(doc, section):
        yield Problem(section.heading.span, "participants section is empty, expected '- @handle' entries")
    elif label and not doc.participants and len(_range(doc, None, label)) == 1 and "@" not in doc.line(label):
        yield Problem(Span(label, 1), "participants line lists nobody, expected '- @handle' entries")


# "(github handles preferred)", "_use of github handle is preferred_": the heading's note, not a person
# Was "^[\s(*_]*[^@]*\bhandles?\b[^@]*$": the two overlapping leading runs tried every split of a
# line of "((" (quadratic); "no @ anywhere and the word somewhere" says the same in linear time.
_NOTE_WORD = re.compile(r"\bhandles?\b", re.I)


def _is_note(line: str) -> bool:
    return "@" not in line and _NOTE_WORD.search(line) is not None


def _entries_or_prose(doc: Document, section: Section) -> list[int]:
    """The section's content lines, less a note about handles that stands where the list should be.

    Participants the parser found elsewhere (`@x` lines right under the title) count as content.
    """
    lines = range(section.heading.span.line + 1, section.end_line + 1)
    found = [p.span.line for p in doc.participants if p.span.line not in lines or p.list_item or p.handle]
    return found or [
        n for n in content_lines(doc, section) if LIST_ITEM.match(doc.line(n)) or not _is_note(doc.line(n))
    ]


def check_format(doc: Document, ctx: Context) -> Iterator[Problem]:
    # a special session that keeps a list keeps it in the same form
    if not ctx.policy(doc).require_participants or is_placeholder(doc):
        return
    section = _section(doc)
    label = 0 if section is not None else inline_label(doc, PARTICIPANTS)
    if section is None and label == 0:
        return
    lines = _range(doc, section, label)
    if section is not None:
        entries = [p for p in doc.participants if p.span.line in lines]
    else:
        entries = [p for p in doc.participants if p.span.line == label] + _below_label(doc, lines)
    # read only when an entry lacks a handle (most lists have none such)
    # asked once: each entry without a handle asks, and the answer holds for the whole list
    optional = cache(lambda: _handles_optional(doc, section, lines))
    yield from _entries(doc, entries, label, optional)
    heading = section.heading.span.line if section is not None else 0  # "## Participants <!-- ... -->"
    for span, text in doc.html_comments:
        if (span.line in lines or span.line == heading) and not _TOOL_COMMENT.match(text):
            shown = " ".join(text.split())[:40]
            yield Problem(span, f"leftover comment {shown!r} in the participants section", severity=Severity.WARNING)


# "(github handles preferred)", "- use of github handle is prefered", "(preferably github handles)",
# "handle if you have one", "optional": the file's own convention allows a name without a handle
_OPTIONAL = re.compile(
    r"prefer|optional|if (?:you have|available|possible|any)\b|where possible|bevorzugt|falls vorhanden|wenn vorhanden",
    re.I,
)


def _handles_optional(doc: Document, section: Section | None, lines: range) -> bool:
    """Whether the list's heading, label line or a note above its first item asks for handles only
    as a preference. Cheap: the heading, then the lines up to the first list item (a note is short)."""
    if section is not None and _asks_for_handles_optionally(section.heading.text):
        return True
    label = lines[0] if section is None else 0  # "- Participants (handles preferred):" is the label
    for n in lines:
        text = doc.line(n)
        if n != label and LIST_ITEM.match(text):
            return False  # past the note: the entries begin
        if _asks_for_handles_optionally(text):
            return True
    return False


def _asks_for_handles_optionally(text: str) -> bool:
    """ "(github handles preferred)", "handle if you have one": the preference is about handles
    ("Participants - preferably in person" says nothing about them)."""
    if _OPTIONAL.search(text) is None:
        return False
    low = text.lower()
    return _NOTE_WORD.search(text) is not None or "github" in low or "login" in low or "account" in low


def _bullet(doc: Document, line: int) -> Fix | None:
    """`@alice` on a line of its own becomes `- @alice` (the indentation is kept)."""
    text = doc.line(line)
    body = text.lstrip(" ")
    if not body.startswith("@") or line in doc.code_lines:
        return None
    col = len(text) - len(body) + 1
    return Fix((Edit(line, col, line, col, "- "),))


def _at_sign(doc: Document, line: int, name: str) -> Fix | None:
    """`- alice` becomes `- @alice` when the item is that one word."""
    text = doc.line(line)
    at = text.find(name)
    if at < 0 or text[at + len(name) :].strip() or text[:at].strip() not in ("-", "*", "+") or line in doc.code_lines:
        return None
    return Fix((Edit(line, at + 1, line, at + 1, "@"),), safe=False)


def _below_label(doc: Document, lines: range) -> list[Participant]:
    """Entries under a `Participants:` line: the parser only reads the label line itself."""
    first: dict[int, str] = {}
    for use in doc.handles:
        first.setdefault(use.span.line, use.handle)
    out = []
    for n in lines[1:]:
        raw = doc.line(n)
        if raw.strip() and n not in doc.code_lines and not raw.lstrip().startswith("<!--"):
            out.append(Participant(raw.strip(), Span(n, 1, n, len(raw) + 1), first.get(n), bool(LIST_ITEM.match(raw))))
    return out


def _entries(doc: Document, entries: list[Participant], label: int, optional: Callable[[], bool]) -> Iterator[Problem]:
    """The list ends at the first line of prose after it: what follows is minutes, not people."""
    seen = False
    run: list[Participant] = []  # bare `@x` lines since the last list item: one cause, one finding
    for p in sorted(entries, key=lambda e: e.span.line):
        labelled = ":" in p.text.split("@", 1)[0]  # "Minutes transfer: @x" is housekeeping, not a person
        if (p.handle is None or labelled) and not p.list_item and p.span.line != label:
            if seen:
                break
            continue  # a note above the list, such as "(github handles preferred)"
        seen = True
        if p.handle is not None and not p.list_item and p.span.line != label:
            run.append(p)
            continue
        yield from _bare(doc, run)
        run = []
        if p.handle is None:
            yield from _no_handle(doc, p, optional)
    yield from _bare(doc, run)


def _bare(doc: Document, run: list[Participant]) -> Iterator[Problem]:
    """A list written without markers is one finding at its first line; a stray line its own."""
    if not run:
        return
    first, last = run[0], run[-1]
    if len(run) == 1:
        yield Problem(
            first.span,
            f"participant {first.text.strip()[:40]!r} is not a list item, expected '- @{first.handle}'",
            fix=_bullet(doc, first.span.line),
        )
        return
    shown = ", ".join(f"@{p.handle}" for p in run[:3]) + (", ..." if len(run) > 3 else "")
    # adjacent lines are one paragraph on the page; lines apart by blanks are paragraphs of their own
    together = last.span.line - first.span.line + 1 == len(run)
    looks = "run together into one paragraph" if together else "show as separate paragraphs"
    edits = tuple(e for p in run if (f := _bullet(doc, p.span.line)) is not None for e in f.edits)
    yield Problem(
        Span(first.span.line, first.span.col, last.span.end_line or last.span.line, last.span.end_col),
        f"{len(run)} participants on lines {first.span.line}-{last.span.line} are not list items ({shown})"
        f" and {looks}, expected one '- @handle' item per line ('- @{first.handle}')",
        fix=Fix(edits) if edits else None,
    )


def _no_handle(doc: Document, p: Participant, optional: Callable[[], bool]) -> Iterator[Problem]:
    name = LIST_ITEM.sub("", p.text, count=1).strip()
    # an empty item ("-" alone) is `empty-list-item`'s finding, wherever it stands
    if name and _NAME.match(name):
        # a lone login-shaped word is most likely the handle without its "@": a slip whatever the
        # heading says, since the author meant to write the handle
        if _login_like(name):
            yield Problem(
                p.span,
                f"participant {name[:40]!r} has no github handle, expected '- @{name}'",
                severity=Severity.WARNING,
                # a guess (the name may not be the login): only with --unsafe-fixes
                fix=_at_sign(doc, p.span.line, name),
            )
        elif optional():
            # "(github handles preferred)": a guest without an account is listed by name, as the
            # list itself allows; worth a note, not a warning
            yield Problem(
                p.span,
                f"participant {name[:40]!r} has no github handle (the list asks for handles where people"
                f" have one), '- {name[:40]} (@handle)' if they do",
                severity=Severity.NOTICE,
            )
        else:
            yield Problem(
                p.span,
                f"participant {name[:40]!r} has no github handle, expected '- {name[:40]} (@handle)'",
                severity=Severity.WARNING,
            )


_MISSING_DOC = """The minutes have no participants list, or an empty one.

What it does: for team minutes in folders whose policy requires participants, reports a file with
no participants section (a heading below the title matching /partic|attendees/i, whatever its
wording, emoji prefix or misspelling: `## :family: Participants (GitHub handles preferred)`,
`## Particpants`; or a `Participants:` line, also as a list item with the handles nested below) and
a section or line that lists nobody. Placeholder files (`- skipped`) are left to `placeholder-file`.

Why is this bad? The participant list records who decided; 96 % or more of the files in almost
every team folder have one.

Example: bad `# 2024-03-20` followed by `* @alice` with no heading; good `## Participants` above it.
"""

_FORMAT_DOC = """A participant entry is not a `- @handle` list item.

What it does: in the participants list of team minutes, reports lines that name a handle but are
not list items (bare `@x` lines, `< @x`; a run of them, a list written without markers, is one
finding at its first line), HTML comments left in the section or on its heading,
and, as warnings, list entries that name a person without any `@handle` (an empty list item is
`empty-list-item`'s finding). Where the heading, label or a note above the list asks for handles
only as a preference (`(github handles preferred)`, `if you have one`, `optional`), a name written
as a name (`Jane Roe`) is the list's own convention and a notice; a login written without its `@`
(`jroe`) is a warning everywhere.
`Name (@h)`, `@h (note)` and `- excused: @h` are fine; a note above the list and the prose after
it are not entries.

Why is this bad? Bare `@x` lines render as one run-on paragraph; GitHub handles make the list
searchable and unambiguous, and a leftover comment is template noise.

Example: bad `@alice` and `@bob` on their own lines; good `- @alice` and `- @bob`.
"""


MISSING = Rule(id="missing-participants", severity=Severity.ERROR, check=check_missing, doc=_MISSING_DOC, kinds=_TEAM)
FORMAT = Rule(
    id="participant-format", severity=Severity.ERROR, check=check_format, doc=_FORMAT_DOC, kinds=_TEAM, fixable="safe"
)  # "- " before a bare handle; "@" before a login-like name is unsafe
