"""The rolling link-rot issue: one open issue, found by label and hidden marker, never duplicated.

Created when an audit first confirms rot, rewritten in place on later audits (a checklist by file
with links to the lines and the people who wrote those minutes), closed with a comment when
everything passes again. A second open issue with the marker (a race, a manual copy) is closed as
a duplicate of the oldest so the noise does not grow.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from github import Github, GithubException
from github.Issue import Issue
from minutes_ci.checks.rule import Finding
from minutes_ci.report.safe import md_code, md_rule, md_text, md_url

LABEL = "link-rot"
MARKER = "<!-- minutes-ci link-rot -->"
TITLE = "Link rot in the minutes"
BODY_LIMIT = 65536 - 1024
# a GitHub login: what a noreply address may turn into a mention (anything else is a name)
HANDLE = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


@dataclass(frozen=True, slots=True)
class IssueResult:
    action: str  # "created" | "updated" | "unchanged" | "closed" | "none"
    number: int | None = None


def authors(root: Path, path: str, limit: int = 5) -> list[str]:
    """Who committed the file, most commits first: ``@handle`` from a GitHub noreply address,
    otherwise the name. A shallow clone knows fewer people; audits should fetch full history."""
    proc = subprocess.run(
        ["git", "--literal-pathspecs", "log", "--no-merges", "--format=%an%x09%ae", "--", path],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    tally: dict[str, int] = {}
    for line in proc.stdout.split("\n"):  # not splitlines(): a name may hold U+2028 and friends
        name, _, email = line.partition("\t")
        # a name is never a mention: "@org/team" as an author name must not ping the team
        who = name.strip().lstrip("@").strip()
        if email.endswith("@users.noreply.github.com"):
            handle = "@" + email.split("@", 1)[0].split("+")[-1]
            if HANDLE.fullmatch(handle):
                who = handle
        if who and not who.endswith("[bot]"):
            tally[who] = tally.get(who, 0) + 1
    return sorted(tally, key=lambda k: (-tally[k], k))[:limit]


def render_body(
    findings: list[Finding], link: Callable[[str, int], str], people: Mapping[str, list[str]], run_url: str
) -> str:
    out = [MARKER, "", f"The scheduled link audit found {len(findings)} broken link(s) or reference(s).", ""]
    if run_url:
        out += [f"Last audit: {run_url}", ""]
    size = sum(len(x) + 1 for x in out)
    for path, group in groupby(sorted(findings), key=lambda f: f.path):
        who = people.get(path) or []
        head = f"### {md_code(path)}" + (f" — written by {', '.join(_person(w) for w in who)}" if who else "")
        lines = ["", head, ""] + [
            f"- [ ] [line {f.line}]({md_url(link(f.path, f.line))}) {md_rule(f.rule)} {md_text(f.message)}"
            for f in group
        ]
        block = "\n".join(lines) + "\n"
        if size + len(block) > BODY_LIMIT:
            out.append("\n… more files not shown (size limit); the job summary lists everything.")
            break
        out.append(block)
        size += len(block)
    out.append("\nThis issue is kept up to date by minutes-ci and closed when every link passes again.")
    return "\n".join(out) + "\n"


def _person(who: str) -> str:
    """A login from a noreply address stays a mention (the point of naming them); anything else
    (a name, a malformed handle) is inert text: no ping, no HTML, no link."""
    return who if HANDLE.fullmatch(who) else md_text(who)


def _ours(gh: Github, repo: str) -> list[Issue]:
    found = gh.get_repo(repo).get_issues(state="open", labels=[LABEL])
    # the issues endpoint lists pull requests too; a labelled PR is never our report
    return sorted((i for i in found if MARKER in (i.body or "") and i.pull_request is None), key=lambda i: i.number)


def sync_issue(gh: Github, repo: str, body: str | None, run_url: str = "") -> IssueResult:
    """``body`` None means the audit passed: close the open issue, if any."""
    issues = _ours(gh, repo)
    keep, extra = (issues[0], issues[1:]) if issues else (None, [])
    for dup in extra:
        dup.create_comment(f"Closing as a duplicate of #{keep.number if keep else '?'}.")
        dup.edit(state="closed", state_reason="not_planned")
    if body is None:
        if keep is None:
            return IssueResult("none")
        note = "Every link and reference passes again" + (f" ({run_url})" if run_url else "") + "; closing."
        keep.create_comment(note)
        keep.edit(state="closed", state_reason="completed")
        return IssueResult("closed", keep.number)
    if keep is not None:
        if keep.body == body:
            return IssueResult("unchanged", keep.number)
        keep.edit(body=body)
        return IssueResult("updated", keep.number)
    gh_repo = gh.get_repo(repo)
    try:  # GitHub would make a bare label by itself; this one says what it is for
        gh_repo.create_label(LABEL, "b60205", "broken links found by the scheduled minutes-ci audit")
    except GithubException as exc:
        if exc.status != 422:  # 422: the label exists already
            raise
    made = gh_repo.create_issue(title=TITLE, body=body, labels=[LABEL])
    return IssueResult("created", made.number)
