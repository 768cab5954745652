"""The render-aware rules: what markdown-it's token tree says readers get, against what the author
wrote; cousins of the fixtures' cases, clean controls, and linear time on hostile lines."""

from __future__ import annotations

import time

import pytest
from minutes_ci.checks.model import Document
from minutes_ci.checks.parse import parse_document
from minutes_ci.checks.rule import Context, Severity
from minutes_ci.checks.rules import (
    accidental_emphasis,
    doubled_marker,
    empty_list_item,
    hedgedoc_container,
    indented_code,
    issue_text_link,
    label_continuation,
    link_as_text,
    list_marker_switch,
    list_marker_text,
    list_nesting,
    unclosed_markup,
    url_host,
    url_scheme,
)

HEAD = "# 2024-01-04\n\n"
MODULES = {
    "link-as-text": link_as_text,
    "list-marker-as-text": list_marker_text,
    "list-indent-too-small": list_nesting,
    "accidental-code-block": indented_code,
    "unclosed-markup": unclosed_markup,
    "empty-list-item": empty_list_item,
    "url-scheme-typo": url_scheme,
    "url-host-typo": url_host,
    "issue-text-wrong-link": issue_text_link,
    "label-as-continuation": label_continuation,
    "doubled-list-marker": doubled_marker,
    "accidental-emphasis": accidental_emphasis,
    "hedgedoc-container-in-note": hedgedoc_container,
    "list-marker-switch": list_marker_switch,
}


def _doc(body: str) -> Document:
    return parse_document("sig-standardization/20240104.md", (HEAD + body).encode())


def _lines(rule: str, body: str) -> list[int]:
    check = MODULES[rule].check  # type: ignore[attr-defined]
    return [p.span.line - 2 for p in check(_doc(body), Context(tree=None))]  # type: ignore[arg-type]


