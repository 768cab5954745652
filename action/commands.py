"""The built-in commands: check, rules, explain, baseline."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

from . import __version__, safe_fs
from .checks import engine
from .checks.model import Document, Severity
from .checks.rule import Finding
from .runner import (
    Run,
    UsageError,
    add_common_arguments,
    add_online_arguments,
    apply_selection,
    check_directives,
    prepare,
)

DEFAULT_BASELINE = ".minutes-ci-baseline.json"


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    if name == "check":
        add_common_arguments(parser)
        parser.add_argument("--online", action="store_true", help="also check links and issue references online")
        add_online_arguments(parser)
        add_workflow_arguments(parser)
    elif name == "baseline":
        add_common_arguments(parser, outputs=False)
        add_selection_arguments(parser)
    elif name == "explain":
        parser.add_argument("rule", metavar="RULE", help="a rule id, as `minutes-ci rules` lists them")
    elif name == "rules":
        parser.add_argument("--format", "-f", choices=("text", "json"), default="text",
                            help="text (a table, default) or json (one object per rule)")


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """ruff's rule selection: ids or groups (a prefix such as `title`, `whitespace`, `fixable`, `all`)."""
    parser.add_argument("--select", metavar="RULES", action="append", default=[],
                        help="check only these rules (comma-separated ids or groups; repeatable)")
    parser.add_argument("--extend-select", metavar="RULES", action="append", default=[],
                        help="also check these rules, even when the configuration turns them off")
    parser.add_argument("--ignore", metavar="RULES", action="append", default=[],
                        help="do not check these rules (applied after --select and --extend-select)")


def add_workflow_arguments(parser: argparse.ArgumentParser) -> None:
    """`check`'s contributor flags (ruff / markdownlint-cli2 / reviewdog conventions)."""
    add_selection_arguments(parser)
    parser.add_argument("--no-baseline", action="store_true",
                        help=f"do not use ROOT/{DEFAULT_BASELINE} even though it exists")
    parser.add_argument("--all-findings", action="store_true",
                        help="with --changed-since: every finding of the changed files, not only the new ones")
    parser.add_argument("--fix", action="store_true", help="apply the safe fixes in place, then report what is left")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="with --fix or --diff: also the unsafe fixes (e.g. a title date taken from the file name)")
    parser.add_argument("--diff", action="store_true",
                        help="print a diff of what --fix would change (nothing written); exit 1 if anything would")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only error-level findings, no tally")
    parser.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="text colours: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces them), always, never")


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "check":
            return check(args)
        if args.command == "baseline":
            return baseline(args)
        if args.command == "rules":
            return rules_json() if args.format == "json" else rules_table()
        return explain(args.rule)
    except UsageError as exc:
        print(f"minutes-ci: error: {exc}", file=sys.stderr)
        return 2


def collect(run: Run, args: argparse.Namespace) -> list[Finding]:
    """Offline findings (plus online ones with --online), suppressions applied, sorted."""
    findings = engine.run(run.docs, run.ctx, run.rules, run.severities, run.changed_lines)
    findings += run.crashes
    if run.pending:
        from .parallel import check_pending

        more, run.checked_elsewhere = check_pending(run)
        findings += more
    if getattr(args, "online", False):
        try:
            from .net.online import check_online
        except ImportError as exc:
            raise UsageError(f"--online is not available in this installation ({exc})") from None
        online = check_online(run, args)
        findings = engine.finalize(findings + online, run.docs, run.rules, run.severities, run.changed_lines)
    return sorted(findings)


