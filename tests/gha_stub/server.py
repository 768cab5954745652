"""A GitHub REST stand-in for issue comments and issues, on 127.0.0.1 only.

Enough of the real API for PyGithub (through ``base_url``): issues and their comments, labels,
listing with label/state filters and Link-header pagination. Tokens carry a permission, so a
fork's read-only ``GITHUB_TOKEN`` gets the real 403 on writes. Every request is recorded for the
tests to assert on.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class State:
    tokens: dict[str, str] = field(default_factory=dict)  # token -> "write" | "read"
    issues: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)  # repo -> number -> issue
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> comment (with "_issue")
    labels: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)  # (method, path without query)
    next_id: int = 1000
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def writes(self) -> list[tuple[str, str]]:
        return [c for c in self.calls if c[0] != "GET"]

    def add_issue(self, repo: str, number: int, title: str = "", body: str = "", **extra: Any) -> dict[str, Any]:
        issue = self._issue_json(repo, number, title, body, [], "open")
        issue.update(extra)
        self.issues.setdefault(repo, {})[number] = issue
        return issue

    def add_comment(self, repo: str, number: int, body: str, login: str = "someone") -> dict[str, Any]:
        self.next_id += 1
        cid = self.next_id
        comment = {
            "id": cid,
            "url": f"{self.base}/repos/{repo}/issues/comments/{cid}",
            "html_url": f"https://github.com/{repo}/issues/{number}#issuecomment-{cid}",
            "body": body,
            "user": {"login": login, "id": 1, "type": "User"},
            "_issue": (repo, number),
        }
        self.comments[cid] = comment
        return comment

    def comments_of(self, repo: str, number: int) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["_issue"] == (repo, number)]

    def _issue_json(
        self, repo: str, number: int, title: str, body: str, labels: list[str], state: str
    ) -> dict[str, Any]:
        self.next_id += 1
        return {
            "id": self.next_id,
            "number": number,
            "url": f"{self.base}/repos/{repo}/issues/{number}",
            "html_url": f"https://github.com/{repo}/issues/{number}",
            "comments_url": f"{self.base}/repos/{repo}/issues/{number}/comments",
            "title": title,
            "body": body,
            "state": state,
            "state_reason": None,
            "labels": [{"name": n, "url": f"{self.base}/repos/{repo}/labels/{n}"} for n in labels],
            "user": {"login": "github-actions[bot]", "id": 2, "type": "Bot"},
        }


def _public(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if not k.startswith("_")}


ISSUE = re.compile(r"^/repos/([^/]+/[^/]+)/issues/(\d+)$")
ISSUE_COMMENTS = re.compile(r"^/repos/([^/]+/[^/]+)/issues/(\d+)/comments$")
COMMENT = re.compile(r"^/repos/([^/]+/[^/]+)/issues/comments/(\d+)$")
ISSUES = re.compile(r"^/repos/([^/]+/[^/]+)/issues$")
LABELS = re.compile(r"^/repos/([^/]+/[^/]+)/labels$")
LABEL = re.compile(r"^/repos/([^/]+/[^/]+)/labels/([^/]+)$")


class Handler(BaseHTTPRequestHandler):
    state: State  # set on the subclass made per server

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-RateLimit-Limit", "1000")
        self.send_header("X-RateLimit-Remaining", "999")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        value = json.loads(raw or b"{}")
        return value if isinstance(value, dict) else {}

    def _permission(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        token = auth.split(" ", 1)[1] if " " in auth else ""
        return self.state.tokens.get(token)

    def _handle(self, method: str) -> None:
        url = urlsplit(self.path)
        path, query = unquote(url.path), parse_qs(url.query)
        st = self.state
        with st.lock:
            st.calls.append((method, path))
            perm = self._permission()
            if perm is None:
                return self._send(401, {"message": "Bad credentials"})
            if method != "GET" and perm != "write":
                return self._send(403, {"message": "Resource not accessible by integration"})
            body = self._body() if method in ("POST", "PATCH") else {}
            return self._route(method, path, query, body)

    def _route(self, method: str, path: str, query: dict[str, list[str]], body: dict[str, Any]) -> None:
        st = self.state
        if m := ISSUE_COMMENTS.match(path):
            repo, number = m.group(1), int(m.group(2))
            if number not in st.issues.get(repo, {}):
                return self._send(404, {"message": "Not Found"})
            if method == "GET":
                return self._page(st.comments_of(repo, number), query, path)
            if method == "POST":
                return self._send(201, _public(st.add_comment(repo, number, str(body["body"]), "github-actions[bot]")))
        if (m := COMMENT.match(path)) and method == "PATCH":
            comment = st.comments.get(int(m.group(2)))
            if comment is None:
                return self._send(404, {"message": "Not Found"})
            comment["body"] = str(body.get("body", comment["body"]))
            return self._send(200, _public(comment))
        if m := ISSUE.match(path):
            issue = st.issues.get(m.group(1), {}).get(int(m.group(2)))
            if issue is None:
                return self._send(404, {"message": "Not Found"})
            if method == "PATCH":
                for key in ("title", "body", "state", "state_reason"):
                    if key in body:
                        issue[key] = body[key]
            return self._send(200, _public(issue))
        if m := ISSUES.match(path):
            return self._issues(method, m.group(1), query, body)
        if m := LABEL.match(path):
            label = st.labels.get(m.group(1), {}).get(m.group(2))
            return self._send(200, label) if label else self._send(404, {"message": "Not Found"})
        if (m := LABELS.match(path)) and method == "POST":
            if str(body["name"]) in st.labels.get(m.group(1), {}):
                return self._send(422, {"message": "Validation Failed", "errors": [{"code": "already_exists"}]})
            label = {"name": body["name"], "color": body.get("color", ""), "url": f"{st.base}{path}/{body['name']}"}
            st.labels.setdefault(m.group(1), {})[str(body["name"])] = label
            return self._send(201, label)
        return self._send(404, {"message": f"no route for {method} {path}"})

    def _issues(self, method: str, repo: str, query: dict[str, list[str]], body: dict[str, Any]) -> None:
        st = self.state
        issues = st.issues.setdefault(repo, {})
        if method == "POST":
            number = max(issues, default=0) + 1
            issue = st._issue_json(
                repo, number, str(body["title"]), str(body.get("body", "")), body.get("labels", []), "open"
            )
            issues[number] = issue
            return self._send(201, _public(issue))
        state = query.get("state", ["open"])[0]
        wanted = set(filter(None, query.get("labels", [""])[0].split(",")))
        found = [
            i
            for _, i in sorted(issues.items())
            if (state == "all" or i["state"] == state) and wanted <= {lab["name"] for lab in i["labels"]}
        ]
        return self._page(found, query, f"/repos/{repo}/issues")

    def _page(self, items: list[dict[str, Any]], query: dict[str, list[str]], path: str) -> None:
        per_page = int(query.get("per_page", ["30"])[0])
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {}
        if page * per_page < len(items):
            keep = "&".join(f"{k}={v[0]}" for k, v in query.items() if k != "page")
            headers["Link"] = f'<{self.state.base}{path}?{keep}&page={page + 1}>; rel="next"'
        return self._send(200, [_public(i) for i in chunk], headers)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")


@contextmanager
def serve(state: State | None = None) -> Iterator[State]:
    """Run the stand-in on 127.0.0.1 (an ephemeral port) for the ``with`` block; yields its State."""
    st = state or State()
    handler = type("BoundHandler", (Handler,), {"state": st})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    st.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield st
    finally:
        server.shutdown()
        server.server_close()
