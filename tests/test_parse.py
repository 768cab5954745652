"""The parser: every Document field on small hand-written inputs, and hostile input never raises."""

from __future__ import annotations

import datetime as dt
import os
import resource
from pathlib import Path

import pytest
from minutes_ci.checks.model import Kind
from minutes_ci.checks.parse import load_document, parse_document
from minutes_ci.checks.rule import FolderPolicy

DECKS = {"community-call": FolderPolicy("community-call", kind=Kind.DECK, legacy_before=dt.date(2023, 8, 31))}

TEAM = """# 2024-11-28

## Participants
- @alice
* @bob (partially)
@carol
- Dave Nohandle

## Housekeeping
Responsible for the minutes: @alice

## Agenda

### Release planning (@bob)
See [standards/#928](https://github.com/SovereignCloudStack/standards/issues/982) and
osism/issues#408, <https://example.org/a>, https://example.com/b.
AI @alice: write the notes
- AI: nobody owns this
sponsor: @carol

```
[not](a-link) @notahandle https://not.a.link
```
`@inline` and ![img](https://input.scs.community/uploads/abc.png =200x)
"""


def test_team_minutes_model() -> None:
    doc = parse_document("iaas/20241128.md", TEAM.encode())
    assert doc.kind is Kind.TEAM and doc.file_date == dt.date(2024, 11, 28)
    assert doc.title is not None and doc.title.date is not None
    assert doc.title.date.date == dt.date(2024, 11, 28) and doc.title.span.line == 1
    assert [h.text for h in doc.headings][:3] == ["2024-11-28", "Participants", "Housekeeping"]
    assert doc.participants_section is not None and doc.participants_section.heading.span.line == 3
    assert [(p.handle, p.list_item) for p in doc.participants] == [
        ("alice", True), ("bob", True), ("carol", False), (None, True)]
    ref = next(r for r in doc.issue_refs if r.url)
    assert (ref.owner, ref.repo, ref.number, ref.kind) == ("SovereignCloudStack", "standards", 982, "issues")
    assert (ref.text_repo, ref.text_number, ref.text_is_ref) == ("standards", 928, True)
    assert (ref.span.line, ref.span.col) == (15, 22)
    text_ref = next(r for r in doc.issue_refs if not r.url)
    assert (text_ref.text_owner, text_ref.text_repo, text_ref.text_number) == ("osism", "issues", 408)
    urls = {(lk.url, lk.form) for lk in doc.links}
    assert ("https://example.org/a", "autolink") in urls and ("https://example.com/b", "bare") in urls
    assert ("https://input.scs.community/uploads/abc.png", "image") in urls
    assert not any("not.a.link" in lk.url for lk in doc.links)
    assert {h.handle for h in doc.handles} >= {"alice", "bob", "carol"}
    assert "notahandle" not in {h.handle for h in doc.handles} and "inline" not in {h.handle for h in doc.handles}
    assert [(a.owner, a.form) for a in doc.action_items] == [("alice", "AI @x:"), (None, "AI:")]
    forms = {(r.form, r.handle) for r in doc.reporters}
    assert ("topic", "bob") in forms and ("sponsor", "carol") in forms
    assert doc.code_lines == frozenset(range(21, 24))


DECK = """---
title: SCS Community Call
type: slide
slideOptions:
  theme: white
  transition: 'slide'
---

<style>.x {}</style>

## <font color="red">Community Call 2024-03-14</font>

---

# Team IaaS
Report by <a href="https://github.com/garlof">@garloff</a>

----

<!-- .slide: data-background="./bg.png" -->
- item
----

# SIG x
<!-- .slide: data-background=bad class='x' onclick="y" -->
note:
secret

```
text

---

more
```
"""


def test_deck_slides_follow_hedgedoc_rules() -> None:
    doc = parse_document("community-call/20240314.md", DECK.encode(), folders=DECKS)
    assert doc.kind is Kind.DECK and doc.front_matter is not None and doc.front_matter.at_byte0
    assert doc.front_matter.data["slideOptions"]["theme"] == "white"
    assert doc.front_matter.span_for(("slideOptions", "theme")).line == 5
    assert doc.title is not None and doc.title.date is not None and doc.title.date.date == dt.date(2024, 3, 14)
    seps = [(s.line, s.vertical, s.splits, s.reason) for s in doc.separators]
    assert seps == [(13, False, True, None), (18, True, True, None), (22, True, False, "no-blank-line-before"),
                    (32, False, True, "inside-code")]
    assert [s.index for s in doc.slides] == [(0, 0), (1, 0), (1, 1), (2, 0)]
    assert doc.slides[2].attrs[0].attrs == {"data-background": "./bg.png"}
    bad = doc.attr_comments[1]
    assert bad.dropped == ["onclick"] and any("data-background=bad" in m for m in bad.malformed)
    assert doc.slides[2].notes_line == 26  # one "note:" line on the slide that the bad separator did not end
    rep = next(r for r in doc.reporters if r.form == "report-by")
    assert (rep.handle, rep.href_user) == ("garloff", "garlof")
    assert {lk.form for lk in doc.links} >= {"data-background", "html-href"}


