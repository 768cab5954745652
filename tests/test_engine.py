"""The engine on hand-built Documents and small rules: stamping, crashes, severities, suppressions,
the changed-lines filter and baselines."""

from __future__ import annotations

from collections.abc import Iterator

from conftest import NoTree
from minutes_ci.checks import engine
from minutes_ci.checks.model import Directive, Document, Kind, Severity, Span
from minutes_ci.checks.rule import Context, Finding, Problem, Rule

CTX = Context(tree=NoTree())


def doc(path: str, lines: list[str], directives: list[Directive] | None = None, kind: Kind = Kind.TEAM) -> Document:
    return Document(path=path, kind=kind, folder=path.split("/")[0], lines=lines, text="\n".join(lines),
                    directives=directives or [])


def word_rule(word: str, rule_id: str = "no-word", severity: Severity = Severity.ERROR,
              whitespace: bool = False) -> Rule:
    """Flags every line containing ``word``."""

    def check(d: Document, ctx: Context) -> Iterator[Problem]:
        for n, line in enumerate(d.lines, 1):
            col = line.find(word)
            if col >= 0:
                yield Problem(Span.on_line(n, col + 1, len(word)), f"found {word!r}")

    return Rule(id=rule_id, severity=severity, check=check, doc=f"No {word}.\n", whitespace=whitespace)


def crashing_rule() -> Rule:
    def check(d: Document, ctx: Context) -> Iterator[Problem]:
        yield Problem(Span(1), "before the crash")
        raise ValueError("boom")

    return Rule(id="crashy", severity=Severity.WARNING, check=check, doc="Crashes.\n")


def test_findings_are_stamped_and_sorted() -> None:
    docs = [doc("b/20240101.md", ["x", "bad bad"]), doc("a/20240101.md", ["bad"])]
    found = engine.run(docs, CTX, [word_rule("bad")])
    assert [(f.path, f.line, f.col, f.rule, f.severity) for f in found] == [
        ("a/20240101.md", 1, 1, "no-word", Severity.ERROR),
        ("b/20240101.md", 2, 1, "no-word", Severity.ERROR),
    ]
    assert found[0].end_col == 4
    assert engine.run(list(reversed(docs)), CTX, [word_rule("bad")]) == found


def test_a_crashing_rule_becomes_an_internal_error_and_others_still_run() -> None:
    found = engine.run([doc("t/20240101.md", ["bad"])], CTX, [crashing_rule(), word_rule("bad")])
    rules = {f.rule: f for f in found}
    assert set(rules) == {"crashy", engine.INTERNAL_ERROR, "no-word"}
    crash = rules[engine.INTERNAL_ERROR]
    assert crash.severity is Severity.ERROR
    assert "rule crashy crashed: ValueError: boom" in crash.message
    assert "test_engine.py:" in crash.message  # where, so a developer can find it


def test_fatal_document_gives_one_unreadable_finding_and_runs_no_rule() -> None:
    broken = Document(path="t/20240101.md", kind=Kind.TEAM, folder="t", fatal="is a directory, not a file")
    found = engine.run([broken], CTX, [crashing_rule()])
    assert [(f.rule, f.message, f.severity) for f in found] == [
        (engine.UNREADABLE, "is a directory, not a file", Severity.ERROR)
    ]


def test_rules_only_run_on_their_kinds() -> None:
    rule = word_rule("bad")
    deck_only = Rule(id=rule.id, severity=rule.severity, check=rule.check, doc=rule.doc, kinds=frozenset({Kind.DECK}))
    assert engine.run([doc("t/20240101.md", ["bad"])], CTX, [deck_only]) == []
    assert len(engine.run([doc("t/20240101.md", ["bad"], kind=Kind.DECK)], CTX, [deck_only])) == 1


