"""A link points at a HedgeDoc note instead of a file in the repository.

What it does: reports links to a note on the configured HedgeDoc host(s) (`Context.upload_hosts`,
by default `input.scs.community`); uploads under `/uploads/` and links to the bare host are not
notes and are left to the image rules. A link to the bare host with only an anchor
(`https://input.scs.community/#Agenda`: the note's id was lost when the link was copied) is a
warning: readers land on the server's start page.

Why is this bad? Notes are edited, moved or deleted after the meeting; the minutes repository is
the record. The maintainers replace such links with an archived copy (commit 3dbbaa4 "Do not link to
HedgeDoc"), so a notice reminds the writer to archive the note or link the minutes file instead.

Example: bad `[notes](https://input.scs.community/Hy0Hq...#)`; good `[notes](./20240311-notes.md)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity

_URL = re.compile(r"^(?:https?:)?//([^/?#:]+)(?::\d+)?([^?#]*)", re.I)


_NO_NOTE = re.compile(r"^(?:https?:)?//[^/?#]+/?#.+", re.I)  # the host, then at once a fragment


def note_path(url: str, hosts: tuple[str, ...]) -> str | None:
    """The note's path when ``url`` names a note on one of ``hosts``, else None."""
    m = _URL.match(url.strip())
    if not m or m.group(1).lower() not in hosts:
        return None
    path = m.group(2)
    if path.strip("/") == "" or path.lower().startswith("/uploads/"):
        return None
    return path


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    hosts = tuple(h.lower() for h in ctx.upload_hosts)
    if not hosts:
        return
    for link in doc.links:
        if link.image or link.form in ("image", "data-background", "html-src", "front-matter"):
            continue
        if link.span.line in doc.code_lines:
            continue
        url = link.url.strip()
        m = _URL.match(url)
        if not m or m.group(1).lower() not in hosts:
            continue  # both findings are about a link to one of the hosts (most links are not)
        path = note_path(url, hosts)
        if path is None and _NO_NOTE.match(url):
            # `https://pad.example/#Agenda`: the note's id was lost in copying, only its anchor is left
            yield Problem(
                link.span,
                "link to the hedgedoc server's front page with only an anchor (the note's id is missing): "
                "readers land on the start page; expected the note's address or, better, an archived copy",
                severity=Severity.WARNING,
            )
        elif path is not None:
            yield Problem(link.span, f"link to the hedgedoc note {path!r}, expected an archived copy in the repository")


RULE = Rule(id="hedgedoc-note-link", severity=Severity.NOTICE, check=check, doc=__doc__ or "", kinds=DATED_KINDS)
