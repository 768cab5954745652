"""``minutes-ci publish``: the minutes repository as a static, self-contained site.

Decks become reveal.js presentations, everything else readable pages; an index, series pages,
action items, an Atom feed and a Pagefind search index tie them together. Unchanged files are
not re-rendered (see manifest.py). Missing images are listed on stderr and in build-report.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from minutes_ci.checks.model import Document, Kind

from .publish import OutputRefused, PublishOptions, publish
from .vendor import MERMAID, REVEAL, AssetError, ensure


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``publish``; the common ones (PATH..., --root, --config) come from the runner."""
    have = set(getattr(parser, "_option_string_actions", {}))
    try:
        from minutes_ci.runner import add_common_arguments
    except ImportError:  # the runner is optional for the publisher
        add_common_arguments = None
    if add_common_arguments is not None:
        add_common_arguments(parser)
        have = set(parser._option_string_actions)
    else:
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: all)")
        if "--root" not in have:
            parser.add_argument("--root", type=Path, help="repository root (default: the git top level)")
    own = parser.add_argument_group("publish")
    own.add_argument("--out", type=Path, default=Path("_site"), help="output folder (default: _site)")
    own.add_argument("--base-url", default="", help="public URL of the site, for absolute links in the feed")
    own.add_argument("--offline", action="store_true", help="never download; fail if reveal.js is not cached")
    own.add_argument("--prefetch", action="store_true",
                     help=f"download and verify {REVEAL.name}@{REVEAL.version} and {MERMAID.name}@{MERMAID.version}"
                     " into the cache, then exit")
    own.add_argument("--no-diagrams", action="store_true", help="show mermaid blocks as code, not diagrams")
    own.add_argument("--force", action="store_true", help="render every file, ignoring the previous build")
    own.add_argument("--no-search", action="store_true", help="do not build the Pagefind search index")
    own.add_argument("--strict", action="store_true", help="exit 1 when an image cannot be served")
    own.add_argument("--fetch-images", action="store_true",
                     help="download external images and uncommitted uploads once (cached, guarded) and serve them")


def _documents(args: argparse.Namespace) -> tuple[Path, list[Document], tuple[str, ...],
                                                dict[str, tuple[str, str]]]:
    """The Documents, parsed once by the shared runner (the same ones `check` sees)."""
    from minutes_ci.runner import prepare

    run_ = prepare(args)
    for problem in [*run_.errors, *(f"{c.path}:{c.line}: {c.message}" for c in run_.crashes)]:
        print(f"warning: {problem}", file=sys.stderr)  # the site is built from what could be read
    # the series' titles and descriptions (configuration) name the folders on the site's pages
    return Path(run_.root), list(run_.docs), tuple(run_.ctx.upload_hosts), dict(run_.config.series)


def run(args: argparse.Namespace) -> int:
    offline = bool(getattr(args, "offline", False))
    if getattr(args, "prefetch", False):
        for pin in (REVEAL, MERMAID):
            try:
                folder = ensure(pin, offline=offline)
            except AssetError as exc:
                print(f"minutes-ci publish: {exc}", file=sys.stderr)
                return 2
            print(f"{pin.name}@{pin.version} cached in {folder}")
        return 0
    try:
        root, docs, hosts, series = _documents(args)
    except Exception as exc:  # a usage problem (bad path, bad config) must not be a traceback
        print(f"minutes-ci publish: {exc}", file=sys.stderr)
        return 2
    opts = PublishOptions(
        out=Path(args.out), base_url=str(getattr(args, "base_url", "") or ""), offline=offline,
        force=bool(getattr(args, "force", False)), search=not getattr(args, "no_search", False),
        upload_hosts=hosts, progress=sys.stderr.isatty(), diagrams=not getattr(args, "no_diagrams", False),
        fetch_images=bool(getattr(args, "fetch_images", False)),
        series_titles={k: t for k, (t, _) in series.items() if t},
        series_descriptions={k: d for k, (_, d) in series.items() if d},
    )
    if opts.out.exists() and not opts.out.is_dir():
        print(f"minutes-ci publish: --out {opts.out}: exists and is not a folder", file=sys.stderr)
        return 2
    try:
        report = publish(root, docs, opts)
    except OutputRefused as exc:  # a committed `_site` symlink, links planted in the output, ...
        print(f"minutes-ci publish: --out {exc}", file=sys.stderr)
        return 2
    except AssetError as exc:
        print(f"minutes-ci publish: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an unwritable output folder, a full disk: say which file, no traceback
        print(f"minutes-ci publish: cannot write the site: {exc.filename or opts.out}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    for line in report.warnings():
        print(line, file=sys.stderr)
    decks = sum(1 for d in docs if d.kind is Kind.DECK and not d.fatal)
    print(f"published {report.pages} pages ({decks} decks; {report.rendered} rendered, "
          f"{report.reused} unchanged) to {opts.out}; {len(report.missing)} images not served", file=sys.stderr)
    if opts.fetch_images:
        print(f"--fetch-images: {report.fetched} images served from fetched copies ({report.downloaded} "
              f"downloaded now), {len(report.fetch_failed)} not fetched", file=sys.stderr)
    return 1 if getattr(args, "strict", False) and report.missing else 0
