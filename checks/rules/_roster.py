"""Near-miss search in the handle roster: which frequent handle is a handle probably a typo of?

Kept apart from the rules so the index is built once per roster and each distinct handle is looked
up once per run: the corpus has ~6000 handle uses but only ~300 distinct handles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..extract import chained_handles

DEFAULT_MIN_USES = 20  # "frequent": the corpus study's threshold for a typo target
# A handle in the participants list of this many files is a real person (people do not repeat a
# typo in the lists of two meetings), however rarely it is used otherwise.
DEFAULT_MIN_LISTS = 2
# A shorter handle ("@al", "@b1", "@cah") begins or ends too many logins to stand for one of them.
MIN_PART = 4
PART_RATIO = 5

# The parser's handle (checks/extract.py: not after a letter, digit, ".", "+", "/", "@", "\\" or
# "-", so no mail address or URL path), written to start with the literal "@" so that re skips
# ahead to each "@" (the look-behind comes after it): the roster counts what the rules see.
HANDLE_PATTERN = r"@(?<![A-Za-z0-9.+/@\\-]@)([A-Za-z0-9](?:[A-Za-z0-9._-]{0,60}[A-Za-z0-9])?)"
_HANDLE_TEXT = re.compile(HANDLE_PATTERN)
_LIST_WORDS = ("partic", "attendee", "teilnehm")
_LIST_WORD = re.compile("|".join(_LIST_WORDS), re.I)
_NEXT_HEADING = re.compile(r"\n[ \t\r]*#")
_NEXT_BREAK = re.compile(r"\n[ \t\r]*(?:\n|#)")  # a blank line or a heading ends an inline list
# "Participants:", "- **Attendees**:" (an inline list: its line and the lines up to a blank one)
_LIST_LABEL = re.compile(r"\s*(?:[-*+]\s+)?[*_]*(?:participants|participation|attendees|teilnehmer\w*)[*_]*\s*:", re.I)


def normal(handle: str) -> str:
    """The roster's key: lower case, without the emphasis or sentence end after it (`@x_`, `@x.`)."""
    return handle.rstrip("_.-").lower()


def participant_handles(text: str) -> set[str]:
    """The handles in the participants lists of one file: under a heading such as `## Participants`
    up to the next heading, or from a `Participants:` line up to the next blank line or heading.

    No parsing and no walk over every line (the shell runs this on every file of the repository):
    only the lines holding the word are looked at, and the handles are read in the list's extent.
    """
    found: set[str] = set()
    done = 0
    for at in _word_positions(text):
        if at < done:
            continue  # inside a list already read ("### Attendees" under "## Participants")
        start = text.rfind("\n", 0, at) + 1
        eol = text.find("\n", at)
        eol = len(text) if eol < 0 else eol
        line = text[start:eol]
        if line.lstrip().startswith("#"):
            stop = _NEXT_HEADING.search(text, eol)
        elif _LIST_LABEL.match(line):
            stop, eol = _NEXT_BREAK.search(text, eol), start  # the label line holds handles too
        else:
            continue
        done = stop.start() if stop else len(text)
        found.update(normal(h) for h in _HANDLE_TEXT.findall(text, eol, done))
        found.update(normal(h) for _at, h in chained_handles(text[eol:done]))  # '@a/@b'

    return found


def _word_positions(text: str) -> list[int]:
    """Where the list words stand, in order. str.find over the lower-cased text: a case-insensitive
    regex alternation takes 15 times longer over a repository (re has no literal-prefix search)."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer ("İ"): positions would shift
        return [m.start() for m in _LIST_WORD.finditer(text)]
    out: list[int] = []
    for word in _LIST_WORDS:
        at = low.find(word)
        while at >= 0:
            out.append(at)
            at = low.find(word, at + len(word))
    return sorted(out)


class Roster(dict[str, int]):
    """Lower-case handle -> its uses over every file of the repository, with two more facts.

    ``listed``: handle -> number of files whose participants list names it. ``configured``: the
    handles the configuration lists as real people. A dict, so a plain mapping of uses still works
    wherever a roster is expected (tests, callers that know only the counts).
    """

    def __init__(
        self,
        uses: Mapping[str, int] | None = None,
        listed: Mapping[str, int] | None = None,
        configured: Iterable[str] = (),
    ) -> None:
        super().__init__(uses or {})
        self.listed: dict[str, int] = dict(listed or {})
        self.configured: frozenset[str] = frozenset(configured)


def listed_in(roster: Mapping[str, int]) -> Mapping[str, int]:
    return roster.listed if isinstance(roster, Roster) else {}


def configured_in(roster: Mapping[str, int]) -> frozenset[str]:
    return roster.configured if isinstance(roster, Roster) else frozenset()


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours costs 1), cut off above ``limit``."""
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    before: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ca = a[i - 1]
        for j in range(1, lb + 1):
            cost = 0 if ca == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, before[j - 2] + 1)
            cur[j] = v
        if min(cur) > limit:  # every later row only grows
            return limit + 1
        before, prev = prev, cur
    return prev[lb]


