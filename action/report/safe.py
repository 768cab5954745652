"""One place that decides how untrusted text (file names, messages, link text, URLs, git authors,
config values) is written where it could be misread: a runner's log, a terminal, Markdown.

Why: GitHub's runner reads every line a step prints. A line that starts, after .NET white space,
with ``::`` is a workflow command (``::error::``, ``::add-mask::``, ``::stop-commands::``), and
``##[name]`` is the legacy form, found ANYWHERE in a line. The runner splits lines at LF, CR and
CRLF and compares culture-sensitively, so characters ICU ignores (soft hyphen, zero-width joiners,
NUL) inside ``##[`` still match. A file named ``x\\n::error::y`` or a link text with ``\\r``
would otherwise speak for the workflow; ANSI escapes would rewrite a terminal.

Three layers, each enough on its own for the log:

* fields: :func:`log_text` and :func:`log_path` escape every control character and neutralise
  command openers in one value before it is put in a line;
* lines: :class:`GuardedStream` wraps stdout/stderr of the CLI and checks every line it writes,
  so a field somebody forgets to escape still cannot open a command; only :class:`Trusted` text
  (built by the ``github`` reporter from escaped parts) may hold workflow commands;
* structure: JSON is escaped losslessly by :func:`json_safe`; Markdown by :func:`md_text` /
  :func:`md_code`, which also stop mentions, cross-references, raw HTML and links.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any, TextIO
from urllib.parse import quote

# Unicode default-ignorable code points (ICU skips them when comparing, so "#\u00ad#[" finds "##[")
_IGN = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
# never printed raw from data: C0 (tab too), DEL, C1 (NEL among them), line/paragraph separators,
# bidi embeddings/overrides/isolates (they reorder what a reader sees), and the ignorables above
_CONTROL = f"\x00-\x1f\x7f-\x9f\u2028\u2029{_IGN}"
_CONTROL_RE = re.compile(f"[{_CONTROL}]+")  # runs: one call per run, not per character
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# the legacy opener: '#', '#', '[' with ignorables (or escaped-away controls) in between
_LEGACY_RE = re.compile(f"#[{_IGN}\x00]*#[{_IGN}\x00]*\\[")
_SGR = "\x1b\\[[0-9;]{0,32}m"
# what may precede a command at the start of a line: white space (Python's set is a superset of
# .NET's Char.IsWhiteSpace), ignorables, NUL and colour codes
_LEAD_RE = re.compile(f"(?:[\\s{_IGN}\x00]|{_SGR})*")
_LEAD_CHAR = re.compile(f"[\\s{_IGN}\x00\x1b:]")
COMMAND_NAMES = ("error", "warning", "notice", "debug", "group", "endgroup")


@lru_cache(maxsize=4096)
def _escape_char(ch: str) -> str:
    # \n, \r, \t and \uXXXX are also JSON's escapes: inserted at a raw character inside a JSON
    # string they decode to that same character, so the line guard never breaks a JSON document
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape_run(m: re.Match[str]) -> str:
    return "".join(map(_escape_char, m.group()))


def _escape_controls(text: str) -> str:
    return _CONTROL_RE.sub(_escape_run, text)


def _defuse_legacy(text: str) -> str:
    # "##[" -> "##\u005b": still readable (and valid inside a JSON string), no longer an opener
    if "#" not in text:
        return text
    return _LEGACY_RE.sub(lambda m: m.group()[:-1] + "\\u005b", text)


def _defuse_start(text: str) -> str:
    """A line (or a value that may begin one) whose first visible character is ':' gets it escaped."""
    if not _LEAD_CHAR.match(text):
        return text  # the common case: a line that starts with a visible character other than ':'
    lead = _LEAD_RE.match(text)
    end = lead.end() if lead else 0
    if text.startswith(":", end):
        return text[:end] + "\\u003a" + text[end + 1 :]
    return text


def _inline(text: object) -> str:
    return _defuse_legacy(_escape_controls(str(text)))


def log_text(text: object) -> str:
    """One untrusted value as single-line, command-free text for a log or terminal.

    Control characters become visible escapes (``\\n``, ``\\u001b``, ``\\u2028``); ``##[`` and a
    leading ``:`` are escaped. Ordinary text, including non-Latin scripts, is left as it is.
    """
    return _defuse_start(_inline(text))


_PLAIN_PATH = re.compile(f'[^\\s"\\\\{_CONTROL}:][^"\\\\{_CONTROL}]*')


def log_path(path: str) -> str:
    """A file name for a log line: as it is when harmless, otherwise double-quoted with escapes
    (``"a\\nb.md"``), so that the output stays one finding a line and is unambiguous."""
    if _PLAIN_PATH.fullmatch(path) and path == path.rstrip() and not _LEGACY_RE.search(path):
        return path
    body = _escape_controls(path.replace("\\", "\\\\").replace('"', '\\"'))
    return '"' + _defuse_legacy(body) + '"'


# ------------------------------------------------------------------ lines


_CONTROL_NO_TAB_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
_SGR_RE = re.compile(_SGR)


def _escape_keep_tab_sgr(text: str) -> str:
    # tabs and colour codes are the CLI's own; ignorables stay (legitimate in text: ZWJ emoji,
    # ZWNJ in Persian) since the patterns see through them
    if "\x1b" not in text:
        return _CONTROL_NO_TAB_RE.sub(_escape_run, text)
    out = []
    pos = 0
    for m in _SGR_RE.finditer(text):
        out.append(_CONTROL_NO_TAB_RE.sub(_escape_run, text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_CONTROL_NO_TAB_RE.sub(_escape_run, text[pos:]))
    return "".join(out)


def guard_line(line: str, at_start: bool = True) -> str:
    """The last check on one output line (no terminator in it): controls escaped (tabs and colour
    codes kept), ``##[`` defused and, when ``at_start``, a leading ``:`` escaped."""
    safe = _defuse_legacy(_escape_keep_tab_sgr(line))
    return _defuse_start(safe) if at_start else safe


