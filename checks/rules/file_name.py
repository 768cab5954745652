"""Dated minutes must be named `<folder>/YYYYMMDD.md` or `<folder>/YYYYMMDD-slug.md`.

What it does: checks the path of every dated file: it sits directly in a meeting folder (not at
the repository root, not in a sub-folder; a folder the configuration names, in the same case;
an unknown folder is a warning), the date is eight digits without dashes and is a real
calendar date, an optional slug is lower-case words joined by `-`, and the extension is exactly
`.md` (the extension of a name that is not a date at all, such as a deck called `agenda`, is
`markdown-without-extension`'s). Free-form documents and templates are exempt, unless their name
starts like a botched date in a meeting folder.
Why is this bad? Minutes are found, sorted and published by the date in their name; the
publisher and the other date rules skip a file whose name they cannot read, and GitHub renders
`.MD` or extension-less files as plain text.
Example: bad `sig-release/2023-09-14.md`, `iaas/202403201.md`, `iaas/20240320.MD`,
`iaas/20240320-md`, `iaas/20240320md`, `iaas/20240320.txt`, `20240320.md`, `SIG-Markt/20221208.md`,
`iam/20231211-Keycloak.md`, `ops/20230230.md`; good `iaas/20240320.md`, `container/20220718-overflow.md`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Kind, Severity
from ..rule import Context, Problem, Rule
from ._dates import GOOD_STEM, ISO_DASHED, LEADING_DIGITS, LOOKS_DATED, file_span, name_parts, real_date

_EXEMPT = frozenset({Kind.FREEFORM, Kind.TEMPLATE})
_MD_SUFFIX = re.compile(r"(?:[-_]|(?<=\d))md$", re.IGNORECASE)  # "20240320-md", "20240320md"


def _applies(doc: Document, ctx: Context) -> bool:
    if doc.kind not in _EXEMPT:
        return True
    # A free-form file is exempt from the date pattern, but "202403201.md" in a meeting folder
    # (or at the root) is a dated file whose name the classifier could not read: check it.
    if not LOOKS_DATED.match(name_parts(doc.path).base):
        return False
    if doc.folder == "":
        return True
    policy = ctx.folders.get(doc.folder)
    return policy is not None and policy.kind not in _EXEMPT


def _owns_extension(base: str, ext: str) -> bool:
    """The extension of a dated name (and `.MD`) is this rule's; any other file not named `*.md`
    (a deck called `agenda`) is `markdown-without-extension`'s: one cause, one finding."""
    return ext.lower() == ".md" or bool(LOOKS_DATED.match(base))


def reports_extension(doc: Document, ctx: Context) -> bool:
    """Does this rule report the file's extension? `markdown-without-extension` then stays quiet."""
    parts = name_parts(doc.path)
    return _applies(doc, ctx) and parts.ext != ".md" and _owns_extension(parts.base, parts.ext)


def _stem_problem(stem: str) -> str | None:
    good = GOOD_STEM.match(stem)
    if good:
        if real_date(good["date"]) is None:
            return f"date {good['date']} in the file name is not a real calendar date"
        return None
    iso = ISO_DASHED.match(stem)
    if iso:
        digits = f"{iso['y']}{int(iso['m']):02d}{int(iso['d']):02d}"
        return f"file name '{stem}' writes the date with separators, expected '{digits}{iso['rest']}'"
    lead = LEADING_DIGITS.match(stem)
    if lead is None or len(lead.group()) != 8:
        n = len(lead.group()) if lead else 0
        return f"file name '{stem}' starts with {n} digits, expected a date YYYYMMDD (8 digits)"
    slug = stem[8:]
    if not slug.startswith("-"):
        return f"file name '{stem}' has '{slug}' right after the date, expected '-slug' or nothing"
    if slug[1:].lower() != slug[1:] and GOOD_STEM.match(stem.lower()):
        return f"slug '{slug[1:]}' is not lower-case, expected '{slug[1:].lower()}'"
    return f"slug '{slug[1:]}' is not lower-case words joined by '-' (a-z, 0-9)"


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    if not _applies(doc, ctx):
        return
    parts = name_parts(doc.path)
    span = file_span(doc)
    if doc.folder == "":
        yield Problem(span, f"dated file '{parts.base}' is at the repository root, expected <folder>/{parts.base}")
    elif ctx.folders and doc.folder not in ctx.folders:
        same = sorted(k for k in ctx.folders if k.lower() == doc.folder.lower())
        if same:
            yield Problem(
                span,
                f"folder '{doc.folder}' is written in another case than the configured "
                f"'{same[0]}', expected {same[0]}/{parts.base}",
            )
        else:  # a new series is legitimate, but belongs in the configuration (schedule, sections)
            yield Problem(
                span,
                f"folder '{doc.folder}' is not a configured meeting folder, expected one of "
                "the configuration's folders",
                severity=Severity.WARNING,
            )
    elif doc.path.count("/") > 1:
        where = doc.path.rsplit("/", 1)[0]
        yield Problem(span, f"dated file is nested in '{where}/', expected it directly in '{doc.folder}/'")
    stem = parts.stem
    if parts.ext != ".md" and _owns_extension(parts.base, parts.ext):
        if parts.ext.lower() == ".md":
            yield Problem(span, f"extension '{parts.ext}' is not lower-case, expected '.md'")
        elif parts.ext == "" and (m := _MD_SUFFIX.search(stem)):
            stem = stem[: m.start()]
            yield Problem(span, f"file name '{parts.base}' ends in '{parts.base[len(stem) :]}', expected '{stem}.md'")
        elif parts.ext == "":
            yield Problem(span, f"file name '{parts.base}' has no extension, expected '{parts.base}.md'")
        else:
            yield Problem(span, f"extension '{parts.ext}' is not '.md'")
    message = _stem_problem(stem)
    if message is not None:
        yield Problem(span, message)


RULE = Rule(id="bad-file-name", severity=Severity.ERROR, check=check, doc=__doc__)