# A login used this many times as often as a near handle known only from participants lists is the
# spelling a typo is pointed at (RosterIndex.better_spelling)
SHADOW = 10


def allowed_distance(handle: str) -> int:
    """Short handles tolerate less: any two three-letter handles are within distance 2."""
    if len(handle) <= 2:
        return 0
    return 1 if len(handle) <= 4 else 2


# A letter lost or doubled in a login this long is a slip of the keys, not another person's name
SLIP_LETTER = 8
# A login cut short, or two neighbours swapped, in a handle this long
SLIP_CUT = 6
# One letter replaced by another in a login this long (`@artificial-intelligemce`): two people's
# logins of twelve characters or more do not differ in a single letter
SLIP_SWAP_LONG = 12


def slip(typo: str, login: str) -> bool:
    """Whether ``typo`` is ``login`` misspelt in a way two people's logins rarely differ: only in
    dashes (`@frostygeek`), one letter dropped or added in a long login (`@artifical-intelligence`),
    two neighbours swapped, the end cut off (`@linden` for `@lindenb1`), or one letter replaced in a
    login of twelve or more. One letter replaced in a shorter login (`@jo-mayer`, `@jo-meyer`), a
    digit replaced (`@build-bot-1`) or a letter more in a short login (`@annab`) can be two people."""
    if typo == login:
        return False
    if typo.replace("-", "") == login.replace("-", ""):
        return True
    if len(typo) >= SLIP_CUT and login.startswith(typo):
        return True
    short, long_ = (typo, login) if len(typo) < len(login) else (login, typo)
    if len(long_) == len(short) + 1 and len(short) >= SLIP_LETTER:
        i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
        return short[i:] == long_[i + 1 :]  # one letter dropped (or added) at i
    if len(typo) == len(login) >= SLIP_CUT:
        diff = [k for k in range(len(typo)) if typo[k] != login[k]]
        if len(diff) == 1:  # one letter for another: only in a long login, and never a digit (`-ci2`)
            k = diff[0]
            return len(typo) >= SLIP_SWAP_LONG and typo[k].isalpha() and login[k].isalpha()
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typo[diff[0]] == login[diff[1]]
            and typo[diff[1]] == login[diff[0]]
        )
    return False