class Trusted(str):
    """Text that may hold workflow commands: only the ``github`` reporter makes it, from escaped
    parts. Slicing or joining gives a plain ``str`` again, so it cannot leak onto other text."""

    __slots__ = ()

    def __str__(self) -> str:
        return self  # print() keeps the type


_COMMAND_LINE = re.compile(f"::(?:{'|'.join(COMMAND_NAMES)})(?: [^:\r\n]*)?::[^\r\n]*")


def _valid_commands(text: str) -> bool:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return all(
        _COMMAND_LINE.fullmatch(line) is not None and not _CONTROL_NO_TAB_RE.search(line) for line in lines
    )


_TERMINATOR = re.compile("\r\n|\r|\n")
_ONLY_IGN = re.compile(f"[{_IGN}\x00]*")


def _held_tail(part: str) -> int:
    """Where a tail that could still become ``##[`` with the next write begins (len: none)."""
    last = part.rfind("#")
    if last < 0 or not _ONLY_IGN.fullmatch(part, last + 1):
        return len(part)
    before = part.rfind("#", 0, last)
    if before >= 0 and _ONLY_IGN.fullmatch(part, before + 1, last):
        return before
    return last

_EARLY = 1 << 16  # a line longer than this is written before its end (memory stays bounded)


class GuardedStream:
    """A text stream that passes every line through :func:`guard_line` (lines end at LF, CR or
    CRLF, as the runner splits them), except :class:`Trusted` workflow commands."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw
        self._pending = ""  # the current line, not yet written
        self._at_start = True  # nothing of the current line has been written yet

    def write(self, text: str) -> int:
        if isinstance(text, Trusted) and _valid_commands(text):
            self._drain(final=True)
            if not self._at_start:
                self.raw.write("\n")
                self._at_start = True
            self.raw.write(str.__str__(text))
            return len(text)
        data = str(text)
        pos = 0
        # only the new text is scanned (many small writes stay linear); a CR at its end is a line
        # end at once and a following LF an empty line: the same bytes, as the runner splits them
        for m in _TERMINATOR.finditer(data):
            line, self._pending = self._pending + data[pos : m.start()], ""
            self.raw.write(self._guard(line) + m.group())
            self._at_start = True
            pos = m.end()
        self._pending += data[pos:]
        if len(self._pending) > _EARLY:
            self._drain()
        return len(text)

    def _guard(self, part: str) -> str:
        return guard_line(part, self._at_start)

    def _drain(self, final: bool = False) -> None:
        """Write what is decidable of the pending partial line (everything when ``final``)."""
        part = self._pending
        if not part:
            return
        if not final:
            lead = _LEAD_RE.match(part)
            rest = part[lead.end() if lead else 0 :]
            if self._at_start and rest in ("", ":"):
                return  # could still become "::" with the next write
            keep = part[_held_tail(part) :]
            part = part[: len(part) - len(keep)]
            if not part:
                return
            self._pending = keep
        else:
            self._pending = ""
        self.raw.write(self._guard(part))
        self._at_start = False

    def flush(self) -> None:
        self._drain()
        self.raw.flush()

    def close_guard(self) -> None:
        """Write out the rest (the process is done with this stream)."""
        self._drain(final=True)
        self.raw.flush()

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)  # isatty, fileno, encoding, ... of the real stream


# ------------------------------------------------------------------ JSON


_JSON_RAW = re.compile(f"[\x7f-\x9f\u2028\u2029{_IGN}]")


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(dumped: str) -> str:
    """``json.dumps`` output with every character a log could misread written as a ``\\u`` escape:
    the same JSON value, and no ``##[`` or raw separator left (these occur only inside strings)."""
    text = _JSON_RAW.sub(lambda m: _json_escape(m.group()), dumped)
    return text.replace("##[", "##\\u005b")


