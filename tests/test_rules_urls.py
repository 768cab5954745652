"""URLs that cannot work as written: a host no DNS name can be (`url-host-invalid`) and a bare URL
cut by a line break (`url-split-by-line-break`). Cousins of the fixtures' cases, clean controls,
the fix, the corpus findings (each judged true), and the render sets' controls kept quiet."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from conftest import CORPUS
from minutes_ci import cli
from minutes_ci.checks.model import Document
from minutes_ci.checks.parse import parse_document
from minutes_ci.checks.rule import Context, Problem
from minutes_ci.checks.rules import url_host_invalid, url_line_break
from minutes_ci.fix import apply_edits

HEAD = "# 2024-01-04\n\n"
RULES = ("url-host-invalid", "url-split-by-line-break")
MODULES = {"url-host-invalid": url_host_invalid, "url-split-by-line-break": url_line_break}


def _doc(body: str) -> Document:
    return parse_document("sig-standardization/20240104.md", (HEAD + body).encode())


def _problems(rule: str, body: str, hosts: dict[str, int] | None = None) -> list[Problem]:
    ctx = Context(tree=None, default_owner="SovereignCloudStack", hosts=hosts)  # type: ignore[arg-type]
    return list(MODULES[rule].check(_doc(body), ctx))  # type: ignore[attr-defined]


def _lines(rule: str, body: str, hosts: dict[str, int] | None = None) -> list[int]:
    return [p.span.line - 2 for p in _problems(rule, body, hosts)]


HOST_DEFECTS = [
    "- [#32](https://SovereignCloudStack/cluster-stack-operator/pull/32) rename\n",
    "- see https://sovereigncloudstack/standards/issues/12\n",
    "- [board](https://github/orgs/example-org/projects/6)\n",
    "- <https://githubcom/example-org/docs>\n",
    '- <a href="https://docs/guide">guide</a>\n',
    "- ![logo](https://assets/logo.png)\n",
    "- [a](https://.example.org/a)\n",
    "- [a](https://docs..example.org/a)\n",
    "- [a](https://docs.example.org../a)\n",
    "- [a](https:///a/b)\n",
    "- [a](https://status.example.42/)\n",
    "- [a](https://docs.example.o/x)\n",
    "- [a](https://github.com-/x) and more\n",
    "- [a](https://github.com1/x)\n",
    "- [board](https://https://github.com/orgs/example-org/projects/6)\n",
    "- mirror http://http://mirror.example.org/pool\n",
    "- [a](https://user:secret@dotless/x)\n",
    "- [a](ftp://mirror/pub)\n",
    "- [a](HTTPS://Docs..Example.org/)\n",
    "- [a](https://github,com/example-org/docs)\n",
    "- two glued https://docs.example.org,https://b.example.org/\n",
    "- see the repository (https://SovereignCloudStack/standards) for it\n",
    "- the wiki is at https://intranet: ask for an account\n",
    "- [the board](https://github/orgs/example-org/projects/6 ) left as text\n",
    "- SovereignCloudStack/docs#12(https://SovereignCloudStack/docs/pull/12)\n",
]

HOST_CONTROLS = [
    "- [#32](https://github.com/SovereignCloudStack/cluster-stack-operator/pull/32)\n",
    "- local: http://localhost:3000/login http://app.localhost/ http://127.0.0.1/ <http://[::1]:8080/>\n",
    "- a compose service http://keycloak:8080/auth and http://host:port/path\n",
    "- placeholders `https://$DOMAIN/x` <https://$YOURDOMAIN/.well-known/did.json> https://<host>/x\n",
    "- https://{{ domain }}/x and [x](https://${HOST}/y)\n",
    "- an elision https://api... and `https://api....` in code\n",
    "- fully qualified https://docs.example.org./guide https://www.example.co.uk/a https://k8s.io\n",
    "- punycode https://xn--bcher-kva.example/ and https://bücher.example/ and https://例え.テスト/\n",
    "- ```\n  curl https://SovereignCloudStack/x\n  ```\n",
    "- `https://dotless/x` in a code span\n",
    "- mail me at mailto:someone and ssh://host and git://server/repo\n",
    "- IPs http://10.0.0.1:9000/ and http://213.131.230.176:9000.\n",
    "<!-- https://draft/x -->\n",
    "- prefix every URL with https:// and never with http://\n",
    "- [a](https://gfit nthub.com/x) is link-as-text's (a space in the URL)\n",
    "- ends a sentence: see https://docs.example.org.\n",
]


def test_slide_backgrounds_are_judged_too() -> None:
    text = '---\ntype: slide\n---\n\n# Call 2024-01-04\n\n<!-- .slide: data-background="https://assets/bg.png" -->\n'
    doc = parse_document("community-call/20240104.md", text.encode())
    problems = list(url_host_invalid.check(doc, Context(tree=None)))  # type: ignore[arg-type]
    assert [p.span.line for p in problems] == [7]


@pytest.mark.parametrize("body", HOST_DEFECTS)
def test_impossible_hosts_are_reported(body: str) -> None:
    assert _lines("url-host-invalid", body) == [1], body


@pytest.mark.parametrize("body", HOST_CONTROLS)
def test_possible_hosts_stay_quiet(body: str) -> None:
    assert _lines("url-host-invalid", body) == [], body


def test_a_dotless_host_the_repository_uses_on_purpose_is_quiet() -> None:
    body = "- the wiki https://wiki/Start\n"
    assert _lines("url-host-invalid", body, hosts={"wiki": 2}) == []
    assert _lines("url-host-invalid", body, hosts={"wiki": 1}) == [1]
    # run on its own (no repository scan), the file is the repository
    assert _lines("url-host-invalid", body + "- and https://wiki/Howto\n") == []
    # the GitHub owner as a host is the 'github.com/' lost, however often it is copied
    owner = "- [a](https://SovereignCloudStack/docs/pull/1) [b](https://SovereignCloudStack/docs/pull/2)\n"
    assert _lines("url-host-invalid", owner, hosts={"sovereigncloudstack": 9}) == [1, 1]
    twice = "- [a](https://https://example.org/a) [b](https://https://example.org/b)\n"
    assert _lines("url-host-invalid", twice) == [1, 1]


def test_host_messages_say_what_readers_get_and_how_to_fix_it() -> None:
    (p,) = _problems("url-host-invalid", "- [#32](https://SovereignCloudStack/o/pull/32)\n")
    assert "no dot" in p.message and "error page" in p.message
    assert "https://github.com/SovereignCloudStack/..." in p.message
    assert (p.span.col, p.span.end_col) == (17, 36)  # the host itself
    body = "- [a](https://github.com/osism/testbed) and [b](https://osism/testbed/pull/2)\n"
    (p,) = _problems("url-host-invalid", body)
    assert "'osism' is a GitHub organisation: write 'https://github.com/osism/...'" in p.message
    (p,) = _problems("url-host-invalid", "- [a](https://https://github.com/o/r)\n")
    assert "written twice" in p.message and "remove the second 'https://'" in p.message
    (p,) = _problems("url-host-invalid", "- [a](https://docs.example.42/)\n")
    assert "'.42'" in p.message and "digits only" in p.message


SPLIT_DEFECTS = [
    "- capi: https://github.com/example-org/cluster-api-provider-\nopenstack#compatibility-matrix\n",
    "- https://github.com/example-org/tracker/issues?q=is%3Aopen&\nlabel=bug\n",
    "- https://example.org/search?q=a+\nb and more\n",
    "- https://example.org/report?month=\n2024-01\n",
    "- https://example.org/get?hash=dGVzdA==\n&size=2 is signed\n",
    "- https://example.org/a%\n20b\n",
    "- https://wiki.example.org/Team_\nMeetings is the page\n",
    "- https://docs.example.org/guide/\n  getting-started/intro.md\n",
    "- https://docs.example.org/guide/\nintro.md\n",
    "- https://example.org/find?\nterm=a&page=2 for more\n",
    "- https://notes.example.org/2024-planning#\nopen-questions\n",
    "- https://github.com/example-org/cluster-st\nacks/pull/32\n",
    "- (see https://github.com/example-org/cluster-api-provider-\nopenstack#x) for that\n",
    "- trailing spaces after the dash https://example.org/cluster-  \napi/docs\n",
    "Paragraph text https://example.org/a-\nb/c goes on.\n",
    "> quoted https://example.org/cluster-api-\n> provider/docs in a quote\n",
    "- the site https://\nwww.example.org/docs\n",
    "- the site https://github.\ncom/example-org/docs\n",
]

SPLIT_CONTROLS = [
    "- https://github.com/example-org/cluster-api-provider-openstack#compatibility\n",
    "- the summit page https://events.example.org/summit/\nLimited room capacity, please register\n",
    "- is this https://docs.example.org/faq?\nYes, it is.\n",
    "- see https://github.com/example-org/tracker/pull/12\n-> merged after review\n",
    "- see https://github.com/example-org/tracker/pull/12\n=> merged after review\n",
    "- https://docs.example.org/a/\nhttps://docs.example.org/b/\n",
    "- https://docs.example.org/a/\nwww.example.org is the other\n",
    "- https://example.org/page.\nAnd the next sentence.\n",
    "- https://example.org/page:\n  - an item\n",
    "- https://example.org/a-\n\nb/c after a blank line\n",
    "- https://example.org/a-\n- b/c a new item\n",
    "- https://example.org/a-\n# b/c a heading\n",
    "- https://example.org/a-\n> b/c a quote\n",
    "- https://example.org/a-\n| b/c | table |\n",
    "- _emphasis around https://example.org/a_\nand a word after it\n",
    "- the pad https://notes.example.org/2024-planning#\nplease add your topics\n",
    "- closed on its line (https://example.org/a-)\nand then more\n",
    "- [the table](https://example.org/a-b) and\n  more words\n",
    "- `https://example.org/a-`\nb/c in code\n",
    "```\nhttps://example.org/a-\nb/c\n```\n",
    "<!-- https://example.org/a-\nb/c -->\n",
    '<a href="https://example.org/a-\nb/c">x</a>\n',
    "- https://github.com/example-org/tracker/pull/12\nupdated/fixed by now\n",  # two words: prose
    "- https://github.com/example-org/tracker/pull/12\nand/or\nmore\n",
    "- mailto:someone@example.org-\nb/c\n",
    "- always write https://\nbefore the host\n",
    "- the image https://example.org/get?hash=dGVzdA==\nis signed\n",
    "- the pad https://notes.example.org/NF7Hobo_Q8uygKUPM-\nfor the notes\n",
    "- [https://example.org/cluster-api-\nprovider](https://example.org/cluster-api-provider)\n",
]


@pytest.mark.parametrize("body", SPLIT_DEFECTS)
def test_urls_cut_by_a_line_break_are_reported(body: str) -> None:
    assert _lines("url-split-by-line-break", body) == [1], body


@pytest.mark.parametrize("body", SPLIT_CONTROLS)
def test_urls_ending_their_line_stay_quiet(body: str) -> None:
    assert _lines("url-split-by-line-break", body) == [], body


def test_front_matter_urls_are_not_judged() -> None:
    text = "---\nurl: https://example.org/a-\nb/c: d\n---\n\n# 2024-01-04\n"
    doc = parse_document("sig-standardization/20240104.md", text.encode())
    assert list(url_line_break.check(doc, Context(tree=None))) == []  # type: ignore[arg-type]


def test_the_fix_joins_the_two_lines() -> None:
    body = "- capi: https://github.com/o/cluster-api-provider-\n  openstack#matrix is the table\n"
    doc = _doc(body)
    (p,) = url_line_break.check(doc, Context(tree=None))  # type: ignore[arg-type]
    assert p.fix is not None and not p.fix.safe
    text, _ = apply_edits(doc, p.fix.edits)
    assert "- capi: https://github.com/o/cluster-api-provider-openstack#matrix is the table\n" in text
    assert "'-', which leaves it unfinished" in p.message and "'openstack#matrix'" in p.message
    assert (p.span.line, p.span.col, p.span.end_line) == (3, 9, 4)
    doc = _doc("- https://example.org/cluster-  \n  api/docs\n")
    (p,) = url_line_break.check(doc, Context(tree=None))  # type: ignore[arg-type]
    assert p.fix is not None
    assert "- https://example.org/cluster-api/docs\n" in apply_edits(doc, p.fix.edits)[0]


def test_hostile_lines_are_read_once() -> None:
    """Many URLs on one line, and many cut lines: every one is judged, none is skipped."""
    many = " ".join(f"https://example.org/{i}-" for i in range(5000)) + "\nb/c\n"
    assert _lines("url-split-by-line-break", many) == [1]
    cut = "- https://example.org/a-\nb/c\n" * 2000
    assert len(_lines("url-split-by-line-break", cut)) == 2000
    hosts = " ".join(f"[a](https://h{i}/x)" for i in range(3000)) + "\n"
    assert len(_lines("url-host-invalid", hosts)) == 3000


def _run(root: Path, tmp_path: Path, *extra: str) -> list[dict[str, object]]:
    report = tmp_path / "report.json"
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        cli.main(
            ["check", "--preset", "scs", "--root", str(root), "--today", "2026-06-15", "--no-baseline",
             "--select", ",".join(RULES), "--format", f"json={report}", *extra]
        )  # fmt: skip
    findings: list[dict[str, object]] = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return findings


@pytest.mark.parametrize("name", ["controls", "defects"])
def test_render_sets_get_no_false_alarm(name: str, tmp_path: Path) -> None:
    """The render judge's sets: clean controls, and defect files marked for other rules."""
    root = Path(__file__).parent / "fixtures" / "render" / name
    assert _run(root, tmp_path, "--no-config") == []


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_findings_are_the_judged_ones(tmp_path: Path) -> None:
    """Every corpus finding of the two rules, each read and judged true (a link to
    `https://SovereignCloudStack/...`, and a capi compatibility URL cut after 'provider-')."""
    if not CORPUS.is_dir():
        pytest.skip(f"the SCS minutes corpus is not at {CORPUS}")
    found = {(f["path"], f["line"], f["rule"]) for f in _run(CORPUS, tmp_path)}
    assert found == {
        ("container/20231207.md", 61, "url-host-invalid"),
        ("container/20230130.md", 89, "url-split-by-line-break"),
    }


def test_an_impossible_host_is_not_also_a_typo() -> None:
    """One cause, one finding: 'github.com1' cannot exist (url-host-invalid's error); url-host-typo
    keeps its warning for a host that can exist ('githb.com')."""
    from minutes_ci.checks.rules import url_host

    body = "- see https://github.com1/a/x and https://githb.com/y\n"
    hosts = {"github.com": 400, "github.com1": 1, "githb.com": 1}
    ctx = Context(tree=None, default_owner="SovereignCloudStack", hosts=hosts)  # type: ignore[arg-type]
    typos = [p.message for p in url_host.check(_doc(body), ctx)]
    assert len(typos) == 1 and "'githb.com'" in typos[0]
    assert _lines("url-host-invalid", body, hosts) == [1]
