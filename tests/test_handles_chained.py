"""Handles joined by slashes ('@alice/@bob') are each a handle; a URL path's '/@x' is not."""

from __future__ import annotations

from minutes_ci.checks.extract import chained_handles, handles_in
from minutes_ci.checks.parse import parse_document


def test_each_handle_of_a_slash_joined_list_is_read() -> None:
    found = handles_in("- owners: @alice/@bob-c/@carol.d, then @dan", 4)
    assert [(h, s.col, s.end_col) for h, s in found] == [
        ("alice", 11, 17), ("bob-c", 18, 24), ("carol.d", 25, 33), ("dan", 40, 44)]


def test_a_url_path_or_a_word_before_the_slash_is_no_handle() -> None:
    for line in ("https://medium.com/@writer/post", "see a/@b", "x@y.org/@z", "`@a`/@b"):
        assert "b" not in {h for h, _ in handles_in(line, 1)} and "writer" not in {h for h, _ in handles_in(line, 1)}
    assert chained_handles("medium.com/@writer and mail@x.org/@y") == []


def test_the_rules_see_them() -> None:
    doc = parse_document("iaas/20240104.md", b"# 2024-01-04\n\n## Participants\n\n- @alice/@bob\n")
    assert [h.handle for h in doc.handles] == ["alice", "bob"]
