"""PR comment upsert and the rolling link-rot issue, through PyGithub, against the REST stand-in."""

from __future__ import annotations

import subprocess
from pathlib import Path

from gha_stub.server import State, serve
from minutes_ci.checks.model import Severity
from minutes_ci.checks.rule import Finding
from minutes_ci.gha.comment import client, upsert_comment
from minutes_ci.gha.rot import LABEL, MARKER, authors, render_body, sync_issue
from minutes_ci.gha.summary import MARKER as COMMENT_MARKER

REPO = "scs/minutes"


def test_comment_created_once_then_updated_in_place() -> None:
    with serve(State(tokens={"w": "write"})) as st:
        st.add_issue(REPO, 7, "a pull request")
        for n in range(35):  # the marked comment must be found past the first page
            st.add_comment(REPO, 7, f"comment {n}")
        gh = client("w", st.base, polite=False)
        first = upsert_comment(gh, REPO, 7, "## minutes-ci check\n1 error")
        assert first.action == "created"
        again = upsert_comment(gh, REPO, 7, "## minutes-ci check\n1 error")
        assert again.action == "unchanged" and again.comment_id == first.comment_id
        second = upsert_comment(gh, REPO, 7, "## minutes-ci check\nno findings", create=False)
        assert second.action == "updated" and second.comment_id == first.comment_id
        ours = [c for c in st.comments_of(REPO, 7) if COMMENT_MARKER in c["body"]]
        assert len(ours) == 1 and ours[0]["body"].endswith("no findings")
        assert [c for c in st.writes()] == [
            ("POST", f"/repos/{REPO}/issues/7/comments"),
            ("PATCH", f"/repos/{REPO}/issues/comments/{first.comment_id}"),
        ]


def test_no_comment_is_opened_just_to_say_all_clear() -> None:
    with serve(State(tokens={"w": "write"})) as st:
        st.add_issue(REPO, 8, "pr")
        result = upsert_comment(client("w", st.base, polite=False), REPO, 8, "all clear", create=False)
        assert result.action == "none" and st.writes() == []


def test_read_only_token_skips_the_comment_without_error() -> None:
    with serve(State(tokens={"r": "read"})) as st:
        st.add_issue(REPO, 9, "from a fork")
        result = upsert_comment(client("r", st.base, polite=False), REPO, 9, "1 error")
        assert result.action == "skipped" and "HTTP 403" in result.detail
        assert st.writes() == [("POST", f"/repos/{REPO}/issues/9/comments")]  # tried once, refused
        assert st.comments_of(REPO, 9) == []


def _finding(path: str, line: int) -> Finding:
    return Finding(path, line, 5, "broken-link", f"https://example.org/{line} answers 404", Severity.ERROR)


def test_rolling_issue_create_update_close_never_duplicated() -> None:
    def link(path: str, line: int) -> str:
        return f"https://github.com/{REPO}/blob/abc/{path}#L{line}"

    with serve(State(tokens={"w": "write"})) as st:
        st.add_issue(REPO, 1, "unrelated", "no marker here", labels=[{"name": LABEL}])
        gh = client("w", st.base, polite=False)
        body = render_body([_finding("iam/20230921.md", 12)], link, {"iam/20230921.md": ["@alice", "Bob"]}, "")
        assert "- [ ] [line 12](https://github.com/scs/minutes/blob/abc/iam/20230921.md#L12)" in body
        assert "written by @alice, Bob" in body
        created = sync_issue(gh, REPO, body)
        assert created.action == "created" and created.number == 2
        assert st.labels[REPO][LABEL]["name"] == LABEL  # the label did not exist: made once
        issue = st.issues[REPO][2]
        assert MARKER in issue["body"] and [lab["name"] for lab in issue["labels"]] == [LABEL]

        assert sync_issue(gh, REPO, body).action == "unchanged"
        body2 = render_body([_finding("iam/20230921.md", 12), _finding("iaas/20240605.md", 3)], link, {}, "")
        updated = sync_issue(gh, REPO, body2)
        assert updated.action == "updated" and updated.number == 2
        assert "iaas/20240605.md" in st.issues[REPO][2]["body"]
        assert len([i for i in st.issues[REPO].values() if MARKER in i["body"]]) == 1

        closed = sync_issue(gh, REPO, None, "https://github.com/scs/minutes/actions/runs/5")
        assert closed.action == "closed" and st.issues[REPO][2]["state"] == "closed"
        assert "passes again" in st.comments_of(REPO, 2)[-1]["body"]
        assert sync_issue(gh, REPO, None).action == "none"
        assert st.issues[REPO][1]["state"] == "open"  # someone else's labelled issue is left alone
        # rot comes back: a new issue (the closed one stays closed as the record)
        assert sync_issue(gh, REPO, body).action == "created"


def test_a_duplicate_rolling_issue_is_closed() -> None:
    with serve(State(tokens={"w": "write"})) as st:
        for n in (4, 6):
            st.add_issue(REPO, n, "Link rot", f"{MARKER}\nold", labels=[{"name": LABEL}])
        result = sync_issue(client("w", st.base, polite=False), REPO, f"{MARKER}\nnew")
        assert result.action == "updated" and result.number == 4
        assert st.issues[REPO][6]["state"] == "closed"
        assert "duplicate of #4" in st.comments_of(REPO, 6)[0]["body"]


def test_authors_prefer_github_handles(tmp_path: Path) -> None:
    def git(*args: str, name: str = "", email: str = "") -> None:
        env = {
            "GIT_AUTHOR_NAME": name or "x",
            "GIT_AUTHOR_EMAIL": email or "x@example.org",
            "GIT_COMMITTER_NAME": "c",
            "GIT_COMMITTER_EMAIL": "c@example.org",
            "PATH": "/usr/bin:/bin",
        }
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, env=env)

    git("init", "-q")
    for n, (name, email) in enumerate(
        [
            ("Alice A", "123+alice@users.noreply.github.com"),
            ("Bob", "bob@example.org"),
            ("Alice A", "123+alice@users.noreply.github.com"),
            ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
        ]
    ):
        (tmp_path / "a.md").write_text(f"v{n}\n")
        git("add", "a.md")
        git("commit", "-q", "-m", f"c{n}", name=name, email=email)
    assert authors(tmp_path, "a.md") == ["@alice", "Bob"]
