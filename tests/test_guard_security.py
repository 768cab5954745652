"""Nothing in a pull request can point the runner's requests or its token elsewhere.

* the private-address guard, on every spelling of a loopback or private host a client accepts
  (unit battery), at connect time (a real connector against a real 127.0.0.1 server), and end to
  end: ``check --online`` and ``audit`` on links to Unicode and shorthand loopback hosts send
  nothing to the loopback server that those links name;
* settings that decide where the token goes (``github.api-url``) or whether private hosts may be
  fetched (``links.allow-private-hosts``) are refused in ``.minutes-ci.yaml``, so a pull request
  cannot make the Action send its token to a server of its choosing;
* the CLI child of an offline check and of publish never gets a token in its environment.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from conftest import git, write
from minutes_ci.cli import main as cli_main
from minutes_ci.net.guard import (
    GuardedResolver,
    PrivateAddressError,
    StaticResolver,
    guarded_connector,
    guarded_socket,
    is_private,
    literal_private,
    url_is_private,
)
from minutes_ci.net.settings import github_settings, link_settings

# ---------------------------------------------------------------- a loopback server that counts


@dataclass
class Recorder:
    """Every connection accepted and every request (path, Authorization header) received."""

    port: int = 0
    connections: int = 0
    requests: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    recorder: Recorder

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.recorder.lock:
            self.recorder.connections += 1
        super().process_request(request, client_address)


class _IPv6Server(_Server):
    address_family = socket.AF_INET6


def _handler(rec: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _answer(self) -> None:
            with rec.lock:
                rec.requests.append((self.path, self.headers.get("Authorization", "")))
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            body = b"{}"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_HEAD = do_POST = do_PATCH = _answer

    return Handler


def _serve(rec: Recorder, cls: type[_Server], host: str) -> Iterator[Recorder]:
    server = cls((host, 0), _handler(rec))
    server.recorder = rec
    rec.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def loop4() -> Iterator[Recorder]:
    yield from _serve(Recorder(), _Server, "127.0.0.1")


@pytest.fixture
def loop6() -> Iterator[Recorder | None]:
    try:
        probe = socket.socket(socket.AF_INET6)
        probe.bind(("::1", 0))
        probe.close()
    except OSError:
        yield None  # no IPv6 loopback here: the IPv6 forms are still checked against loop4
        return
    yield from _serve(Recorder(), _IPv6Server, "::1")


# ---------------------------------------------------------------- unit battery: host forms

LOOPBACK_FORMS = [
    "127.0.0.1", "127。0。0。1", "127．0．0．1", "127｡0｡0｡1", "１２７.０.０.１", "127.0.0.１", "①②⑦.0.0.1",
    "127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.1", "0x7f.0.0.1", "0177.0.0.1", "0177.1",
    "127.000.000.001", "127.0.0.1.", "127.255.255.254", "0", "0.0.0.0", "0x0",
    "localhost", "localhost.", "LOCALHOST", "LocalHost.", "foo.localhost", "a.b.localhost.", "ⓛⓞⓒⓐⓛⓗⓞⓢⓣ",
    "ｌｏｃａｌｈｏｓｔ", "localhost.localdomain", "ip6-localhost",
    "%31%32%37.0.0.1", "127%2e0%2e0%2e1", "%6c%6f%63%61%6c%68%6f%73%74",
    "[::1]", "::1", "[0:0:0:0:0:0:0:1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]",
    "[::ffff:0:7f00:1]", "[fe80::1%25eth0]", "[fe80::1]", "[64:ff9b::7f00:1]", "[64:ff9b::a00:1]",
    "[2002:7f00:1::]", "[2002:a9fe:a9fe::1]", "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",
    "[2001:0:7f00:1::1]",
]
PRIVATE_FORMS = [
    "10.0.0.1", "10.1", "167772161", "172.16.0.1", "172.31.255.255", "192.168.1.1", "192.168.257",
    "169.254.169.254", "169.254.43518", "0xa9fea9fe", "１６９.２５４.１６９.２５４", "169。254。169。254",
    "100.64.0.1", "100.127.255.254", "192.0.0.1", "192.0.0.170", "198.18.0.1", "198.19.255.255",
    "192.0.2.1", "198.51.100.7", "203.0.113.9", "240.0.0.1", "255.255.255.255", "224.0.0.1",
    "239.255.255.250", "[fc00::1]", "[fd12:3456::1]", "[fec0::1]", "[ff02::1]", "[2001:db8::1]",
    "[::ffff:10.0.0.1]", "[::ffff:a9fe:a9fe]", "[64:ff9b::a9fe:a9fe]", "[2002:c0a8:101::1]",
    "1.2.3.4.5", "256.1.1.1", "0x100000000", "[::ffff:127.1]",
    # cousins: mathematical digits, full-width hex and brackets, circled numbers, tabs, long forms
    "𝟏𝟐𝟕.𝟎.𝟎.𝟏", "０ｘ７ｆ.１", "［::1］", "127。1", "⑯⑨.254.169.254", "LOCALHOST。", "localhost%2e",
    "12\t7.0.0.1", "0X7F.1", "0x7f.0x0.0x0.0x1", "0x00007f.1", "00000177.0.0.1", "017700000001",
    "[::FFFF:127.0.0.1]", "[0000:0000:0000:0000:0000:ffff:7f00:0001]", "[::1%lo]", "[::ffff:169.254.169.254]",
]
PUBLIC_FORMS = [
    "example.com", "github.com", "api.github.com", "8.8.8.8", "1.1.1.1", "93.184.216.34", "[2606:4700::1111]",
    "[2002:808:808::1]", "bücher.example", "xn--bcher-kva.example", "localhost.example.com",
    "mylocalhost", "127.example.com", "0x7f.example.com", "1.2.3.example",
]


@pytest.mark.parametrize("host", LOOPBACK_FORMS + PRIVATE_FORMS)
def test_private_host_forms_are_refused(host: str) -> None:
    assert literal_private(host.strip("[]") if host.startswith("[") else host), host
    assert url_is_private(f"http://{host}:8080/x"), host
    assert url_is_private(f"https://user:pw@{host}/x?y#z"), host


@pytest.mark.parametrize("host", PUBLIC_FORMS)
def test_public_hosts_are_not_refused(host: str) -> None:
    assert not literal_private(host.strip("[]")), host
    assert not url_is_private(f"https://{host}/path"), host


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "::1", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "fe80::1%eth0",
     "100.64.0.1", "192.0.0.8", "198.18.0.1", "240.0.0.1", "0.0.0.0", "::", "2001:db8::1", "127.1"],
)
def test_is_private_on_addresses(address: str) -> None:
    assert is_private(address)


def test_is_private_keeps_public_addresses_and_names() -> None:
    assert not is_private("8.8.8.8") and not is_private("2606:4700::1111")
    assert not is_private("example.com")  # a name is no address: the resolver's answer is checked


def test_parser_differences_cannot_hide_a_host() -> None:
    # urllib and yarl agree on these; if one of them saw a host the other did not, it is refused
    for url in ("http://example.com@127.0.0.1/", "http://127.0.0.1#@example.com/",
                "http://a:b@127。0。0。1:80/", "HTTP://LOCALHOST/"):
        assert url_is_private(url), url
    assert not url_is_private("mailto:someone@example.com")
    assert url_is_private("http://[::1/")  # unreadable: which host it means is not known


# ---------------------------------------------------------------- resolver and connect time


class _Fixed(StaticResolver):
    def __init__(self, answers: list[str]) -> None:
        super().__init__({})
        self.answers = answers
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[Any]:
        self.asked.append(host)
        return [{"hostname": host, "host": a, "port": port, "family": family, "proto": 0, "flags": 0}
                for a in self.answers]


def test_guarded_resolver_refuses_private_answers_and_drops_them_from_a_mix() -> None:
    async def go() -> None:
        with pytest.raises(PrivateAddressError):
            await GuardedResolver(_Fixed(["127.0.0.1", "::ffff:10.0.0.1"])).resolve("evil.example", 80)
        with pytest.raises(PrivateAddressError):
            await GuardedResolver(_Fixed(["64:ff9b::a9fe:a9fe"])).resolve("nat64.example", 80)
        mixed = await GuardedResolver(_Fixed(["10.0.0.1", "93.184.216.34"])).resolve("mixed.example", 80)
        assert [r["host"] for r in mixed] == ["93.184.216.34"]
        inner = _Fixed(["93.184.216.34"])
        with pytest.raises(PrivateAddressError):
            await GuardedResolver(inner).resolve("ⓛⓞⓒⓐⓛⓗⓞⓢⓣ", 80)
        assert inner.asked == []  # a loopback name is refused before any lookup

    asyncio.run(go())


def test_socket_factory_refuses_the_address_about_to_be_connected() -> None:
    for address in [("127.0.0.1", 80), ("::ffff:127.0.0.1", 80, 0, 0), ("169.254.169.254", 80)]:
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        with pytest.raises(PrivateAddressError):
            guarded_socket((family, socket.SOCK_STREAM, 6, "", address))
    sock = guarded_socket((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80)))
    sock.close()


def _fetch(url: str, allow_private: bool, resolver: Any = None) -> BaseException | int:
    async def go() -> BaseException | int:
        connector = guarded_connector(resolver, allow_private=allow_private)
        async with aiohttp.ClientSession(connector=connector) as session:
            try:
                async with session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as resp:
                    return resp.status
            except Exception as exc:
                return exc

    return asyncio.run(go())


def _private_cause(exc: BaseException | int) -> bool:
    chain: BaseException | None = exc if isinstance(exc, BaseException) else None
    while chain is not None:
        if isinstance(chain, PrivateAddressError) or isinstance(getattr(chain, "os_error", None), PrivateAddressError):
            return True
        chain = chain.__cause__
    return False


def test_connector_refuses_loopback_literals_and_names_at_connect_time(loop4: Recorder) -> None:
    # the connector alone, without the URL checks in front of it: the last line holds by itself
    port = loop4.port
    assert _fetch(f"http://127.0.0.1:{port}/control", allow_private=True) == 200  # the server works
    assert loop4.connections == 1
    for url in (f"http://127.0.0.1:{port}/a", f"http://127。0。0。1:{port}/b", f"http://[::ffff:127.0.0.1]:{port}/c",
                f"http://localhost:{port}/d"):
        result = _fetch(url, allow_private=False)
        assert not isinstance(result, int), url
    named = _fetch(f"http://intranet.example:{port}/e", False, StaticResolver({"intranet.example": "127.0.0.1"}))
    assert _private_cause(named)
    assert _private_cause(_fetch(f"http://127.0.0.1:{port}/f", allow_private=False))
    assert loop4.connections == 1 and [p for p, _ in loop4.requests] == ["/control"]


# ---------------------------------------------------------------- end to end: check --online, audit


def _loopback_links(p4: int, p6: int) -> list[str]:
    hosts4 = ["127。0。0。1", "127．0．0．1", "127｡0｡0｡1", "１２７.０.０.１", "①②⑦.0.0.1", "127.0.0.１", "127.1",
              "2130706433", "0x7f000001", "0x7f.1", "0177.0.0.1", "127.000.000.001", "127.0.0.1.", "localhost.",
              "LOCALHOST", "ⓛⓞⓒⓐⓛⓗⓞⓢⓣ", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "127.0.0.1"]
    hosts6 = ["[::1]", "[0:0:0:0:0:0:0:1]"]
    return [f"http://{h}:{p4}/p{i}" for i, h in enumerate(hosts4)] + [
        f"http://{h}:{p6}/q{i}" for i, h in enumerate(hosts6)
    ]


def _minutes(links: list[str]) -> str:
    items = "".join(f"- [page {n}]({url}) and <{url}>\n" for n, url in enumerate(links, 1))
    return f"# IAM meeting 2023-10-12\n\n## Participants\n\n- @alice\n\n## Notes\n\n{items}"


def _repo(tmp_path: Path, links: list[str], config: str = "") -> Path:
    root = tmp_path / "repo"
    write(root, {".minutes-ci.yaml": config or "links:\n  timeout: 3\n", "iam/20231012.md": _minutes(links)})
    return root


@pytest.mark.parametrize("command", ["check", "audit"])
def test_online_check_on_unicode_and_shorthand_loopback_hosts_sends_nothing(
    tmp_path: Path, loop4: Recorder, loop6: Recorder | None, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    p6 = loop6.port if loop6 else loop4.port
    links = _loopback_links(loop4.port, p6)
    # a remap in the pull request's config is one more way to name loopback: it changes nothing
    config = ("links:\n  timeout: 3\n  remap:\n    - {pattern: '^https://remapped\\.example/', "
              f"replace: 'http://127。0。0。1:{loop4.port}/'}}\n")
    root = _repo(tmp_path, [*links, "https://remapped.example/x"], config)
    argv = [command, *(["--online"] if command == "check" else ["--notices"]), "--root", str(root), "--no-cache",
            "--no-github", "--format", "json"]
    capsys.readouterr()
    rc = cli_main(argv)
    out = capsys.readouterr().out
    assert loop4.connections == 0 and loop4.requests == [], loop4.requests
    if loop6 is not None:
        assert loop6.connections == 0 and loop6.requests == []
    findings = json.loads(out)["findings"]
    # every line with a link (lines 9 to 9 + len(links)) says "not fetched", none "not checked"
    # (which would mean a lookup or a connection was tried) or "broken"
    private_lines = {f["line"] for f in findings if f["rule"] == "private-link"}
    assert private_lines >= set(range(9, 9 + len(links) + 1)), out
    assert not [f for f in findings if f["rule"] in ("link-not-checked", "broken-link", "failing-link")], out
    assert rc in (0, 1, 3)
    # the control: the same repository with --allow-private-hosts does reach the server
    capsys.readouterr()
    cli_main([*argv, "--allow-private-hosts"])
    capsys.readouterr()
    assert loop4.connections > 0


def test_vendoring_refuses_unicode_loopback_uploads(tmp_path: Path, loop4: Recorder,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    host = f"127。0。0。1:{loop4.port}"
    root = tmp_path / "repo"
    write(root, {
        ".minutes-ci.yaml": f"upload-hosts: ['{host.replace('。', '.')}']\n",
        "iam/20231012.md": _minutes([]) + f"\n![x](http://{host}/uploads/a.png)\n"
                           f"![y](http://127.1:{loop4.port}/uploads/b.png)\n",
    })
    cli_main(["fix", "--vendor-images", "--root", str(root)])
    capsys.readouterr()
    assert loop4.connections == 0 and not (root / "iam" / "a.png").exists()


# ---------------------------------------------------------------- trusted settings


@pytest.mark.parametrize(
    ("config", "key", "line"),
    [
        ("github:\n  batch: 10\n  api-url: http://127.0.0.1:1/\n", "github.api-url", 3),
        ("links:\n  timeout: 3\n  allow-private-hosts: true\n", "links.allow-private-hosts", 3),
        ("links:\n  allow-private-hosts: false\n", "links.allow-private-hosts", 2),
        ("links:\n  cache:\n    path: /home/runner/.bashrc\n", "links.cache.path", 3),
        ("links:\n  cache:\n    path: ../../outside.json\n", "links.cache.path", 3),
    ],
)
def test_workflow_only_keys_are_refused_in_the_config_file(
    tmp_path: Path, config: str, key: str, line: int, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path, [], config)
    for argv in (["check", "--root", str(root)], ["check", "--online", "--no-github", "--root", str(root)]):
        capsys.readouterr()
        assert cli_main(argv) == 2
        err = capsys.readouterr().err
        assert f".minutes-ci.yaml:{line}:" in err and key in err, err
        assert "Traceback" not in err


def test_settings_ignore_trusted_keys_even_when_handed_them() -> None:
    # a caller that bypasses the loader (a dict) still cannot move the token or open private hosts
    config = {"github": {"api-url": "http://127.0.0.1:1"}, "links": {"allow-private-hosts": True}}
    gs = github_settings(config, {"GITHUB_API_URL": "https://ghe.example/api/v3", "GITHUB_TOKEN": "t"})
    assert gs.api_url == "https://ghe.example/api/v3"
    assert github_settings(config, {}).api_url == "https://api.github.com"
    assert link_settings(config).allow_private is False


# ---------------------------------------------------------------- the Action


def _pr(tmp_path: Path, files: dict[str, str]) -> tuple[Any, Path]:
    from test_action_e2e import Upstream, checkout

    up = Upstream(tmp_path / "upstream")
    up.path.mkdir()
    git(up.path, "init", "-q", "-b", "main")
    git(up.path, "config", "uploadpack.allowAnySHA1InWant", "true")
    write(up.path, {"iam/20231005.md": _minutes([])})
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "base")
    git(up.path, "checkout", "-q", "-b", "feature")
    write(up.path, files)
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "the pull request")
    up.make_merge()
    ws = tmp_path / "ws"
    checkout(up, ws)
    return up, ws


@pytest.fixture
def evil() -> Iterator[Recorder]:
    yield from _serve(Recorder(), _Server, "127.0.0.1")


def test_a_pull_request_cannot_send_the_token_elsewhere(tmp_path: Path, loop4: Recorder, evil: Recorder) -> None:
    from test_action_e2e import pr_payload, run_step

    token = "ghs_TheRunnersSecretToken"
    refs = "- see [standards#1](https://github.com/scs/standards/issues/1)\n"
    files = {
        ".minutes-ci.yaml": f"default-owner: scs\ngithub:\n  api-url: http://127.0.0.1:{evil.port}\n",
        "iam/20231012.md": _minutes([]) + refs,
    }
    up, ws = _pr(tmp_path, files)
    api = f"http://127.0.0.1:{loop4.port}"  # the workflow's API URL (a recorder standing in for GitHub)
    for inputs in ({"online": "true", "token": token}, {"online": "true", "comment": "true", "token": token},
                   {"mode": "audit", "token": token}):
        res = run_step(tmp_path, ws, pr_payload(up), inputs, api)
        assert res.code == 2, res.out
        assert "github.api-url: not allowed in the configuration file" in res.out and ".minutes-ci.yaml:3:" in res.out
        assert token not in res.out + res.summary
    assert evil.connections == 0 and evil.requests == []
    # the control: without the PR's key the token does reach the workflow's API URL, and only it
    write(ws, {".minutes-ci.yaml": "default-owner: scs\n"})
    res = run_step(tmp_path, ws, pr_payload(up), {"online": "true", "token": token}, api)
    assert any(token in auth for _, auth in loop4.requests), (res.out, loop4.requests)
    assert evil.connections == 0


def test_a_pull_request_cannot_allow_private_hosts_in_the_action(tmp_path: Path, loop4: Recorder) -> None:
    from test_action_e2e import pr_payload, run_step

    links = [f"http://127.0.0.1:{loop4.port}/direct", f"http://127。0。0。1:{loop4.port}/unicode"]
    up, ws = _pr(tmp_path, {".minutes-ci.yaml": "links:\n  allow-private-hosts: true\n",
                            "iam/20231012.md": _minutes(links)})
    res = run_step(tmp_path, ws, pr_payload(up), {"online": "true"}, "http://127.0.0.1:9")
    assert res.code == 2 and "links.allow-private-hosts: not allowed" in res.out, res.out
    # without the key: the links are reported, not fetched
    write(ws, {".minutes-ci.yaml": "links:\n  timeout: 3\n"})
    git(ws, "add", "-A")
    res = run_step(tmp_path, ws, pr_payload(up), {"online": "true"}, "http://127.0.0.1:9")
    assert loop4.connections == 0, res.out
    assert "private-link" in res.out + res.summary


SECRETS = {
    "GITHUB_TOKEN": "ghs_JobLevelToken", "GH_TOKEN": "ghp_PersonalToken", "INPUT_TOKEN": "ghs_InputToken",
    "DEPLOY_KEY": "-----BEGIN KEY-----", "MY_SECRET": "s3cr3t", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "oidc",
    "ACTIONS_RUNTIME_TOKEN": "runtime", "MINUTES_CI_TOKEN": "mct", "PYTHON_PASSWORD": "pw",
    "NPM_AUTH": "npm", "AWS_SECRET_ACCESS_KEY": "aws", "UNRELATED_NAME": "ghs_InputToken",
}


def _child_envs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, inputs: dict[str, str]) -> list[dict[str, str]]:
    from minutes_ci.gha import invoke
    from minutes_ci.gha.main import main

    ws = tmp_path / "ws"
    write(ws, {"iam/20231012.md": _minutes([])})
    git(ws, "init", "-q", "-b", "main")
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "x")
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    seen: list[dict[str, str]] = []
    real = subprocess.run

    def record(*args: Any, **kwargs: Any) -> Any:
        seen.append(dict(kwargs.get("env") or {}))
        return real(*args, **kwargs)

    monkeypatch.setattr(invoke.subprocess, "run", record)
    env = {
        **{k: v for k, v in os.environ.items()},
        "GITHUB_WORKSPACE": str(ws), "GITHUB_EVENT_NAME": "workflow_dispatch", "GITHUB_SHA": "",
        "RUNNER_TEMP": str(tmp_path / "temp"), "GITHUB_API_URL": "http://127.0.0.1:9",
        "INPUT_CHANGED_ONLY": "false", **{f"INPUT_{k.upper().replace('-', '_')}": v for k, v in inputs.items()},
    }
    (tmp_path / "temp").mkdir(exist_ok=True)
    main(env)
    assert seen, "the CLI child was not started"
    return seen


@pytest.mark.parametrize("mode", ["check", "publish"])
def test_child_of_offline_check_and_publish_gets_no_token(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mode: str
) -> None:
    inputs = {"mode": mode, "token": "ghs_InputToken", "site-dir": "_site"}
    for child in _child_envs(monkeypatch, tmp_path, inputs):
        leaked = {k for k, v in child.items() if any(s in v for s in SECRETS.values() if len(s) > 3)}
        assert not leaked, leaked
        assert not {k for k in child if "TOKEN" in k.upper() or "SECRET" in k.upper() or "KEY" in k.upper()}
        assert child["GITHUB_API_URL"] == "http://127.0.0.1:9" and "PATH" in child


def test_audit_child_gets_only_the_input_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (child,) = _child_envs(monkeypatch, tmp_path, {"mode": "audit", "token": "ghs_InputToken"})
    assert child["GITHUB_TOKEN"] == "ghs_InputToken"
    assert {k for k in child if "TOKEN" in k.upper() or "SECRET" in k.upper()} == {"GITHUB_TOKEN"}
    assert "GH_TOKEN" not in child and "UNRELATED_NAME" not in child


def test_inputs_drop_the_token_for_modes_that_do_not_use_it() -> None:
    from minutes_ci.gha.env import Inputs

    base = {"INPUT_TOKEN": "ghs_x"}
    assert Inputs.from_env({**base, "INPUT_MODE": "publish"}).token == ""
    assert Inputs.from_env({**base, "INPUT_MODE": "check"}).token == ""
    assert Inputs.from_env({**base, "INPUT_MODE": "check", "INPUT_ONLINE": "true"}).token == "ghs_x"
    assert Inputs.from_env({**base, "INPUT_MODE": "check", "INPUT_COMMENT": "true"}).token == "ghs_x"
    assert Inputs.from_env({**base, "INPUT_MODE": "audit"}).token == "ghs_x"
    assert Inputs.from_env({"INPUT_ALLOW_PRIVATE_HOSTS": "true"}).allow_private_hosts is True
    assert Inputs.from_env({}).allow_private_hosts is False


def test_guarded_sockets_carry_normal_connections(loop4: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    # the factory must build working sockets, not only refuse: treat loopback as public for once
    from minutes_ci.net import guard

    monkeypatch.setattr(guard, "address_blocked", lambda ip: False)
    monkeypatch.setattr(guard, "literal_private", lambda host: False)
    assert _fetch(f"http://127.0.0.1:{loop4.port}/through-the-factory", allow_private=False) == 200
    assert [p for p, _ in loop4.requests] == ["/through-the-factory"]


def test_a_committed_minutes_ci_package_is_not_imported(tmp_path: Path) -> None:
    # the step and its CLI child run in the pull request's checkout; `python -m`/`-c` would put
    # that folder first on sys.path, and a committed minutes_ci/ would run with the job's secrets
    from test_action_e2e import pr_payload, run_step

    marker = tmp_path / "pwned"
    payload = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    up, ws = _pr(tmp_path, {
        "minutes_ci/__init__.py": payload, "minutes_ci/gha/__init__.py": payload,
        "minutes_ci/gha/__main__.py": payload, "minutes_ci/cli.py": payload + "def main():\n    return 0\n",
        "pagefind/__init__.py": payload, "pagefind/__main__.py": payload,  # publish runs python -m pagefind
        "iam/20231012.md": _minutes([]),
    })
    for inputs in ({}, {"mode": "publish"}):
        res = run_step(tmp_path, ws, pr_payload(up), inputs, "http://127.0.0.1:9")
        assert not marker.exists(), marker.read_text()
        assert res.code in (0, 1), res.out
    assert (ws / "_site" / "pagefind").is_dir()  # the real Pagefind indexed the site


def test_the_pre_push_hook_does_not_import_a_committed_minutes_ci(tmp_path: Path) -> None:
    # a developer pushes a branch they checked out from a pull request: git runs the hook there
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(tmp_path, "init", "-q", "-b", "main", str(work))
    marker = tmp_path / "pwned"
    payload = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    write(work, {"iam/20231012.md": _minutes([]), "minutes_ci/__init__.py": payload,
                 "minutes_ci/hook.py": payload + "def pre_push(argv):\n    return 0\n"})
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "a branch from a pull request")
    git(work, "remote", "add", "origin", str(remote))
    boot = "import sys; from minutes_ci.cli import main; sys.exit(main())"
    installed = subprocess.run([sys.executable, "-I", "-c", boot, "install-hook"], cwd=work,
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    pushed = subprocess.run(["git", "-C", str(work), "push", "-q", "origin", "main"], capture_output=True, text=True)
    assert pushed.returncode == 0, pushed.stderr
    assert not marker.exists(), marker.read_text()


def test_a_committed_cache_symlink_does_not_make_the_online_check_write_outside(
    tmp_path: Path, loop4: Recorder
) -> None:
    from test_action_e2e import Upstream, checkout, pr_payload, run_step

    outside = tmp_path / "outside"
    outside.mkdir()
    up = Upstream(tmp_path / "upstream")
    up.path.mkdir()
    git(up.path, "init", "-q", "-b", "main")
    git(up.path, "config", "uploadpack.allowAnySHA1InWant", "true")
    write(up.path, {"iam/20231005.md": _minutes([])})
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "base")
    git(up.path, "checkout", "-q", "-b", "feature")
    write(up.path, {"iam/20231012.md": _minutes([f"http://127.0.0.1:{loop4.port}/x"])})
    (up.path / ".minutes-ci-cache").symlink_to(outside, target_is_directory=True)
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "the pull request")
    up.make_merge()
    ws = tmp_path / "ws"
    checkout(up, ws)
    assert (ws / ".minutes-ci-cache").is_symlink()
    res = run_step(tmp_path, ws, pr_payload(up), {"online": "true"}, "http://127.0.0.1:9")
    assert list(outside.iterdir()) == [], res.out
    assert "link cache not used" in res.out and loop4.connections == 0


def test_no_preset_sets_a_workflow_only_key() -> None:
    # a pull request chooses the preset (`preset:`); presets must not carry trusted settings either
    from minutes_ci.config import PRESETS, preset_data
    from minutes_ci.net.settings import workflow_only_problems

    for name in PRESETS:
        assert workflow_only_problems(preset_data(name), lambda path, n=name: n) == [], name
