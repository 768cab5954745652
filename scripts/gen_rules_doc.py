"""Generate docs/RULES.md from the rules' own documentation (their docstrings).

Every rule of the registry (``minutes_ci.checks.rules.RULES``), the engine's own findings and the
online checks' findings (``minutes_ci.report.extra_rule_docs()``) are listed, grouped by topic.
The page is generated, never edited by hand; ``tests/test_docs.py`` fails when it is stale.

    python scripts/gen_rules_doc.py          # rewrite docs/RULES.md
    python scripts/gen_rules_doc.py --check  # exit 1 when docs/RULES.md is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "RULES.md"

# (title, anchor, introduction, rule ids in the order shown). A registered rule missing here is an
# error: a new rule must be placed in a group before the page can be generated. An id listed here
# that is not (yet) registered is skipped, so a group may name a rule before its module lands.
GROUPS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "Names and dates",
        "names-and-dates",
        "File names, title dates and meeting weekdays of dated files (`<folder>/YYYYMMDD[-slug].md`).",
        ("bad-file-name", "markdown-without-extension", "file-date-in-future", "title-date-mismatch",
         "title-without-date", "non-iso-title-date", "title-format", "multiple-dated-titles", "weekday-off-schedule",
         "date-year-slip"),
    ),
    (
        "Front matter",
        "front-matter",
        "The YAML block at the top of HedgeDoc notes and slide decks.",
        ("front-matter-not-at-start", "front-matter-yaml-error", "front-matter-schema-error"),
    ),
    (
        "Decks",
        "decks",
        "HedgeDoc slide decks (reveal.js): separators, slide attributes, backgrounds and reporter lines.",
        ("slide-separator-ignored", "slide-separator-in-code", "empty-slide", "slide-separator-kind",
         "malformed-slide-attribute",
         "dropped-slide-attribute", "bad-slide-background", "missing-deck-reporter",
         "reporter-link-mismatch", "reporter-placeholder"),
    ),
    (
        "Team minutes",
        "team-minutes",
        "The sections of team minutes; which ones a folder requires is configured per folder "
        "(`folders.<name>.require`, see [CONFIG.md](CONFIG.md#folders)).",
        ("missing-participants", "participant-format", "missing-agenda", "missing-housekeeping",
         "section-level", "missing-reporter", "action-item-owner", "placeholder-file"),
    ),
    (
        "Handles",
        "handles",
        "`@handle`s (GitHub logins) anywhere in the minutes.",
        ("invalid-handle", "handle-typo"),
    ),
    (
        "Links and references",
        "links-and-references",
        "Links, images and GitHub issue / pull request references, checked offline against the "
        "link text and the repository's own files.",
        ("issue-number-mismatch", "issue-link-no-number", "issue-repo-mismatch", "issue-kind-mismatch",
         "url-host-invalid", "url-split-by-line-break",
         "issue-path-singular", "reversed-link", "split-link", "empty-link", "missing-link-target",
         "missing-link-anchor", "empty-link-anchor", "uncommitted-upload", "remote-upload-image", "not-an-image",
         "hedgedoc-note-link"),
    ),
    (
        "Hygiene",
        "hygiene",
        "Encoding, Markdown that does not render as meant, whitespace, copies and leftovers; and the "
        "engine's own findings (`unreadable-file`, `internal-error`).",
        ("text-encoding", "unreadable-file", "duplicate-file", "template-leftover",
         "template-lost-placeholders", "unfilled-placeholder", "pseudo-html-placeholder", "homoglyph",
         "malformed-heading",
         "separator-under-text",
         "task-box-outside-list", "table-without-separator", "trailing-whitespace", "tab-indentation",
         "missing-final-newline", "internal-error"),
    ),
    (
        "Rendering and secrets",
        "rendering-and-secrets",
        "What readers of the published minutes get: Markdown the renderers show other than its author "
        "meant, and secrets that must never be published.",
        ("secret-in-minutes", "link-as-text", "list-marker-as-text", "list-indent-too-small",
         "accidental-code-block", "unclosed-markup", "empty-list-item", "url-scheme-typo", "url-host-typo",
         "issue-text-wrong-link", "label-as-continuation", "doubled-list-marker", "accidental-emphasis",
         "hedgedoc-container-in-note",
         "list-marker-switch"),
    ),
    (
        "Online",
        "online",
        "Findings of the online checks: `minutes-ci check --online` and `minutes-ci audit` (network; "
        "see [CONFIG.md](CONFIG.md#links-online-link-checking) for `links:` and `github:`). `check "
        "--online` reports a failing link at once; `audit` calls it broken only after `links.rot`.",
        ("broken-link", "failing-link", "link-not-checked", "redirected-link", "private-link",
         "missing-issue", "moved-issue", "reference-kind-mismatch", "reference-not-checked", "unknown-user"),
    ),
)

PARTS = ("What it does", "Why is this bad?", "Example")
_PART = re.compile(r"^(What it does:|Why is this bad\?|Examples?:)\s*")


@dataclass(frozen=True)
class Entry:
    id: str
    severity: str
    kinds: str
    doc: str
    source: str  # repository-relative path of the module holding the documentation
    fix: str = ""  # "safe" (`--fix`), "unsafe" (`--fix --unsafe-fixes`) or "" (not fixable)

    @property
    def summary(self) -> str:
        return self.lines[0].strip()

    @property
    def lines(self) -> list[str]:
        first, _, rest = self.doc.strip().partition("\n")
        return [first.strip(), *textwrap.dedent(rest).strip("\n").splitlines()]


def source_of(module: str) -> str:
    """The repository path of a ``minutes_ci`` module, as pyproject maps the folders (not where it is
    installed): ``minutes_ci.checks.*`` is ``checks/``, ``minutes_ci.schemas`` is ``schemas/``, the
    rest of ``minutes_ci`` is ``action/``."""
    parts = module.split(".")
    if parts[0] != "minutes_ci" or len(parts) < 2:
        return ""
    folder = {"checks": "checks", "schemas": "schemas"}.get(parts[1])
    rest = parts[2:] if folder else parts[1:]
    return "/".join([folder or "action", *rest]) + ".py"


def entries() -> dict[str, Entry]:
    """Every documented rule id -> Entry: the registry first, then the engine's and the online ones."""
    from minutes_ci.checks import engine
    from minutes_ci.checks.rules import RULES
    from minutes_ci.report import extra_rule_docs

    out: dict[str, Entry] = {}
    for rule in RULES:
        kinds = ", ".join(sorted(k.value for k in rule.kinds)) if rule.kinds else "all"
        out[rule.id] = Entry(rule.id, rule.severity.label, kinds, rule.doc, source_of(rule.check.__module__),
                             str(getattr(rule, "fixable", "") or ""))
    engine_ids = set(engine.ENGINE_RULES)
    for rule_id, (severity, doc) in extra_rule_docs().items():
        if rule_id in out:
            continue
        source = source_of(engine.__name__ if rule_id in engine_ids else "minutes_ci.net.ruledocs")
        out[rule_id] = Entry(rule_id, severity.label, "all", doc, source)
    return out


