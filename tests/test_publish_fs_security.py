"""Publishing, checking and vendoring never read, write or delete outside the repository.

Real symbolic links (to /etc/passwd, /proc/self/environ, a file and a folder outside the root),
a FIFO, a committed `_site` link, links planted in the output, a planted manifest, two successive
publishes around a sentinel file outside the site, a file name too long for the file system, and
`fix --vendor-images` against a loopback server that redirects a public-looking name to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from conftest import Result, git
from minutes_ci import safe_fs
from minutes_ci.checks.parse import parse_document
from minutes_ci.config import ConfigError, load_config
from minutes_ci.discover import FsTree
from minutes_ci.net import guard
from minutes_ci.net.guard import StaticResolver
from minutes_ci.net.vendor import Wanted, download
from minutes_ci.site.manifest import NAME, Manifest
from minutes_ci.site.publish import tool_version
from minutes_ci.site.resources import Resolver
from servers.behave import Behave, serve

SECRET = "zz-outside-secret-7f3a"  # in every file outside the root; must never reach the site or a message
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
MINUTES = "# 2024-01-{day:02d}\n\n## Participants\n\n- Alice\n\n## Notes\n\nText of day {day}.\n{extra}\n"

CliRun = Callable[..., Result]


def page(day: int, extra: str = "") -> str:
    return MINUTES.format(day=day, extra=extra)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the repository holding a secret file, a secret folder and a sentinel."""
    folder = tmp_path / "outside"
    (folder / "dir").mkdir(parents=True)
    (folder / "secret.md").write_text(f"# 2024-01-09\n\n{SECRET}\n")
    (folder / "secret.png").write_bytes(PNG + SECRET.encode())
    (folder / "dir" / "20240108.md").write_text(f"# 2024-01-08\n\n{SECRET}\n")
    (folder / "sentinel.txt").write_text("keep me\n")
    return folder


def hostile_repo(root: Path, outside: Path) -> Path:
    (root / "iaas").mkdir(parents=True)
    (root / "iaas" / "20240101.md").write_text(
        page(1, "![ok](ok.png) ![pw](pw.png) ![out](out.png) ![etc](../etc/hostname) ![abs](/etc/passwd)"))
    (root / "iaas" / "ok.png").write_bytes(PNG)
    links = {
        "iaas/20240102.md": "/etc/passwd",
        "iaas/20240103.md": "/proc/self/environ",
        "iaas/20240104.md": str(outside / "secret.md"),
        "iaas/20240105.md": "../../outside/secret.md",  # relative, and still out of the root
        "linked": str(outside / "dir"),  # a folder
        "etc": "/etc",  # a folder out of the root, reachable as "etc/passwd" from the root
        "notes.md": "/etc",  # a folder named like minutes
        "git-config.md": ".git/config",  # inside the root, but actions/checkout keeps the token there
        "iaas/pw.png": "/etc/passwd",
        "iaas/out.png": str(outside / "secret.png"),
        "iaas/inside.md": "20240101.md",  # stays inside the root: may be followed
    }
    for rel, target in links.items():
        os.symlink(target, root / rel)
    return root


