"""Shared plumbing for every command: arguments, root, configuration, discovery, parsing, Context.

`prepare(args)` does all the I/O a rule could want (reading files, asking git, reading the clock)
so that the rules and the engine stay pure. Every file is parsed exactly once, here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .checks.engine import INTERNAL_ERROR, ChangedLines
from .checks.model import Document, Severity
from .checks.rule import Context, Finding, Rule
from .config import CONFIG_NAMES, Config, ConfigError, find_config, load_config
from .context import build_context
from .discover import DiscoveryError, Excluder, changed_files, git_toplevel, list_files, select


class UsageError(Exception):
    """Bad arguments or configuration: exit status 2, message printed without a traceback."""


@dataclass
class Run:
    config: Config
    root: Path
    docs: list[Document]
    ctx: Context
    rules: tuple[Rule, ...]
    severities: dict[str, Severity | None] = field(default_factory=dict)
    changed_lines: ChangedLines | None = None  # set with --changed-since
    all_files: list[str] = field(default_factory=list)  # every candidate file under the root
    git_top: Path | None = None  # the git work tree holding the root, if any
    errors: list[str] = field(default_factory=list)  # problems that make the result incomplete
    crashes: list[Finding] = field(default_factory=list)  # parser crashes, as internal-error findings
    pending: list[str] = field(default_factory=list)  # selected but not parsed here (see minutes_ci.parallel)
    checked_elsewhere: int = 0  # files parsed and checked in worker processes

    @property
    def files_checked(self) -> int:
        return len(self.docs) + len(self.crashes) + self.checked_elsewhere

    @property
    def prefix(self) -> str:
        """The root's path inside its git work tree ("" at the top), for links and annotations."""
        if self.git_top is None or self.git_top == self.root:
            return ""
        return self.root.relative_to(self.git_top).as_posix() + "/"


def add_common_arguments(parser: argparse.ArgumentParser, outputs: bool = True) -> None:
    """PATH..., --root, --config, --preset, --format, --changed-since, --baseline, --fail-on, --today.

    ``outputs=False``: no --format and --fail-on, for a command that reports no findings (a flag
    that would be accepted and then ignored is a user's lost time)."""
    parser.add_argument("paths", nargs="*", metavar="PATH", type=Path,
                        help="files or folders to check (default: the whole repository)")
    parser.add_argument("--root", metavar="DIR", type=Path,
                        help="repository root (default: the folder holding .minutes-ci.yaml, else the git top level)")
    parser.add_argument("--config", metavar="FILE", type=Path,
                        help="configuration file (default: ROOT/.minutes-ci.yaml)")
    parser.add_argument("--no-config", action="store_true", help="ignore any .minutes-ci.yaml")
    parser.add_argument("--preset", choices=("scs", "default"), help="built-in configuration to start from")
    if outputs:
        parser.add_argument("--format", "-f", action="append", metavar="NAME[=PATH]", default=[],
                            help="output format: text, github, summary, json, sarif; repeatable, =PATH writes "
                                 "a file (one format at most on standard output)")
    parser.add_argument("--changed-since", metavar="REF",
                        help="only files changed since the git revision REF, and of those only the findings "
                             "REF did not have (whitespace rules: only changed lines)")
    parser.add_argument("--baseline", metavar="FILE", type=Path, help="ignore findings recorded in this baseline file")
    if outputs:
        parser.add_argument("--fail-on", choices=("error", "warning", "notice", "never"), default="error",
                            help="lowest severity that makes the exit status 1 (default: error; never: always 0)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", type=_iso_date,
                        help="pretend today is this date (reproducible runs)")


