"""A URL that cannot work: a misspelt scheme (`htps://`, `httpt://`, `https//`, `https:/host`).

What it does: reports, outside code, a URL whose scheme is one or two letters away from `http` or
`https` (`htps`, `htpps`, `httpt`, `hhtp`, also without the colon: `htps//`), `http`/`https`
without the colon (`https//`), with a `;` or `.` for it (`https;//`), with two colons
(`https:://`) or with a single slash (`https:/host`), in links and in text.
Why is this bad? The link goes nowhere: browsers do not know the scheme (or read the rest as a
path), GitHub and HedgeDoc do not turn the text into a link, and the link checks skip it.
Example: bad `[docs](htps://docs.scs.community)`, `see https//github.com/o/r`; good
`[docs](https://docs.scs.community)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Span
from ..rule import Context, Problem, Rule, Severity
from ._inline import RENDER_KINDS
from ._minutes import comment_lines, strip_code_spans
from ._roster import distance

_GOOD = frozenset({"http", "https"})
_KNOWN = frozenset(
    {
        "http",
        "https",
        "ftp",
        "ftps",
        "sftp",
        "file",
        "mailto",
        "git",
        "ssh",
        "svn",
        "s3",
        "gs",
        "ws",
        "wss",
        "irc",
        "ircs",
        "xmpp",
        "matrix",
        "tel",
        "data",
        "oci",
        "docker",
        "ldap",
        "ldaps",
        "nfs",
        "smb",
        "rtsp",
        "tcp",
        "udp",
        "unix",
        "grpc",
        "redis",
        "postgres",
        "postgresql",
        "mysql",
        "mongodb",
        "amqp",
        "amqps",
    }
)


def _scheme_before(text: str, at: int) -> tuple[int, str]:
    """The letters right before position ``at`` (at most 10): (start, scheme)."""
    start = at
    while start > 0 and at - start < 10 and text[start - 1].isalpha():
        start -= 1
    return start, text[start:at]


def _near(low: str) -> bool:
    """A scheme one or two letters away from http/https that is no scheme of its own ('htps')."""
    if len(low) < 3 or low in _KNOWN:
        return False
    return any(distance(low, good, 2) <= (1 if len(low) <= 4 else 2) for good in _GOOD)


def _findings(text: str) -> Iterator[tuple[int, int, str]]:
    pos = text.find("//")
    seen = 0
    while pos >= 0 and seen < 20:
        seen += 1
        if pos > 0 and text[pos - 1] in ";.":
            start, scheme = _scheme_before(text, pos - 1)  # 'https;//x', 'https.//x': a typo for the ':'
            mark = text[pos - 1]
            if scheme.lower() in _GOOD and (start == 0 or not text[start - 1].isalnum()):
                yield start, pos + 2, f"'{scheme}{mark}//' has a '{mark}' where the ':' belongs; expected '{scheme}://'"
        elif pos > 1 and text[pos - 2 : pos] == "::":
            start, scheme = _scheme_before(text, pos - 2)
            if scheme.lower() in _GOOD and (start == 0 or not text[start - 1].isalnum()):
                yield start, pos + 2, f"'{scheme}:://' has two colons; expected '{scheme}://'"
        elif pos > 0 and text[pos - 1] == ":":
            # most '//' are 'https://' or 'http://': a known scheme, never reported, when no letter
            # glues a longer word to it (checked here before the letter-by-letter walk back)
            for known in ("https", "http"):
                head = pos - 1 - len(known)
                if head >= 0 and text.startswith(known, head) and (head == 0 or not text[head - 1].isalpha()):
                    break
            else:
                known = ""
            if known:
                pos = text.find("//", pos + 2)
                continue
            start, scheme = _scheme_before(text, pos - 1)
            low = scheme.lower()
            if (start == 0 or not text[start - 1].isalnum()) and _near(low):
                yield start, pos + 2, f"the scheme '{scheme}:' is not a scheme browsers know; expected 'https:'"
        else:
            start, scheme = _scheme_before(text, pos)
            low = scheme.lower()
            if start > 0 and text[start - 1].isalnum():
                pass  # 'xhttps//': part of a longer word
            elif low in _GOOD:
                yield start, pos + 2, f"'{scheme}//' has no ':' after the scheme; expected '{scheme}://'"
            elif _near(low):
                yield start, pos + 2, f"'{scheme}//' is a misspelt scheme without its ':'; expected 'https://'"
        pos = text.find("//", pos + 2)
    for scheme in ("https:/", "http:/"):
        i = text.find(scheme)
        tries = 0
        while i >= 0 and tries < 20:
            tries += 1
            end = i + len(scheme)
            if (i == 0 or not text[i - 1].isalnum()) and end < len(text) and text[end].isalnum():
                yield i, end, f"'{scheme}' has one slash; expected '{scheme}/'"
            i = text.find(scheme, end)


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if "/" not in doc.text:
        return
    skip = set(range(1, doc.body_start)) | set(doc.code_lines)
    if "<!--" in doc.text:
        skip |= comment_lines(doc)
    for n, line in enumerate(doc.lines, 1):
        if n in skip or "/" not in line:
            continue
        text = strip_code_spans(line) if "`" in line else line
        if "//" not in text and ":/" not in text:
            continue  # a path or a fraction ('a/b'): _findings needs '//' or 'http(s):/' (both hold ':/')
        for start, end, why in _findings(text):
            yield Problem(Span(n, start + 1, n, end + 1), f"a URL that cannot work: {why}")
            break  # one a line


RULE = Rule(id="url-scheme-typo", severity=Severity.WARNING, check=check, doc=__doc__ or "", kinds=RENDER_KINDS)