# ------------------------------------------------------------------ Markdown

_NEWLINES = re.compile("[\r\n]+")
_MD_PUNCT = re.compile(r"[\\`*_\[\]()!|~$]")
_MD_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# the scheme is bounded: an unbounded one rescans a long run of letters from every position
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]{0,31}://|www\.)[^\s\\|`<>]*")
# GitHub turns #12, GH-12 into cross-references (a notice on that issue) and @name into a ping
_REF = re.compile(r"(#)(?=[0-9])|(\b[Gg][Hh]-)(?=[0-9])|(@)")


def _md_prose(text: str) -> str:
    text = _MD_PUNCT.sub(r"\\\g<0>", text)
    text = re.sub("[&<>]", lambda m: _MD_HTML[m.group()], text)
    return _REF.sub("\\g<0>\u200b", text)


def md_text(text: str) -> str:
    """One untrusted value as inert inline Markdown (safe inside a table cell, a list item, a
    heading): no HTML, links, images, emphasis, code, math, mentions or issue references; URLs
    are shown as code (not links: a link to an issue would cross-reference it); one line."""
    flat = _inline(_NEWLINES.sub(" ", str(text)))
    out = []
    pos = 0
    for m in _URL.finditer(flat):
        out.append(_md_prose(flat[pos : m.start()]))
        out.append(f"`{m.group()}`")
        pos = m.end()
    out.append(_md_prose(flat[pos:]))
    return "".join(out)


def md_code(text: str) -> str:
    """One untrusted value as a Markdown code span (file names, people): the fence is longer than
    any run of backticks in it, controls are escaped. Not for table cells (use :func:`md_text`)."""
    body = _inline(text)
    longest = max((len(run) for run in re.findall("`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith(("`", " ")) or body.endswith(("`", " ")) or not body else ""
    return f"{fence}{pad}{body}{pad}{fence}"


# ------------------------------------------------------------------ workflow commands


def command_data(text: object) -> str:
    """The message of a workflow command: the runner's escaping (``%``, CR, LF; it unescapes
    them back), every other control character as a visible escape, ``##[`` defused."""
    escaped = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _inline(escaped)


def command_property(text: object) -> str:
    """A property value (``file=``, ``title=``): as data, plus ``:`` and ``,`` that end it."""
    return command_data(text).replace(":", "%3A").replace(",", "%2C")


_RULE_ID = re.compile("[a-z0-9][a-z0-9-]{0,80}")


def md_rule(rule: str) -> str:
    """A rule id as code; ids come from the registry, but a finding's rule is data all the same."""
    return f"`{rule}`" if _RULE_ID.fullmatch(rule) else md_text(rule)


def md_url(url: str) -> str:
    """A link destination that cannot end early: ``(``, ``)``, ``<``, spaces, backticks, brackets,
    controls and non-ASCII characters of a file name in the URL are percent-encoded."""
    return quote(url, safe="/:#?=&+,;@~!$*%")


@contextmanager
def guarded_output() -> Iterator[None]:
    """stdout and stderr pass through :class:`GuardedStream` for the duration (once: nesting, as
    when the pre-push hook calls the CLI in-process, keeps the outer guard)."""
    if isinstance(sys.stdout, GuardedStream) or sys.stdout is None or sys.stderr is None:
        yield
        return
    out, err = sys.stdout, sys.stderr
    g_out, g_err = GuardedStream(out), GuardedStream(err)
    sys.stdout, sys.stderr = g_out, g_err
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
        for stream in (g_out, g_err):
            with suppress(OSError, ValueError):  # a closed pipe (`| head`): nothing more to say
                stream.close_guard()
