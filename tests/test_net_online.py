"""End to end: `minutes-ci audit`, `check --online` and `fix --vendor-images` on a small fake repo
whose links point at the loopback servers (the HTTP misbehaviour server and the GitHub stand-in)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from minutes_ci.cli import main

sys.path.insert(0, os.path.dirname(__file__))  # the loopback servers live in tests/servers
from servers.behave import Behave, serve
from servers.github_standin import Item, StandIn, World
from servers.github_standin import serve as serve_github

TOKEN = "t0ken-s3cret"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture(scope="module")
def web() -> Iterator[Behave]:
    with serve() as srv:
        yield srv


@pytest.fixture()
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    w = World()
    w.items[("scs", "standards", 1)] = Item("Issue")
    w.items[("scs", "standards", 2)] = Item("PullRequest", "MERGED")
    with serve_github(StandIn(w, token=TOKEN)) as srv:
        monkeypatch.setenv("GITHUB_API_URL", srv.url)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.delenv("GH_TOKEN", raising=False)
        yield srv


def make_repo(root: Path, port: int, config: str = "") -> Path:
    base = f"http://127.0.0.1:{port}"
    (root / ".minutes-ci.yaml").write_text("default-owner: scs\n" + config, encoding="utf-8")
    (root / "iaas").mkdir()
    (root / "iaas" / "20240101.md").write_text(
        "# 2024-01-01\n\n## Participants\n\n- @alice\n\n## Agenda\n\n"
        f"- fine [page]({base}/ok) and <{base}/missing>\n"  # line 9
        f"- moved {base}/redirect/301/1\n"  # line 10
        f"- again [same]({base}/ok#frag)\n"  # line 11
        "- [standards#1](https://github.com/scs/standards/issues/1) "
        "and [#404](https://github.com/scs/standards/issues/404)\n"  # line 12
        "- [PR](https://github.com/scs/standards/issues/2)\n",  # line 13
        encoding="utf-8",
    )
    return root


def audit(root: Path, *extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    rc = main(["audit", "--root", str(root), "--allow-private-hosts", "--format", "json", *extra])
    out = capsys.readouterr().out
    return rc, json.loads(out)


def test_audit_reports_each_place_and_checks_each_url_once(
    tmp_path: Path, web: Behave, github: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path, web.port)
    before_ok = web.path_hits("/ok")
    rc, data = audit(root, "--no-cache", "--notices", capsys=capsys)
    assert rc == 1
    by_rule = {(f["rule"], f["line"]): f for f in data["findings"]}
    broken = by_rule[("broken-link", 9)]
    assert broken["url"] == f"http://127.0.0.1:{web.port}/missing" and broken["path"] == "iaas/20240101.md"
    assert broken["col"] > 1
    assert ("redirected-link", 10) in by_rule
    assert ("missing-issue", 12) in by_rule and "scs/standards/issues/404" in by_rule[("missing-issue", 12)]["url"]
    assert by_rule[("reference-kind-mismatch", 13)]["severity"] == "notice"
    # /ok and /ok#frag are one URL: one request, plus one at the end of the redirect chain
    assert web.path_hits("/ok") - before_ok == 2
    assert data["summary"]["unique_urls"] == 3 and github.calls["graphql"] == 1
    jsonschema = pytest.importorskip("jsonschema")
    from importlib.resources import files

    schema = json.loads(files("minutes_ci.schemas").joinpath("findings.schema.json").read_text())
    jsonschema.validate(data, schema)  # the audit's JSON is the shared findings format, extended


def test_notices_hidden_by_default(tmp_path: Path, web: Behave, github: StandIn,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    rc, data = audit(make_repo(tmp_path, web.port), "--no-cache", capsys=capsys)
    assert rc == 1 and {f["severity"] for f in data["findings"]} == {"error"}


def test_second_audit_is_served_from_cache(tmp_path: Path, web: Behave, github: StandIn,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    root = make_repo(repo, web.port, "links:\n  rot:\n    failures: 1\n")
    cache = str(tmp_path / "cache.json")
    rc1, first = audit(root, "--cache", cache, capsys=capsys)
    hits, calls = sum(web.hits.values()), sum(github.calls.values())
    rc2, second = audit(root, "--cache", cache, capsys=capsys)
    assert rc1 == rc2 == 1 and first["findings"] == second["findings"]
    assert sum(web.hits.values()) == hits and sum(github.calls.values()) == calls
    assert second["summary"]["from_cache"] == 3 and second["summary"]["requests"] == 0


def test_link_rot_needs_consecutive_failures(tmp_path: Path, web: Behave, github: StandIn,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    root = make_repo(repo, web.port, "links:\n  rot:\n    failures: 2\n  cache:\n    ttl-error: 0\n")
    cache = str(tmp_path / "cache.json")
    _, first = audit(root, "--cache", cache, "--notices", "--no-github", capsys=capsys)
    rules = {f["rule"] for f in first["findings"] if f["line"] == 9}
    assert rules == {"failing-link"}
    rc, second = audit(root, "--cache", cache, "--no-github", capsys=capsys)
    assert rc == 1 and [f["rule"] for f in second["findings"] if f["line"] == 9] == ["broken-link"]
    state = json.loads(Path(cache).read_text())
    assert state["urls"][f"http://127.0.0.1:{web.port}/missing"]["history"]["failures"] == 2


def test_markdown_report_groups_by_file(tmp_path: Path, web: Behave, github: StandIn,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path, web.port)
    rc = main(["audit", "--root", str(root), "--allow-private-hosts", "--no-cache"])
    out = capsys.readouterr().out
    assert rc == 1 and "## `iaas/20240101.md`" in out and "| 9:" in out and "broken-link" in out


def test_rate_limited_github_stops_cleanly(tmp_path: Path, web: Behave, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with serve_github(StandIn(World(auto=10), limit=0, token=TOKEN)) as srv:
        monkeypatch.setenv("GITHUB_API_URL", srv.url)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        root = make_repo(tmp_path, web.port)
        (root / "iaas" / "20240101.md").write_text("# 2024-01-01\n\n- see standards#3 and standards#4\n")
        rc = main(["audit", "--root", str(root), "--no-cache", "--format", "json"])
        captured = capsys.readouterr()
        assert rc == 3
        assert "rate limit" in captured.err and "Traceback" not in captured.err and TOKEN not in captured.err
        assert json.loads(captured.out)["summary"]["github_stopped"]
        assert srv.calls["graphql"] <= 1


def test_check_online_reports_through_the_shared_reporters(tmp_path: Path, web: Behave, github: StandIn,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path, web.port)
    rc = main(["check", "--online", "--root", str(root), "--allow-private-hosts", "--no-cache"])
    out = capsys.readouterr().out
    assert rc == 1 and "iaas/20240101.md:9:" in out and "broken-link" in out


def test_private_links_refused_by_default(tmp_path: Path, web: Behave, github: StandIn,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path, web.port)
    before = sum(web.hits.values())
    rc = main(["audit", "--root", str(root), "--no-cache", "--no-github", "--notices", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 0 and sum(web.hits.values()) == before
    assert {f["rule"] for f in data["findings"]} == {"private-link"}


class Uploads(Behave):
    async def handle(self, request):  # type: ignore[no-untyped-def]
        from aiohttp import web as aioweb

        if request.path == "/uploads/good.png":
            return aioweb.Response(body=PNG, content_type="image/png")
        if request.path == "/uploads/login.png":  # a deleted note: HTML with status 200
            return aioweb.Response(text="<!DOCTYPE html><html>sign in</html>", content_type="text/html")
        return await super().handle(request)


def test_vendor_images(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve(Uploads()) as srv:
        up = f"http://127.0.0.1:{srv.port}/uploads"
        (tmp_path / ".minutes-ci.yaml").write_text("upload-hosts: [127.0.0.1]\n")
        (tmp_path / "community-call").mkdir()
        deck = tmp_path / "community-call" / "20240104.md"
        deck.write_text(f"# Deck\n\n![a]({up}/good.png) and ![b]({up}/good.png)\n\n![c]({up}/login.png)\n")
        rc = main(["fix", "--vendor-images", "--rewrite", "--allow-private-hosts", "--root", str(tmp_path)])
        captured = capsys.readouterr()
    assert rc == 1
    assert (tmp_path / "community-call" / "good.png").read_bytes() == PNG
    assert not (tmp_path / "community-call" / "login.png").exists()
    assert "community-call/20240104.md:5:" in captured.err and "html page" in captured.err
    assert "git add community-call/20240104.md community-call/good.png" in captured.out
    text = deck.read_text()
    assert "![a](./good.png) and ![b](./good.png)" in text and f"{up}/login.png" in text


def test_vendor_refuses_private_hosts_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve(Uploads()) as srv:
        (tmp_path / ".minutes-ci.yaml").write_text("upload-hosts: [127.0.0.1]\n")
        (tmp_path / "x").mkdir()
        (tmp_path / "x" / "20240104.md").write_text(f"![a](http://127.0.0.1:{srv.port}/uploads/good.png)\n")
        rc = main(["fix", "--vendor-images", "--root", str(tmp_path)])
        err = capsys.readouterr().err
        assert rc == 1 and "private address" in err and sum(srv.hits.values()) == 0


@pytest.mark.parametrize("command", ["audit", "check"])
def test_bad_links_config_is_a_usage_error(tmp_path: Path, web: Behave, command: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path, web.port, "links:\n  exclude: ['(']\n")
    extra = ["--online"] if command == "check" else []
    rc = main([command, *extra, "--root", str(root), "--no-cache", "--no-github"])
    err = capsys.readouterr().err
    assert rc == 2 and "bad pattern" in err and "Traceback" not in err


def test_github_pages_are_confirmed_through_the_api_not_fetched(
    tmp_path: Path, github: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".minutes-ci.yaml").write_text("default-owner: scs\n")
    (tmp_path / "iaas").mkdir()
    (tmp_path / "iaas" / "20240101.md").write_text(
        "# 2024-01-01\n\n- [std](https://github.com/scs/standards/blob/main/Standards/x.md)\n"
        "- <https://github.com/scs/standards/tree/main/Tests>\n")
    rc, data = audit(tmp_path, "--no-cache", capsys=capsys)
    assert rc == 0 and data["findings"] == []
    assert data["summary"]["requests"] == 0 and github.calls["graphql"] == 1


def test_check_users_reports_unknown_handles(tmp_path: Path, github: StandIn,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    github.world.users = {"alice"}
    (tmp_path / ".minutes-ci.yaml").write_text("default-owner: scs\ngithub:\n  check-users: true\n")
    (tmp_path / "iaas").mkdir()
    (tmp_path / "iaas" / "20240101.md").write_text("# 2024-01-01\n\n## Participants\n\n- @alice\n- @nobody-here\n")
    rc, data = audit(tmp_path, "--no-cache", capsys=capsys)
    unknown = [f for f in data["findings"] if f["rule"] == "unknown-user"]
    assert [(f["line"], f["message"]) for f in unknown] == [(6, "@nobody-here is not a GitHub user")]
    assert rc == 0 and github.calls["graphql"] == 1


def test_audit_names_owners_and_offline_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    (tmp_path / ".minutes-ci.yaml").write_text("default-owner: scs\n")
    (tmp_path / "iaas").mkdir()
    (tmp_path / "iaas" / "20240101.md").write_text("# 2024-01-01\n\n![shot](missing-shot.png)\n")
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ada Owner", "GIT_AUTHOR_EMAIL": "ada@example.invalid",
           "GIT_COMMITTER_NAME": "Ada Owner", "GIT_COMMITTER_EMAIL": "ada@example.invalid"}
    for cmd in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "minutes"]):
        subprocess.run(["git", "-C", str(tmp_path), *cmd], check=True, env=env, capture_output=True)
    rc, data = audit(tmp_path, "--no-cache", "--no-github", capsys=capsys)
    [finding] = data["findings"]
    assert rc == 1 and finding["rule"] == "missing-link-target" and finding["line"] == 3
    assert finding["url"] == "missing-shot.png" and finding["owner"] == "Ada Owner"


def test_audit_obeys_configured_severities_and_inline_suppressions(
        tmp_path: Path, web: Behave, github: StandIn, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path, web.port, "rules:\n  private-link: {severity: warning}\n")
    doc = root / "iaas" / "20240101.md"
    text = doc.read_text(encoding="utf-8").replace(
        "- moved", "<!-- minutes-ci disable-next-line private-link -->\n- moved")
    doc.write_text(text, encoding="utf-8")
    rc = main(["audit", "--root", str(root), "--no-cache", "--no-github", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    private = [f for f in data["findings"] if f["rule"] == "private-link"]
    assert rc == 0 and private and all(f["severity"] == "warning" and f.get("url") for f in private)
    assert {f["line"] for f in private} == {9, 12}  # line 11 (the redirect) is suppressed by the comment


def test_check_online_max_duration_flag_marks_the_rest_not_checked(
        tmp_path: Path, web: Behave, github: StandIn, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path, web.port)
    with (root / "iaas" / "20240101.md").open("a", encoding="utf-8") as f:
        f.write(f"- late <http://127.0.0.1:{web.port}/slow>\n")  # line 14: answers after 3 s
    rc = main(["check", "--online", "--root", str(root), "--allow-private-hosts", "--no-cache",
               "--max-duration", "1", "--format", "json"])
    found = json.loads(capsys.readouterr().out)["findings"]
    late = [f for f in found if f["line"] == 14]
    assert rc == 1 and [f["rule"] for f in late] == ["link-not-checked"]
    assert "links.max-duration 1 s" in late[0]["message"]


@pytest.mark.parametrize("value", ["0", "-3", "nan", "inf", "soon"])
def test_check_online_max_duration_must_be_positive_seconds(
        tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--online", "--root", str(tmp_path), "--max-duration", value])
    assert exc.value.code == 2 and "--max-duration" in capsys.readouterr().err
