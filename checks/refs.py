"""GitHub issue and pull request references: parse URLs and link texts, resolve repository aliases.

Shared by the offline rules (does the link text agree with its URL?) and the online checker
(which repository does ``k8s-capi/#328`` live in?). Pure functions, no I/O.

Minutes name repositories with many aliases (``k8s-capi/#N``, ``CSPO#N``, ``SCS/PR#N``), so every
comparison goes through ``Context.aliases`` (lower-case alias -> ``"owner/repo"`` or ``"owner"``)
and folds case: GitHub treats owner and repository names case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from .model import IssueRef
from .rule import Context

GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})

# Path segment after owner/repo -> the kind GitHub uses. "issue" (singular) and "pulls/N" are
# kept so that rules can report them: GitHub answers 404 for /issue/N.
_KINDS = {k: k for k in ("issues", "pull", "pulls", "discussions", "issue")}


@dataclass(frozen=True, slots=True)
class GitHubTarget:
    """What an issue/PR/discussion URL points at."""

    owner: str
    repo: str
    kind: str  # "issues" | "pull" | "discussions" | "issue" (malformed singular) | "pulls"
    number: int | None  # None for list pages (".../issues/") and malformed numbers
    segment: str  # the path segment after the kind, as written ("" for list pages)


@dataclass(frozen=True, slots=True)
class RefText:
    """What a reference-shaped link text claims, e.g. ``standards/#928`` or ``PR #12``."""

    owner: str | None
    repo: str | None
    number: int | None  # None for a reference with the number missing (``PR #``)
    kind: str | None  # "pull" when the text says PR/pull/MR, "issues" when it says issue/bug/epic


# Both parsers are pure functions of one string returning frozen values, and the same URL or link
# text is parsed again by the parser and by every issue-* rule (13,000 calls for ~3,000 distinct
# URLs on the real repository): memoised, bounded so a hostile input cannot grow it without end.
@lru_cache(maxsize=16384)
def parse_github_url(url: str) -> GitHubTarget | None:
    """Split ``https://github.com/OWNER/REPO/(issues|pull|issue|discussions)/N...``; None otherwise."""
    if "github.com" not in url:  # cheap pre-filter: most links are elsewhere
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https", "") or parts.hostname not in GITHUB_HOSTS:
        return None
    segs = parts.path.split("/")
    # segs[0] is "" (leading slash); owner, repo, kind, number
    if len(segs) < 4 or not segs[1] or not segs[2] or segs[1] == "orgs":
        return None  # `orgs/NAME/discussions/N` is an organisation's discussion, not a repository's
    kind = _KINDS.get(segs[3])
    if kind is None:
        return None
    seg = segs[4] if len(segs) > 4 else ""
    number = int(seg) if seg.isdigit() else None
    return GitHubTarget(segs[1], segs[2], kind, number, seg)


