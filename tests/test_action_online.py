"""`online: true` on a pull request: only links the pull request wrote are fetched and reported."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from conftest import PROJECT, git, write
from test_action_audit import Site, site  # noqa: F401  (the loopback web server fixture)
from test_action_e2e import Upstream, annotations, checkout, pr_payload, run_step

CONFIG = "links:\n  timeout: 5\n"
PRIVATE = {"allow-private-hosts": "true"}  # the linked site is a test server on 127.0.0.1 (a workflow input)


def minutes(date: str, links: list[str]) -> str:
    items = "".join(f"- see [page {n}]({url})\n" for n, url in enumerate(links, 1))
    return f"# IAM meeting {date}\n\n## Participants\n\n- @alice\n\n## Notes\n\n{items}"


def test_only_added_links_are_checked(tmp_path: Path, site: Site) -> None:  # noqa: F811
    site.status.update({"/old-gone": 404, "/new-gone": 404, "/new-ok": 200, "/unrelated-gone": 404})
    up = Upstream(tmp_path / "upstream")
    up.path.mkdir()
    git(up.path, "init", "-q", "-b", "main")
    git(up.path, "config", "uploadpack.allowAnySHA1InWant", "true")
    write(
        up.path,
        {
            ".minutes-ci.yaml": CONFIG,
            "iam/20231012.md": minutes("2023-10-12", [f"{site.base}/old-gone"]),
            "iaas/20231012.md": minutes("2023-10-12", [f"{site.base}/unrelated-gone"]).replace("IAM", "IaaS"),
        },
    )
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "base")
    git(up.path, "checkout", "-q", "-b", "feature")
    # the PR adds a link to a file that already holds a dead one, and a new file with two links
    write(
        up.path,
        {
            "iam/20231012.md": minutes("2023-10-12", [f"{site.base}/old-gone", f"{site.base}/new-ok"]),
            "iam/20231019.md": minutes("2023-10-19", [f"{site.base}/new-gone", f"{site.base}/new-ok"]),
        },
    )
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "October")
    up.make_merge()
    ws = tmp_path / "ws"
    checkout(up, ws)
    res = run_step(tmp_path, ws, pr_payload(up), {"online": "true", **PRIVATE}, "http://127.0.0.1:9")
    assert res.code == 1, res.out
    errors = annotations(res.out, "error")
    assert len(errors) == 1, res.out
    assert "file=iam/20231019.md,line=9" in errors[0] and "/new-gone" in errors[0]
    assert "/old-gone" not in res.summary and "/unrelated-gone" not in res.summary
    assert res.outputs["errors"] == "1"
    report = json.loads(Path(res.outputs["report-path"]).read_text())
    assert report["counts"]["error"] == 1 and [f["path"] for f in report["findings"]] == ["iam/20231019.md"]
    schema = json.loads((PROJECT / "schemas" / "findings.schema.json").read_text())
    jsonschema.validate(report, schema)  # the merged report keeps the documented shape
    # the old links were never fetched: not the PR's business
    assert {"/new-gone", "/new-ok"} <= set(site.seen) and not {"/old-gone", "/unrelated-gone"} & set(site.seen)


def test_only_added_issue_references_are_looked_up(tmp_path: Path) -> None:
    from servers.github_standin import Item, StandIn, World, serve

    world = World(items={("scs", "standards", 12): Item("Issue")})
    up = Upstream(tmp_path / "upstream")
    up.path.mkdir()
    git(up.path, "init", "-q", "-b", "main")
    git(up.path, "config", "uploadpack.allowAnySHA1InWant", "true")
    old = minutes("2023-10-12", ["https://github.com/scs/standards/issues/404"])
    write(up.path, {"iam/20231012.md": old})
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "base")
    git(up.path, "checkout", "-q", "-b", "feature")
    new = ["https://github.com/scs/standards/issues/12", "https://github.com/scs/standards/issues/999"]
    write(
        up.path,
        {
            "iam/20231012.md": old + "- and [this](https://github.com/scs/standards/issues/12)\n",
            "iam/20231019.md": minutes("2023-10-19", new),
        },
    )
    git(up.path, "add", "-A")
    git(up.path, "commit", "-q", "-m", "October")
    up.make_merge()
    ws = tmp_path / "ws"
    checkout(up, ws)
    with serve(StandIn(world)) as srv:
        res = run_step(tmp_path, ws, pr_payload(up), {"online": "true", "token": "t0ken-s3cret"}, srv.url)
        asked = "\n".join(srv.queries)
    assert res.code == 1, res.out
    errors = annotations(res.out, "error")
    assert len(errors) == 1 and "file=iam/20231019.md,line=10" in errors[0] and "999" in errors[0], res.out
    assert "999" in asked and "404" not in asked  # the old reference was never looked up
    assert "t0ken-s3cret" not in res.out
