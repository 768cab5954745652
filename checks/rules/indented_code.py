"""Text that became an indented code block by accident (four spaces or a tab before it).

What it does: reports an indented code block (not a fenced one) in minutes: lines indented by a tab
or four spaces and more after a heading, a paragraph or an empty line, which markdown-it (GitHub and
HedgeDoc alike) renders as a code block. Tab-indented handles under `## Participants` are the common
case. Fenced code blocks are what minutes use for code, and are left alone. Under a list item's
text, four more spaces (`- run:`, an empty line, then `      make test`) is the usual way to put a
command under a point, so there only a block that is plainly not code is reported: lines of people
(@handles, with a note in parentheses such as `(late)`, or full names separated by commas:
`- point`, an empty line, then two tabs and `@bob @carol`), or sentences (words and numbers, links
and #references, some English function words such as 'the', 'to' or 'we', and no code punctuation,
flags, identifiers (`the_value`), a program's name or a declaration (`def`, `import`) first, `key:`
or upper-case labels, log levels, SQL or Dockerfile keywords, times of day, paths, file names, or a
date first), or list items indented too deep (`- sub item`, `1. the next step` in words; a diff's
`-` and `+` lines, or YAML's `- key: value`, are code), under an item that neither ends in ':' nor
names what follows as output or code ('the build fails with:', 'the error', 'example': a quoted
message under them is meant as code).
Why is this bad? Readers see the text in a grey monospace box with the Markdown unrendered:
handles are not links, links and emphasis show as raw syntax, and long lines do not wrap.
Example: bad `## Participants` followed by a line `<TAB>@alice`, or `- attendees`, an empty line
and `<TAB><TAB>@alice @bob`; good `- @alice`, text under an item indented like the item's text
(two spaces under `- `), or code in a fence (three backticks before and after).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS

_HANDLE = re.compile(r"@[A-Za-z0-9][A-Za-z0-9_-]{0,38}[,;]?")
# a word of prose: letters (any script), inner hyphens or apostrophes, an opening '(' and closing
# punctuation; anything else (digits, '/', '.', '_', ':' inside) is a token of another kind
_WORD = re.compile(r"\(?[^\W\d_]+(?:['’-][^\W\d_]+)*[,.;:!?)]{0,3}")
_CODE_CHARS = frozenset("{}[]<>=;$|\\`")
_NOTE = re.compile(r"\([^()\n]{0,60}\)")
_NAME = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?")
_NAME_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:and|und|&)\s+")
_MD_LINK = re.compile(r"!?\[[^\[\]\n]{1,200}\]\([^()\s]{1,300}\)")
_NUMBER = re.compile(r"\(?\d{1,4}(?:[.,]\d{1,3})?%?[,.;:!?)]{0,3}")
# programs a command line starts with: their arguments can read like English ('echo the job is done')
_COMMANDS_TEXT = (
    "echo printf cd sudo su apt apt-get yum dnf pip pip3 npm npx yarn git gh kubectl helm docker podman make "
    "curl wget ssh scp export set cat less ls cp mv rm mkdir chmod chown grep sed awk find tar openstack "
    "python python3 ansible ansible-playbook terraform tofu osism systemctl journalctl go cargo"
)
_COMMANDS = frozenset(_COMMANDS_TEXT.split())
# words that start a line of a program, never a note: 'def main', 'import os', 'const x'
_DECLARATIONS = frozenset(
    {"def", "class", "import", "elif", "except", "const", "var", "function", "func", "fn", "lambda"}
)
_ARROWS = frozenset({"->", "=>", "<-", "-->", "<->"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_OUTPUT_LABELS = frozenset({"error", "warning", "fatal", "exception", "traceback", "caused", "panic", "info", "debug"})
_LOG_LEVELS = frozenset({"TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL"})
# short words that mark a sentence and almost never a command's arguments (English, some German)
_FUNCTION_TEXT = (
    "a an the to of and or but is are was were be been we they it this that these those for with on at by "
    "from as not will would should can could has have had our their there here still also "
    "until after before about into over if when so than then who which what how i you he she us them my your "
    "his her its do does did may must only just very because since yet already again next some "
    "der die das und ist wir nicht mit für zu von auf"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
# SQL and Dockerfiles read like English ('SELECT name FROM users', 'RUN echo the build is done'):
# their upper-case keywords mark code
_KEYWORDS_TEXT = (
    "SELECT FROM WHERE INSERT INTO UPDATE DELETE CREATE ALTER JOIN DROP "
    "RUN CMD COPY ADD ENV ENTRYPOINT WORKDIR EXPOSE ARG LABEL VOLUME"
)
_KEYWORDS = frozenset(_KEYWORDS_TEXT.split())
_SNAKE = re.compile(r"[A-Za-z0-9]_[A-Za-z0-9]")
_CLOCK = re.compile(r"\d:\d\d")
_FILE = re.compile(r"[A-Za-z0-9]\.(?:py|sh|ya?ml|json|toml|conf|cfg|ini|log|txt|go|rs|js|ts|tf|j2)\b")
# an item that names what follows as output or code: a quoted message under it is meant as code
_ANNOUNCES_TEXT = (
    "output error errors log logs message command commands run script config configuration example snippet "
    "code query prints returns traceback stacktrace"
)
_ANNOUNCES_CODE = frozenset(_ANNOUNCES_TEXT.split())


def _handles_line(line: str) -> bool:
    """'@bob @carol', '@bob (ACME), @carol and @dave': handles, which are links when not in code."""
    tokens = _NOTE.sub(" ", line).split()  # '(late)', '(Example GmbH)' after a handle are notes about them
    return any(t.startswith("@") for t in tokens) and all(
        _HANDLE.fullmatch(t) is not None or t in ("and", "&", ",", "+") for t in tokens
    )


def _names_line(line: str) -> bool:
    """'Alice Example, Bob Sample and Carla Muster': people's full names, separated by commas or 'and'."""
    groups = [g.split() for g in _NAME_SEPARATOR.split(" ".join(line.split()))]  # one space: linear
    return (
        len(groups) >= 2
        and all(1 <= len(g) <= 3 and all(w[0].isupper() and _NAME.fullmatch(w) for w in g) for g in groups)
        and any(len(g) >= 2 for g in groups)  # a full name: a list of single words is a header or a set
    )


