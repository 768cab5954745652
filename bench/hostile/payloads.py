"""Hostile Markdown files, each a function of a size ``n``: small files built to make a checker slow.

Used by ``tests/test_hostile_files.py`` (each at n and 4n, checked in-process) and by
``bench/hostile/run.py`` (n, 2n, 4n, 8n, against markdownlint-cli2 and the bare markdown-it parse).
Every payload is a CLASS of construct (runs of one delimiter, many of one inline, many blocks),
not one literal: the issue's measured cases are among them, with their cousins.

A payload is ``(name, where, base_n, make)``: ``where`` is ``"team"`` (plain minutes in a folder with
required sections) or ``"deck"`` (a HedgeDoc slide deck), ``make(n)`` returns the file's text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

TEAM_PATH = "iaas/20241211.md"
DECK_PATH = "community-call/20241212.md"

_TEAM_HEAD = "# IaaS Call 2024-12-11\n\n## Participants\n\n- @alice\n\n## Agenda\n\n"
_RULES = ("empty-link", "reversed-link", "trailing-whitespace")  # real ids: an unknown one is a usage error
_DECK_HEAD = "---\ntype: slide\n---\n\n# Community Call 2024-12-12\n\n"


class Payload(NamedTuple):
    name: str
    where: str  # "team" or "deck"
    base_n: int  # the size the tests use as n (the bench uses 1x..8x of it)
    make: Callable[[int], str]

    @property
    def path(self) -> str:
        return DECK_PATH if self.where == "deck" else TEAM_PATH


def _ab(i: int) -> str:
    """A twelve-letter handle of the letters a and b: all of them pass a letter-set filter."""
    return "".join("ab"[(i >> k) & 1] for k in range(12))


def _team(body: str) -> str:
    return _TEAM_HEAD + body + "\n"


def _deck(body: str) -> str:
    return _DECK_HEAD + body + "\n"


def _billion_laughs(n: int) -> str:
    # YAML aliases that expand exponentially if anything walks the loaded tree naively
    rows = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    depth = max(2, min(n // 1000, 40))
    rows += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, depth)]
    return "---\n" + "\n".join(rows) + "\n---\n\n# IaaS Call 2024-12-11\n\n## Participants\n\n- @alice\n"


PAYLOADS: tuple[Payload, ...] = (
    # --- backtick runs: inline code scanning and table-row candidates
    Payload("backticks-then-pipe", "team", 2500, lambda n: _team("`" * n + " | y")),
    Payload("backtick-line", "team", 40_000, lambda n: _team("`" * n)),
    Payload("backtick-runs-growing", "team", 300, lambda n: _team(" ".join("`" * k for k in range(1, n)))),
    Payload("backtick-pairs", "team", 20_000, lambda n: _team("`a` " * n)),
    Payload("backtick-table", "team", 2000,
            lambda n: _team(("`" * n + " | y\n") + "--- | ---\n" + ("`" * n + " | y\n") * 3)),
    Payload("backtick-fences", "team", 10_000, lambda n: _team("```\n" * n)),
    Payload("tilde-fences", "team", 10_000, lambda n: _team("~~~\n" * n)),
    # --- other delimiter runs
    Payload("brackets-open", "team", 20_000, lambda n: _team("[[" * n)),
    Payload("brackets-link-open", "team", 20_000, lambda n: _team("[a](" * n)),
    Payload("image-open", "team", 20_000, lambda n: _team("![" * n)),
    Payload("image-link-open", "team", 20_000, lambda n: _team("![a](" * n)),
    Payload("image-sized-open", "team", 20_000, lambda n: _team("![a](b =1x1 " * n)),
    Payload("image-sized-far-close", "team", 20_000, lambda n: _team("![a](b " * n + ")")),
    Payload("link-text-nested", "team", 20_000, lambda n: _team("[a" + "[b]" * n)),
    Payload("link-then-paren", "team", 20_000, lambda n: _team("[a](" * n + ")")),
    Payload("brackets-close-open", "team", 20_000, lambda n: _team("](" * n)),
    Payload("reversed-links", "team", 20_000, lambda n: _team("(a)[" * n)),
    Payload("angle-open", "team", 20_000, lambda n: _team("<<" * n)),
    Payload("angle-tags", "team", 20_000, lambda n: _team("<a " * n)),
    Payload("parens-open", "team", 20_000, lambda n: _team("((" * n)),
    Payload("stars", "team", 20_000, lambda n: _team("**a" * n)),
    Payload("emphasis-mixed", "team", 20_000, lambda n: _team("*_" * n)),
    Payload("underscores", "team", 20_000, lambda n: _team("_a " * n)),
    Payload("tildes", "team", 20_000, lambda n: _team("~~a" * n)),
    Payload("backslashes", "team", 40_000, lambda n: _team("\\" * n)),
    Payload("ampersands", "team", 40_000, lambda n: _team("&#" * n)),
    Payload("pipes", "team", 40_000, lambda n: _team("| " * n)),
    Payload("hashes-inline", "team", 40_000, lambda n: _team("#" * n)),
    Payload("at-signs", "team", 40_000, lambda n: _team("@" * n)),
    Payload("colons-slashes", "team", 20_000, lambda n: _team("http://" * n)),
    # --- participants and handles
    Payload("participants-parens", "team", 10_000,
            lambda n: "# IaaS Call 2024-12-11\n\n## Participants\n\n" + "((" * n + "\n\n## Agenda\n"),
    Payload("participants-parens-at", "team", 10_000,
            lambda n: "# IaaS Call 2024-12-11\n\n## Participants\n\n- " + "((@" * n + "\n\n## Agenda\n"),
    Payload("participants-many-lines", "team", 5000,
            lambda n: "# IaaS Call 2024-12-11\n\n## Participants\n\n" + "".join(f"- (@u{i}) ((x\n" for i in range(n))),
    Payload("handles", "team", 50_000, lambda n: _team(" ".join(f"@h{i}" for i in range(n)))),
    Payload("handles-one-word", "team", 40_000, lambda n: _team("@a" * n)),
    # --- links and references
    Payload("links-one-paragraph", "team", 30_000,
            lambda n: _team(" ".join(f"[l{i}](https://example.org/{i})" for i in range(n)))),
    Payload("bare-urls-one-line", "team", 20_000,
            lambda n: _team(" ".join(f"https://example.org/{i}" for i in range(n)))),
    Payload("autolinks-one-line", "team", 20_000,
            lambda n: _team(" ".join(f"<https://example.org/{i}>" for i in range(n)))),
    Payload("html-links-one-line", "team", 20_000,
            lambda n: _team(" ".join(f'<a href="https://example.org/{i}">x</a>' for i in range(n)))),
    Payload("issue-refs", "team", 30_000, lambda n: _team(" ".join(f"#{i}" for i in range(1, n)))),
    Payload("repo-issue-refs", "team", 20_000, lambda n: _team(" ".join(f"org/repo#{i}" for i in range(1, n)))),
    Payload("github-issue-urls", "team", 20_000,
            lambda n: _team(" ".join(f"https://github.com/o/r/issues/{i}" for i in range(1, n)))),
    Payload("missing-anchors", "team", 20_000,
            lambda n: _team("".join(f'<a id="t{i}"></a> [x](#nope-{i})\n' for i in range(n)))),
    Payload("reference-definitions", "team", 10_000,
            lambda n: _team("".join(f"[r{i}]: https://example.org/{i}\n" for i in range(n)) + "[r1] [r2]")),
    Payload("links-many-lines", "team", 20_000,
            lambda n: _team("".join(f"- [l{i}](https://example.org/{i}) and https://x.org/{i}\n" for i in range(n)))),
    # --- constructs of single rules (headings, reporters, link texts, participants)
    Payload("heading-tags-open", "team", 40_000, lambda n: _team("## " + "<" * n)),
    Payload("heading-links-open", "team", 20_000, lambda n: _team("## " + "[a](" * n)),
    Payload("heading-brackets", "team", 40_000, lambda n: _team("## " + "[" * n + "]")),
    Payload("heading-reporter-open", "team", 20_000, lambda n: _team("## t " + "(@a" * n)),
    Payload("heading-reporter-closed", "team", 20_000, lambda n: _team("## t " + "(@a(" * n + ")")),
    Payload("reversed-link-urls", "team", 20_000, lambda n: _team("(a)[http://x" * n + " ]")),
    Payload("link-text-decor", "team", 40_000,
            lambda n: _team("[" + "`;" * (n // 2) + "x](https://github.com/o/r/issues/1)")),
    Payload("bare-url-parens", "team", 40_000, lambda n: _team("https://example.org/" + ")" * n)),
    Payload("bare-url-trailing", "team", 40_000, lambda n: _team("https://example.org/" + ".!" * (n // 2))),
    Payload("participants-comment-spaces", "team", 40_000,
            lambda n: "# IaaS Call 2024-12-11\n\n## Participants\n\n<!--" + " \t" * (n // 2) + "-->\n- @a\n"),
    Payload("participants-login-like", "team", 40_000,
            lambda n: "# IaaS Call 2024-12-11\n\n## Participants\n\n- " + "Za" * (n // 2) + "!\n"),
    Payload("deck-reporter-trim", "deck", 40_000,
            lambda n: _deck("## Topic\n\nReported by " + "._" * (n // 2) + "x\n")),
    Payload("deck-title-tags", "deck", 40_000, lambda n: _deck("# Community Call " + "<" * n)),
    # --- blocks
    Payload("headings", "team", 20_000, lambda n: _team("".join(f"## h{i}\n\n" for i in range(n)))),
    Payload("short-lines", "team", 100_000, lambda n: _team("a\n" * n)),
    Payload("one-huge-line", "team", 1_000_000, lambda n: _team(("a " * (n // 2 + 1))[:n])),
    Payload("table-wide", "team", 10_000, lambda n: _team("|a" * n + "|\n" + "|-" * n + "|\n" + "|b" * n + "|")),
    Payload("table-long", "team", 20_000, lambda n: _team("| a | b |\n|---|---|\n" + "| x | y |\n" * n)),
    Payload("nested-lists", "team", 10_000, lambda n: _team("- " * n + "x")),
    Payload("nested-lists-lines", "team", 20_000,
            lambda n: _team("".join("  " * (i % 100) + "- x\n" for i in range(n)))),
    Payload("nested-quotes", "team", 10_000, lambda n: _team(">" * n + " x")),
    Payload("html-comments", "team", 20_000, lambda n: _team("<!-- c -->" * n)),
    Payload("html-comment-unterminated", "team", 40_000, lambda n: _team("<!--" + " x" * n)),
    Payload("html-comment-opens", "team", 20_000, lambda n: _team("<!-- " * n)),
    Payload("suppression-comments", "team", 10_000,
            lambda n: _team("".join(f"<!-- minutes-ci disable-next-line {_RULES[i % 3]} -->\nx\n" for i in range(n)))),
    Payload("style-urls", "team", 25_000, lambda n: _team("<style>\n" + "url(" * n + "\n</style>")),
    Payload("style-urls-closed", "team", 10_000,
            lambda n: _team("<style>\n" + "".join(f"a{i}{{background:url(x{i}.png)}}\n" for i in range(n))
                            + "</style>")),
    Payload("html-attrs", "team", 20_000, lambda n: _team("<div " + " ".join(f'a{i}="v"' for i in range(n)) + ">")),
    # --- front matter
    Payload("front-matter-huge", "team", 20_000,
            lambda n: "---\n" + "".join(f"k{i}: v{i}\n" for i in range(n)) + "---\n\n" + _TEAM_HEAD),
    Payload("front-matter-deep", "team", 5000, lambda n: "---\na: " + "[" * n + "]" * n + "\n---\n\n" + _TEAM_HEAD),
    Payload("front-matter-deep-map", "team", 20_000,
            lambda n: "---\n" + "".join(" " * (i % 100) + f"k{i}:\n" for i in range(n)) + "---\n\n" + _TEAM_HEAD),
    Payload("front-matter-alias-bomb", "team", 10_000, _billion_laughs),
    Payload("front-matter-unterminated", "team", 20_000, lambda n: "---\n" + "k: v\n" * n),
    # --- decks
    Payload("deck-slides", "deck", 20_000,
            lambda n: _deck("".join(f"\n---\n\n## s{i}\n\ntext {i}\n" for i in range(n)))),
    Payload("deck-separators", "deck", 20_000, lambda n: _deck("\n---\n" * n)),
    Payload("deck-vertical", "deck", 20_000, lambda n: _deck("\n----\n\nx\n" * n)),
    Payload("slide-attribute-long", "deck", 40_000,
            lambda n: _deck('<!-- .slide: ' + 'data-x="y" ' * (n // 11) + '-->\n\n# s')),
    Payload("slide-attribute-junk", "deck", 40_000, lambda n: _deck("<!-- .slide: " + "a=" * (n // 2) + " -->")),
    Payload("slide-attribute-unterminated", "deck", 40_000, lambda n: _deck("<!-- .slide: " + 'a="' * (n // 3))),
    Payload("slide-attribute-quotes", "deck", 40_000,
            lambda n: _deck('<!-- .slide: data-a="' + "\\\"" * (n // 2) + " -->")),
    Payload("slide-attribute-word", "deck", 40_000, lambda n: _deck("<!-- .slide: " + "a" * n + " -->")),
    Payload("slide-attribute-spaces", "deck", 40_000, lambda n: _deck("<!-- .slide: x" + " " * n + "y -->")),
    Payload("directive-spaces", "team", 40_000,
            lambda n: _team("<!-- minutes-ci disable empty-link" + " " * n + "reversed-link -->")),
    Payload("element-attributes", "deck", 10_000,
            lambda n: _deck("".join(f'x <!-- .element: class="c{i}" -->\n' for i in range(n)))),
    Payload("slide-attributes-many", "deck", 10_000,
            lambda n: _deck("".join(f'\n---\n<!-- .slide: data-background="#{i:06x}" -->\n# s\n' for i in range(n)))),
    Payload("deck-style-urls", "deck", 25_000, lambda n: _deck("<style>\n" + "url(" * n + "\n</style>")),
    # --- URLs cut by line breaks, and hosts that cannot exist (url-split-by-line-break, url-host-invalid)
    Payload("url-line-breaks", "team", 10_000, lambda n: _team("- see https://example.org/a-\nb/c\n" * n)),
    Payload("url-cut-line-many", "team", 10_000,
            lambda n: _team(" ".join(f"https://example.org/{i}-" for i in range(n)) + "\nb/c")),
    Payload("url-dotless-hosts", "team", 10_000,
            lambda n: _team(" ".join(f"[a](https://host{i}/x) https://h{i}..org/" for i in range(n)))),
    # --- the render rules of issue 9's second round, placeholders, dates and handle slips
    Payload("labels-lazy", "team", 10_000, lambda n: _team("- x\n**B**\n" * n)),
    Payload("labels-lazy-one-item", "team", 10_000, lambda n: _team("- x\n" + "**Label:** y\n" * n)),
    Payload("doubled-markers", "team", 10_000, lambda n: _team("- - x\n" * n)),
    Payload("dunders", "team", 20_000, lambda n: _team("__init__ " * n)),
    Payload("underscores-open-close", "team", 10_000, lambda n: _team("_a " * n + "b_ " * n)),
    Payload("colon-glued-urls", "team", 10_000, lambda n: _team("a:(https://" * n)),
    Payload("word-glued-www", "team", 10_000, lambda n: _team("a(www." * n)),
    Payload("colon-bare-urls", "team", 10_000, lambda n: _team("a:https://" * n)),
    Payload("question-runs", "team", 40_000, lambda n: _team("- a: " + "?" * n)),
    Payload("question-values", "team", 10_000, lambda n: _team("".join(f"- k{i}: ???\n" for i in range(n)))),
    Payload("dot-runs", "team", 40_000, lambda n: _team("Label: " + "." * n)),
    Payload("dates-glued", "team", 10_000, lambda n: _team("2023-12-11" * n)),
    Payload("dates-year-off", "team", 10_000, lambda n: _team(" ".join("2023-12-10" for _ in range(n)))),
    Payload("given-names", "team", 10_000, lambda n: _team(" ".join(f"@Tobias @Kurt{i}" for i in range(n)))),
    Payload("handles-escaped", "team", 20_000, lambda n: _team(" ".join(f"@a\\_b{i}" for i in range(n)))),
    # the attack review's five (each was quadratic): entity-built dunders, a title of many dates,
    # a participants list under many lines of notes, many 'Report by' sections, near handles
    Payload("dunders-entity", "team", 160_000, lambda n: _team("para " + "__in&#105;t__ " * n)),
    Payload("title-many-dates", "team", 4000,
            lambda n: "# IaaS Team Meeting 2024-12-11 " + "2000-01-01 " * n + "\n\n" + "- 2025-06-01\n" * n),
    Payload("participants-under-notes", "team", 4000,
            lambda n: "# IaaS Call 2024-12-11\n\n## Participants\n\n" + "some note here\n" * n + "\n"
            + "- Jane Roe\n" * n),
    Payload("report-by-sections", "team", 8000, lambda n: _team("## T\n\nReport by @xy\n\n" * n)),
    Payload("handles-near-known", "team", 400,
            lambda n: _team("".join(("@" + _ab(i) + " ") * 20 + "\n" for i in range(n))
                            + "".join("@" + _ab(i) + "\n" for i in range(n, 11 * n)))),
    Payload("handles-digit-blocks", "team", 10_000,
            lambda n: _team(" ".join(f"@ab{i}cd @cd{i}ab" for i in range(n)))),
)

BY_NAME = {p.name: p for p in PAYLOADS}
