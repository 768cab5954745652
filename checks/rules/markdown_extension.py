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

from collections.abc import Iterator

from ..model import Document, Kind, Severity
from ..rule import Context, Problem, Rule
from ..sniff import TEXT_EXTS, cues_of, name_kind
from ._dates import file_span, name_parts
from .file_name import reports_extension


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    kind = name_kind(doc.path)
    if kind in ("md", "never") or reports_extension(doc, ctx):
        return  # named as Markdown, known to be something else, or bad-file-name reports the name
    parts = name_parts(doc.path)
    base, stem, ext = parts.base, parts.stem, parts.ext
    if kind == "family":
        yield Problem(
            file_span(doc),
            f"'{base}' ends in '{ext}', not '.md': GitHub renders it, but tools and readers that look for "
            f"'*.md' files pass it by; expected '{stem}.md'",
            severity=Severity.WARNING,
        )
        return
    cues = cues_of(doc.text)
    # a deck (front matter `type: slide`) is Markdown by definition, however little it holds yet
    if not cues.is_markdown and doc.kind is not Kind.DECK:
        return
    target = f"{stem}.md" if ext.lower() in TEXT_EXTS else f"{base}.md"
    yield Problem(
        file_span(doc),
        f"'{base}' is Markdown ({cues.describe()}) without the '.md' extension: GitHub shows it as plain "
        f"text, the '#' and brackets as typed, not as formatted minutes; rename it to '{target}'",
    )


RULE = Rule(id="markdown-without-extension", severity=Severity.ERROR, check=check, doc=__doc__ or "")
