"""url-host-typo judges a host by its uses in the whole repository, whichever files are checked.

The counts come from the one repository pass that also builds the handle roster and the duplicate
digests (minutes_ci.context.scan_repository), and the message shows them. Every text is invented.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result, write
from minutes_ci.checks.parse import parse_document
from minutes_ci.checks.rules.url_host import _is_typo
from minutes_ci.context import scan_repository

RULE = "url-host-typo"
TODAY = "2026-06-15"
HEAD = "# 2024-03-{d}\n\n## Participants\n\n- @ingrid-hale\n\n## Notes\n\n"


def minutes(day: int, *lines: str) -> str:
    return HEAD.format(d=f"{day:02d}") + "".join(f"- {line}\n" for line in lines)


def _run(cli: Callable[..., Result], repo: Path, out: Path, *paths: str) -> list[dict[str, object]]:
    result = cli(
        "check", "--preset", "scs", "--root", str(repo), "--today", TODAY, "--format", f"json={out}", *paths, cwd=repo
    )
    assert result.code in (0, 1), result.err
    return [f for f in json.loads(out.read_text(encoding="utf-8"))["findings"] if f["rule"] == RULE]


def _team_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    write(
        repo,
        {
            # the team's wiki, linked from many minutes: a host of this repository, known nowhere else
            "iaas/20240306.md": minutes(
                6, "[plan](https://wiki.storage-team.example/plan)", "[risks](https://wiki.storage-team.example/risks)"
            ),
            "iaas/20240313.md": minutes(
                13, "[plan](https://wiki.storage-team.example/plan)", "see https://wiki.storage-team.example/drill"
            ),
            "iaas/20240320.md": minutes(20, "[notes](https://wiki.storage-taem.example/notes)"),
        },
    )
    return repo


def test_one_file_is_judged_with_the_whole_repository(cli: Callable[..., Result], tmp_path: Path) -> None:
    repo = _team_repo(tmp_path)
    alone = _run(cli, repo, tmp_path / "one.json", "iaas/20240320.md")
    whole = _run(cli, repo, tmp_path / "all.json")
    assert [(f["path"], f["line"], f["col"]) for f in alone] == [("iaas/20240320.md", 9, 19)]
    assert [f["message"] for f in alone] == [f["message"] for f in whole]
    message = str(alone[0]["message"])
    assert "'wiki.storage-team.example'" in message
    assert "the repository links it 4 times, 'wiki.storage-taem.example' once" in message


def test_counts_are_true_counts(cli: Callable[..., Result], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(
        repo,
        {
            "iaas/20240306.md": minutes(6, *(f"https://www.github.com/o/r/issues/{n}" for n in range(7))),
            "iaas/20240313.md": minutes(13, "https://github.com/o/r/pull/9", "[x](https://GitHub.com./o)"),
            "iaas/20240320.md": minutes(20, "[a](https://githbu.com/o/r)", "[b](https://githbu.com/o/s)"),
        },
    )
    found = _run(cli, repo, tmp_path / "f.json", "iaas/20240320.md")
    assert len(found) == 2
    # www., upper case and a trailing dot are the same host; both typos counted in the repository
    assert all(
        "a well-known host (the repository links it 9 times, 'githbu.com' twice)" in str(f["message"]) for f in found
    )


@pytest.mark.parametrize(
    ("frequent", "rare"),
    [
        ("en.wikipedia.org", "de.wikipedia.org"),  # sibling sites with short names
        ("docs.github.com", "docs.gitlab.com"),  # different names under the same parent
        ("10.20.30.41", "10.20.30.47"),  # IP addresses
        ("status.example.org", "statu.example.org.backup.example"),  # not the same shape at all
    ],
    ids=["siblings", "other-name", "ip", "other-domain"],
)
def test_other_sites_are_not_typos(cli: Callable[..., Result], tmp_path: Path, frequent: str, rare: str) -> None:
    repo = tmp_path / "repo"
    write(
        repo,
        {
            "iaas/20240306.md": minutes(6, *(f"https://{frequent}/page/{n}" for n in range(6))),
            "iaas/20240320.md": minutes(20, f"https://{rare}/page"),
        },
    )
    assert _run(cli, repo, tmp_path / "f.json", "iaas/20240320.md") == []


def test_two_hosts_used_about_as_often_are_two_sites(cli: Callable[..., Result], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(
        repo,
        {
            "iaas/20240306.md": minutes(6, *(f"https://build-east.example.net/{n}" for n in range(4))),
            "iaas/20240313.md": minutes(13, *(f"https://build-west.example.net/{n}" for n in range(2))),
            "iaas/20240320.md": minutes(20, "https://build-west.example.net/x"),
        },
    )
    # build-west is linked 3 times: not rare enough to be a misspelling of build-east (4 uses)
    assert _run(cli, repo, tmp_path / "f.json") == []


@pytest.mark.parametrize(
    ("host", "good", "typo"),
    [
        ("githnb.com", "github.com", True),
        ("github.cmo", "github.com", True),  # a top-level domain that does not exist
        ("github.io", "github.com", False),  # one that does
        ("gist.github.com", "github.com", False),  # a subdomain
        ("docs.openstak.org", "docs.openstack.org", True),
        ("dcos.storage.example", "docs.storage.example", True),
        ("api.example.org", "app.example.org", False),
        ("team.exmaple.org", "team.example.org", True),
    ],
)
def test_only_the_labels_that_differ_are_compared(host: str, good: str, typo: bool) -> None:
    assert _is_typo(host, good) is typo


def test_configuration_cannot_forge_the_counts(cli: Callable[..., Result], tmp_path: Path) -> None:
    repo = _team_repo(tmp_path)
    write(
        repo,
        {
            ".minutes-ci.yaml": "preset: scs\nrules:\n  url-host-typo:\n    repository-hosts:\n"
            "      wiki.storage-taem.example: 500\n"
        },
    )
    found = _run(cli, repo, tmp_path / "f.json", "iaas/20240320.md")
    assert len(found) == 1 and "links it 4 times" in str(found[0]["message"])


def test_the_roster_pass_counts_hosts_of_parsed_and_unparsed_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.md": "https://one.example/x and https://one.example/y\n",
            "b.md": "[t](https://www.two.example/) https://one.example/z\n",
        },
    )
    parsed = parse_document("a.md", (tmp_path / "a.md").read_bytes())  # read once already: not again
    hosts: Counter[str] = Counter()
    digests, _roster = scan_repository(tmp_path, ["a.md", "b.md"], [parsed], None, hosts)
    assert hosts == Counter({"one.example": 3, "two.example": 1})
    assert len(digests) == 2


def test_a_file_outside_the_walk_counts_its_hosts(tmp_path: Path) -> None:
    """A file checked by name that discovery would not pick (`notes`, no extension) still counts."""
    write(tmp_path, {"a.md": "https://one.example/x\n", "notes": "https://one.example/y https://two.example/\n"})
    named = parse_document("notes", (tmp_path / "notes").read_bytes())
    hosts: Counter[str] = Counter()
    scan_repository(tmp_path, ["a.md"], [named], None, hosts)
    assert hosts == Counter({"one.example": 2, "two.example": 1})
