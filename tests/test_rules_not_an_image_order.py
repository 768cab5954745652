"""not-an-image reads a file's first bytes before asking whether it is a folder (the cheaper order):
a folder, an image, a text file and a missing path still get the verdicts they always had."""

from __future__ import annotations

from pathlib import Path

from minutes_ci.checks.parse import load_document
from minutes_ci.checks.rule import Context
from minutes_ci.checks.rules import not_an_image
from minutes_ci.discover import FsTree

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16

NOTE = """# 2024-01-04

![a folder](shots)
![a picture](chart.png)
![again](chart.png)
![a text file](notes.png)
![twice](notes.png)
![missing](gone.png)
"""


def test_folder_image_text_and_missing_path(tmp_path: Path) -> None:
    team = tmp_path / "team"
    (team / "shots").mkdir(parents=True)
    (team / "chart.png").write_bytes(PNG)
    (team / "notes.png").write_text("not a picture\n", encoding="utf-8")
    (team / "20240104.md").write_text(NOTE, encoding="utf-8")
    doc = load_document(tmp_path, "team/20240104.md")
    problems = list(not_an_image.check(doc, Context(tree=FsTree(tmp_path))))
    assert [(p.span.line, p.message) for p in problems] == [
        (6, "team/notes.png is no known image format, not an image"),
    ]
