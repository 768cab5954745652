"""empty-slide: two separators with nothing visible between them, and a separator ending the deck."""

from __future__ import annotations

from minutes_ci.checks.parse import parse_document
from minutes_ci.checks.rule import Context, Severity
from minutes_ci.checks.rules import slide_separators

FRONT = "---\ntitle: Call\ntype: slide\n---\n\n# Call 2023-11-02\n\n"


def _found(body: str) -> list[tuple[int, Severity | None]]:
    doc = parse_document("community-call/20231102.md", (FRONT + body).encode())
    return [
        (p.span.line, p.severity)
        for p in slide_separators.check_empty(doc, Context(tree=None))  # type: ignore[arg-type]
    ]


def test_two_separators_with_empty_lines_between() -> None:
    assert _found("----\n\n---\n\n# Next\n") == [(10, None)]
    assert _found("---\n\n\n\n----\n\n# Next\n") == [(12, None)]


def test_a_comment_alone_is_empty_but_a_slide_attribute_is_meant() -> None:
    assert _found("---\n\n<!-- left over -->\n\n---\n\n# Next\n") == [(12, None)]
    assert _found('---\n\n<!-- .slide: data-background="a.png" -->\n\n---\n\n# Next\n') == []


def test_separator_ending_the_deck_is_a_notice() -> None:
    assert _found("---\n\n# Last\n\n---\n\n") == [(12, Severity.NOTICE)]


def test_separator_in_code_and_real_slides_are_quiet() -> None:
    assert _found("---\n\n# A\n\n---\n\n# B\n") == []
    assert _found("```yaml\na: 1\n\n---\n\n---\n\nb: 2\n```\n\n# B\n") == []


def test_an_empty_first_slide_after_the_front_matter() -> None:
    doc = parse_document("community-call/20231102.md", b"---\ntype: slide\n---\n\n---\n\n# A\n")
    found = [p.span.line for p in slide_separators.check_empty(doc, Context(tree=None))]  # type: ignore[arg-type]
    assert found == [5]


def test_a_run_of_separators_reports_each_empty_slide() -> None:
    # the first separator closes the title slide; each later one closes an empty slide
    assert len(_found("---\n\n" * 3000 + "# End\n")) == 2999