DEFECTS = [
    ("link-as-text", "Read [the notes](https://example.org/notes 2024.md).\n"),
    ("link-as-text", "* [the board](https://example.org/b\n"),
    ("link-as-text", "1. ![diagram](./img/a b.png)\n"),
    ("link-as-text", "see [issue 7(https://github.com/o/r/issues/7) today\n"),
    ("link-as-text", "see [issue 7]https://github.com/o/r/issues/7\n"),
    ("link-as-text", "x [outer [inner](https://a.example)](https://b.example)\n"),
    ("link-as-text", "- [[the plan](https://a.example) is out\n"),
    ("link-as-text", "- the [plan]\n  (https://a.example) is out\n"),
    ("link-as-text", "- epic #12(https://github.com/o/r/issues/12)\n"),
    ("link-as-text", "- the notes(../2024/notes.md) moved\n"),
    ("link-as-text", "- **#40**(https://github.com/o/r/issues/40) and more\n"),
    ("link-as-text", "- read \u201cthe guide\u201d(https://a.example/g)\n"),
    ("link-as-text", "see [a](https://a.example) and PR 4(https://github.com/o/r/pull/4)\n"),
    ("link-as-text", "- the token ([plugin](https://a.example/p)] for now)\n"),
    ("link-as-text", '## see [the board](https://a.example/b "Board")]\n'),
    ("link-as-text", "- [ ] open, then [the plan](https://a.example/p)] and more\n"),
    ("list-marker-as-text", "- the parts:\n  1.1. first part\n  1.2. second part\n"),
    ("list-marker-as-text", "Open points\n2.3 scope of it\n2.4 terms used\n"),
    ("list-marker-as-text", "- the plan\n    1.2.3. a deep point\n    1.2.4. the next one\n"),
    ("link-as-text", "[x] then the Board(http://b.example/p), done\n"),
    ("link-as-text", "| Präsentation(https://a.example/s.pdf) | ok |\n|---|---|\n"),
    ("link-as-text", "- `x` (https://a.example) and `y`(https://b.example) and wiki(https://c.example)\n"),
    ("list-marker-as-text", "text\n    - indented four spaces under text\n"),
    ("list-marker-as-text", "- item\n\n  para\n        + too deep\n"),
    ("list-marker-as-text", "Agenda:\n3) third\n"),
    ("list-indent-too-small", "* a\n * b\n"),
    ("list-indent-too-small", "2. a\n  - b under two spaces\n"),
    ("accidental-code-block", "## Participants\n\n\t@alice\n"),
    ("accidental-code-block", "Text\n\n        more text\n"),
    ("accidental-code-block", "- attendees\n\n\t\t@ann-b, @carl_d and @dora\n"),
    ("accidental-code-block", "- topics\n\n      * storage quotas\n      * the new region\n"),
    ("accidental-code-block", "- state\n\n      Blocked, waiting for review.\n"),
    ("accidental-code-block", "- vote\n\n      we agreed -> @tobias_w will write it up\n"),
    (
        "accidental-code-block",
        "- guests\n\n      @ann-b (Foo AG), @carl_d (late)\n      Dora Beispiel and Eli Muster\n",
    ),
    ("accidental-code-block", "- outcome\n\n      **Result**: we ship [the fix](https://a.example) in 2 weeks\n"),
    ("accidental-code-block", "1. the roadmap\n\n       Everyone agreed to ship it in May.\n"),
    (
        "accidental-code-block",
        "- a\n  - b\n\n        we still wait for the vendor's answer\n        @ann-b will ask again\n",
    ),
    ("unclosed-markup", "**bold start\n"),
    ("unclosed-markup", "a `code start\n"),
    ("unclosed-markup", "- _not closed\n"),
    ("unclosed-markup", "- __not closed either\n"),
    ("empty-list-item", "- a\n- \n- c\n"),
    ("empty-list-item", "1. a\n2.\n"),
    ("url-scheme-typo", "[x](hhtps://example.org)\n"),
    ("url-scheme-typo", "go to htttp://example.org\n"),
    ("url-scheme-typo", "<http:/example.org>\n"),
    ("url-scheme-typo", "http//example.org\n"),
    ("url-scheme-typo", "see https:://example.org\n"),
    ("url-host-typo", "[#595](https://githnb.com/o/r/issues/595)\n"),
    ("url-host-typo", "see https://gthub.com/o/r and <https://www.gitbub.com/x>\n"),
    ("url-host-typo", "[a](https://docs.openstak.org/x)\n"),
    ("issue-text-wrong-link", "PR [#76](https://docs.example.org/assets/image.png)\n"),
    ("issue-text-wrong-link", "[standards#12](https://github.com/SovereignCloudStack/standards)\n"),
    ("issue-text-wrong-link", "[Issue #7](https://example.org/tracker)\n"),
    (
        "url-host-typo",
        "https://team.example.org/a https://team.example.org/b https://team.example.org/c https://team.exmaple.org/d\n",
    ),
    ("link-as-text", "- the talk, Slides:(https://a.example/s.pdf)\n"),
    ("link-as-text", "- moved to the wiki(www.example.org/w)\n"),
    ("link-as-text", "1. Recording:(http://a.example/r) is up\n"),
    ("link-as-text", "- to vote:https://a.example/poll\n"),
    ("link-as-text", "- the Boardhttps://a.example/b\n"),
    ("unclosed-markup", "- base.__init__() reads __cache later\n"),
    ("label-as-continuation", "- a\n  - b\n**Next topic**\nmore text\n"),
    ("label-as-continuation", "1. first\n__Results:__\n"),
    ("label-as-continuation", "* item\n**Topic**:\n"),
    ("label-as-continuation", "- item one\nOpen points:\n@ann-b asks\n"),
    ("label-as-continuation", "- a\n\t- b\n\tTODO:\n"),
    ("label-as-continuation", "Some text here.\n**Topic two**\n"),
    ("label-as-continuation", "- the vote\n**Decision:** we go ahead\n"),
    ("label-as-continuation", "- a\n**[Board](https://a.example)**\n"),
    ("list-marker-as-text", "- a\n~~- struck item~~\n"),
    ("list-marker-as-text", "- a\n\u00a0 - after a no-break space\n"),
    ("list-marker-as-text", "- a\n  ~~- never closed\n"),
    ("doubled-list-marker", "- - twice\n"),
    ("doubled-list-marker", "* a\n* * **b**\n"),
    ("doubled-list-marker", "+ + x\n"),
    ("doubled-list-marker", "1. 1. x\n"),
    ("doubled-list-marker", "- a\n  - - nested twice\n"),
    ("hedgedoc-container-in-note", ":::info\nthe call is recorded\n:::\n"),
    ("accidental-emphasis", "- calls __init__ first\n"),
    ("accidental-emphasis", "- obj.__setup__() runs\n"),
    ("accidental-emphasis", "- see pkg/__init__.py\n"),
    ("accidental-emphasis", "- the _id field and the owner_ field\n"),
    ("accidental-emphasis", "- _uuid, then name_ on update\n"),
    ("list-marker-switch", "* Who presents?\n- @jo-doe\n"),
    ("list-marker-switch", "- Status:\n* done by Ann\n"),
    ("list-marker-switch", "> * Who presents?\n> - @jo-doe, @ann\n"),
    ("list-marker-switch", "- a\n  * b\n  * c\n  + d\n  * e\n"),
    ("list-marker-switch", "* point\n- another point\n- and more\n- and more\n"),
]
CONTROLS = [
    "- [a](https://example.org/a) and [b](<./b c.md>) and [c]\n",
    "See [x][ref].\n\n[ref]: https://example.org\n",
    "- a\n  - b\n    - c\n- d\n",
    "1. a\n   - b\n2. c\n",
    "**bold** and _em_ and `code` and ``co`de`` and snake_case and a*b\n",
    "text\n\n```\n    code\n  **x\n```\n",
    "mailto:a@example.org, ssh://h, https://example.org, file:///etc, //comment\n",
    "- [ ] task\n- [x] done\n",
    "a line - with a dash\nand * star in the middle\n",
    "Price 5 * 3 and a\\_b and \\*\\*\n",
    "edit _config.yml and _data/team.yml, then see the_doc\n",
    "- run:\n\n      make test\n\n- done\n",
    "- install\n\n      apt install curl jq git\n\n- list\n\n      SELECT name FROM users WHERE active\n",
    "- say\n\n      echo the job is done for the day\n\n- time\n\n      09:12 the job has started on the node\n",
    "- csv\n\n      Name, Size, Region\n\n- at\n\n      2024-02-01 we restarted the node\n",
    "- diff\n\n      - the old line here\n      + the new line here\n\n- yaml\n\n      - name: web\n        port: 80\n",
    "- see (./a.md) and `f`(./b.md) and [c](./c.md)(../d.md)\n",
    "- sys\n\n      Jan 12 10:00:01 node1 kernel: Out of memory: Killed process 1234\n",
    "- apt\n\n      E: Unable to locate the package\n",
    "- code\n\n      return the_value if x else None\n\n- def\n\n      def main():\n      import the module\n",
    '- py\n\n      File "/usr/lib/x.py", line 12, in main\n\n- dock\n\n      RUN echo the build is done\n',
    "- a\n\n      **bold**(https://a.example) `c`(https://b.example)\n\n- [x](https://a.example)(https://b.example)\n",
    "- setup\n\n      image: nginx:1.25\n      name: the web server\n\n- paths\n\n      /etc/app/the config.yml\n",
    "- logs\n\n      2024-02-01 10:00:01 the server is up on port 80\n\n- seen\n\n      INFO the job is done\n",
    "- the error\n\n      could not reach the host in time\n\n- it said:\n\n      the disk is full\n",
    "- a flag\n\n      deploy --force the stack to prod\n\n- mail\n\n      @echo off\n      dir\n",
    "We meet on\n14. March.\n",
    "2**10 and [draft [x](https://a.example)] and [t]( https://a.example)\n",
    "[Hackathon #4](https://example.org/h) [#12345](https://review.opendev.org/c/x/+/12345) [#a](#a)\n",
    "https://gist.github.com/x https://github.io/x https://github.org https://gitlab.com https://gitea.io\n",
    "- (see https://a.example) and foo (https://b.example), `f(https://c.example)`\n",
    '- [#12](https://github.com/o/r/issues/12)(draft) and <b style="x:url(https://a.example)">y</b>\n',
    "```\nfetch(https://a.example)\n```\n\nhttps://web.example.org/2024/https://b.example/x(https://c)\n",
    "- Slides: (https://a.example/s) and (www.example.org) and https://a.example:(x)\n",
    "- a\n  - b\n\n**Next topic**\n\n- c\n  **indented label** inside\n",
    "- deadline\nDeadline: end of June\n- the vote\nwe agreed: all in favour\n",
    "- the vote\n  **Decision:** we go ahead\n- a\n**bold** words in a run-on line\n",
    "- the talk\nSlides:\nhttps://a.example/s\n- the demo\nRecording:\n[video](https://a.example/v)\n",
    "* * *\n\n- [ ] task\n\n* 1. First aspect\n\n1. - a bullet in a point\n",  # blank lines: no marker switch
    "- `__init__` and \\_\\_init\\_\\_ and _the plan_ and _daily_ and __two__ reviewers\n",
    "- _see the\n  chapter_ for details, and *id field* is fine\n",
    "> - a\n> **quoted label**\n",
    "- FAQ`s and don`t\n",
    "- https://a.example/x?u=https://b.example and https://w.example/web/2020/https://c.example\n",
    "- `a:https://b.example` and (https://c.example) and *https://d.example*\n",
    "we meet on\n\u00a014. March and\u00a0- then\n",
    "- ~~the struck item~~\n- a\n  ~~done~~ - and more\n\n~~- a paragraph~~\n",
    "* one list\n\n- another after a blank line\n",
    "1. first\n- a bullet after a numbered item\n",
    "* a\n  - nested detail\n* b\n",
    "* a\n\n  - nested after a blank line\n",
    "- the client was tagged, and release\n  1.2 was published the same day\n",
    "- the budget grew by\n  3.5 percent this year\n",
    "- meetings\n  01.03. planning\n  08.03. review\n",
    "1.1. a paragraph of its own\n",
    "see [the [draft] doc](https://a.example/d) later\n",
    "[see [the doc](https://a.example/d)] later\n",
    "- a badge [![s](https://a.example/s.svg)](https://a.example/t)\n",
    "- wiki style [[the page](https://a.example/p)]\n",
    "- escaped [the plan](https://a.example/p)\\] after it\n",
]