@dataclass(slots=True)
class RosterIndex:
    counts: Mapping[str, int]
    min_uses: int
    min_lists: int = DEFAULT_MIN_LISTS
    by_length: dict[int, list[str]] = field(default_factory=dict)
    cache: dict[str, str | None] = field(default_factory=dict)
    letters: dict[str, frozenset[str]] = field(default_factory=dict)  # frequent handle -> its letters
    parts: dict[str, str | None] = field(default_factory=dict)  # part_of's answers
    extended: dict[str, str | None] = field(default_factory=dict)  # extended_from's answers
    # every beginning and end (of MIN_PART letters or more) of the known logins -> those logins;
    # built on the first part_of: at most 39 keys per login, so linear in the roster
    ends: dict[str, set[str]] = field(default_factory=dict)
    # (letters and dashes, digit runs) -> the handles used MENTIONED times or more that have digits;
    # built on the first digits_moved
    by_shape: dict[tuple[str, tuple[str, ...]], list[str]] = field(default_factory=dict)
    by_shape_built: bool = False  # not "by_shape is empty": a roster without such names stays empty
    moved: dict[str, str | None] = field(default_factory=dict)  # digits_moved's answers

    @classmethod
    def build(cls, counts: Mapping[str, int], min_uses: int, min_lists: int = DEFAULT_MIN_LISTS) -> RosterIndex:
        index = cls(counts, min_uses, min_lists)
        known = {name for name, n in counts.items() if n >= min_uses}
        known.update(configured_in(counts))
        known.update(name for name, n in listed_in(counts).items() if n >= min_lists)
        for name in known:
            index.by_length.setdefault(len(name), []).append(name.lower())
        for names in index.by_length.values():
            names.sort(key=lambda h: (-counts.get(h, 0), h))  # most used first wins ties
            index.letters.update((h, frozenset(h)) for h in names)
        return index

    def frequent(self, handle: str) -> bool:
        """A known person: used often, listed as a participant in several files, or configured."""
        return (
            self.counts.get(handle, 0) >= self.min_uses
            or listed_in(self.counts).get(handle, 0) >= self.min_lists
            or handle in configured_in(self.counts)
        )

    def near_miss(self, handle: str) -> str | None:
        """The frequent handle ``handle`` (lower case) is most likely a typo of, or None."""
        if handle in self.cache:
            return self.cache[handle]
        best: tuple[int, int, str] | None = None
        limit = allowed_distance(handle)
        if limit and not self.frequent(handle):
            mine = frozenset(handle)
            mine_uses = self.counts.get(handle, 0)
            configured = configured_in(self.counts)
            for length in range(len(handle) - limit, len(handle) + limit + 1):
                for cand in self.by_length.get(length, ()):
                    # A cheap lower bound first: an edit (insert, delete, substitute, swap) changes
                    # the set of letters by at most 2 (a swap by none), so handles whose letter sets
                    # differ in more than 2 * limit letters are farther than limit. It leaves 1 in
                    # 40 pairs for the quadratic distance (real repository: 131 of 5575).
                    if len(mine ^ self.letters[cand]) > 2 * limit:
                        continue
                    d = distance(handle, cand, limit)
                    if d > limit or (self.counts.get(cand, 0) <= mine_uses and cand not in configured):
                        continue  # the typo is the rarer spelling, unless the configuration knows better
                    key = (d, -self.counts.get(cand, 0), cand)  # the nearest, then the most used
                    if best is None or key < best:
                        best = key
        found = best[2] if best else None
        if found is not None:
            found = self.better_spelling(found) or found
        self.cache[handle] = found
        return found

    def better_spelling(self, login: str) -> str | None:
        """A login used SHADOW times as often within the allowed distance of ``login``, when
        ``login`` is known only from participants lists: `@artifical-intelligence` (18 uses, 9 lists)
        is known, but a typo of it is pointed at `@artificial-intelligence` (258 uses), never at it."""
        if not self.listed_only(login):
            return None
        limit = allowed_distance(login)
        uses = max(self.counts.get(login, 0), 1)
        mine = frozenset(login)
        best: tuple[int, str] | None = None
        for length in range(len(login) - limit, len(login) + limit + 1):
            for cand in self.by_length.get(length, ()):
                n = self.counts.get(cand, 0)
                if cand == login or n < SHADOW * uses or len(mine ^ self.letters[cand]) > 2 * limit:
                    continue
                if distance(login, cand, limit) <= limit and (best is None or (-n, cand) < best):
                    best = (-n, cand)
        return best[1] if best else None

    def misspelt_everywhere(self, handle: str) -> str | None:
        """The login a handle known only from participants lists misspells wherever it stands, or
        None: ``better_spelling`` finds it, it is used often itself (``min_uses``) and the two differ
        by a slip of the keys (``slip``). `@artifical-intelligence` (18 uses, 9 lists) beside
        `@artificial-intelligence` (258 uses) is one person's login copied from pad to pad with a
        letter lost; `@mayer` in three lists beside `@meyer` is another person."""
        better = self.better_spelling(handle)
        if better is None or self.counts.get(better, 0) < self.min_uses:
            return None
        return better if slip(handle, better) else None

    def listed_only(self, handle: str) -> bool:
        """Known only because participants lists name it: neither used `min_uses` times nor configured."""
        return (
            self.counts.get(handle, 0) < self.min_uses
            and handle not in configured_in(self.counts)
            and listed_in(self.counts).get(handle, 0) >= self.min_lists
        )

    def part_of(self, handle: str) -> str | None:
        """The one known login that ``handle`` (lower case) begins or ends, such as `@janis` for
        `@janis-roe` or `@roe` for `@janisroe`: a first or last name written as a handle. None when
        ``handle`` is known itself, shorter than ``MIN_PART`` or part of several logins, and when
        the login is neither configured nor used often (``min_uses``) and ``PART_RATIO`` times as
        often as ``handle``: a name used almost as often as the login is a name of its own (`@acme`
        beside `@jo-acme`)."""
        if handle in self.parts:
            return self.parts[handle]
        found: str | None = None
        if len(handle) >= MIN_PART and not self.frequent(handle):
            login = self._only_login_with_end(handle)
            floor = max(self.min_uses, PART_RATIO * self.counts.get(handle, 0))
            if login and (self.counts.get(login, 0) >= floor or login in configured_in(self.counts)):
                found = login  # the configuration knows better, as for near misses
        self.parts[handle] = found
        return found

    def listed_part_of(self, handle: str) -> str | None:
        """``part_of`` for a handle known only from participants lists: the one login it begins or
        ends when that login is used often (``min_uses``) and ``SHADOW`` times as often, such as a
        first name copied into two lists (`@friederike`, 5 uses, for `@friederikezelke`, 110)."""
        if len(handle) < SLIP_CUT or not self.listed_only(handle):
            return None  # a listed person: four or five letters begin too many names to tell
        login = self._only_login_with_end(handle)
        floor = max(self.min_uses, SHADOW * self.counts.get(handle, 0))
        return login if login and self.counts.get(login, 0) >= floor else None

    def _only_login_with_end(self, handle: str) -> str:
        """The one known login that begins or ends with ``handle`` (and is longer), or ""."""
        if not self.ends:
            for k in self.letters:
                for n in range(MIN_PART, len(k)):
                    self.ends.setdefault(k[:n], set()).add(k)
                    self.ends.setdefault(k[-n:], set()).add(k)
        hits = self.ends.get(handle, set())
        return next(iter(hits)) if len(hits) == 1 else ""

    def extended_from(self, handle: str) -> str | None:
        """The known login ``handle`` (lower case) is with two or more letters added before or after
        it (`@tonifingerges` for `@tonifinger`, `@berendtcon` for `@berendt`): too far for a near
        miss, and it notifies another account or nobody. Only a login used often (``min_uses``, or
        configured) and ``PART_RATIO`` times as often as ``handle``; the longest such login."""
        if handle in self.extended:
            return self.extended[handle]
        found: str | None = None
        if not self.frequent(handle):
            floor = max(self.min_uses, PART_RATIO * self.counts.get(handle, 0))
            configured = configured_in(self.counts)
            # a prefix or suffix at most 37 letters long: at most 2 x 37 look-ups per handle
            for n in range(len(handle) - 2, MIN_PART - 1, -1):
                for part in (handle[:n], handle[-n:]):
                    if part in self.letters and (self.counts.get(part, 0) >= floor or part in configured):
                        found = part
                        break
                if found:
                    break
        self.extended[handle] = found
        return found

    def digits_moved(self, handle: str) -> str | None:
        """The handle ``handle`` (lower case) is with its block of digits moved (`@nilsar98` for
        `@nils98ar`): the same letters in the same order and the same digits, elsewhere. A target
        needs only MENTIONED uses (a person mentioned in a few files but never listed is still
        somebody); the rarer spelling is the typo, and it must not be known itself."""
        if handle in self.moved:
            return self.moved[handle]
        found: str | None = None
        if len(handle) >= MOVED_MIN and not self.frequent(handle):
            shape = _shape(handle)
            if shape[1]:
                if not self.by_shape_built:
                    self.by_shape_built = True
                    for name, n in self.counts.items():
                        if n >= MENTIONED and len(name) >= MOVED_MIN:
                            key = _shape(name)
                            if key[1]:
                                self.by_shape.setdefault(key, []).append(name)
                mine = self.counts.get(handle, 0)
                best = max(
                    (c for c in self.by_shape.get(shape, ()) if c != handle and self.counts.get(c, 0) > mine),
                    key=lambda c: (self.counts.get(c, 0), c),
                    default=None,
                )
                found = best
        self.moved[handle] = found
        return found


_DIGITS = re.compile(r"[0-9]+")
# A handle mentioned this often (in the corpus: in as many files) is somebody, as a typo's target
MENTIONED = 3
MOVED_MIN = 5  # `@a1b` and `@ab1` are too short to tell a slip from another account


def _shape(handle: str) -> tuple[str, tuple[str, ...]]:
    """The letters (and dashes) of a handle, and its runs of digits, each in order."""
    return _DIGITS.sub("", handle), tuple(_DIGITS.findall(handle))


_LAST: list[tuple[Mapping[str, int], int, int, RosterIndex]] = []


def index_for(
    counts: Mapping[str, int], min_uses: int = DEFAULT_MIN_USES, min_lists: int = DEFAULT_MIN_LISTS
) -> RosterIndex:
    """The index of ``counts``, rebuilt only when another roster object (or threshold) comes in."""
    if _LAST and _LAST[0][0] is counts and _LAST[0][1:3] == (min_uses, min_lists):
        return _LAST[0][3]
    index = RosterIndex.build(counts, min_uses, min_lists)
    _LAST[:] = [(counts, min_uses, min_lists, index)]
    return index
