"""A GitHub handle that cannot be a login, or that is one typo away from a known person's handle.

What it does: `invalid-handle` reports `@name` where `name` is no valid GitHub login: it contains
`_` or `.`, is longer than 39 characters, starts or ends with `-`, or contains `--`.
`handle-typo` reports a handle that is within a small edit distance (2, or 1 for handles of up to
four letters; a swap of neighbours counts 1) of a known person's handle and is not known itself.
Known are the handles used at least `min_uses` times (default 20) in the repository, those named
in the participants lists of at least `min_lists` files (default 2), and those the configuration's
`roster` lists (`Context.roster`, counted over every file of the repository). It also reports a
first or last name written as a handle: a name of four or more letters that begins or ends exactly
one known login used far more often (`@janis` for `@janis-roe`; also when a few participants
lists name it, for six letters or more and a login used ten times as often), and a known login with two or
more letters added (`@tonifingerges` for `@tonifinger`), and a login with its block of digits moved
(`@KaiLu77` for `@Kai77Lu`): a target for that needs only three uses, though no list names it,
and it shields no other spelling. A handle known only from
participants lists is a person, unless it is a login used ten times as often (and `min_uses`
times) misspelt by a slip of the keys two people's logins rarely differ by: only dashes
(`@frostygeek`), one letter lost or added in a login of eight or more (`@artifical-intelligence`),
two neighbours swapped or the end cut off (`@linden` for `@lindenb1`): then it is reported wherever
it stands; so is one letter replaced in a login of twelve or more. One letter replaced in a shorter
login (`@jo-mayer` beside `@jo-meyer`) can be two people; such a handle is
still reported in a file whose participants list names a
login one typo away used ten times as often, and not this spelling (a misspelling copied from pad
to pad into some lists, mentioned beside the real login's owner). A typo is always pointed at the
spelling used ten times as often when a listed one is nearer. A common first name written as a
name (`@Tobias`, capitalised) that is no known login, used at most three times and named in at most
one participants list, is reported too: GitHub links it to a stranger's account; so are initials of
one to three capital letters (`@JR`, `@AI`) that no participants list names and no known login is. Handles in
`handle_allow` are never reported; both are warnings, in minutes, decks and free-form documents.

Why is this bad? A misspelt handle notifies nobody, or the wrong person, and breaks search by
participant: the corpus has `@matfecher`, `@mafechner` and `@matfechenr` for `@matfechner`, and
`@cah_hbaum` where GitHub logins cannot contain `_`.

Example: bad `- @jschoonel`; good `- @jschoone`. Configure with
`rules: {handle-typo: {min_uses: 10, min_lists: 3}}` or allow a handle in the configuration's
handle allow-list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, HandleUse, Kind, Span
from ..rule import DATED_KINDS, Context, Problem, Rule, Severity
from ._given_names import GIVEN_NAMES
from ._minutes import strip_code_spans, valid_login
from ._roster import DEFAULT_MIN_LISTS, DEFAULT_MIN_USES, RosterIndex, configured_in, index_for, listed_in

_DASHED = re.compile(r"(?<![\w.@/\\])@(-[A-Za-z0-9][A-Za-z0-9-]*)")
_SKIP_CONTEXTS = frozenset({"href"})  # a linked github.com/<user> is the reporter rules' business
# `@lists.scs.community` is the domain of a mail address, not a mistyped login
_TLDS = frozenset(
    {
        "com",
        "org",
        "net",
        "de",
        "eu",
        "io",
        "dev",
        "community",
        "cloud",
        "tech",
        "info",
        "edu",
        "gov",
        "app",
        "me",
        "co",
        "uk",
        "ch",
        "at",
        "fr",
        "nl",
    }
)


_VERSION = re.compile(r"^v?\d+(?:\.\d+)+$")  # "pin it @1.28" names a version, not a person


def _domain(name: str) -> bool:
    """A mail domain or a version number: dotted names that are no mistyped login."""
    return name.rsplit(".", 1)[-1].lower() in _TLDS or bool(_VERSION.match(name))


def written(doc: Document, use: HandleUse) -> tuple[str, int]:
    """The handle as readers see it, and the 0-based column of its `@`.

    The parser may stop a handle at `_`, `.` or a backslash; reading on from its position recovers
    `@cah_hbaum`, and `@cah\\_hbaum`, which renders as `@cah_hbaum` (a backslash escape of
    punctuation shows the punctuation alone). Emphasis and sentence ends (`_@x_`, `@x.`) are not
    part of the handle.
    """
    name, at, _ = _written(doc.line(use.span.line), use)
    return name, at


def _written(line: str, use: HandleUse) -> tuple[str, int, int]:
    """`written`, and the 0-based column just after the handle in the source (escapes included)."""
    at = use.span.col - 1
    end = at + 1 + len(use.handle)
    if 0 <= at < len(line) and line[at] == "@" and (end >= len(line) or line[end] not in "_.-*\\"):
        return use.handle, at, end  # nothing a login cannot hold follows: the parser's handle is complete
    if not (0 <= at < len(line) and line[at] == "@"):
        at = line.rfind("@", 0, at + 1) if at > 0 else -1
    if at < 0:
        return use.handle, use.span.col - 1, end
    name, stop = _rendered(line, at + 1)
    if not name.lower().startswith(use.handle.lower()):
        return use.handle, use.span.col - 1, end
    kept = name.rstrip("._*")
    if not kept:
        return use.handle, use.span.col - 1, end
    # the source column after the last kept character: walk back over what was stripped, and the
    # backslash of an escape that wrote a stripped character
    back = len(name) - len(kept)
    while back:
        stop -= 1
        if stop > at + 1 and line[stop - 1] == "\\":
            stop -= 1
        back -= 1
    return kept, at, stop


_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_LONGEST = 80  # twice GitHub's longest login: what follows is no handle any more


def _rendered(line: str, start: int) -> tuple[str, int]:
    """The run of login-like characters from ``start`` as rendered, and the source column after it.

    `\\_`, `\\.` and `\\-` render as the character alone (CommonMark: any escaped ASCII punctuation
    does); another escaped character (`\\*`) or a backslash before a letter ends the run, as the
    text readers see stops being a handle there. Bounded: a handle is at most 39 characters."""
    out: list[str] = []
    i, n = start, len(line)
    while i < n and len(out) < _LONGEST:
        c = line[i]
        if c == "\\" and i + 1 < n and line[i + 1] in "_.-":
            out.append(line[i + 1])
            i += 2
        elif c in _NAME_CHARS:
            out.append(c)
            i += 1
        else:
            break
    return "".join(out), i


# (line, column of "@", name as rendered, source column after it) per handle use; built once per
# document for both rules
_Use = tuple[int, int, str, int]
_MEMO: list[tuple[Document, list[_Use], bool]] = []  # and whether a name holds a "."


def _uses(doc: Document, ctx: Context) -> list[_Use]:
    if _MEMO and _MEMO[0][0] is doc:
        found, dotted = _MEMO[0][1], _MEMO[0][2]
    else:
        code = doc.code_lines
        linked = _linked_elsewhere(doc)
        lines = doc.lines
        found = []
        for use in doc.handles:
            ln = use.span.line
            if use.context in _SKIP_CONTEXTS or ln in code:
                continue
            line = lines[ln - 1] if 0 < ln <= len(lines) else ""
            at = use.span.col - 1
            end = at + 1 + len(use.handle)
            # the common case inline (thousands of uses per run): the parser's handle is complete
            if 0 <= at < len(line) and line[at] == "@" and (end >= len(line) or line[end] not in "_.-*\\"):
                name = use.handle
            else:
                name, at, end = _written(line, use)
            if not linked or (ln, name.lower()) not in linked:
                found.append((ln, at, name, end))
        dashed = list(_leading_dash(doc))
        if dashed:  # the parser's uses come in source order; these go in between
            found.extend(dashed)
            found.sort()
        dotted = any("." in u[2] for u in found)
        _MEMO[:] = [(doc, found, dotted)]
    allow = ctx.handle_allow
    if not allow and not dotted:
        return found
    return [u for u in found if not (allow and u[2].lower() in allow) and not ("." in u[2] and _domain(u[2]))]


def _linked_elsewhere(doc: Document) -> set[tuple[int, str]]:
    """(line, handle) of deck reporters that show one handle and link another user's profile:
    `reporter-link-mismatch` reports the pair, a typo in either is that one finding."""
    if doc.kind is not Kind.DECK:
        return set()
    return {
        (rep.span.line, rep.handle.lower())
        for rep in doc.reporters
        if rep.form == "report-by" and rep.handle and rep.href_user and rep.handle.lower() != rep.href_user.lower()
    }


def _span(use: _Use) -> Span:
    line, at, _, end = use
    return Span(line, at + 1, line, end + 1)


def _leading_dash(doc: Document) -> Iterator[_Use]:
    """`@-name`: the parser does not take it for a handle at all, so look for it here."""
    if "@-" not in doc.text:
        return
    for n, line in enumerate(doc.lines, 1):
        if "@-" in line and n not in doc.code_lines:
            for m in _DASHED.finditer(strip_code_spans(line)):
                yield n, m.start(), m.group(1), m.end()


def _index(ctx: Context) -> RosterIndex | None:
    if not ctx.roster and not configured_in(ctx.roster):
        return None
    return index_for(
        ctx.roster, _option(ctx, "min_uses", DEFAULT_MIN_USES), _option(ctx, "min_lists", DEFAULT_MIN_LISTS)
    )


# Verdicts per name for the whole run, not per file: one handle recurs in hundreds of files, and
# a verdict depends only on the name and the roster (whose index is a new object when the roster
# or a threshold changes, see index_for); kept as (index, roster, invalid, typo). A typo verdict is
# the message, or None and the login used ten times as often that a listed-only name may misspell
# in a file whose participants list names that login (check_typo)
_Typo = tuple[str | None, str | None]
_VERDICTS: list[tuple[object, object, dict[str, str | None], dict[str, _Typo]]] = []


def _run_verdicts(index: RosterIndex | None, ctx: Context) -> tuple[dict[str, str | None], dict[str, _Typo]]:
    if _VERDICTS and _VERDICTS[0][0] is index and _VERDICTS[0][1] is ctx.roster:
        return _VERDICTS[0][2], _VERDICTS[0][3]
    _VERDICTS[:] = [(index, ctx.roster, {}, {})]
    return _VERDICTS[0][2], _VERDICTS[0][3]


# New handle names judged per file (the real minutes hold at most 27 distinct handles a file):
# each is compared with the known logins of about its length, so a file of thousands of invented
# names must not multiply that work; the names past it are not judged as typos.
MAX_JUDGED = 300


def check_invalid(doc: Document, ctx: Context) -> Iterator[Problem]:
    index = _index(ctx)
    verdicts = _run_verdicts(index, ctx)[0]  # a hostile file repeats one handle 100,000 times
    judged = 0
    for use in _uses(doc, ctx):
        name = use[2]
        if name in verdicts:
            message = verdicts[name]
        else:
            judged += 1
            if judged > MAX_JUDGED:  # still reported as invalid, without the search for the meant login
                message = _invalid_message(name, None)
            else:
                message = verdicts[name] = _invalid_message(name, index)
        if message is not None:
            yield Problem(_span(use), message)


def _invalid_message(name: str, index: RosterIndex | None) -> str | None:
    why = valid_login(name)
    if why is None:
        return None
    hint = ""
    if index is not None:
        dashed = name.lower().replace("_", "-").replace(".", "-").strip("-")
        joined = name.lower().replace("_", "").replace(".", "")
        # the login itself when the repository knows it (`@cah_hbaum` for the listed `@cah-hbaum`)
        known = next((h for h in (dashed, joined) if index.frequent(h)), None)
        guess = known or index.near_miss(dashed) or index.near_miss(joined)
        hint = f", did you mean @{guess}?" if guess else ""
    return f"@{name} is not a valid github login: it {why}{hint}"


def check_typo(doc: Document, ctx: Context) -> Iterator[Problem]:
    index = _index(ctx)
    if index is None:
        return
    verdicts = _run_verdicts(index, ctx)[1]
    listed: set[str] | None = None  # this file's participants, read on the first listed-only handle
    judged = 0
    for use in _uses(doc, ctx):
        name = use[2]
        verdict = verdicts.get(name)
        if verdict is None:
            judged += 1
            if judged > MAX_JUDGED:
                continue  # a flood of new names in one file: each is compared with the known logins
            message = _typo_message(name, index, ctx)
            low = name.lower()
            better = index.better_spelling(low) if message is None and index.listed_only(low) else None
            verdict = verdicts[name] = (message, better)
        message, better = verdict
        if better is not None:
            # a person known from the lists, but here the participants list names a login used ten
            # times as often one typo away, and not this spelling: the same person, misspelt (a
            # spelling copied from pad to pad is listed as often as a rare real person would be)
            if listed is None:
                listed = {p.handle.lower() for p in doc.participants if p.handle}
            if better in listed and name.lower() not in listed:
                mine = _counted(ctx, name.lower(), " in the repository", at_least=1)
                message = (
                    f"@{name} ({mine}) looks like a typo of @{better} ({_counted(ctx, better)}), "
                    f"who is in this file's participants list"
                )
        if message is not None:
            yield Problem(_span(use), message)


def _misspelt_message(name: str, index: RosterIndex, ctx: Context) -> str | None:
    better = index.misspelt_everywhere(name.lower())
    if better is None:
        return None
    mine = _counted(ctx, name.lower(), " in the repository", at_least=1)
    return (
        f"@{name} ({mine}) looks like a typo of @{better} ({_counted(ctx, better)}): a misspelling"
        f" copied into a few participants lists, it notifies another github user or nobody"
    )


def _typo_message(name: str, index: RosterIndex, ctx: Context) -> str | None:
    if valid_login(name) is not None:
        return None  # invalid-handle reports it, with the same suggestion
    guess = index.near_miss(name.lower())
    if guess is not None:
        mine = _counted(ctx, name.lower(), " in the repository", at_least=1)  # this use is one
        return f"@{name} ({mine}) looks like a typo of @{guess} ({_counted(ctx, guess)})"
    moved = index.digits_moved(name.lower())
    if moved is not None:
        mine = _counted(ctx, name.lower(), " in the repository", at_least=1)
        return (
            f"@{name} ({mine}) is the login @{moved} ({_counted(ctx, moved)}) with its digits moved,"
            f" expected @{moved}: @{name} notifies another github user or nobody"
        )
    if index.listed_only(name.lower()):
        misspelt = _misspelt_message(name, index, ctx)
        if misspelt is not None:
            return misspelt  # a slip of the keys copied into a few lists: reported wherever it stands
    whole = _whole_login(name, index)
    if whole is None and index.listed_only(name.lower()) and not name.isupper() and name.lower() not in _GROUPS:
        whole = index.listed_part_of(name.lower())  # a first name copied into a few lists
    if whole is None:
        longer = index.extended_from(name.lower()) if name.lower() not in _GROUPS else None
        if longer is None:
            return _given_name_message(name, index, ctx) or _initials_message(name, index, ctx)
        mine = _counted(ctx, name.lower(), " in the repository", at_least=1)
        return (
            f"@{name} ({mine}) is the login @{longer} ({_counted(ctx, longer)}) with letters added,"
            f" expected @{longer}: @{name} notifies another github user or nobody"
        )
    mine = _counted(ctx, name.lower(), " in the repository", at_least=1)
    return (
        f"@{name} ({mine}) is only part of the login @{whole} ({_counted(ctx, whole)}),"
        f" expected @{whole}: @{name} notifies another github user or nobody"
    )


# "Once or twice": a given name used more often without being anyone's login in the lists may be
# the login of someone who never attends (an upstream contributor named in action items)
GIVEN_NAME_MAX_USES = 3


def _given_name_message(name: str, index: RosterIndex, ctx: Context) -> str | None:
    """`@Tobias`: a common first name, written as a name (capitalised), that is no login of anyone
    in the repository: rarely used and named in at most one participants list. Written in lower
    case (`@tobias`) it may be a login, as logins are written: left alone."""
    low = name.lower()
    if not name.istitle() or not name.isalpha() or low not in GIVEN_NAMES or index.frequent(low):
        return None
    lists = listed_in(ctx.roster).get(low, 0)
    if lists > 1 or ctx.roster.get(low, 0) > GIVEN_NAME_MAX_USES:
        return None
    mine = _counted(ctx, low, " in the repository", at_least=1)
    return (
        f"@{name} ({mine}, in {'one' if lists else 'no'} participants list) is a first name, not the login"
        f" of anyone in this repository: GitHub links it to the account '{low}', most likely a stranger;"
        f" write the person's login"
    )


def _initials_message(name: str, index: RosterIndex, ctx: Context) -> str | None:
    """`@PS`, `@CB`, `@AI`: one to three capital letters, a person's initials, a company's
    abbreviation or "action item", that no participants list names and that is no known login.
    GitHub logins are case-insensitive, so it links the account 'ps', whoever owns it. A login is
    written as it is spelt, so in lower case (`@ps`) it may be one: left alone."""
    if len(name) > 3 or not name.isalpha() or not name.isupper() or not name.isascii():
        return None
    low = name.lower()
    if index.frequent(low) or listed_in(ctx.roster).get(low, 0) or low in _GROUPS:
        return None
    mine = _counted(ctx, low, " in the repository", at_least=1)
    return (
        f"@{name} ({mine}, in no participants list) is written as initials or an abbreviation, not the"
        f" login of anyone in this repository: GitHub links it to the account '{low}', most likely a"
        f" stranger; write the person's login, or the name without '@'"
    )


# mentions of a group, not of a person whose login they might begin ("@team" for "@team-lead")
_GROUPS = frozenset({"all", "here", "channel", "everyone", "everybody", "team", "todo", "someone", "anyone"})


def _whole_login(name: str, index: RosterIndex) -> str | None:
    """The known login a first or last name written as a handle stands for (`@janis` for
    `@janis-roe`). An all-capital name is an organisation's acronym (`@OSBA`), not a person."""
    if name.isupper() or name.lower() in _GROUPS:
        return None
    return index.part_of(name.lower())