def _parse_formats(specs: list[str]) -> list[tuple[str, str | None]]:
    from .report import FORMATS

    out: list[tuple[str, str | None]] = []
    for spec in specs or ["text"]:
        name, _, path = spec.partition("=")
        if name not in FORMATS:
            close = difflib.get_close_matches(name, FORMATS, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise UsageError(f"--format {spec}: unknown format {name!r} ({hint}known: {', '.join(FORMATS)})")
        out.append((name, path or None))
    on_stdout = [name for name, path in out if path is None]
    if len(on_stdout) > 1:
        raise UsageError(f"--format {' --format '.join(on_stdout)}: only one format can go to standard output; "
                         f"write the others to files (--format {on_stdout[-1]}=PATH)")
    return out


def _check_flags(args: argparse.Namespace, formats: list[tuple[str, str | None]]) -> None:
    """Combinations that would silently do less than asked are refused up front."""
    if args.fix and args.diff:
        raise UsageError("--fix and --diff: choose one (--diff shows what --fix would write, and writes nothing)")
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes only applies with --fix or --diff")
    if args.all_findings and not args.changed_since:
        raise UsageError("--all-findings only applies with --changed-since REF (without it every finding is shown)")
    stdout = [name for name, path in formats if path is None]
    if args.statistics and stdout != ["text"]:
        raise UsageError(f"--statistics replaces the text output; it cannot be combined with --format {stdout[0]} "
                         "on standard output (write that one to a file: --format NAME=PATH)")
    if args.quiet and stdout and stdout != ["text"]:
        raise UsageError(f"--quiet applies to the text output; --format {stdout[0]} prints every finding "
                         "(use --fail-on or --ignore to choose what counts)")
    if args.diff and stdout != ["text"]:
        raise UsageError("--diff prints the diff on standard output; write other formats to files (--format NAME=PATH)")


def _auto_baseline(args: argparse.Namespace) -> None:
    """`.minutes-ci-baseline.json` at the root, when it exists, is used as if given with --baseline."""
    if args.baseline is not None or getattr(args, "no_baseline", False):
        return
    from .runner import locate

    try:
        root, config_path = locate(args)
    except UsageError:
        return  # prepare() says what is wrong, with the same message
    configured = _configured_baseline(root, config_path, args)
    if configured is not None:
        if not safe_fs.is_file_in_root(root, configured):
            raise UsageError(f"baseline: {configured} (set in the configuration) does not exist; "
                             "record it with `minutes-ci baseline`")
        args.baseline = root / configured
    elif safe_fs.is_file_in_root(root, DEFAULT_BASELINE):
        args.baseline = root / DEFAULT_BASELINE


def _configured_baseline(root: Path, config_path: Path | None, args: argparse.Namespace) -> str | None:
    """The repository-relative path of the configuration's ``baseline:``, resolved inside the root.

    The configuration comes with the pull request: its baseline must be a repository file, never a
    link out of it (a baseline of ``/proc/self/environ`` or a symlink to it is refused)."""
    from .config import ConfigError
    from .runner import run_config

    try:
        rel = run_config(args, root, config_path).baseline
    except ConfigError:
        return None  # prepare() reports the configuration error, with its line
    if rel is None:
        return None
    try:
        return safe_fs.resolve_in_root(root, rel)
    except OSError as exc:
        raise UsageError(f"baseline: {rel} (set in the configuration): {exc}") from None


def check(args: argparse.Namespace) -> int:
    formats = _parse_formats(args.format)  # before the work: a typo must not cost a full run
    _check_flags(args, formats)
    _auto_baseline(args)
    differential = bool(args.changed_since) and not args.all_findings
    # worker processes may parse and check when nothing later needs the Documents in this process
    args.parallel_ok = not (getattr(args, "online", False) or args.baseline is not None or differential
                            or args.fix or args.diff)
    args.default_to_cwd = True  # `check` in a subfolder checks that subfolder
    run = prepare(args)
    apply_selection(run, args)
    check_directives(run)
    base_docs = _base_documents(run, args) if differential else None
    findings = _findings(run, args, base_docs)
    for message in run.errors:
        print(f"minutes-ci: warning: {message}", file=sys.stderr)
    if args.fix or args.diff:
        outcome = _fix(run, args, findings)
        if args.diff:
            return outcome
        findings = _findings(run, args, base_docs)  # what is left after the fixes
    if args.statistics:
        sys.stdout.write(statistics(findings, run))
        emit(findings, run, [(n, p) for n, p in formats if p is not None], args)
    else:
        emit(findings, run, formats, args)
    if args.fail_on == "never":  # report only: the exit code says nothing about findings
        return 0
    threshold = Severity.parse(args.fail_on)
    if any(f.severity >= threshold for f in findings):
        return 1
    return 3 if getattr(args, "online_outage", None) else 0  # --online in a network outage: nothing judged


def _base_documents(run: Run, args: argparse.Namespace) -> list[Document]:
    from . import differential

    rev = differential.merge_base(run.root, args.changed_since)
    if rev is None:
        raise UsageError(f"--changed-since {args.changed_since}: not a git revision known here "
                         "(is the history fetched?)")
    renamed = differential.base_paths(run.root, rev)
    paths = [d.path for d in run.docs if d.path in renamed]
    return differential.base_documents(run.root, rev, paths, run.config, renamed)


def _findings(run: Run, args: argparse.Namespace, base_docs: list[Document] | None) -> list[Finding]:
    findings = collect(run, args)
    if base_docs is not None:
        from .differential import introduced

        findings = introduced(findings, run.docs, base_docs, run.ctx, run.rules, run.severities,
                              run.changed_lines or {})
    if args.baseline is not None:
        findings = engine.filter_baseline(findings, _read_baseline(args.baseline), run.docs)
    return findings


def _fix(run: Run, args: argparse.Namespace, findings: list[Finding]) -> int:
    """--fix writes, --diff prints; either way say how many findings the fixes take care of."""
    from . import fix

    def recheck(doc: Document) -> list[Finding]:
        return engine.run([doc], run.ctx, run.rules, run.severities, None)

    plans = fix.plan(run.root, run.docs, findings, args.unsafe_fixes, recheck,
                     folders=run.config.folders, templates=frozenset(run.config.templates))
    count = sum(p.fixed for p in plans)
    files = f"{len(plans)} file{'' if len(plans) == 1 else 's'}"
    unsafe = sum(1 for f in findings if f.fix is not None and not f.fix.safe)
    hint = (f"; {unsafe} more with --unsafe-fixes" if unsafe and not args.unsafe_fixes else "")
    if args.diff:
        for p in plans:
            sys.stdout.write(fix.unified(p, shown_path(run, p.path)))
        sys.stdout.flush()
        print(f"minutes-ci: --diff: {count} fix{'' if count == 1 else 'es'} would change {files}{hint}",
              file=sys.stderr)
        return 1 if plans else 0
    failed = fix.write(run.root, plans)
    for message in failed:
        print(f"minutes-ci: error: cannot write the fix: {message}", file=sys.stderr)
    written = {p.path for p in plans} - {m.split(": ", 1)[0] for m in failed}
    _reload(run, written)
    print(f"minutes-ci: fixed {count} finding{'' if count == 1 else 's'} in {files}{hint}", file=sys.stderr)
    return 0


def _reload(run: Run, paths: set[str]) -> None:
    """Parse the fixed files again (from the disk, as any run reads them) for the report of what is left."""
    if not paths:
        return
    from .runner import parse_all

    fresh, crashes = parse_all(run.root, sorted(paths), run.config)
    by_path = {d.path: d for d in fresh}
    run.docs = [by_path.get(d.path, d) for d in run.docs]
    run.crashes += crashes


def shown_path(run: Run, path: str) -> str:
    """A root-relative path as the text output prints it: relative to the current folder."""
    absolute = os.path.join(run.root, path)
    try:
        rel = os.path.relpath(absolute, Path.cwd())
    except ValueError:  # another drive (Windows)
        return absolute
    return rel.replace(os.sep, "/")


def color_wanted(choice: str, stream_is_tty: bool) -> bool:
    """--color always/never win; auto: NO_COLOR (set, non-empty) turns colours off, FORCE_COLOR
    (set, not "0") on even into a pipe (CI logs), else a terminal that is not TERM=dumb."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force not in ("0", "false"):
        return True
    return stream_is_tty and os.environ.get("TERM") != "dumb"


def statistics(findings: list[Finding], run: Run) -> str:
    """ruff's --statistics: one line per rule, most frequent first; `[*]` marks fixable findings."""
    from collections import Counter

    from .report.safe import log_text

    count = Counter(f.rule for f in findings)
    fixable = Counter(f.rule for f in findings if f.fix is not None and f.fix.safe)
    severity = {f.rule: f.severity.label for f in findings}
    if not count:
        return f"no findings in {run.files_checked} file{'' if run.files_checked == 1 else 's'} checked\n"
    width = max(len(str(n)) for n in count.values())
    rule_width = max(len(rule) for rule in count)
    lines = []
    for rule, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0])):
        mark = "[*] fixable" if fixable[rule] else ""
        lines.append(f"{n:>{width}}  {log_text(rule):<{rule_width}}  {severity[rule]:<7}  {mark}".rstrip())
    return "\n".join(lines) + "\n"