def site_bytes(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.mark.parametrize("use_git", [True, False])
def test_symlinks_out_of_the_root_are_findings_not_reads(tmp_path: Path, outside: Path, use_git: bool,
                                                         cli: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTES_CI_TEST_TOKEN", SECRET)  # so /proc/self/environ holds the secret
    root = hostile_repo(tmp_path / "repo", outside)
    if use_git:
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
    res = cli("check", "--root", str(root), "--format", "json", "--fail-on", "never")
    assert SECRET not in res.out + res.err and "root:x:0:0" not in res.out + res.err
    findings = {f["path"]: f for f in json.loads(res.out)["findings"] if f["rule"] == "unreadable-file"}
    for rel in ("iaas/20240102.md", "iaas/20240103.md", "iaas/20240104.md", "iaas/20240105.md"):
        assert "symbolic link to outside the repository" in findings[rel]["message"], rel
    assert "inside .git" in findings["git-config.md"]["message"]
    assert "symbolic link to outside the repository" in findings["notes.md"]["message"]
    assert "iaas/inside.md" not in findings  # a link that stays inside the root is read like its target
    assert not any(p.startswith("linked") for p in findings)  # a linked folder is not walked into


@pytest.mark.parametrize("use_git", [True, False])
def test_publish_copies_nothing_from_outside(tmp_path: Path, outside: Path, use_git: bool, cli: CliRun,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTES_CI_TEST_TOKEN", SECRET)
    root = hostile_repo(tmp_path / "repo", outside)
    if use_git:
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
    out = tmp_path / "site"
    res = cli("publish", "--root", str(root), "--out", str(out), "--no-search", "--offline")
    assert res.code == 0, res.err
    data = site_bytes(out)
    assert SECRET.encode() not in data and b"root:x:0:0" not in data and b"[core]" not in data
    assert (out / "iaas" / "ok.png").read_bytes() == PNG
    assert not (out / "iaas" / "pw.png").exists() and not (out / "iaas" / "out.png").exists()
    assert not (out / "linked").exists() and not (out / "git-config.html").exists() and not (out / "etc").exists()
    assert "pw.png" in res.err and "symbolic link to outside the repository" in res.err and "../etc/hostname" in res.err
    report = json.loads((out / "build-report.json").read_text())
    skipped = {e["path"] for e in report["not_published"]}
    assert {"iaas/20240102.md", "iaas/20240103.md", "iaas/20240104.md", "iaas/20240105.md"} <= skipped
    assert not any(p.is_symlink() for p in out.rglob("*"))


def test_fifo_and_devices_are_refused_without_hanging(tmp_path: Path, cli: CliRun) -> None:
    root = tmp_path / "repo"
    (root / "iaas").mkdir(parents=True)
    os.mkfifo(root / "iaas" / "20240101.md")
    os.mkfifo(root / "iaas" / "pipe.png")
    os.symlink("/dev/zero", root / "iaas" / "20240102.md")  # outside anyway, and endless
    (root / "iaas" / "20240103.md").write_text(page(3, "![p](pipe.png)"))
    start = time.monotonic()
    res = cli("check", "--root", str(root), "iaas/20240101.md", "--format", "json", "--fail-on", "never")
    (finding,) = json.loads(res.out)["findings"]
    assert finding["rule"] == "unreadable-file" and "FIFO" in finding["message"]
    assert FsTree(root).head("iaas/pipe.png") == b"" and not FsTree(root).exists("iaas/pipe.png")
    out = tmp_path / "site"
    res = cli("publish", "--root", str(root), "--out", str(out), "--no-search", "--offline",
              "iaas/20240103.md", "iaas/20240102.md")
    assert res.code == 0 and "pipe.png" in res.err and "FIFO" in res.err
    assert not (out / "iaas" / "pipe.png").exists()
    assert time.monotonic() - start < 30  # a FIFO read would block for ever


def test_config_symlinked_to_the_environment_is_refused(tmp_path: Path, cli: CliRun,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTES_CI_TEST_TOKEN", SECRET)
    root = tmp_path / "repo"
    (root / "iaas").mkdir(parents=True)
    (root / "iaas" / "20240101.md").write_text(page(1))
    os.symlink("/proc/self/environ", root / ".minutes-ci.yaml")
    res = cli("check", "--root", str(root))
    assert res.code == 2 and "symbolic link to outside the repository" in res.err
    assert SECRET not in res.out + res.err
    (root / ".minutes-ci.yaml").unlink()
    os.mkfifo(root / ".minutes-ci.yaml")
    assert cli("check", "--root", str(root)).code in (0, 1)  # not a file: not a configuration, no hang
    with pytest.raises(ConfigError, match="FIFO"):
        load_config(root / ".minutes-ci.yaml", root=root)
    (root / ".minutes-ci.yaml").unlink()
    (root / "roster.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "nowhere.txt").write_text(f"{SECRET}\n")
    (root / ".minutes-ci.yaml").write_text("roster: roster.txt\n")
    res = cli("check", "--root", str(root), "--format", "json", "--fail-on", "never")
    assert SECRET not in res.out + res.err


def test_committed_site_symlink_is_refused(tmp_path: Path, outside: Path, cli: CliRun) -> None:
    root = tmp_path / "repo"
    (root / "iaas").mkdir(parents=True)
    (root / "iaas" / "20240101.md").write_text(page(1))
    target = tmp_path / "elsewhere"
    target.mkdir()
    os.symlink(target, root / "_site")
    res = cli("publish", "--no-search", "--offline", cwd=root)
    assert res.code == 2 and "symbolic link" in res.err and "Traceback" not in res.err
    assert list(target.iterdir()) == []
    # a folder on the way to the output that is a link is refused the same way
    os.symlink(target, root / "build")
    res = cli("publish", "--root", str(root), "--out", str(root / "build" / "site"), "--no-search", "--offline")
    assert res.code == 2 and "symbolic link" in res.err and list(target.iterdir()) == []


def test_links_planted_in_the_output_are_never_written_through(tmp_path: Path, outside: Path, cli: CliRun) -> None:
    root = tmp_path / "repo"
    (root / "iaas").mkdir(parents=True)
    (root / "iaas" / "20240101.md").write_text(page(1))
    out = root / "_site"
    out.mkdir()
    victim = outside / "sentinel.txt"
    os.symlink(victim, out / "index.html")
    os.symlink(outside / "dir", out / "iaas")
    res = cli("publish", "--root", str(root), "--out", str(out), "--no-search", "--offline")
    assert res.code == 2 and "symbolic links" in res.err and "index.html" in res.err
    assert victim.read_text() == "keep me\n" and sorted(p.name for p in (outside / "dir").iterdir()) == ["20240108.md"]
    # the writer itself refuses too (a link swapped in after the check): it replaces a final link
    # and will not pass through a linked folder
    assert safe_fs.write_in(out, "index.html", b"new")
    assert victim.read_text() == "keep me\n" and not (out / "index.html").is_symlink()
    with pytest.raises(OSError):
        safe_fs.write_in(out, "iaas/20240101.html", b"x")
    assert not (outside / "dir" / "20240101.html").exists()
    assert not safe_fs.unlink_in(out, "iaas/20240108.md")
    assert (outside / "dir" / "20240108.md").exists()
    for bad in ("../x", "/etc/x", "a/../../x", "a\\..\\x", ""):
        with pytest.raises(OSError):
            safe_fs.write_in(out, bad, b"x")
        assert not safe_fs.unlink_in(out, bad)


def test_image_paths_resolve_inside_the_root_or_are_reported(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "repo"
    (root / "iaas" / "img").mkdir(parents=True)
    (root / "iaas" / "img" / "a.png").write_bytes(PNG)
    (root / "top.png").write_bytes(PNG)
    doc = parse_document("iaas/20240101.md", page(1).encode())
    resolver = Resolver(root)
    resolve = resolver.for_doc(doc)
    assert resolve("img/a.png", "resource") == "img/a.png"
    assert resolve("/top.png", "resource") == "../top.png"  # "/" is the repository's root
    assert resolve("%2e%2e/top.png", "resource") == "../top.png"  # still inside
    refused = {
        "/etc/passwd": "not-found", "../../etc/passwd": "outside-repo", "%2e%2e/%2e%2e/etc/passwd": "outside-repo",
        "..%2f..%2fetc%2fpasswd": "outside-repo", "file:///etc/passwd": "outside-repo",
        "/\\evil.test/x.png": "not-local", "\\\\evil.test/x.png": "not-local", "\\/evil.test/x.png": "not-local",
        "%5c%5cevil.test/x.png": "not-local", "/%5Cevil.test/x.png": "not-local", "/\t/evil.test/x.png": "not-local",
        "img/a.png%00.html": "not-local", "%255c%255cevil.test/x": "not-local",
    }
    for url, reason in refused.items():
        assert resolve(url, "resource") is None, url
        assert resolver.missing[-1].reason == reason and resolver.missing[-1].url == url.strip(), url
    for url in ("/\\evil.test/x", "\\\\evil.test/x", "%5c%5cevil.test", "/\t/evil.test"):
        assert resolve(url, "link") is None, url  # a browser would go to //evil.test
    assert resolver.copies == {"iaas/img/a.png", "top.png"}


def test_two_publishes_delete_only_their_own_files(tmp_path: Path, outside: Path, cli: CliRun) -> None:
    root = tmp_path / "repo"
    (root / "iaas").mkdir(parents=True)
    (root / "iaas" / "20240101.md").write_text(page(1, "![a](a.png)"))
    (root / "iaas" / "20240102.md").write_text(page(2))
    (root / "iaas" / "a.png").write_bytes(PNG)
    out = tmp_path / "site"
    args = ("publish", "--root", str(root), "--out", str(out), "--no-search", "--offline")
    assert cli(*args).code == 0
    assert (out / "iaas" / "20240102.html").is_file() and (out / "iaas" / "a.png").is_file()
    (out / "own-notes.txt").write_text("not ours")  # something a person put in the output
    (root / "iaas" / "20240102.md").unlink()  # the repository changes between the runs
    (root / "iaas" / "20240101.md").write_text(page(1))
    assert cli(*args).code == 0
    assert not (out / "iaas" / "20240102.html").exists() and not (out / "iaas" / "a.png").exists()
    assert (out / "own-notes.txt").read_text() == "not ours" and (out / "iaas" / "20240101.html").is_file()
    assert (outside / "sentinel.txt").read_text() == "keep me\n"


def test_planted_or_edited_manifest_deletes_nothing_outside(tmp_path: Path, outside: Path, cli: CliRun) -> None:
    root = tmp_path / "repo"
    (root / "iaas").mkdir(parents=True)
    (root / "iaas" / "20240101.md").write_text(page(1))
    out = root / "_site"
    out.mkdir()
    sentinel = outside / "sentinel.txt"
    rel_to_sentinel = os.path.relpath(sentinel, out)
    bad_paths = [rel_to_sentinel, str(sentinel), "iaas/../../../outside/sentinel.txt", "..\\outside\\sentinel.txt"]
    entries = {f"gone{i}.md": {"key": "k", "output": p, "copies": [p]} for i, p in enumerate(bad_paths)}
    manifest = {"format": 1, "version": tool_version(), "entries": entries}
    (out / NAME).write_text(json.dumps(manifest))  # planted in the repository with the real version
    assert Manifest.load(out, tool_version()).entries == {}
    args = ("publish", "--root", str(root), "--out", str(out), "--no-search", "--offline")
    assert cli(*args).code == 0
    assert sentinel.read_text() == "keep me\n"
    # edited between two runs: one bad entry and the whole manifest is not believed
    data = json.loads((out / NAME).read_text())
    data["entries"]["iaas/20240101.md"]["copies"] = [rel_to_sentinel]
    (out / NAME).write_text(json.dumps(data))
    (root / "iaas" / "20240101.md").unlink()
    (root / "iaas" / "20240102.md").write_text(page(2))
    assert cli(*args).code == 0
    assert sentinel.read_text() == "keep me\n"
    # a manifest that is a link out of the output is not read at all
    (out / NAME).unlink()
    os.symlink(tmp_path / "planted.json", out / NAME)
    (tmp_path / "planted.json").write_text(json.dumps(manifest))
    assert Manifest.load(out, tool_version()).entries == {}


def test_names_too_long_for_the_file_system_are_report_lines(tmp_path: Path, cli: CliRun) -> None:
    root = tmp_path / "repo"
    (root / "iaas").mkdir(parents=True)
    (root / "iaas" / "20240101.md").write_text(page(1))
    long_name = "20240102-" + "x" * (255 - len("20240102-") - 3) + ".md"  # fits; its .html does not
    (root / "iaas" / long_name).write_text(page(2))
    (root / "actions.html").mkdir()  # a folder where the site's own actions page goes
    (root / "actions.html" / "20240103.md").write_text(page(3))
    out = tmp_path / "site"
    res = cli("publish", "--root", str(root), "--out", str(out), "--no-search", "--offline")
    assert res.code == 0, res.err
    assert f"iaas/{long_name}:1: warning: not published: cannot write the page" in res.err
    assert "Traceback" not in res.err and (out / "iaas" / "20240101.html").is_file()
    assert "actions.html not written" in res.err and (out / "index.html").is_file()
    report = json.loads((out / "build-report.json").read_text())
    assert any(e["path"] == f"iaas/{long_name}" for e in report["not_published"])
    assert not any(".tmp" in p.name for p in out.rglob("*"))  # no temporary file left behind
    assert cli("publish", "--root", str(root), "--out", str(out), "--no-search", "--offline").code == 0


class Redirecting(Behave):
    """An upload server behind a public-looking name that redirects to private places."""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.count(request)
        targets = {
            "/uploads/to-loopback.png": f"http://127.0.0.1:{self.port}/uploads/good.png",
            "/uploads/to-localhost.png": f"http://localhost:{self.port}/uploads/good.png",
            "/uploads/to-v6.png": f"http://[::1]:{self.port}/uploads/good.png",
            "/uploads/to-ideographic.png": f"http://127\u30020\u30020\u30021:{self.port}/uploads/good.png",
            "/uploads/to-decimal.png": f"http://2130706433:{self.port}/uploads/good.png",
            "/uploads/to-short.png": f"http://127.1:{self.port}/uploads/good.png",
            "/uploads/to-metadata.png": "http://169.254.169.254/latest/meta-data/",
            "/uploads/to-file.png": "file:///etc/passwd",
            "/uploads/to-sneaky.png": f"http://sneaky.test:{self.port}/uploads/good.png",
            "/uploads/chain.png": f"http://public.test:{self.port}/uploads/chain2.png",
            "/uploads/chain2.png": f"http://127.0.0.1:{self.port}/uploads/good.png",
            "/uploads/fine.png": f"http://public.test:{self.port}/uploads/good.png",
            "/uploads/endless.png": f"http://public.test:{self.port}/uploads/endless.png?{self.path_hits(request.path)}",
        }
        if request.path in targets:
            return web.Response(status=302, headers={"Location": targets[request.path]})
        if request.path == "/uploads/good.png":
            return web.Response(body=PNG, content_type="image/png")
        if request.path == "/uploads/page.png":
            return web.Response(text="<!DOCTYPE html><p>sign in", content_type="text/html")
        return web.Response(status=404)


class PartGuard(StaticResolver):
    """public.test reaches the loopback server; sneaky.test is refused like a private name."""

    async def resolve(self, host, port=0, family=0):  # type: ignore[no-untyped-def]
        if host == "sneaky.test":
            raise guard.PrivateAddressError(f"{host} resolves to a private address (127.0.0.1)")
        return await super().resolve(host, port, family)


def test_vendor_checks_every_redirect_hop(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "x").mkdir(parents=True)
    with serve(Redirecting()) as srv:
        base = f"http://public.test:{srv.port}/uploads"
        names = ["to-loopback", "to-localhost", "to-v6", "to-ideographic", "to-decimal", "to-short", "to-metadata",
                 "to-file", "to-sneaky", "chain", "fine", "page", "endless"]
        wanted = [Wanted(f"{base}/{n}.png", f"x/{n}.png") for n in names]

        def connector() -> aiohttp.TCPConnector:
            return aiohttp.TCPConnector(resolver=PartGuard({"public.test": "127.0.0.1", "sneaky.test": "127.0.0.1"}))

        asyncio.run(download(wanted, root, allow_private=False, timeout=5, connector=connector))
        hits_on_target = srv.path_hits("/uploads/good.png")
    errors = {w.dest: w.error for w in wanted}
    for n in ("to-loopback", "to-localhost", "to-v6", "to-ideographic", "to-decimal", "to-short", "chain"):
        assert errors[f"x/{n}.png"] and "private address" in errors[f"x/{n}.png"], n
    assert "private address" in (errors["x/to-metadata.png"] or "")
    assert "not an http(s) URL" in (errors["x/to-file.png"] or "")
    assert "sneaky.test resolves to a private address" in (errors["x/to-sneaky.png"] or "")
    assert "html page" in (errors["x/page.png"] or "") and "redirects" in (errors["x/endless.png"] or "")
    assert errors["x/fine.png"] is None and (root / "x" / "fine.png").read_bytes() == PNG
    assert hits_on_target == 1  # only the public redirect reached the image; no private hop was sent
    assert sorted(p.name for p in (root / "x").iterdir()) == ["fine.png"]


def test_vendor_writes_only_inside_the_repository(tmp_path: Path, outside: Path, cli: CliRun) -> None:
    root = tmp_path / "repo"
    (root / "x").mkdir(parents=True)
    with serve(Redirecting()) as srv:
        up = f"http://127.0.0.1:{srv.port}/uploads"
        (root / ".minutes-ci.yaml").write_text("upload-hosts: [127.0.0.1]\n")
        (root / "x" / "20240104.md").write_text(
            f"# D\n\n![a]({up}/good.png) ![b]({up}/..) ![c]({up}/%2e%2e) ![d]({up}/.git)\n")
        os.symlink(outside / "victim.png", root / "x" / "good.png")  # dangling: would create outside
        res = cli("fix", "--vendor-images", "--allow-private-hosts", "--root", str(root))
    assert not (outside / "victim.png").exists() and (root / "x" / "good.png").is_symlink()
    assert not (root / ".git").exists() and not (root / "x" / "..png").exists()
    assert "Traceback" not in res.err


def test_safe_fs_reads(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "repo"
    (root / "a").mkdir(parents=True)
    (root / "a" / "f.md").write_text("hello")
    os.symlink("f.md", root / "a" / "same.md")
    os.symlink(outside / "secret.md", root / "a" / "out.md")
    os.symlink(outside, root / "b")
    assert safe_fs.read_in_root(root, "a/same.md") == b"hello"
    assert safe_fs.read_in_root(root, "./a//f.md") == b"hello"
    for bad in ("a/out.md", "b/secret.md", "../outside/secret.md", "/etc/passwd", "a/../../outside/secret.md",
                "a\\f.md", "a/f.md\0"):
        with pytest.raises(OSError):
            safe_fs.read_in_root(root, bad)
    with pytest.raises(safe_fs.UnsafePath, match="too large"):
        safe_fs.read_in_root(root, "a/f.md", max_bytes=2)
    with pytest.raises(OSError, match="not a regular file"):  # an OSError: callers' `except OSError` handle it
        safe_fs.read_path(Path("/dev/zero"))


def test_baseline_never_written_through_a_planted_link(tmp_path: Path, outside: Path, cli: CliRun) -> None:
    root = tmp_path / "repo"
    (root / "iaas").mkdir(parents=True)
    (root / "iaas" / "20240101.md").write_text(page(1))
    victim = outside / "sentinel.txt"
    os.symlink(victim, root / ".minutes-ci-baseline.json")
    res = cli("baseline", "--root", str(root))
    assert res.code == 0, res.err
    assert victim.read_text() == "keep me\n"
    assert not (root / ".minutes-ci-baseline.json").is_symlink()
    assert json.loads((root / ".minutes-ci-baseline.json").read_text())["version"] == 1


def test_encoded_backslash_in_an_external_query_keeps_the_link(tmp_path: Path) -> None:
    doc = parse_document("iaas/20240101.md", page(1).encode())
    resolve = Resolver(tmp_path).for_doc(doc)
    assert resolve("https://example.org/search?q=a%5cb", "link") == "https://example.org/search?q=a%5cb"
    assert resolve("https:\\\\evil.test/x", "link") is None  # literal backslashes: never
    assert resolve("/%5cevil.test/x", "link") is None and resolve("%2f%5cevil.test/x", "link") is None


def test_action_publish_refuses_a_committed_site_link(tmp_path: Path) -> None:
    """The Action passes the site folder as the link it is, so `publish` can refuse it."""
    from test_action_e2e import run_step

    ws = tmp_path / "ws"
    (ws / "iaas").mkdir(parents=True)
    git(ws, "init", "-q", "-b", "main")
    (ws / "iaas" / "20240101.md").write_text(page(1))
    target = tmp_path / "elsewhere"
    target.mkdir()
    os.symlink(target, ws / "_site")
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "minutes")
    res = run_step(tmp_path, ws, {}, {"mode": "publish", "site-dir": "_site"}, "http://127.0.0.1:9", event_name="push")
    assert res.code == 2, res.out
    assert "symbolic link" in res.out and list(target.iterdir()) == []
