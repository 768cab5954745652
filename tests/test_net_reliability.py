"""The online checks never cry wolf: transient is not broken, an outage is not link rot, every
unchecked link or reference is a visible finding. Real loopback servers; host names come from a
stand-in resolver that counts its lookups."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from minutes_ci.checks.rules._links import upload_name
from minutes_ci.cli import main
from minutes_ci.net import http as net_http
from minutes_ci.net.audit import _formats
from minutes_ci.net.http import check_urls
from minutes_ci.net.progress import Counts, Progress
from minutes_ci.net.result import BROKEN, OK, UNCHECKED
from minutes_ci.net.settings import LinkSettings, SettingsError, link_settings

sys.path.insert(0, os.path.dirname(__file__))  # the loopback servers live in tests/servers
from servers.github_standin import Item, StandIn, World
from servers.github_standin import serve as serve_github
from servers.loop import run_app

TOKEN = "t0ken-s3cret"


class CountingResolver(AbstractResolver):
    """Names in ``table`` resolve to 127.0.0.1; ``nxdomain`` names get an authoritative "no such
    name"; every other name fails the way a dead resolver does (EAI_AGAIN) after ``delay``."""

    def __init__(self, table: set[str], nxdomain: set[str] = frozenset(), delay: float = 0.05) -> None:  # type: ignore[assignment]
        self.table, self.nxdomain, self.delay = table, nxdomain, delay
        self.calls: Counter[str] = Counter()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        self.calls[host] += 1
        await asyncio.sleep(self.delay)
        if host in self.table:
            entry: ResolveResult = {"hostname": host, "host": "127.0.0.1", "port": port, "family": socket.AF_INET,
                                    "proto": 0, "flags": socket.AI_NUMERICHOST}
            return [entry]
        if host in self.nxdomain:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    async def close(self) -> None:
        return None