def emit(findings: list[Finding], run: Run, formats: list[tuple[str, str | None]],
         args: argparse.Namespace | None = None) -> None:
    from . import report

    for name, path in formats:
        shown = findings
        if name == "text":  # paths relative to where the command runs, as ruff and markdownlint print them
            shown = [dataclasses.replace(f, path=shown_path(run, f.path)) for f in findings]
        quiet = name == "text" and args is not None and args.quiet
        if quiet:
            shown = [f for f in shown if f.severity >= Severity.ERROR]
        choice = getattr(args, "color", "auto") if args is not None else "auto"
        info = report.ReportInfo(
            rules=report.rule_infos(run.rules),
            version=__version__,
            files_checked=run.files_checked,
            color=path is None and color_wanted(choice, sys.stdout.isatty()),
            prefix=run.prefix,
            server_url=os.environ.get("GITHUB_SERVER_URL", ""),
            repository=os.environ.get("GITHUB_REPOSITORY", ""),
            sha=os.environ.get("GITHUB_SHA", ""),
            changed_lines=run.changed_lines,
        )
        text = report.get(name)(shown, info)
        if quiet:  # errors only: no tally line, nothing at all when there is none
            text = "".join(text.splitlines(keepends=True)[:-1])
        if path is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            continue
        try:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--format {name}={path}: cannot write: {exc.strerror or exc}") from None


