"""Minutes written in Markdown in a file whose name does not end in `.md`.

What it does: reads the start of every file that is not named `*.md` (and not a known kind of
non-Markdown file: code, data, images, LICENSE, Makefile, ...) and scores how much it looks like
Markdown: ATX headings (`## Agenda`, not a `#` comment above a line of code), links `[text](url)`, list
items naming `@handles`, front matter (`type: slide`), tables, fenced code, task lists, bold text.
It reports the file when several different cues add up, never for one cue alone (but HedgeDoc's
`type: slide` front matter, which only decks carry), so a shell script, a CSV file or plain prose
notes stay quiet. A file whose name `bad-file-name` checks (a
dated file such as `iaas/20240320.txt`, a slide deck) is left to it: it reports the extension. A
file named `*.markdown` (or `.mdown`, `.mkd`, ...) is a warning: GitHub renders it, but it is not
where minutes are looked for.
Why is this bad? GitHub and editors decide by the name, not by the content: without `.md` the
minutes are shown as plain text (the headings as `##`, the links as brackets), and the tools that
look for `*.md` files (linters, previews, other sites' builders) pass them by.
Example: bad `iaas/notes-storage` or `iaas/notes-storage.txt` holding `# Storage sync` and a list of
`@handles`; good `iaas/notes-storage.md`; also good: `scripts/deploy` (a shell script), `data.csv`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Severity
from ..rule import Context, Problem, Rule
from ..sniff import MARKDOWN_FAMILY, TEXT_EXTS, cues_of, name_kind
from ._dates import file_span, name_parts
from .file_name import reports_extension

_MD_INSIDE = re.compile(r"\.md(?![a-z0-9])", re.IGNORECASE)  # "notes.md.txt", "notes.md~", "notes.MD.bak"
_MD_SUFFIX = re.compile(r"[-_]md$", re.IGNORECASE)  # "notes-md"


def target_name(base: str, stem: str, ext: str) -> str:
    """The name the file should have: `.md` where the name holds it already (`notes.md.txt`,
    `notes.md~`), in place of a text extension (`notes.txt`) or a `-md` suffix, else appended."""
    clean = base.strip()
    if m := _MD_INSIDE.search(clean):
        return clean[: m.start()] + ".md"
    if ext.lower() in TEXT_EXTS or ext.lower() in MARKDOWN_FAMILY:
        return f"{stem}.md"
    if m := _MD_SUFFIX.search(clean):
        return clean[: m.start()] + ".md"
    return f"{clean}.md"


def _advice(doc: Document, ctx: Context, target: str) -> str:
    """Rename it, unless the name it should have is taken (a backup or a second copy)."""
    where = doc.path.rsplit("/", 1)[0] + "/" if "/" in doc.path else ""
    tree = ctx.tree if ctx is not None else None
    if tree is not None and tree.exists(where + target):
        return f"'{target}' exists next to it: merge what this file adds there and remove it"
    return f"rename it to '{target}'"


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    kind = name_kind(doc.path)
    if kind in ("md", "never") or reports_extension(doc, ctx):
        return  # named as Markdown, known to be something else, or bad-file-name reports the name
    parts = name_parts(doc.path)
    base, stem, ext = parts.base, parts.stem, parts.ext
    target = target_name(base, stem, ext)
    if kind == "family":
        yield Problem(
            file_span(doc),
            f"'{base}' ends in '{ext}', not '.md': GitHub renders it, but tools and readers that look for "
            f"'*.md' files pass it by; {_advice(doc, ctx, target)}",
            severity=Severity.WARNING,
        )
        return
    cues = cues_of(doc.text)
    # a deck (front matter `type: slide`) is Markdown by definition, however little it holds yet
    if not cues.is_markdown and doc.kind is not Kind.DECK:
        return
    yield Problem(
        file_span(doc),
        f"'{base}' is Markdown ({cues.describe()}) without the '.md' extension: GitHub shows it as plain "
        f"text, the '#' and brackets as typed, not as formatted minutes; {_advice(doc, ctx, target)}",
    )


RULE = Rule(id="markdown-without-extension", severity=Severity.ERROR, check=check, doc=__doc__ or "")