def _plain(token: str) -> str:
    """A token without its emphasis ('**Decision**:' is 'Decision:', '_unique_' is 'unique')."""
    return token.replace("**", "").replace("__", "").strip("*_") if "*" in token or "_" in token else token


def _prose_line(line: str) -> bool:
    """A sentence: words of prose, a function word among them, and no cue of code or of a log."""
    line = _MD_LINK.sub("link", line) if "](" in line else line  # a Markdown link is what notes hold
    # an arrow standing alone ('agreed -> @bob does it') is how notes point; glued ('a->b') it is code
    tokens = [_plain(t) for t in line.split() if t not in _ARROWS]
    if len(tokens) < 3 or "()" in line or any(c in _CODE_CHARS for t in tokens for c in t):
        return False
    first = tokens[0]
    if first.startswith(("#", "//", "-", "*", ">")) or (first[:1].isdigit() and ":" in first) or _DATE.match(first):
        return False  # a comment or a marker, a log line's time or date: code or output, not notes
    if first in _COMMANDS or first in _DECLARATIONS:
        return False  # 'echo the job is done', 'git commit and push': a command line, whatever its words
    if first.endswith(":") and (first[:1].islower() or first.isupper() or first[:-1].lower() in _OUTPUT_LABELS):
        return False  # 'key: value', 'E: ...', 'Error: ...': configuration or output ('Decision: ...' is a note)
    words = 0
    for token in tokens:
        if (token.startswith("-") and len(token) > 1) or token in _LOG_LEVELS or token in _KEYWORDS:
            return False  # a command's flag, a log line's level, an SQL or Dockerfile keyword
        if token.startswith(("https://", "http://")):
            words += 1  # a link is what notes hold, and its slashes are no path
            continue
        if _HANDLE.fullmatch(token):
            words += 1  # '@tobias_w': a handle's '_' is no identifier's
            continue
        if _CLOCK.search(token) or token.count("/") >= 2 or _FILE.search(token) or _SNAKE.search(token):
            return False  # a time of day, a path, a file name ('x.py'), an identifier ('the_value'): log or code
        if _WORD.fullmatch(token) or _NUMBER.fullmatch(token) or token.startswith("#"):
            words += 1  # numbers and '#12' references are what notes hold, never a sign of code
    if words * 5 < len(tokens) * 4:
        return False
    if first[:1].isupper() and tokens[-1][-1] in ".!?" and words == len(tokens):
        return True  # 'Postponed until next sprint.': a sentence, capital to full stop
    return not {t.strip("(),.;:!?").lower() for t in tokens}.isdisjoint(_FUNCTION_WORDS)