def test_front_matter_not_at_byte0_and_broken_yaml() -> None:
    doc = parse_document("community-call/20241017.md", b"\n---\ntitle: x\ntype: slide\n---\n# hi\n", folders=DECKS)
    assert doc.front_matter is not None and not doc.front_matter.at_byte0 and doc.kind is Kind.DECK
    doc = parse_document("community-call/20241017.md", b"---\ntitle: [unclosed\n---\n# hi\n", folders=DECKS)
    assert doc.front_matter is not None and doc.front_matter.error and doc.front_matter.error_span is not None
    assert doc.front_matter.error_span.line in (2, 3)


def test_yaml_alias_bomb_is_refused_cheaply() -> None:
    bomb = ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        bomb.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    bomb += ["---", "# 2024-01-01"]
    doc = parse_document("iaas/20240101.md", "\n".join(bomb).encode())
    assert doc.front_matter is not None and doc.front_matter.error and "aliases" in doc.front_matter.error


def test_encoding_problems_are_recorded_not_raised() -> None:
    data = b"\xef\xbb\xbf# 2024-01-01\r\n\r\nok \xff\xfe here\r\nsch\xc3\x83\xc2\xb6n\r\n"
    doc = parse_document("iaas/20240101.md", data)
    kinds = {i.kind: i.span.line for i in doc.text_issues}
    assert kinds == {"invalid-utf8": 3, "bom": 1, "cr": 1, "mojibake": 4}
    assert doc.title is not None and doc.title.date is not None


def test_binary_directory_and_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "iaas").mkdir()
    (tmp_path / "iaas" / "20240101.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "iaas" / "20240102.md").mkdir()
    os.symlink(tmp_path / "nowhere", tmp_path / "iaas" / "20240103.md")
    assert "binary" in (load_document(tmp_path, "iaas/20240101.md").fatal or "")
    assert "directory" in (load_document(tmp_path, "iaas/20240102.md").fatal or "")
    assert "cannot read" in (load_document(tmp_path, "iaas/20240103.md").fatal or "")


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "iaas" / "20240101.md"
    big.parent.mkdir()
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    doc = load_document(tmp_path, "iaas/20240101.md")
    assert doc.fatal and "too large" in doc.fatal
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20 * 1024  # KiB: it was not read


def test_deep_nesting_does_not_crash() -> None:
    # 10,000 nested list levels: markers on one line, and one deeper level per line for 2,000 lines
    text = "# 2024-01-01\n" + "- " * 10_000 + "x\n" + "".join(" " * (2 * i) + "- x\n" for i in range(2_000))
    doc = parse_document("iaas/20240101.md", text.encode())
    assert doc.fatal is None and doc.title is not None
    doc = parse_document("iaas/20240101.md", ("> " * 10_000 + "x\n").encode())
    assert doc.fatal is None


@pytest.mark.parametrize("title,problem", [("# 2023-01\u201309", "en-dash"), ("# 2023-09-4", "unpadded"),
                                           ("# 20231211 - x", "compact"), ("# 2024-02-30", "impossible")])
def test_title_date_problems(title: str, problem: str) -> None:
    doc = parse_document("iaas/20230109.md", f"{title}\n\n## Participants\n- @a\n".encode())
    assert doc.title is not None and doc.title.date is not None and doc.title.date.problem == problem


def test_directives_and_dated_titles() -> None:
    text = "## 2026-02-23\n<!-- minutes-ci disable-next-line title-date-mismatch, foo -->\n## 2026-02-09\n"
    doc = parse_document("project-board/20260223.md", text.encode())
    assert [(d.action, d.rules, d.line) for d in doc.directives] == [
        ("disable-next-line", ("title-date-mismatch", "foo"), 2)]
    assert [t.span.line for t in doc.dated_titles] == [1, 3]
