"""Reporters: one module per output format, each a pure ``render(findings, info) -> str``.

Modules are imported only when their format is asked for (start-up time matters to the hook).
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..checks.engine import ENGINE_RULES
from ..checks.model import Severity
from ..checks.rule import Finding, Rule

FORMATS = ("text", "github", "summary", "json", "sarif")


@dataclass(frozen=True)
class RuleInfo:
    """What a reporter needs of a rule (registry rules and the engine's own)."""

    id: str
    severity: Severity
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.id


@dataclass
class ReportInfo:
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    version: str = ""
    files_checked: int = 0
    color: bool = False  # text: ANSI colours (the CLI decides: a TTY and no NO_COLOR)
    prefix: str = ""  # the root's path inside the git work tree: annotations and links need it
    server_url: str = ""  # GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA: links in the summary
    repository: str = ""
    sha: str = ""
    changed_lines: Mapping[str, frozenset[int] | None] | None = None  # github: spend annotations here first
    annotation_limit: int | None = 10  # github: what GitHub shows per severity and step; None: all
    summary_limit: int = 1_000_000  # bytes; GitHub refuses a step summary over 1 MiB


def extra_rule_docs() -> dict[str, tuple[Severity, str]]:
    """The engine's own findings and the online checks' (``minutes_ci.net.ruledocs.RULES``, a light
    module of docstrings: id -> (severity, doc)), so that `rules`, `explain` and SARIF know them."""
    docs = dict(ENGINE_RULES)
    try:
        module = importlib.import_module("minutes_ci.net.ruledocs")
    except ImportError:
        return docs
    online = getattr(module, "RULES", {})
    if isinstance(online, Mapping):
        for rule_id, entry in online.items():
            if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], Severity):
                docs.setdefault(str(rule_id), (entry[0], str(entry[1])))
    return docs


def rule_infos(rules: Iterable[Rule]) -> dict[str, RuleInfo]:
    infos = {r.id: RuleInfo(r.id, r.severity, r.doc) for r in rules}
    for rule_id, (severity, doc) in extra_rule_docs().items():
        infos.setdefault(rule_id, RuleInfo(rule_id, severity, doc))
    return infos


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    tally = Counter(f.severity.label for f in findings)
    return {s.label: tally.get(s.label, 0) for s in sorted(Severity, reverse=True)}


def tally_text(findings: Sequence[Finding], files_checked: int) -> str:
    checked = f"{files_checked} file{'' if files_checked == 1 else 's'} checked"
    if not findings:
        return f"no findings in {checked}"
    parts = [f"{n} {label}{'' if n == 1 else 's'}" for label, n in counts(findings).items()]
    files = len({f.path for f in findings})
    return f"{', '.join(parts)} in {files} of {checked}"


def get(name: str) -> Callable[[Sequence[Finding], ReportInfo], str]:
    if name not in FORMATS:
        raise KeyError(name)
    module = importlib.import_module(f"{__name__}.{name}_report")
    render: Callable[[Sequence[Finding], ReportInfo], str] = module.render
    return render
