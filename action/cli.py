"""`minutes-ci`: argv -> configuration -> run -> reporters -> exit status.

Start-up time matters (the pre-push hook runs this on every push), so the command is found by
looking at argv and only that command's module is imported; `--help` lists every command from the
static table below without importing any of them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from . import __version__

# name -> (one-line help, module for commands that live elsewhere; None = defined here)
COMMANDS: dict[str, tuple[str, str | None]] = {
    "check": ("check minutes files offline (online too with --online)", None),
    "rules": ("list every rule: id, severity, kinds, summary", None),
    "explain": ("print the documentation of a rule", None),
    "baseline": ("record today's findings so that only new ones fail", None),
    "audit": ("check every link and issue reference of the repository online", "minutes_ci.net.audit"),
    "fix": ("repair what can be repaired, e.g. --vendor-images", "minutes_ci.net.vendor"),
    "publish": ("build the static site of the minutes and decks", "minutes_ci.site.build"),
    "install-hook": ("install a git pre-push hook that checks what is pushed", "minutes_ci.hook"),
}

EPILOG = """\
examples:
  minutes-ci check                               check the repository you are in
  minutes-ci check iaas/20240605.md              check one file
  minutes-ci check --preset scs --root ../minutes
  minutes-ci check --changed-since origin/main --format github --format summary=summary.md
  minutes-ci check --format json=findings.json --format sarif=findings.sarif
  minutes-ci rules
  minutes-ci explain unreadable-file
  minutes-ci baseline && minutes-ci check --baseline .minutes-ci-baseline.json

exit status: 0 nothing at error level (see --fail-on), 1 findings at that level,
2 usage or configuration error, 3 could not check (internal error)
"""



# Shared options a command accepts (they come with the shared argument set) but does not use: given,
# they are refused rather than silently ignored (`publish --format json` writes no JSON).
IGNORED: dict[str, tuple[str, ...]] = {
    "publish": ("format", "fail_on", "baseline"),
    "fix": ("format", "fail_on", "baseline"),
}


def refuse_ignored(command: str, parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    for action in parser._actions:  # argparse has no public list of a parser's options
        if action.dest in IGNORED.get(command, ()) and getattr(args, action.dest, None) != action.default:
            parser.error(f"{action.option_strings[0]} is not used by `minutes-ci {command}` "
                         "(it applies to `check`)")


class _Unavailable(Exception):
    pass


def find_command(argv: Sequence[str]) -> str | None:
    """The command named in argv: the first word that is not an option."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


_MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")  # what pre-commit's `types: [markdown]` passes


def files_named_like_options(argv: list[str]) -> list[str]:
    """Move Markdown files whose names look like options (``--format=json=x.md``) after ``--``.

    pre-commit appends the file names to the hook's argv with no ``--`` in between (and cannot put
    one there: the user's ``args`` come first), so a committed ``--format=json=x.md`` would be
    read as an option and overwrite ``x.md``. A word that starts with ``-``, ends like a Markdown
    file and names an existing file is a path: no option of ours ends in ``.md`` as one word.
    """
    end = argv.index("--") if "--" in argv else len(argv)
    moved = [w for w in argv[:end] if w.startswith("-") and w.lower().endswith(_MARKDOWN) and os.path.isfile(w)]
    if not moved:
        return argv
    kept = [w for w in argv[:end] if w not in moved]
    return [*kept, "--", *moved, *argv[end + 1 :]]


def _external(name: str) -> ModuleType:
    module_name = COMMANDS[name][1]
    assert module_name is not None
    try:
        return importlib.import_module(module_name)
    except ImportError as exc:
        raise _Unavailable(f"the {name!r} command is not available in this installation ({exc})") from None


def build_parser(command: str | None) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser | None]:
    """The top-level parser and the selected command's parser (None when argv names none)."""
    from . import commands

    parser = argparse.ArgumentParser(
        prog="minutes-ci",
        description="Lint, link-check and publish a repository of meeting minutes and HedgeDoc slide decks.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"minutes-ci {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    selected = None
    for name, (summary, module) in COMMANDS.items():
        p = sub.add_parser(name, help=summary, description=summary, epilog=EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        if name != command:
            continue
        selected = p
        if module is None:
            commands.add_arguments(name, p)
        else:
            _external(name).add_arguments(p)
    return parser, selected


def main(argv: Sequence[str] | None = None) -> int:
    from .report.safe import guarded_output

    # every line the CLI prints passes one guard: file names, messages, link text and config values
    # can never start a workflow command in a runner's log (only the github format's own may)
    with guarded_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = find_command(args_list)
    args_list = files_named_like_options(args_list)
    try:
        parser, selected = build_parser(command)
        args, extra = parser.parse_known_args(args_list)
        if extra:  # say it with the command's own usage line, not the top-level one
            (selected or parser).error(f"unrecognized arguments: {' '.join(extra)}")
        if selected is not None:
            refuse_ignored(args.command, selected, args)
        if COMMANDS[args.command][1] is None:
            from . import commands

            return commands.run(args)
        result: int = _external(args.command).run(args)
        return result
    except _Unavailable as exc:
        print(f"minutes-ci: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `minutes-ci check | head`: not an error worth a traceback
        _silence_stdout()
        return 0
    except Exception as exc:  # never a traceback for users; MINUTES_CI_DEBUG=1 shows it
        if os.environ.get("MINUTES_CI_DEBUG"):
            raise
        print(f"minutes-ci: internal error: {type(exc).__name__}: {exc} "
              "(please report it; MINUTES_CI_DEBUG=1 shows details)", file=sys.stderr)
        return 3


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