def test_problem_severity_then_config_severity_then_off() -> None:
    def check(d: Document, ctx: Context) -> Iterator[Problem]:
        yield Problem(Span(1), "soft", severity=Severity.NOTICE)
        yield Problem(Span(2), "hard")

    rule = Rule(id="mixed", severity=Severity.ERROR, check=check, doc="Mixed.\n")
    d = doc("t/20240101.md", ["a", "b"])
    assert [f.severity for f in engine.run([d], CTX, [rule])] == [Severity.NOTICE, Severity.ERROR]
    assert [f.severity for f in engine.run([d], CTX, [rule], {"mixed": Severity.WARNING})] == [Severity.WARNING] * 2
    assert engine.run([d], CTX, [rule], {"mixed": None}) == []


def test_inline_suppressions() -> None:
    lines = ["bad 1", "bad 2", "bad 3", "bad 4", "bad 5", "bad 6", "bad 7"]
    directives = [
        Directive("disable-line", ("no-word",), 1),
        Directive("disable-next-line", (), 2),  # every rule, line 3
        Directive("disable", ("no-word",), 4),
        Directive("enable", ("no-word",), 5),  # lines 4 off, 5 on again
        Directive("disable-line", ("other-rule",), 6),  # another rule: no effect here
    ]
    found = engine.run([doc("t/20240101.md", lines, directives)], CTX, [word_rule("bad")])
    assert [f.line for f in found] == [2, 5, 6, 7]


def test_disable_file_for_one_rule_keeps_the_others() -> None:
    d = doc("t/20240101.md", ["bad ugly", "bad"], [Directive("disable-file", ("no-word",), 2)])
    found = engine.run([d], CTX, [word_rule("bad"), word_rule("ugly", "no-ugly")])
    assert [f.rule for f in found] == ["no-ugly"]


def test_disable_all_then_enable_one_rule() -> None:
    directives = [Directive("disable", (), 1), Directive("enable", ("no-ugly",), 1)]
    d = doc("t/20240101.md", ["<!-- x -->", "bad ugly"], directives)
    found = engine.run([d], CTX, [word_rule("bad"), word_rule("ugly", "no-ugly")])
    assert [f.rule for f in found] == ["no-ugly"]


def test_changed_lines_filter_only_whitespace_rules() -> None:
    d = doc("t/20240101.md", ["bad  ", "bad  ", "bad  "])
    rules = [word_rule("bad"), word_rule("  ", "trailing", Severity.NOTICE, whitespace=True)]
    found = engine.run([d], CTX, rules, changed_lines={"t/20240101.md": frozenset({2})})
    assert sorted((f.rule, f.line) for f in found) == [("no-word", 1), ("no-word", 2), ("no-word", 3), ("trailing", 2)]
    whole = engine.run([d], CTX, rules, changed_lines={"t/20240101.md": None})  # a new file: every line
    assert len([f for f in whole if f.rule == "trailing"]) == 3


def test_finalize_applies_suppressions_to_findings_made_elsewhere() -> None:
    d = doc("t/20240101.md", ["a", "b"], [Directive("disable-next-line", ("dead-link",), 1)])
    online = [Finding("t/20240101.md", 2, 1, "dead-link", "404", Severity.ERROR),
              Finding("t/20240101.md", 1, 1, "dead-link", "404", Severity.ERROR)]
    assert [f.line for f in engine.finalize(online, [d], [])] == [1]


def test_baseline_survives_line_shifts_but_not_new_copies() -> None:
    before = doc("t/20240101.md", ["bad"])
    entries = engine.baseline_entries(engine.run([before], CTX, [word_rule("bad")]), [before])
    assert entries[0]["rule"] == "no-word" and entries[0]["line_hash"]
    after = doc("t/20240101.md", ["new intro", "", "bad", "bad"])  # moved down, and one more
    left = engine.filter_baseline(engine.run([after], CTX, [word_rule("bad")]), entries, [after])
    assert [f.line for f in left] == [4]
    changed = doc("t/20240101.md", ["bad, edited"])  # the line itself changed: a new finding
    assert len(engine.filter_baseline(engine.run([changed], CTX, [word_rule("bad")]), entries, [changed])) == 1