def missing_parts(doc: str) -> list[str]:
    """The parts of the documentation convention ("What it does / Why is this bad? / Example") a doc lacks."""
    starts = {m.group(1) for line in doc.splitlines() if (m := _PART.match(line.strip()))}
    found = {"What it does" if s.startswith("What") else "Why is this bad?" if s.startswith("Why") else "Example"
             for s in starts}
    return [p for p in PARTS if p not in found]


def _body(entry: Entry) -> list[str]:
    """The docstring after its summary line, each part as its own paragraph with a bold label."""
    out: list[str] = []
    for line in entry.lines[1:]:
        m = _PART.match(line)
        if m:
            if out and out[-1] != "":
                out.append("")
            line = f"**{m.group(1)}** {line[m.end():]}".rstrip()
        out.append(line.rstrip())
    while out and out[-1] == "":
        out.pop()
    return out


_FIX = {"safe": "`--fix`", "unsafe": "`--fix --unsafe-fixes`", "": "no"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    table = entries()
    grouped = [rule_id for _, _, _, ids in GROUPS for rule_id in ids]
    missing = sorted(set(table) - set(grouped))
    twice = sorted({r for r in grouped if grouped.count(r) > 1})
    if missing or twice:
        raise SystemExit(f"gen_rules_doc: add every rule to one group of GROUPS in scripts/gen_rules_doc.py: "
                         f"not grouped {missing}, grouped twice {twice}")
    groups = [(title, anchor, intro, tuple(r for r in ids if r in table)) for title, anchor, intro, ids in GROUPS]
    lines = [
        "<!-- Generated by scripts/gen_rules_doc.py from the rules' docstrings. Do not edit by hand: -->",
        "<!-- edit the docstring, then run `python scripts/gen_rules_doc.py` (tests/test_docs.py checks it). -->",
        "",
        "# Rules",
        "",
        f"minutes-ci knows {len(table)} rules. The same text is printed by `minutes-ci explain RULE`, listed by",
        "`minutes-ci rules`, and shipped as rule help in SARIF output.",
        "",
        "- **severity** is the default: `error` fails `minutes-ci check` (exit 1), `warning` and `notice` do not",
        "  unless `--fail-on warning` / `--fail-on notice`. Change it per repository with",
        "  `rules: {RULE: warning}` or switch a rule off with `rules: {RULE: off}`",
        "  ([CONFIG.md](CONFIG.md#rules-severities-and-options)); silence one place with",
        "  `<!-- minutes-ci disable-next-line RULE -->` ([CONFIG.md](CONFIG.md#inline-suppressions)).",
        "- **fix** says what `minutes-ci check --fix` does: `safe` fixes are applied by `--fix` (and shown by",
        "  `--diff`), `unsafe` ones only with `--unsafe-fixes` as well (they guess, e.g. a date taken from the",
        "  file name), `no`: a person has to decide. A fix never touches code blocks or other lines.",
        "- **kinds** are the kinds of file a rule looks at (`all`: every file). Each file is classified by its",
        "  path and its folder's configuration: `team` (`<folder>/YYYYMMDD.md` team minutes), `special`",
        "  (`<folder>/YYYYMMDD-slug.md`: workshops, overflow sessions), `deck` (HedgeDoc slide decks:",
        "  `type: slide` front matter, a `kind: deck` folder, or dated on/after its `deck-since`), `legacy`",
        "  (frozen old minutes: dated before a folder's `legacy-before`, or in a `kind: legacy` folder),",
        "  `template` (the `templates:` paths and any `template.md`) and `freeform` (undated documents and",
        "  `kind: freeform` folders).",
        "",
        "| group | rules |",
        "|---|---|",
    ]
    for title, anchor, _, ids in groups:
        links = ", ".join(f"[`{r}`](#{r})" for r in ids)
        lines.append(f"| [{title}](#{anchor}) | {links} |")
    lines.append("")
    for title, _, intro, ids in groups:
        lines += [f"## {title}", "", intro, "", "| rule | severity | fix | kinds | summary |", "|---|---|---|---|---|"]
        for rule_id in ids:
            e = table[rule_id]
            lines.append(f"| [`{e.id}`](#{e.id}) | {e.severity} | {e.fix or 'no'} | {e.kinds} | {_cell(e.summary)} |")
        lines.append("")
        for rule_id in ids:
            e = table[rule_id]
            source = f" · source: [`{e.source}`](../{e.source})" if e.source else ""
            lines += [
                f"### {e.id}",
                "",
                f"**Severity:** {e.severity} · **fix:** {_FIX[e.fix]} · **kinds:** {e.kinds}{source}",
                "",
                f"*{e.summary}*" if "*" not in e.summary else e.summary,
                "",
                *_body(e),
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/RULES.md is out of date")
    parser.add_argument("--out", type=Path, default=TARGET, help="where to write (default: docs/RULES.md)")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"{args.out} is out of date: run python scripts/gen_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(entries())} rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
