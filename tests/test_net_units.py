"""Pure pieces of the online checks: URL normalisation and collection, settings, the state file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from minutes_ci.checks.model import Document, Kind, Link, Span
from minutes_ci.net.cache import State
from minutes_ci.net.result import BROKEN, OK, UrlResult
from minutes_ci.net.settings import SettingsError, github_settings, link_settings
from minutes_ci.net.urls import collect, is_issue_url, normalise


def test_normalise() -> None:
    assert normalise("HTTPS://Example.ORG:443/a?b=1#Frag") == ("https://example.org/a?b=1", "Frag")
    assert normalise("http://example.org:8080") == ("http://example.org:8080/", "")
    assert normalise("http://[::1]:80/x") == ("http://[::1]/x", "")
    assert normalise("mailto:someone@example.org") is None
    assert normalise("./relative.png") is None
    assert normalise("http://bad:port/") is None


def test_issue_urls_go_to_the_resolver() -> None:
    assert is_issue_url("https://github.com/o/r/issues/12")
    assert is_issue_url("https://github.com/o/r/pull/3")
    assert not is_issue_url("https://github.com/o/r/issues")
    assert not is_issue_url("https://github.com/o/r/blob/main/x.md")


def doc(path: str, *links: tuple[str, int, int, str]) -> Document:
    d = Document(path=path, kind=Kind.TEAM, folder=path.split("/")[0])
    d.links = [Link(url=u, text="", span=Span(line, col, line, col + len(u)), form=form)
               for u, line, col, form in links]
    return d


def test_collect_dedupes_and_keeps_every_place() -> None:
    docs = [
        doc("a/20240101.md", ("https://Example.org/x#one", 3, 5, "markdown"), ("https://example.org/x", 4, 1, "bare"),
            ("https://github.com/o/r/issues/1#issuecomment-9", 5, 1, "markdown"), ("../img.png", 6, 1, "image")),
        doc("b/20240102.md", ("https://example.org/x).", 2, 7, "bare"), ("https://skip.example/y", 1, 1, "autolink")),
    ]
    settings = link_settings({"links": {"exclude": ["skip\\.example"]}})
    plan = collect(docs, settings)
    assert list(plan.pages) == ["https://example.org/x"]
    places = [(o.path, o.line, o.col, o.fragment) for o in plan.pages["https://example.org/x"]]
    assert places == [("a/20240101.md", 3, 5, "one"), ("a/20240101.md", 4, 1, ""), ("b/20240102.md", 2, 7, "")]
    assert list(plan.github_refs) == ["https://github.com/o/r/issues/1"] and plan.excluded == 1


def test_bare_url_keeps_balanced_parentheses() -> None:
    plan = collect([doc("a/x.md", ("https://en.wikipedia.org/wiki/Foo_(bar)", 1, 1, "bare"))], link_settings({}))
    assert list(plan.pages) == ["https://en.wikipedia.org/wiki/Foo_(bar)"]


def test_remap() -> None:
    settings = link_settings({"links": {"remap": [{"pattern": "^http://old\\.example/", "replace": "https://new.example/"}]}})
    plan = collect([doc("a/x.md", ("http://old.example/p", 1, 1, "bare"))], settings)
    assert list(plan.pages) == ["https://new.example/p"]


@pytest.mark.parametrize(
    ("config", "words"),
    [({"links": {"timeout": "slow"}}, "links.timeout"), ({"links": {"exclude": ["("]}}, "bad pattern"),
     ({"links": {"rot": {"failures": -1}}}, "links.rot.failures"), ({"links": []}, "`links:` must be a mapping")],
)
def test_settings_errors_name_the_key(config: dict[str, object], words: str) -> None:
    with pytest.raises(SettingsError, match=words.replace(".", "\\.").replace("(", "\\(")):
        link_settings(config)


def test_github_settings_from_env_never_show_the_token() -> None:
    gs = github_settings({}, {"GH_TOKEN": "abc-secret", "GITHUB_API_URL": "https://ghe.example/api/v3/"})
    assert gs.token == "abc-secret" and gs.api_url == "https://ghe.example/api/v3"
    assert "abc-secret" not in repr(gs)


def test_state_ttl_and_rot(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    state = State(path, now=1000.0)
    state.record_url("u", UrlResult(BROKEN, 404, checked_at=1000.0))
    assert not state.verdict("u", 2, 7).broken
    state.save()
    later = State(path, now=1000.0 + 3600)
    assert later.cached_url("u", ttl_good=86400, ttl_bad=7200) is not None
    assert later.cached_url("u", ttl_good=86400, ttl_bad=1800) is None
    later.record_url("u", UrlResult(BROKEN, 404, checked_at=later.now))
    assert later.verdict("u", 2, 7).broken
    days_on = State(path, now=1000.0 + 8 * 86400)
    days_on.data = later.data
    assert days_on.verdict("u", 5, 7).broken  # failing for more than 7 days
    later.record_url("u", UrlResult(OK, 200, checked_at=later.now))
    assert later.verdict("u", 1, 0).failures == 0


def test_damaged_state_file_is_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{not json")
    state = State(path)
    assert state.warning and "unreadable" in state.warning and state.cached_url("x", 1, 1) is None
    state.save()
    assert json.loads(path.read_text())["version"] == 1


def test_redirect_notice_skips_trailing_slash_only() -> None:
    from minutes_ci.net.cache import Verdict
    from minutes_ci.net.findings import url_findings
    from minutes_ci.net.urls import Occurrence

    occ = Occurrence("a/x.md", 3, 5, 30, "https://e.org/docs", "", "bare", False)
    slash = UrlResult(OK, 200, final_url="https://e.org/docs/", permanent_redirect=True, hops=[(301, "x")])
    moved = UrlResult(OK, 200, final_url="https://e.org/new", permanent_redirect=True, hops=[(301, "x")])
    never = lambda url: Verdict(True, 1, None)  # noqa: E731
    assert url_findings({"https://e.org/docs": [occ]}, {"https://e.org/docs": slash}, never) == []
    [(finding, url)] = url_findings({"https://e.org/docs": [occ]}, {"https://e.org/docs": moved}, never)
    assert finding.rule == "redirected-link" and "https://e.org/new" in finding.message and url == occ.url