def _counted(ctx: Context, handle: str, where: str = "", at_least: int = 0) -> str:
    """What the roster counted of ``handle`` over every file of the repository (not only the files
    being checked): its uses, and the participants lists that name it."""
    uses = max(ctx.roster.get(handle, 0), at_least)
    lists = listed_in(ctx.roster).get(handle, 0)
    said = f"{uses} use{'' if uses == 1 else 's'}{where}"
    if lists > 1:
        said += f", a participant in {lists} files"
    return said + (", in the configured roster" if handle in configured_in(ctx.roster) else "")


def _option(ctx: Context, key: str, default: int) -> int:
    value = ctx.options.get("handle-typo", {}).get(key, default)
    return value if isinstance(value, int) and value > 0 else default


_INVALID_DOC = """An `@handle` that cannot be a GitHub login.

What it does: reports `@name` where `name` contains `_` or `.`, is longer than 39 characters,
starts or ends with `-`, or contains `--`, and suggests the frequent handle it is closest to. Mail
addresses and domains (`@lists.example.org`), emphasis (`_@x_`) and sentence ends (`@x.`) are not
handles; `handles-allow` silences a name.

Why is this bad? GitHub notifies nobody, and the participant is not found by handle: the corpus
has `@cah_hbaum` and `@anja.strunk`, where logins cannot hold `_` or `.`.

Example: bad `- @jane_doe`; good `- @jane-doe`.
"""