@pytest.fixture()
def hanging() -> Iterator[int]:
    """A server that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        sock.close()


@pytest.fixture()
def web_server() -> Iterator[tuple[int, Counter[tuple[str, str]]]]:
    """/ok 200; /head404 answers HEAD 404 and GET 200; /missing 404 to both; /slow/N sleeps 2 s."""
    hits: Counter[tuple[str, str]] = Counter()

    async def handle(request: web.Request) -> web.StreamResponse:
        hits[(request.method, request.path)] += 1
        if request.path == "/head404":
            return web.Response(status=404 if request.method == "HEAD" else 200)
        if request.path.startswith("/slow"):
            await asyncio.sleep(2)
        if request.path == "/missing":
            return web.Response(status=404)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    with run_app(app) as port:
        yield port, hits


def use_resolver(monkeypatch: pytest.MonkeyPatch, resolver: AbstractResolver) -> None:
    # the CLI builds its own resolver; the stand-in takes the place of the system one
    monkeypatch.setattr(net_http.aiohttp, "ThreadedResolver", lambda *a, **kw: resolver)


def write_repo(root: Path, lines: list[str], config: str = "") -> Path:
    (root / "iaas").mkdir(parents=True, exist_ok=True)
    (root / ".minutes-ci.yaml").write_text("default-owner: scs\n" + config, encoding="utf-8")
    body = "".join(f"- {line}\n" for line in lines)
    text = f"# 2024-01-01\n\n## Participants\n\n- @alice\n\n## Agenda\n\n{body}"
    (root / "iaas" / "20240101.md").write_text(text, encoding="utf-8")
    return root


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str], report: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    rc = main([*argv, "--format", f"json={report}"])
    capsys.readouterr()
    return rc, json.loads(report.read_text(encoding="utf-8"))


def rules_of(data: dict) -> Counter[str]:  # type: ignore[type-arg]
    return Counter(f["rule"] for f in data["findings"])


def outage_repo(root: Path, port: int) -> tuple[Path, CountingResolver]:
    dead = [f"host{i}.example" for i in range(20)]
    lines = [f"<https://{h}/page/{j}>" for h in dead for j in range(10)]  # 200 URLs on 20 hosts
    lines.append(f"<http://hang.example:{port}/never>")
    return write_repo(root, lines, "links:\n  timeout: 1\n"), CountingResolver({"hang.example"})


def test_outage_is_not_link_rot(tmp_path: Path, hanging: int, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    root, resolver = outage_repo(tmp_path / "repo", hanging)
    use_resolver(monkeypatch, resolver)
    cache = tmp_path / "cache.json"
    started = time.monotonic()
    rc, data = run_json(["check", "--online", "--no-github", "--allow-private-hosts", "--no-cache",
                         "--root", str(root)], capsys, tmp_path / "check.json")
    assert rc == 3 and "broken-link" not in rules_of(data)
    assert rules_of(data)["link-not-checked"] == 201
    assert max(resolver.calls.values()) == 1 and len(resolver.calls) == 21  # one lookup per host
    for run in (1, 2):  # two audits with a cache: still nothing broken, nothing failing
        resolver.calls.clear()
        rc, data = run_json(["audit", "--no-github", "--allow-private-hosts", "--notices", "--cache", str(cache),
                             "--root", str(root)], capsys, tmp_path / f"audit{run}.json")
        assert rc == 3, run
        assert not {"broken-link", "failing-link"} & set(rules_of(data)), run
        assert data["summary"]["outage"] and "outage" in data["summary"]["outage"]
        assert max(resolver.calls.values()) == 1
    assert time.monotonic() - started < 30  # each run waits one timeout at most, not one per URL
    history = json.loads(cache.read_text())["urls"]
    assert all(e.get("history", {}).get("failures", 0) == 0 for e in history.values())


def test_definite_nxdomain_counts_only_across_audits(tmp_path: Path, web_server: tuple[int, Counter[tuple[str, str]]],
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    port, _ = web_server
    lines = [f"<http://good.example:{port}/ok/{i}>" for i in range(8)] + ["<https://typo.example/x>"]
    root = write_repo(tmp_path / "repo", lines)
    resolver = CountingResolver({"good.example"}, nxdomain={"typo.example"})
    use_resolver(monkeypatch, resolver)
    cache = tmp_path / "cache.json"
    argv = ["audit", "--no-github", "--allow-private-hosts", "--notices", "--cache", str(cache), "--root", str(root)]
    rc, data = run_json(argv, capsys, tmp_path / "a1.json")
    assert rc == 0 and rules_of(data)["failing-link"] == 1 and not data["summary"]["outage"]
    data_cache = json.loads(cache.read_text())
    for entry in data_cache["urls"].values():
        entry["result"]["checked_at"] = 0  # the next nightly audit: the entries have expired
    cache.write_text(json.dumps(data_cache))
    rc, data = run_json(argv, capsys, tmp_path / "a2.json")
    assert rc == 1 and rules_of(data)["broken-link"] == 1
    assert [f["url"] for f in data["findings"] if f["rule"] == "broken-link"] == ["https://typo.example/x"]


def test_dead_host_costs_one_timeout_not_one_per_url(hanging: int) -> None:
    urls = [f"http://127.0.0.1:{hanging}/p{i}" for i in range(40)]
    s = LinkSettings(allow_private=True, timeout=0.5, backoff=0.01, per_host=4)
    started = time.monotonic()
    results, requests = check_urls(urls, s, progress=False)
    assert time.monotonic() - started < 10
    assert all(r.status == UNCHECKED and r.transient for r in results.values())
    assert requests <= 8  # the first wave; the rest is not asked again
    assert any("did not answer earlier" in r.reason for r in results.values())


def test_head_404_is_confirmed_with_get(web_server: tuple[int, Counter[tuple[str, str]]]) -> None:
    port, hits = web_server
    base = f"http://127.0.0.1:{port}"
    results, requests = check_urls([f"{base}/head404", f"{base}/missing", f"{base}/ok"],
                                   LinkSettings(allow_private=True, timeout=2), progress=False)
    assert results[f"{base}/head404"].status == OK
    assert results[f"{base}/missing"].status == BROKEN and results[f"{base}/missing"].code == 404
    assert hits[("GET", "/missing")] == 1 and hits[("GET", "/ok")] == 0
    assert requests == 5  # HEAD for each, GET only for the two HEAD 404s


def test_time_budget_leaves_the_rest_not_checked(web_server: tuple[int, Counter[tuple[str, str]]]) -> None:
    port, _ = web_server
    urls = [f"http://127.0.0.1:{port}/slow/{i}" for i in range(6)]
    s = LinkSettings(allow_private=True, timeout=5, per_host=2, max_duration=1)
    started = time.monotonic()
    results, _ = check_urls(urls, s, progress=False)
    assert time.monotonic() - started < 5
    assert all(r.status == UNCHECKED and "links.max-duration" in r.reason for r in results.values())


def test_settings_for_retries_retry_after_duration_and_policy() -> None:
    s = link_settings({"links": {"retries": 3, "max-retry-after": 7, "max-duration": 60, "not-checked": "fail",
                                 "outage": {"share": 0.8, "hosts": 5}}})
    assert (s.retries, s.max_retry_after, s.max_duration, s.not_checked) == (3, 7.0, 60.0, "fail")
    assert (s.outage_share, s.outage_hosts) == (0.8, 5)
    with pytest.raises(SettingsError, match="not-checked"):
        link_settings({"links": {"not-checked": "maybe"}})


def test_progress_bar_on_a_terminal_and_lines_in_a_log() -> None:
    counts = Counts(urls=10, urls_done=4, hosts=3, hosts_done=1, requests=7)
    tty, log = io.StringIO(), io.StringIO()
    Progress(counts, tty, tty=True).draw()
    Progress(counts, log, tty=False).draw()
    assert tty.getvalue().startswith("\r[") and "6 left" in tty.getvalue()
    assert log.getvalue() == log.getvalue().strip() + "\n" and "1/3 hosts done" in log.getvalue()
    assert "7 requests sent" in log.getvalue() and "\r" not in log.getvalue()


def test_audit_writes_text_on_a_terminal() -> None:
    assert _formats(None, terminal=True) == [("text", None)]
    assert _formats(None, terminal=False) == [("markdown", None)]


def test_upload_hosts_with_a_port_match() -> None:
    url = "https://pad.example:8443/uploads/img.png"
    assert upload_name(url, ("pad.example:8443",)) == "img.png"
    assert upload_name(url, ("pad.example:9000",)) is None  # another port is another server
    assert upload_name(url, ("pad.example",)) == "img.png"  # a name alone matches every port
    assert upload_name("https://pad.example/uploads/a.png", ("pad.example:443",)) == "a.png"


# ---- GitHub: unreachable, rate limited, no token

REF_LINES = ["[standards#1](https://github.com/scs/standards/issues/1)", "see standards#2 and standards#3"]


@pytest.fixture()
def world() -> World:
    w = World()
    for n in (1, 2, 3):
        w.items[("scs", "standards", n)] = Item("Issue")
    return w


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.mark.parametrize("case", ["unreachable", "rate-limited", "no-token"])
def test_github_gaps_are_findings(case: str, tmp_path: Path, world: World, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = write_repo(tmp_path / "repo", REF_LINES)
    monkeypatch.delenv("GH_TOKEN", raising=False)
    limit = 0 if case == "rate-limited" else (1 if case == "no-token" else 5000)
    with serve_github(StandIn(world, limit=limit, token=TOKEN)) as srv:
        api = f"http://127.0.0.1:{closed_port()}" if case == "unreachable" else srv.url
        monkeypatch.setenv("GITHUB_API_URL", api)
        if case == "no-token":
            monkeypatch.delenv("GITHUB_TOKEN", raising=False)
        else:
            monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        rc, data = run_json(["audit", "--no-cache", "--root", str(root)], capsys, tmp_path / "a.json")
        assert rc == 3
        gaps = [f for f in data["findings"] if f["rule"] == "reference-not-checked"]
        assert len(gaps) >= (3 if case != "no-token" else 1)  # one per place, not one summary line
        reason = {"unreachable": "cannot reach", "rate-limited": "rate limit", "no-token": "no GITHUB_TOKEN"}[case]
        assert all(reason in f["message"] for f in gaps), gaps
        # check --online: the same findings in the text report, as warnings (exit 0 by default) ...
        rc = main(["check", "--online", "--no-cache", "--root", str(root)])
        out = capsys.readouterr().out
        assert rc == 0 and "reference-not-checked" in out
        # ... and `links.not-checked: fail` makes them fail the run
        (root / ".minutes-ci.yaml").write_text("default-owner: scs\nlinks:\n  not-checked: fail\n")
        assert main(["check", "--online", "--no-cache", "--root", str(root)]) == 1
        assert main(["audit", "--no-cache", "--root", str(root)]) == 1
        (root / ".minutes-ci.yaml").write_text("default-owner: scs\nlinks:\n  not-checked: pass\n")
        assert main(["audit", "--no-cache", "--root", str(root)]) == 0
        capsys.readouterr()


def test_own_repository_references_and_quiet_redirect_logs(tmp_path: Path, world: World,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str],
                                                           caplog: pytest.LogCaptureFixture) -> None:
    world.items[("scs", "minutes", 8)] = Item("PullRequest")
    world.transferred[("scs", "standards", 5)] = ("scs", "standards", 1)
    root = write_repo(tmp_path / "repo", ["PR#8 and PR#9", "[old](https://github.com/scs/standards/issues/5)"],
                      "repository: scs/minutes\n")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.delenv("GH_TOKEN", raising=False)
    with serve_github(StandIn(world, token=TOKEN)) as srv:
        monkeypatch.setenv("GITHUB_API_URL", srv.url)
        caplog.set_level(logging.INFO)
        logging.getLogger("github").setLevel(logging.NOTSET)
        rc, data = run_json(["audit", "--no-cache", "--root", str(root)], capsys, tmp_path / "a.json")
    missing = [f for f in data["findings"] if f["rule"] == "missing-issue"]
    assert rc == 1 and len(missing) == 1 and "scs/minutes#9" in missing[0]["message"]
    assert rules_of(data)["moved-issue"] == 1  # the 301 was followed ...
    assert not [r for r in caplog.records if "Following Github server redirection" in r.getMessage()]  # ... quietly


def test_audit_fail_on_and_baseline(tmp_path: Path, web_server: tuple[int, Counter[tuple[str, str]]],
                                    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    port, _ = web_server
    root = write_repo(tmp_path / "repo", [f"<http://good.example:{port}/missing>", "[gone](nothere.md)"])
    use_resolver(monkeypatch, CountingResolver({"good.example"}))
    base = ["audit", "--no-github", "--allow-private-hosts", "--no-cache", "--root", str(root)]
    assert main(base) == 1
    assert main([*base, "--fail-on", "never"]) == 0
    assert main(["baseline", "--root", str(root), "--baseline", str(tmp_path / "b.json")]) == 0
    # the baseline holds the offline finding; the online broken link is new and still fails
    rc, data = run_json([*base, "--baseline", str(tmp_path / "b.json")], capsys, tmp_path / "a.json")
    assert rc == 1 and set(rules_of(data)) == {"broken-link"}
    (tmp_path / "bad.json").write_text("{}")
    assert main([*base, "--baseline", str(tmp_path / "bad.json")]) == 2
    capsys.readouterr()



def test_a_dead_resolver_is_not_asked_for_every_host() -> None:
    # a runner without DNS: the first lookups all fail, the remaining hosts are not looked up at all
    resolver = CountingResolver(set(), delay=0.2)
    urls = [f"https://h{i}.example/" for i in range(200)]
    s = LinkSettings(timeout=2, dns_concurrency=8)
    started = time.monotonic()
    results, requests = check_urls(urls, s, resolver, progress=False)
    assert time.monotonic() - started < 10 and requests == 0
    assert sum(resolver.calls.values()) <= 16 + 8  # the first round(s), not 200
    assert all(r.status == UNCHECKED and r.transient for r in results.values())
    assert any("is DNS down?" in r.reason for r in results.values())


def test_hosts_that_resolve_keep_the_resolver_trusted(web_server: tuple[int, Counter[tuple[str, str]]]) -> None:
    port, _ = web_server
    names = {f"ok{i}.example" for i in range(3)}
    resolver = CountingResolver(names, nxdomain={f"nx{i}.example" for i in range(40)}, delay=0.01)
    urls = [f"http://{n}:{port}/ok" for n in sorted(names)] + [f"http://nx{i}.example/" for i in range(40)]
    s = LinkSettings(allow_private=True, timeout=2, dns_concurrency=1)  # one at a time: the good names first
    results, _ = check_urls(urls, s, resolver, progress=False)
    assert sum(resolver.calls.values()) == 43  # each host once, none skipped
    assert sum(r.nxdomain for r in results.values()) == 40


def test_check_online_does_not_fail_a_pull_request_on_nxdomain(
        tmp_path: Path, web_server: tuple[int, Counter[tuple[str, str]]], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    port, _ = web_server
    root = write_repo(tmp_path / "repo", [f"<http://good.example:{port}/ok>", f"<http://good.example:{port}/missing>",
                                          "<https://typo.example/x>"])
    use_resolver(monkeypatch, CountingResolver({"good.example"}, nxdomain={"typo.example"}))
    argv = ["check", "--online", "--no-github", "--allow-private-hosts", "--no-cache", "--root", str(root)]
    rc, data = run_json(argv, capsys, tmp_path / "c.json")
    by_rule = {f["rule"]: f["message"] for f in data["findings"]}
    assert rc == 1 and "/missing" in by_rule["broken-link"]  # a 404 is definite: reported at once
    assert "typo.example" in by_rule["link-not-checked"] and "NXDOMAIN" in by_rule["link-not-checked"]


def test_without_a_token_a_404_is_not_a_missing_issue(tmp_path: Path, world: World, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # without a token GitHub hides a private repository behind the same 404
    root = write_repo(tmp_path / "repo", ["standards#1 and standards#4"])
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.delenv("GH_TOKEN", raising=False)
    with serve_github(StandIn(world, token=TOKEN)) as srv:
        monkeypatch.setenv("GITHUB_API_URL", srv.url)
        rc, data = run_json(["audit", "--no-cache", "--root", str(root)], capsys, tmp_path / "a.json")
    assert rc == 3 and "missing-issue" not in rules_of(data)
    [gap] = [f for f in data["findings"] if f["rule"] == "reference-not-checked"]
    assert "standards#4" in gap["message"] and "no GITHUB_TOKEN" in gap["message"]


def test_a_host_whose_head_lies_gets_get_straight_away(web_server: tuple[int, Counter[tuple[str, str]]]) -> None:
    port, hits = web_server
    urls = [f"http://127.0.0.1:{port}/head404?n={i}" for i in range(10)]
    checker = net_http.Checker(LinkSettings(allow_private=True, timeout=2), progress=False)

    async def two_batches() -> list[dict[str, object]]:
        return [await checker.run(urls[:2]), await checker.run(urls[2:])]

    first, rest = asyncio.run(two_batches())
    assert all(r.status == OK for r in [*first.values(), *rest.values()])  # type: ignore[attr-defined]
    assert hits[("HEAD", "/head404")] == 2 and checker.requests == 12  # two lessons, then GET only


def test_a_silent_host_gets_one_timeout_not_one_per_retry(hanging: int) -> None:
    s = LinkSettings(allow_private=True, timeout=1, retries=3, backoff=0.01)
    started = time.monotonic()
    results, requests = check_urls([f"http://127.0.0.1:{hanging}/only"], s, progress=False)
    assert requests == 1 and time.monotonic() - started < 3.5
    assert results[f"http://127.0.0.1:{hanging}/only"].reason.startswith("timed out")
