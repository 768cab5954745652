"""Is a file Markdown by its content? The shared answer of discovery and `markdown-without-extension`.

Pure and cheap: names first (no read for code, data, images, LICENSE...), then cues counted over a
bounded prefix of the text, one pass over its lines, patterns without nested repetition. Kept out
of checks.rules so that discovery does not load every rule (and markdown-it) to ask it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

SNIFF_BYTES = 64 * 1024  # a bounded prefix: minutes show their shape in the first lines
THRESHOLD = 3.0  # the sum of the cue weights below that makes a file Markdown (two cues at least, but see Cues)

# GitHub renders these as Markdown (linguist); they are Markdown by name, the content is not sniffed
MARKDOWN_FAMILY = frozenset({".markdown", ".mdown", ".mdwn", ".mkd", ".mkdn", ".mkdown"})
# Known not to be minutes by the extension: code, configuration, data, other markup, media, archives.
# A `.txt` (or unknown) file is sniffed: "notes.txt" full of Markdown is exactly the case reported.
NOT_MARKDOWN_EXTS = frozenset(
    "." + ext
    for ext in (  # noqa: SIM905 - words, not 140 quoted items one a line
        "yaml yml json jsonc json5 toml ini cfg conf env lock py pyi sh bash zsh fish ps1 bat cmd js mjs cjs "
        "ts tsx jsx css scss sass less html htm xhtml xml xsl svg go rs c h cc cpp hpp java kt rb pl php lua "
        "tf hcl j2 jinja tpl mk cmake gradle sql graphql proto ipynb rst adoc asciidoc org tex bib csv tsv "
        "diff patch log png jpg jpeg gif webp avif bmp ico tif tiff heic psd pdf odt ods odp doc docx xls "
        "xlsx ppt pptx key drawio mp3 mp4 m4a wav ogg webm mov avi mkv ttf otf woff woff2 eot zip gz tgz bz2 "
        "xz zst 7z tar rar jar whl exe dll so dylib o a class pyc bin iso img db sqlite gpg asc pem crt pub "
        "sig map pf_meta pf_fragment pf_index pm pod vim el lisp scm hs ml swift r jl dart scala clj ex exs "
        "erl nim zig cs fs vb groovy nix bzl bazel service desktop properties sum mod tmpl mustache hbs ejs "
        "erb twig liquid njk vue svelte astro po pot mo rdf ttl plist wasm gql cff vtt srt ics vcf eml mbox"
    ).split()
)
# Files known by their name (any extension or case): legal texts, build files, project notes
NOT_MARKDOWN_NAMES = frozenset(
    (  # noqa: SIM905 - as above
        "LICENSE LICENCE COPYING NOTICE AUTHORS CONTRIBUTORS CODEOWNERS OWNERS OWNERS_ALIASES MAINTAINERS "
        "PATENTS VERSION MAKEFILE GNUMAKEFILE DOCKERFILE CONTAINERFILE JENKINSFILE VAGRANTFILE GEMFILE "
        "PROCFILE RAKEFILE BREWFILE JUSTFILE TILTFILE CNAME COPYRIGHT REQUIREMENTS "
        # a project's plain-text README or change log is its own convention, not misnamed minutes
        "README CHANGELOG CHANGES HISTORY NEWS INSTALL"
    ).split()
)
_LEGAL = frozenset({"LICENSE", "LICENCE", "COPYING"})
# Magic bytes of binary formats whose first bytes are plain ASCII (no NUL early on); the others have
# a NUL in their first 8 KiB or are mostly not UTF-8 (compressed data), see looks_like_markdown
_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"RIFF",
    b"OggS",
    b"fLaC",
    b"\x7fELF",
    b"wOFF",
    b"wOF2",
    b"SQLite format 3",
    b"-----BEGIN ",
)
# First lines that say "this is something else": a script, XML or HTML, JSON. (Not "[section]":
# INI files show no Markdown cue anyway, and HedgeDoc notes may start with "[TOC]".)
_NOT_MARKDOWN_START = re.compile(r"#!|<\?xml|<!doctype|<html|<svg|[{]", re.IGNORECASE)

TEXT_EXTS = frozenset({".txt", ".text", ".mdx", ".mdtxt", ".mdtext"})  # renamed to .md, not .txt.md

_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+\S")
_BULLET = re.compile(r" {0,12}(?:[-*+]|\d{1,3}[.)])[ \t]+\S")
_TASK = re.compile(r" {0,12}[-*+][ \t]+\[[ xX]\][ \t]")
_HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z0-9][A-Za-z0-9_-]*")
_LINK = re.compile(r"\]\((?:[a-z][a-z0-9+.-]{0,20}:|[#./]|[\w-]{1,100}[./#)])", re.IGNORECASE)
_KEY_LINE = re.compile(r"[A-Za-z_][\w.-]{0,60}:(?:[ \t]|$)")
_BOLD = re.compile(r"\*\*\w[^*]{0,300}\*\*")  # "**word ... **", not a "*****" banner (bounded: linear)
_FENCE = re.compile(r" {0,3}(?:```|~~~)")


@dataclass(frozen=True, slots=True)
class Cues:
    """The Markdown cues found, each with its weight (a cue counts once however often it occurs)."""

    weights: dict[str, float]

    @property
    def score(self) -> float:
        return sum(self.weights.values())

    @property
    def is_markdown(self) -> bool:
        # HedgeDoc's `type: slide` front matter says "a deck" on its own: nothing else writes it
        return "slide-deck front matter" in self.weights or (len(self.weights) >= 2 and self.score >= THRESHOLD)

    def describe(self) -> str:
        return ", ".join(sorted(self.weights))


def name_kind(path: str) -> str:
    """What the name says: `md` (named as Markdown), `family` (another Markdown extension),
    `never` (known not to be Markdown) or `sniff` (only the content can tell)."""
    base = posixpath.basename(path)
    stem, dot, ext = base.rpartition(".")
    ext = "." + ext.lower() if dot and stem else ""
    stem = stem if dot and stem else base
    if ext == ".md":
        return "md"
    if ext in MARKDOWN_FAMILY:
        return "family"
    # dotfiles are configuration (.gitignore, .yamllint, .editorconfig), never minutes
    if base.startswith(".") or ext in NOT_MARKDOWN_EXTS:
        return "never"
    # legal texts come as LICENSE-MIT, COPYING.LESSER; other names only as they are (`Makefile.am`,
    # `README.txt`): "install-notes" or "owners-sync" may well be misnamed minutes
    legal = re.split(r"[.\-_]", base, maxsplit=1)[0].upper() in _LEGAL
    return "never" if legal or stem.upper() in NOT_MARKDOWN_NAMES else "sniff"


def is_binary(data: bytes) -> bool:
    """NUL bytes early on, or the magic bytes of a binary format."""
    return b"\0" in data[:8192] or data.startswith(_MAGIC)


def cues_of(text: str) -> Cues:
    """The Markdown cues in the first SNIFF_BYTES characters of ``text``: one pass over its lines,
    each looked at by patterns without nested repetition (linear in the prefix)."""
    lines = text[:SNIFF_BYTES].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or _NOT_MARKDOWN_START.match(lines[first].lstrip("\ufeff")):
        return Cues({})
    weights: dict[str, float] = {}
    body = first
    matter = _front_matter(lines, first)
    if matter is not None:
        end, slide = matter
        weights["slide-deck front matter" if slide else "front matter"] = 3.0 if slide else 2.0
        body = end + 1
    headings = _headings(lines, body)
    if headings:
        weights["headings"] = headings
    bullets = fences = 0
    for line in lines[body:]:
        if "](" in line and "[" in line and _LINK.search(line):
            weights["links"] = 2.0
        if "|" in line and "-" in line and _is_table_rule(line):
            weights["table"] = 2.0
        if _FENCE.match(line):
            fences += 1
        if "**" in line and _BOLD.search(line):
            weights["bold text"] = 1.0
        if _BULLET.match(line):
            # a Markdown list has items at the margin; YAML's lists are indented under their key
            bullets += line[:2].strip() != ""
            if "@" in line and _HANDLE.search(line):
                weights["@handles in a list"] = 1.5
            if _TASK.match(line):
                weights["task list"] = 1.0
    if fences >= 2:  # an opening and a closing fence
        weights["fenced code"] = 1.0
    if bullets >= 2:
        weights["list"] = 1.0
    return Cues(weights)


def looks_like_markdown(data: bytes) -> bool:
    """The discovery's question about a file's first bytes (binary or undecodable: no)."""
    if is_binary(data):
        return False
    text = data[:SNIFF_BYTES].decode("utf-8", "replace")
    if text.count("\ufffd") * 20 > len(text):  # mostly not UTF-8 text: a binary format we do not know
        return False
    return cues_of(text).is_markdown


def _front_matter(lines: list[str], first: int) -> tuple[int, bool] | None:
    """(closing line index, is a slide deck) of a YAML front matter block opening the file."""
    if first != 0 or lines[0].lstrip("\ufeff").rstrip() != "---":
        return None
    keys = 0
    slide = False
    for i in range(1, min(len(lines), 200)):
        line = lines[i].rstrip()
        if line in ("---", "..."):
            # a YAML stream of several documents ("---" then keys then "---" then keys) is data:
            # front matter is followed by Markdown, i.e. not by more "key:" lines
            rest = next((x for x in lines[i + 1 : i + 40] if x.strip()), "")
            if keys and not _KEY_LINE.match(rest):
                return i, slide
            return None
        if _KEY_LINE.match(line):
            keys += 1
            slide = slide or line.replace(" ", "").lower() in ("type:slide", "type:'slide'", 'type:"slide"')
    return None


def _headings(lines: list[str], start: int) -> float:
    """Weight of the ATX headings, told apart from `#` comments (shell, YAML, config files) by what
    surrounds them; every `#` line of a file made mostly of `key:` lines (YAML data) is a comment
    (minutes have a few "Participants:" lines among many others)."""
    filled = [x for x in lines[start:] if x.strip() and not x.lstrip().startswith("#")]
    keys = sum(1 for x in filled if _KEY_LINE.match(x.lstrip()))
    if keys >= 4 and keys * 2 >= len(filled):
        return 0.0
    count = 0
    titled = False
    for i in range(start, len(lines)):
        level = _level(lines[i])
        if not level:
            continue
        before = lines[i - 1] if i > start else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        # minutes put a blank line, a list or a sub-heading under a heading (97 % of the corpus'
        # headings); a comment is followed by the code or setting it explains, or sits in a block
        # of comments written alike ("# a" above "# b")
        if before.lstrip().startswith("#") and _level(before) in (0, level):
            continue
        if after.strip() and not _BULLET.match(after) and _level(after) in (0, level):
            continue
        count += 1
        # set apart by blank lines, as a Markdown title is (and a comment above its code is not)
        titled = titled or (not before.strip() and not after.strip())
    if count == 0:
        return 0.0
    return 2.0 if count >= 2 or titled else 1.5


def _level(line: str) -> int:
    """1-6 for an ATX heading line, 0 otherwise."""
    if not line.lstrip().startswith("#"):
        return 0
    m = _HEADING.match(line)
    # "# ****" or "# ----" is a banner in a comment block, not a heading
    return len(m.group(1)) if m and any(c.isalnum() for c in line[m.end() - 1 :]) else 0


def _is_table_rule(line: str) -> bool:
    """A GFM delimiter row (`|---|:-:|`, `:-- | --:`): two cells at least, each dashes with optional
    colons at its ends, and nothing else on the line."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return len(cells) >= 2 and all(c.strip(":") and set(c.strip(":")) == {"-"} for c in cells)