@pytest.mark.parametrize(("rule", "body"), DEFECTS, ids=[f"{r}-{i}" for i, (r, _) in enumerate(DEFECTS)])
def test_defect_is_reported(rule: str, body: str) -> None:
    assert _lines(rule, body), body


@pytest.mark.parametrize("body", CONTROLS)
def test_controls_are_quiet(body: str) -> None:
    found = {rule: _lines(rule, body) for rule in MODULES}
    assert not any(found.values()), found


HOSTILE = [
    "[a](" * 4000,
    "](" * 8000,
    "[" * 8000 + "(http",
    "**" * 8000,
    "`" * 8000,
    "_a " * 5000,
    "- x\n" + "      * y\n" * 3000,
    "htps://" * 3000,
    "https:/" * 3000,
    "x//" * 5000,
    "- \n" * 5000,
    " - a\n  - b\n" * 2000,
    "    code\n\n" * 3000,
    "[a]http" * 3000,
    "[x [a](b)] " * 3000,
    "the [a]\n(https://x.example) " * 3000,
    "1. a\n   b\n  - c\n" * 2000,
    "(https://x.example)[t]" * 3000,
    "https:://" * 3000,
    "<div>\n" + "[a](https://x " * 3000,
    "<div>\n" + "[" + "a" * 190 + "](" * 2000,
    "text\n2. x\n" * 3000,
    "a(http" * 5000,
    "a(./" * 5000,
    "- x\n\n      a" + " " * 20000 + ", b and\n",
    "- x\n\n      " + "[a](b) " * 5000 + "\n",
    "- x\n\n" + "      - the item with words\n      + more\n" * 3000,
    "**a**(http " * 3000,
    '"a"(https ' * 3000,
    '"' + "a" * 20000 + '"(https://x)',
    "- x\n\n" + "      @a @b and @c, the plan is on the wiki\n" * 3000,
    "- x\n\n      " + "@a " * 20000 + "\n",
    "[a(https://x " * 3000,
    "[" + "a](b) x(https " * 3000,
    "a:(https://" * 5000,
    "a:https://" * 5000,
    "https://x.ahttps://" * 3000,
    "a(www." * 5000,
    "- x\n**B**\n" * 3000,
    "- x\n" + "**B**\n" * 3000,
    "- x\n" + "Open points:\n" * 3000,
    "- - x\n" * 3000,
    "- " * 200 + "x\n",
    "__init__ " * 3000,
    "_id x_ " * 3000,
    "_id " * 3000 + "x_ " * 3000,
    "_a " * 3000 + "b_ " * 3000,
    "* a?\n- b\n" * 3000,
    "* a\n- @b\n+ c\n" * 3000,
    "- x:\n" + "  1.1. a\n" * 3000,
    "[a](b)] " * 3000,
    "[" * 3000 + "[a](https://x)] " * 3000,
    "- 1. a\n   - b\n" * 3000,
]


