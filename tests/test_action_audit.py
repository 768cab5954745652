"""Audit and publish modes of the action's Python step, end to end on 127.0.0.1.

A loopback web server plays the linked site (a page that goes away and comes back), the REST
stand-in plays GitHub's issues API. Rot needs two failing audits (``links.rot.failures``), so the
rolling issue appears on the second, is updated on the third, and is closed once the page is back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import git, write
from gha_stub.server import State, serve
from minutes_ci.gha.rot import LABEL, MARKER
from test_action_e2e import REPO, StepResult, annotations, run_step

CONFIG = """\
links:
  rot: {failures: 2}
  cache: {ttl-ok: 0, ttl-error: 0}
"""


class Site:
    """Pages by path -> status; a missing path is 404."""

    def __init__(self) -> None:
        self.status: dict[str, int] = {"/ok": 200, "/spec": 404}
        self.base = ""
        self.seen: list[str] = []  # every path requested, in order


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _answer(self, body: bool) -> None:
            state.seen.append(self.path)
            code = state.status.get(self.path, 404)
            self.send_response(code)
            self.send_header("Content-Length", "2")
            self.end_headers()
            if body:
                self.wfile.write(b"ok")

        def do_HEAD(self) -> None:
            self._answer(False)

        def do_GET(self) -> None:
            self._answer(True)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def minutes(tmp_path: Path, site: Site) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    git(ws, "init", "-q", "-b", "main")
    body = (
        "# IAM meeting 2023-10-12\n\n## Participants\n\n- @alice\n\n## Notes\n\n"
        f"- the [spec]({site.base}/spec) and the [home page]({site.base}/ok)\n"
    )
    write(ws, {".minutes-ci.yaml": CONFIG, "iam/20231012.md": body})
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "minutes", "--author", "Alice <123+alice@users.noreply.github.com>")
    return ws


def audit(tmp_path: Path, ws: Path, api: str, run_id: str, **inputs: str) -> StepResult:
    event = {"schedule": "23 4 * * 1", "repository": {"full_name": REPO}}
    return run_step(
        tmp_path,
        ws,
        event,
        {"mode": "audit", "token": "ghs_Write", "allow-private-hosts": "true", **inputs},  # site on 127.0.0.1
        api,
        event_name="schedule",
        run_id=run_id,
    )


def ours(st: State) -> list[dict[str, object]]:
    return [i for i in st.issues.get(REPO, {}).values() if MARKER in str(i["body"])]


def test_rolling_issue_follows_the_rot(tmp_path: Path, minutes: Path, site: Site) -> None:
    with serve(State(tokens={"ghs_Write": "write"})) as st:
        first = audit(tmp_path, minutes, st.base, "1")
        assert first.code == 0, first.out
        assert ours(st) == []  # one failure is not rot yet
        assert (minutes / ".minutes-ci-cache" / "links.json").is_file()  # what actions/cache saves

        second = audit(tmp_path, minutes, st.base, "2")
        assert second.code == 0, second.out
        assert second.outputs["errors"] == "1"
        [issue] = ours(st)
        assert issue["state"] == "open" and [lab["name"] for lab in issue["labels"]] == [LABEL]  # type: ignore[index, union-attr]
        body = str(issue["body"])
        assert f"- [ ] [line 9](https://github.com/{REPO}/blob/" in body and "/iam/20231012.md#L9)" in body
        assert "/spec" in body and "/ok" not in body
        assert "written by @alice" in body
        assert f"https://github.com/{REPO}/actions/runs/2" in body
        assert len(annotations(second.out, "error")) == 1 and "/spec" in second.summary

        third = audit(tmp_path, minutes, st.base, "3")
        assert third.code == 0 and len(ours(st)) == 1
        assert f"https://github.com/{REPO}/actions/runs/3" in str(ours(st)[0]["body"])  # updated in place

        site.status["/spec"] = 200
        fourth = audit(tmp_path, minutes, st.base, "4")
        assert fourth.code == 0 and fourth.outputs["errors"] == "0"
        [closed] = ours(st)
        assert closed["state"] == "closed"
        assert "passes again" in st.comments_of(REPO, int(closed["number"]))[-1]["body"]  # type: ignore[call-overload]
        creates = [c for c in st.writes() if c == ("POST", f"/repos/{REPO}/issues")]
        assert len(creates) == 1


def test_network_trouble_passes_and_leaves_the_issue(tmp_path: Path, minutes: Path) -> None:
    # an issue reference makes the audit ask GitHub, which is unreachable: exit 3 from the CLI
    with (minutes / "iam/20231012.md").open("a", encoding="utf-8") as fh:
        fh.write("- see https://github.com/scs/other/issues/5\n")
    res = audit(tmp_path, minutes, "http://127.0.0.1:9", "5")
    assert res.code == 0, res.out
    warnings = annotations(res.out, "warning")
    assert warnings and "could not check everything (exit 3)" in warnings[-1]


def test_a_broken_config_fails_the_audit(tmp_path: Path, minutes: Path) -> None:
    (minutes / ".minutes-ci.yaml").write_text("links:\n  rot: [1, 2]\n", encoding="utf-8")
    res = audit(tmp_path, minutes, "http://127.0.0.1:9", "6")
    assert res.code == 2
    assert "::error title=minutes-ci::minutes-ci audit stopped on a usage or configuration error" in res.out
    assert "Traceback" not in res.out


def test_publish_mode_outputs_the_site_path(tmp_path: Path, minutes: Path) -> None:
    res = run_step(
        tmp_path, minutes, {}, {"mode": "publish", "site-dir": "public"}, "http://127.0.0.1:9", event_name="push"
    )
    assert res.code == 0, res.out
    site_path = Path(res.outputs["site-path"])
    assert site_path == (minutes / "public").resolve()
    assert (site_path / "index.html").is_file()
    assert "## minutes-ci publish" in res.summary


def test_issue_api_trouble(tmp_path: Path, minutes: Path) -> None:
    config = minutes / ".minutes-ci.yaml"
    config.write_text(CONFIG.replace("failures: 2", "failures: 1"), encoding="utf-8")
    # GitHub unreachable while the issue is updated: a warning, the next audit tries again
    res = audit(tmp_path, minutes, "http://127.0.0.1:9", "7")
    assert res.code == 0, res.out
    assert "the link-rot issue was not updated: GitHub API unreachable" in annotations(res.out, "warning")[-1]
    # a token that may not write issues is a setup mistake: fail and say what is missing
    with serve(State(tokens={"ghs_Write": "read"})) as st:
        res = audit(tmp_path, minutes, st.base, "8")
        assert res.code == 2
        assert "cannot keep the link-rot issue: HTTP 403 (the workflow needs `issues: write`)" in res.out
        assert "ghs_Write" not in res.out