def _item_line(line: str) -> bool:
    """'- sub item one', '1. the nested step': a list item indented too deep, its text plain words."""
    marker, _, rest = line.partition(" ")
    if not (marker in ("-", "*", "+") or (marker[:-1].isdigit() and marker[-1:] in ".)" and len(marker) <= 4)):
        return False
    tokens = rest.split()
    return (
        _handles_line(rest)
        or _prose_line(rest)
        or (
            len(tokens) >= 2
            and not any(c in _CODE_CHARS for c in rest)
            and not tokens[0].endswith(":")  # '- name: web' is YAML
            and all(_WORD.fullmatch(_plain(t)) or _HANDLE.fullmatch(t) or _NUMBER.fullmatch(t) for t in tokens)
        )
    )


def _plainly_not_code(doc: Document, content: str, first: int) -> bool:
    """People; or sentences and plain list items, under an item that does not announce code."""
    lines = [line.strip() for line in content.split("\n") if line.strip()]
    if not lines:
        return False
    if all(_handles_line(line) or _names_line(line) for line in lines):
        return True  # people, whatever the item announces
    before = first - 1
    while before > 1 and not doc.line(before).strip():
        before -= 1
    intro = doc.line(before).rstrip()
    if intro.endswith(":") or not _ANNOUNCES_CODE.isdisjoint(w.strip("(),.;:!?`*_").lower() for w in intro.split()):
        return False
    markers = {line[:1] for line in lines if _item_line(line)}
    if "-" in markers and "+" in markers:
        return False  # '- old line' and '+ new line': a diff
    return all(_handles_line(line) or _prose_line(line) or _item_line(line) for line in lines)


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    items = 0  # open list items: code indented under an item's text is how one writes code there
    for tok in doc.tokens:
        if tok.type == "list_item_open":
            items += 1
        elif tok.type == "list_item_close":
            items -= 1
        if tok.type != "code_block" or not tok.map:
            continue
        first, last = tok.map[0] + 1, tok.map[1]
        if items > 0 and not _plainly_not_code(doc, tok.content, first):
            continue
        while last > first and not doc.line(last).strip():
            last -= 1
        text = doc.line(first).strip()
        shown = text if len(text) <= 40 else text[:37] + "..."
        lines = f"lines {first}-{last}" if last > first else f"line {first}"
        if items > 0:
            message = (
                f"{lines} ('{shown}') under a list item render as a code block: they are indented four spaces "
                "or more past the item's text; indent them like the item's text (two spaces under '- '), "
                "or make them nested items"
            )
        else:
            message = (
                f"{lines} ('{shown}') render as a code block because of the indentation (a tab or four spaces); "
                "remove the indentation, make it a list item ('- '), or fence real code with ```"
            )
        yield Problem(Span(first, 1, last, len(doc.line(last)) + 1), message)


RULE = Rule(id="accidental-code-block", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=RENDER_KINDS)