def add_online_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the online checks, shared by `check --online` and `audit` (read by minutes_ci.net)."""
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the link cache")
    parser.add_argument("--cache", metavar="FILE", type=Path, help="link cache file (default: the user cache folder)")
    parser.add_argument("--allow-private-hosts", action="store_true",
                        help="also fetch loopback, private and link-local addresses")
    parser.add_argument("--github-api", metavar="URL",
                        help="GitHub API base URL (default: GITHUB_API_URL or api.github.com)")
    parser.add_argument("--timeout", metavar="SECONDS", type=_seconds, help="seconds per HTTP request")
    parser.add_argument("--max-duration", metavar="SECONDS", type=_seconds,
                        help="time budget for all fetches of the run (links.max-duration); the rest is 'not checked'")
    parser.add_argument("--check-users", action="store_true", help="also check that handles are real GitHub users")
    parser.add_argument("--no-github", action="store_true", help="do not look issue references up on GitHub")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0 or value == float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of seconds above 0")
    return value


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def locate(args: argparse.Namespace) -> tuple[Path, Path | None]:
    """The repository root and the config file, following the documented order."""
    cwd = Path.cwd()
    explicit: Path | None = args.config
    if explicit is not None and not explicit.is_file():
        raise UsageError(f"--config {explicit}: no such file")
    if args.root is not None:
        root = args.root.resolve()
        if not root.is_dir():
            raise UsageError(f"--root {args.root}: not a folder")
        own = [root / n for n in CONFIG_NAMES if (root / n).is_file()]
        return root, None if args.no_config else explicit or (own[0] if own else None)
    start = (cwd / args.paths[0]).resolve() if args.paths else cwd
    if not start.is_dir():
        start = start.parent
    config = None if args.no_config else explicit or find_config(start)
    if config is not None and explicit is None:
        return config.parent.resolve(), config
    top = git_toplevel(start)
    return (top.resolve() if top else cwd.resolve()), config


def run_config(args: argparse.Namespace, root: Path, config_path: Path | None) -> Config:
    """The command's configuration, loaded once per command: `check` needs its ``baseline:`` before
    prepare() runs, and the file is not read and validated a second time for that."""
    key = (root, config_path, getattr(args, "preset", None))
    loaded: tuple[object, Config] | None = getattr(args, "_loaded_config", None)
    if loaded is not None and loaded[0] == key:
        return loaded[1]
    config = load_config(config_path, key[2], _display(config_path, root), root)
    args._loaded_config = (key, config)
    return config


def prepare(args: argparse.Namespace) -> Run:
    """Root, configuration, files and parsed Documents for a command; raise UsageError when bad."""
    root, config_path = locate(args)
    try:
        config = run_config(args, root, config_path)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    from .checks.rules import RULES

    _check_rule_ids(config, RULES)
    paths = list(getattr(args, "paths", []) or [])
    if not paths and getattr(args, "default_to_cwd", False):
        here = Path.cwd().resolve()
        if here != root and here.is_relative_to(root):  # `check` in a subfolder checks that subfolder
            paths = [here]
    if config.roster_file and not (root / config.roster_file).is_file():
        where = config.marked.where(("roster",), True) if config.marked else "(preset)"
        raise UsageError(f"{where}: roster: {config.roster_file}: no such file in {root}")
    git_top = git_toplevel(root)
    all_files = list_files(root, git_top is not None)
    excluded = Excluder(config.exclude)
    try:
        selected = select(root, all_files, paths, excluded)
        changed: ChangedLines | None = None
        if getattr(args, "changed_since", None):
            if git_top is None:
                raise UsageError(f"--changed-since needs a git repository; {root} is not in one")
            changed = changed_files(root, args.changed_since)
            selected = [p for p in selected if p in changed]
    except DiscoveryError as exc:
        raise UsageError(str(exc)) from None
    from .discover import is_candidate

    candidates = [f for f in all_files if is_candidate(f)]
    from .parallel import MIN_FILES, workers

    pending: list[str] = []
    if getattr(args, "parallel_ok", False) and len(selected) >= MIN_FILES and workers() > 1:
        docs, crashes, pending = [], [], selected  # parsed and checked by worker processes
    else:
        docs, crashes = parse_all(root, selected, config, keep_tokens=not getattr(args, "drop_tokens", False))
    today = getattr(args, "today", None) or dt.date.today()
    ctx = build_context(root, config, docs, candidates, today, git_top, selected)
    errors = []
    if git_top is None and (root / ".git").exists():
        errors.append(f"{root} looks like a git repository but git cannot read it; "
                      "files were found by walking the folders (.gitignore not honoured)")
    return Run(config=config, root=root, docs=docs, ctx=ctx, rules=RULES, severities=dict(config.severities),
               changed_lines=changed, all_files=candidates, git_top=git_top, errors=errors, crashes=crashes,
               pending=pending)


def _display(path: Path | None, root: Path) -> str | None:
    if path is None:
        return None
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def known_rule_ids(rules: tuple[Rule, ...]) -> set[str]:
    from .report import extra_rule_docs  # the online checks' rule ids are configurable too

    return {r.id for r in rules} | set(extra_rule_docs())


def did_you_mean(word: str, known: set[str] | list[str]) -> str:
    close = difflib.get_close_matches(word.lower(), sorted(known), n=1, cutoff=0.6)  # the best one, as ruff
    return f"did you mean {close[0]}?" if close else "`minutes-ci rules` lists them"


def _check_rule_ids(config: Config, rules: tuple[Rule, ...]) -> None:
    """Rule ids in the configuration are case-insensitive; an unknown one is an error naming it."""
    for table in (config.options, config.severities):
        for rule_id in [k for k in table if k != k.lower()]:
            table.setdefault(rule_id.lower(), table.pop(rule_id))  # type: ignore[arg-type]
    if not (set(config.options) | set(config.severities)):
        return
    known = known_rule_ids(rules)
    for rule_id in sorted(set(config.options) | set(config.severities)):
        if rule_id not in known:
            raise UsageError(f"{config.where(('rules', rule_id))}: rules.{rule_id}: unknown rule "
                             f"({did_you_mean(rule_id, known)})")


GROUPS = ("all", "whitespace", "fixable", "error", "warning", "notice")


def expand_selectors(option: str, values: list[str], rules: tuple[Rule, ...]) -> set[str]:
    """Rule ids named by --select/--ignore values: ids (any case), groups (`all`, `whitespace`,
    `fixable`, a severity) and prefixes of ids (`title` selects every `title-*` rule)."""
    known = known_rule_ids(rules)
    severity = {r.id: r.severity.label for r in rules}
    out: set[str] = set()
    for value in values:
        for word in (w.strip().lower() for w in value.split(",")):
            if not word:
                continue
            if word == "all":
                chosen = set(known)
            elif word == "whitespace":
                chosen = {r.id for r in rules if r.whitespace}
            elif word == "fixable":
                chosen = {r.id for r in rules if getattr(r, "fixable", False)}
            elif word in ("error", "warning", "notice"):
                chosen = {i for i, label in severity.items() if label == word}
            else:
                chosen = {i for i in known if i == word or i.startswith(word.rstrip("-") + "-")}
            if not chosen:
                prefixes = {i.split("-", 1)[0] for i in known}
                raise UsageError(f"{option} {word}: unknown rule or group "
                                 f"({did_you_mean(word, known | prefixes | set(GROUPS))})")
            out |= chosen
    return out


def apply_selection(run: Run, args: argparse.Namespace) -> None:
    """--select / --extend-select / --ignore as severity overrides (None: off), so that the engine,
    the worker processes and the online checks all see the same set of rules."""
    select_ = expand_selectors("--select", getattr(args, "select", []), run.rules)
    extend = expand_selectors("--extend-select", getattr(args, "extend_select", []), run.rules)
    ignore = expand_selectors("--ignore", getattr(args, "ignore", []), run.rules)
    if not (select_ or extend or ignore):
        return
    defaults = {r.id: r.severity for r in run.rules}
    for rule_id in known_rule_ids(run.rules):
        if select_ and rule_id not in select_ and rule_id not in extend:
            run.severities[rule_id] = None
        elif rule_id in extend and run.severities.get(rule_id, defaults.get(rule_id)) is None:
            run.severities.pop(rule_id, None)  # back to the rule's own severity
    for rule_id in ignore:
        run.severities[rule_id] = None


def check_directives(run: Run) -> None:
    """An unknown rule id in a `<!-- minutes-ci disable ... -->` comment suppresses nothing: say so."""
    known = known_rule_ids(run.rules)
    for doc in run.docs:
        for d in doc.directives:
            for rule_id in d.rules:
                if rule_id not in known:
                    raise UsageError(f"{doc.path}:{d.line}: minutes-ci {d.action} {rule_id}: unknown rule "
                                     f"({did_you_mean(rule_id, known)})")


def parse_all(root: Path, paths: list[str], config: Config,
              keep_tokens: bool = True) -> tuple[list[Document], list[Finding]]:
    """Parse each file once; a parser crash becomes an internal-error finding, never a lost file.

    ``keep_tokens=False`` drops each Document's markdown-it tokens once it is built: commands that
    neither render nor run the token-reading rules (the audit) keep a third of the memory."""
    import gc

    from .discover import load_document  # through safe_fs: no symlink out of the root, no FIFO

    docs: list[Document] = []
    crashes: list[Finding] = []
    templates = frozenset(config.templates)
    # The token trees are many acyclic objects: full GC passes over them cost more than parsing
    # (see checks.parse.load_documents); the Documents live until the run ends anyway.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for rel in paths:
            try:
                doc = load_document(root, rel, folders=config.folders, templates=templates)
                if not keep_tokens:
                    doc.tokens = []
                docs.append(doc)
            except Exception as exc:  # the parser promises not to raise; if it does, say so per file
                message = f"the parser crashed: {type(exc).__name__}: {exc}"
                crashes.append(Finding(rel, 1, 1, INTERNAL_ERROR, message, Severity.ERROR))
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    return docs, crashes