def _read_baseline(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(safe_fs.read_path(path).decode("utf-8"))  # a FIFO or /dev/zero: refused
    except OSError as exc:
        raise UsageError(f"--baseline {path}: cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"--baseline {path}: not a minutes-ci baseline (invalid JSON: {exc})") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise UsageError(f"--baseline {path}: not a minutes-ci baseline (no list of findings)")
    return entries


def baseline(args: argparse.Namespace) -> int:
    # the whole root even from a subfolder: the file it writes is the root's, and `check` reads it
    # for every file (a subfolder's baseline would bring the other folders' findings back)
    run = prepare(args)
    apply_selection(run, args)
    findings = collect(run, args)
    rel = DEFAULT_BASELINE
    if not args.baseline and run.config.baseline:
        try:  # the configuration's baseline: a repository path, written where it really is
            rel = safe_fs.resolve_in_root(run.root, run.config.baseline)
        except OSError as exc:
            raise UsageError(f"baseline: {run.config.baseline} (set in the configuration): {exc}") from None
    target: Path = args.baseline or run.root / rel
    document = {
        "version": 1,
        "tool": {"name": "minutes-ci", "version": __version__},
        "findings": engine.baseline_entries(findings, run.docs),
    }
    data = (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        if args.baseline:
            target.write_bytes(data)
        else:  # a repository path: a link planted there is replaced, never written through (safe_fs)
            safe_fs.write_in(run.root, rel, data)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write the baseline: {exc.strerror or exc}") from None
    print(f"minutes-ci: recorded {len(findings)} finding{'' if len(findings) == 1 else 's'} in {target}")
    return 0


def _all_rules() -> dict[str, tuple[Severity, str, str]]:
    """id -> (severity, kinds, doc), the registry's rules and the engine's own."""
    from .checks.model import Kind
    from .checks.rules import RULES

    table = {  # a rule for every kind says "all", as one with no kinds does
        r.id: (r.severity, ", ".join(sorted(k.value for k in r.kinds)) if r.kinds and r.kinds != set(Kind) else "all",
               r.doc)
        for r in RULES
    }
    from .report import extra_rule_docs

    for rule_id, (severity, doc) in extra_rule_docs().items():
        table.setdefault(rule_id, (severity, "all", doc))
    return table


def _summary(doc: str) -> str:
    return doc.strip().splitlines()[0] if doc.strip() else ""


def _fixability() -> dict[str, str]:
    from .checks.rules import RULES

    return {r.id: str(r.fixable) for r in RULES if getattr(r, "fixable", "")}


def rules_table() -> int:
    table = _all_rules()
    fixable = _fixability()
    width = max(len(rule_id) for rule_id in table)
    kinds_width = max(len(kinds) for _, kinds, _ in table.values())
    print(f"{'RULE':<{width}}  SEVERITY  {'KINDS':<{kinds_width}}  FIX     SUMMARY")
    for rule_id in sorted(table):
        severity, kinds, doc = table[rule_id]
        mark = fixable.get(rule_id, "-")  # safe: --fix; unsafe: --fix --unsafe-fixes
        print(f"{rule_id:<{width}}  {severity.label:<8}  {kinds:<{kinds_width}}  {mark:<6}  {_summary(doc)}")
    return 0


def rules_json() -> int:
    """`rules --format json`: one object per rule, sorted by id (fields only ever added)."""
    from .checks.rules import RULES

    whitespace = {r.id for r in RULES if r.whitespace}
    fixable = _fixability()
    table = _all_rules()
    out = [{"id": rule_id, "severity": severity.label, "kinds": kinds, "summary": _summary(doc),
            "fix": fixable.get(rule_id), "changed_lines_only": rule_id in whitespace,
            "doc": textwrap.dedent(doc).strip()}
           for rule_id, (severity, kinds, doc) in sorted(table.items())]
    print(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


def explain(rule_id: str) -> int:
    table = _all_rules()
    rule_id = rule_id.lower()  # ids are case-insensitive everywhere
    if rule_id not in table:
        from .runner import did_you_mean

        raise UsageError(f"unknown rule {rule_id!r} ({did_you_mean(rule_id, list(table))})")
    severity, kinds, doc = table[rule_id]
    print(f"{rule_id} ({severity.label}; applies to: {kinds})\n")
    print(textwrap.dedent(doc).strip())
    return 0