# Kind words a reference text may carry. "issues" is deliberately NOT a kind word: in the minutes
# `issues#N` names the SovereignCloudStack/issues repository (a generic token that is sometimes
# aimed at another repository, which is exactly what the repo rule reports).
_PULL_WORDS = r"(?:draft\s+)?(?:pull\s+request|pr|pull|mr)"
_ISSUE_WORDS = r"(?:issue|bug|epic)"
_KW = rf"(?:{_PULL_WORDS}|{_ISSUE_WORDS})"
# A name holds a letter (so `Issue 16` does not read 16 as a repository) and is not a kind word.
_NAME = rf"(?!{_KW}(?![A-Za-z0-9_.-]))(?=[A-Za-z0-9_.-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_.-]*"
_REF_TEXT = re.compile(
    rf"""
    \#?                                                     # rare `#OSISM/issues/368`
    (?:(?P<kw1>{_KW})(?![A-Za-z])\s*:?\s*)?                 # `PR standards/#356`, `Issue 16`
    (?:(?:(?P<owner>{_NAME})/)?(?P<repo>{_NAME}))?          # `osism/issues`, `k8s-capi`
    (?:/|\s+)?                                              # no spaces around "/": `SA-3 / #485`
    (?:(?P<kw2>{_KW})\b\s*/?\s*)?                           # `standards/PR#2`, `website PR #7`
    (?P<sep>[#!/])?\s*
    (?P<kw3>pr|issue)?                                      # `#PR226`, `#issue106`
    (?P<num>\d+)?
    (?:\#issuecomment-\d+|/files|/comment)?                 # suffixes that keep the number
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Words that stand before "PR" in prose (`review PR 319`), not repository names (`website PR #7`).
_PROSE = frozenset(
    {"a", "an", "and", "another", "check", "draft", "first", "fix", "her", "his", "last", "merged", "my"}
    | {"new", "next", "old", "open", "our", "please", "related", "review", "see", "same", "second", "the"}
    | {"their", "this", "upstream", "your"}
)
_DECOR_LEAD = "`*_~"
_DECOR_TAIL = "`*_~:,;."


def strip_runs(text: str, lead: str, tail: str) -> str:
    """``text`` less a leading run of ``lead`` characters and spaces and a trailing run of ``tail``
    ones. A loop, not the regex ``^[...]+|[...]+$``: its ``[...]+$`` scanned every run of those
    characters to its end from each of them, quadratic in a long run."""
    start, end = 0, len(text)
    while start < end and (text[start] in lead or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in tail or text[end - 1].isspace()):
        end -= 1
    return text[start:end]


@lru_cache(maxsize=16384)
def parse_ref_text(text: str) -> RefText | None:
    """The reference a link text claims, or None when the text is not shaped like a pure reference.

    Accepts ``#N``, ``repo#N``, ``repo/#N``, ``org/repo#N``, ``PR #N``, ``Issue N``, ``repo PR #N``,
    ``repo!N`` (GitLab habit), and the same without the number (``PR #``). Rejects descriptive text
    and look-alikes: ``MVP-0``, ``v3.1``, ``CVE-2024-6387``, ``scs-0007-v1``, ``ADR 5``, ``2024``,
    titles ending in ``(#881)``.
    """
    s = strip_runs(text, _DECOR_LEAD, _DECOR_TAIL)
    if not s or len(s) > 80:
        return None
    m = _REF_TEXT.fullmatch(s)
    if m is None:
        return None
    kw = m["kw1"] or m["kw2"] or m["kw3"]
    num, repo = m["num"], m["repo"]
    # Something must mark the number as a reference: `#`, `!`, `/` after a name, or a kind word.
    # `2024`, `ADR 5` or `standards 5` alone is not one.
    between = s[m.end("repo") if repo else 0 : m.start("num") if num else len(s)]
    hashed = "#" in between or "!" in between
    if not (kw or hashed or (repo and "/" in between)):
        return None
    if num is None and not hashed:
        return None  # `PR`, `Issue`, `MR` alone are descriptive words; `PR #`, `repo#` lack the number
    owner = m["owner"]
    # `review PR 319`, `ansible-collection-gitcontrol issue 24`: a word before a spelled-out kind
    # without `#` is prose or a product name; only the number is a claim
    if repo and not owner and m["kw2"] and (repo.lower() in _PROSE or not any(c in between for c in "#/!")):
        repo = None
    kind = None
    if kw:
        kind = "pull" if re.match(_PULL_WORDS, kw, re.IGNORECASE) else "issues"
    return RefText(owner, repo, int(num) if num else None, kind)


def _alias(ctx: Context, name: str) -> str | None:
    return ctx.aliases.get(name.lower())


# Words people put before `#N` that are counters, not repositories (`Hackathon#4`, `Session #2`).
_NOT_REPOS = frozenset(
    {"hack", "hackathon", "meeting", "session", "sprint", "topic", "item", "point", "slide", "step"}
    | {"week", "day", "no", "nr", "number", "version", "release", "phase", "part", "round", "room"}
    | {"table", "line", "option", "call", "workshop", "iteration", "milestone", "task", "question"}
)


def resolve_name(owner: str | None, repo: str | None, ctx: Context) -> tuple[str, str] | None:
    """(owner, repo) for names as written in a reference, after aliases; None when unknowable.

    ``k8s-capi`` -> the alias target; ``standards`` -> (ctx.default_owner, "standards");
    ``SCS/standards`` -> the owner alias applied; an owner-only alias (``osism#12``) -> None.
    """
    if repo is None:
        return None
    full = _alias(ctx, f"{owner}/{repo}") if owner else None
    target = full or _alias(ctx, repo)
    if target and "/" in target:
        o, r = target.split("/", 1)
        return (o, r)
    if target:  # the text names an organisation, not a repository
        return None
    if owner:
        o_alias = _alias(ctx, owner)
        real_owner = o_alias.split("/", 1)[0] if o_alias else owner
        return (real_owner, repo)
    if repo.lower() in _NOT_REPOS:
        return None
    if ctx.default_owner:
        return (ctx.default_owner, repo)
    return None


def resolve_ref(ref: IssueRef, ctx: Context) -> tuple[str, str] | None:
    """The (owner, repo) an IssueRef points at: the URL's when linked, else the text's via aliases."""
    if ref.url:
        target = parse_github_url(ref.url)
        if target:
            return (target.owner, target.repo)
    # Re-read the text first: it knows kind words (`PR#150`, `issue#396` name no repository)
    parsed = parse_ref_text(ref.text)
    if parsed is not None:
        return resolve_name(parsed.owner, parsed.repo, ctx)
    if ref.text_repo or ref.text_owner:
        return resolve_name(ref.text_owner, ref.text_repo, ctx)
    if ref.url is None and ref.repo:
        return resolve_name(ref.owner, ref.repo, ctx)
    return None


def text_names_repo(claim: RefText, owner: str, repo: str, ctx: Context) -> bool:
    """Does the repository named in a link text agree with the URL's owner/repo?

    Lenient where the text leaves room: no repository named is fine; a bare name without an alias
    compares the repository name only (``testbed#12`` for osism/testbed); an organisation named
    where a repository would go (``osism#1126``, ``SCS/PR#4``) compares the owner only.
    """
    if claim.repo is None:
        return True
    if claim.owner and claim.repo.lower() in ("issues", "pull", "pulls"):
        # `cluster-stacks/issues#5` reads as "repo cluster-stacks, its issues", and
        # `osism/issues#5` as the repository osism/issues: either reading may hold
        alt = RefText(None, claim.owner, claim.number, claim.kind)
        if text_names_repo(alt, owner, repo, ctx):
            return True
    o, r = owner.casefold(), repo.casefold()
    full = _alias(ctx, f"{claim.owner}/{claim.repo}") if claim.owner else None
    target = full or _alias(ctx, claim.repo)
    if target:
        t_owner, _, t_repo = target.partition("/")
        if t_owner.casefold() == o and (not t_repo or t_repo.casefold() == r):
            return True
        # an alias is a default reading, not the only one: `docs#5` may still name osism/docs
    if claim.repo.casefold() == r:
        if claim.owner is None:
            return True
        o_alias = _alias(ctx, claim.owner)
        claimed_owner = (o_alias.split("/", 1)[0] if o_alias else claim.owner).casefold()
        return claimed_owner == o
    # `OSISM #2031` for osism/testbed: the writer named the organisation
    return claim.owner is None and claim.repo.casefold() == o


def describe(target: GitHubTarget) -> str:
    """``owner/repo#N`` (or ``owner/repo`` for list pages), for messages."""
    base = f"{target.owner}/{target.repo}"
    return f"{base}#{target.number}" if target.number is not None else base