_TYPO_DOC = """An `@handle` one or two typos away from a known person's handle.

What it does: reports a handle within edit distance 2 (1 for handles of up to four letters; a swap
of neighbours counts 1) of a known handle, when it is not known itself. The CLI counts every file
of the repository, not only the files being checked: a handle used at least `min_uses` times
(default 20), named in the participants lists of at least `min_lists` files (default 2: people do
not repeat one typo in the lists of two meetings), or listed in the configuration's `roster` is
known. The message shows those counts. Handles in `handles-allow` are never reported. A handle
known only from a few lists is still a typo when a login used ten times as often is the same with
a slip of the keys: dashes only, one letter lost or added (eight letters or more), two neighbours
swapped or the end cut off (six or more), one letter replaced (twelve or more, never a digit):
`@frostygeek` for `@frosty-geek`.

It also reports a first or last name written as a handle (`@janis` for the known `@janis-roe`,
`@roe` for `@janisroe`): a handle of at least four letters, not known itself, that begins or ends
exactly one known login, which is configured or used at least `min_uses` times and five times as
often as the name; a name of six letters or more known from a few lists, when the login is used
ten times as often (`@ottilie` in two lists beside `@ottiliebrand`). A login with its block of
digits moved (`@KaiLu77` for `@Kai77Lu`: the same letters and the same digits, elsewhere) is
reported when the login is used more often and at least three times, even if no participants list
names it. All-capital names are organisations (`@ACME`), and `@all`, `@team` or `@here` name
groups. Initials and first names the login does not contain are not guessed, but a
common first name written capitalised (`@Gregor will ask`) that is no known login, used at most
three times and in at most one participants list, is reported as a name, not a login: GitHub links
it to the account of that name, most likely a stranger. So are initials or an abbreviation of one
to three capital letters (`@JR to check`, `(@ACM)`, `@AI` for an action item) that no participants
list names and that are no known login. In lower case (`@gregor`, `@jr`) it may be a login and is
left alone.

Why is this bad? A misspelt handle notifies nobody, or the wrong person, and breaks search by
participant: the corpus has `@matfecher`, `@mafechner` and `@matfechenr` for `@matfechner`.

Example: bad `- @jschoonel` and `@janis will ask`; good `- @jschoone` and `@janis-roe will ask`. Tune with
`rules: {handle-typo: {min_uses: 10, min_lists: 3}}`.
"""


# free-form documents (README, hackathon notes) mention people as much as minutes do; the template's
# handles are placeholders
_KINDS = DATED_KINDS | {Kind.FREEFORM}
INVALID = Rule(id="invalid-handle", severity=Severity.WARNING, check=check_invalid, doc=_INVALID_DOC, kinds=_KINDS)
TYPO = Rule(id="handle-typo", severity=Severity.WARNING, check=check_typo, doc=_TYPO_DOC, kinds=_KINDS)