@pytest.mark.parametrize("body", HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_hostile_input_costs_linear_time(body: str) -> None:
    def cost(text: str) -> float:
        doc = _doc(text)
        start = time.process_time()
        for module in MODULES.values():
            list(module.check(doc, Context(tree=None)))  # type: ignore[attr-defined, arg-type]
        return time.process_time() - start

    small, big = cost(body), cost(body * 4)
    assert big < 10.0
    if big > 0.4:
        assert big / max(small, 1e-3) < 8.0, (body[:10], small, big)


# constructs whose nesting, not length, grows with n (a body repeated 4 times keeps its depth)
DEEP = [
    lambda n: "_a " * n + "b_ " * n + "\n",
    lambda n: "_id " * n + "x_ " * n + "\n",
    lambda n: "__a " * n + "b__ " * n + "\n",
    lambda n: "- " * (n // 40) + "x\n",
]


@pytest.mark.parametrize("make", DEEP, ids=[str(i) for i in range(len(DEEP))])
def test_deep_nesting_costs_linear_time(make: object) -> None:
    def cost(n: int) -> float:
        doc = _doc(make(n))  # type: ignore[operator]
        start = time.process_time()
        for module in MODULES.values():
            list(module.check(doc, Context(tree=None)))  # type: ignore[attr-defined, arg-type]
        return time.process_time() - start

    small, big = cost(3000), cost(12000)
    assert big < 10.0
    if big > 0.4:
        assert big / max(small, 1e-3) < 8.0, (small, big)


def test_sub_items_under_a_numbered_bullet_are_a_notice() -> None:
    """'- 1. step' then a bullet indented past '- ' but not past '1. ': shown inside the outer item
    after the number, so the grouping survives; a notice that says so, not 'renders as its next item'."""
    body = "- Options:\n    - 1. raise the timeout\n        - what does it cost?\n    - 2. a new disk\n"
    found = list(list_nesting.check(_doc(body), Context(tree=None)))  # type: ignore[arg-type]
    assert [(p.span.line - 2, p.severity) for p in found] == [(3, Severity.NOTICE)]
    assert "inside the item above" in found[0].message and "1 more" in found[0].message
    plain = list(list_nesting.check(_doc("- topic\n - detail\n"), Context(tree=None)))  # type: ignore[arg-type]
    assert [p.severity for p in plain] == [None]  # the rule's warning: a flat list
