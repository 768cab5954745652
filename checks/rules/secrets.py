"""A password, token, private key or credential in a URL, written into minutes that are published.

What it does: reports, on every line of the file (also inside code blocks and HTML comments, which
are published with the rest), what `detect-secrets`' plugins recognise: GitHub, GitLab, Slack,
Stripe, PyPI, npm, OpenAI, SendGrid, Discord, Telegram, Twilio, Mailchimp and Square tokens, AWS
access keys, Azure storage keys, JSON web tokens, private key blocks (and, by their documented
shapes, fine-grained GitHub tokens, Google API keys and DigitalOcean tokens), credentials in a URL
(`https://user:password@host`), and a value given to a secret-sounding key (`password: ...`,
`api_key = "..."`, `application_credential_secret: ...`, also `Passwort:`, `token:`, `pw:`), and
a password or token given in prose (`the admin password is Xk3!vQ9z`, `das Passwort lautet ...`),
and a login's e-mail followed by ` / ` or `: ` and a password (`ops@tenant.example / Qw7rTy2Lm9`;
neither half is printed).
Words that merely talk about secrets stay quiet: `password policy`, `Password reset: done`, a value
that is a sentence, a placeholder (`<password>`, `${TOKEN}`, `xxxx`, `SECRET`, `...`) or a
reference to where the secret lives (`secrets.MY_TOKEN`).
The message names the kind of secret and masks it (`ghp_****`): the secret itself is never printed,
in any output format.
Why is this bad? The minutes repository is public and published as a web site: a secret written
into it is leaked the moment it is pushed, and stays in the Git history after the line is deleted.
Example: bad `- the test cloud's password: Xk3!vQ9z` or a `ghp_...` token in a note; good
`- the test cloud's password is in the team vault`. Rotate a leaked secret: deleting it is not enough.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterator
from functools import cache
from typing import Any, NoReturn

from ..extract import lines_holding, lines_with_words
from ..model import Document, Span
from ..rule import ALL_KINDS, Context, Problem, Rule, Severity

MAX_TOKEN = 2048  # no real token is longer; longer runs are not scanned (a hostile run costs nothing)
MAX_PER_FILE = 50  # a file that is one big dump says so after 50 findings
_WINDOW = 160  # characters after a keyword handed to the keyword regexes (bounded work per keyword)

# Cheap literal prefilters per plugin: a plugin's regexes only run on a token that contains one of
# its literals, at most _MAX_LITERALS times (the JWT regex backtracks over runs of 'eyJ').
_MAX_LITERALS = 4
_MIN_TOKEN = 20
# Every keyword match (_KEY_AT, _IS_VALUE) holds one of these: a line without them is not searched
_KEY_STEMS = ("pass", "pw", "secret", "key", "token", "kennwort", "contrase")

# The keywords of detect-secrets' KeywordDetector plus the words these minutes' authors use
# (German 'Passwort'/'Kennwort', 'token', 'pw'); the suffix allows `password_admin`, `secret_key`.
_KEYWORDS = (
    r"api_?key|auth_?key|service_?key|account_?key|db_?key|database_?key|priv_?key|private_?key|"
    r"client_?key|db_?pass|database_?pass|key_?pass|password|passwd|pwd|secret|contrase(?:ñ|n)a|"
    r"passwort|kennwort|token|pw|pass"
)
# Where a keyword is followed by ':' / '=' (found in linear time; the value is then read from a
# bounded window by detect-secrets' own regexes).
_KEY_AT = re.compile(r"(?<![A-Za-z])(?:" + _KEYWORDS + r")\w{0,40}['\"\]]{0,2}[ \t]{0,8}(?::=?|={1,3})", re.I)
# Prose: "the admin password is hunter2", "das Passwort lautet Sommer2024!". Only the words that
# name a password or token, and a value judged as strictly as an unquoted one after ':'.
# A login written as an e-mail address followed by a separator and a value: the shape of a
# credential pair in prose ('user@tenant.example / Passw0rdX1'); bounded quantifiers, linear
_LOGIN_PAIR_HINT = re.compile(r"@[\w-]{1,63}\.[\w.-]{1,190}[ \t]{0,4}[/:|,][ \t]")
_LOGIN_PAIR = re.compile(
    r"(?<![\w.+-])([\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})[ \t]{0,4}[/:|,][ \t]{1,4}([^\s'\"`<>]{8,80})"
)
_IS_VALUE = re.compile(
    r"(?<![A-Za-z])(password|passwort|kennwort|passwd|pwd|pw|token|secret)\w{0,20}[ \t]+"
    r"(?:is|was|ist|lautet|war)[ \t]+(['\"]?)([^\s'\"]{6,80})\2",
    re.I,
)
# after "the token is": 'SHA256', 'AES256', 'OAuth2', 'HTTP2' name a kind of token, not one (and a
# hyphenated value there is a compound word, 'OAuth2-based', 'base64-encoded')
_NAME_VERSION = re.compile(r"^(?:[A-Z0-9]+|[A-Z]?[a-z]*[A-Z][A-Za-z]*\d{1,3})$")
_PLACEHOLDER = re.compile(r"^(?:<[^>]*>|\$\{?\w+\}?|\{\{.*\}\}|%\w+%|\[[^\]]*\]|[xX*.\-_#?]+|\.\.\.|…)$")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")  # SECRET, YOUR_TOKEN, OS_PASSWORD: a name, not a value
_REFERENCE = re.compile(r"^(?:secrets|env|vars|process\.env|os\.environ)\b", re.I)


# The detect-secrets modules this rule reads, all imported at once by _detect_secrets().
_DETECT_SECRETS = (
    "detect_secrets.filters.heuristic",
    *(
        f"detect_secrets.plugins.{name}"
        for name in (
            "aws",
            "azure_storage_key",
            "basic_auth",
            "discord",
            "github_token",
            "gitlab_token",
            "jwt",
            "keyword",
            "mailchimp",
            "npm",
            "openai",
            "private_key",
            "pypi_token",
            "sendgrid",
            "slack",
            "square_oauth",
            "stripe",
            "telegram_token",
            "twilio",
        )
    ),
)


def _no_network(name: str) -> NoReturn:
    raise AttributeError(f"requests.{name}: minutes-ci never calls detect-secrets' verify() (no network)")


@cache
def _detect_secrets() -> None:
    """Import the detect-secrets modules this rule uses, without the HTTP client they import.

    Its plugins import ``requests`` for their ``verify`` methods only, which this rule never calls;
    importing requests (urllib3, charset_normalizer, http.client) was 0.14 s of the 0.22 s the
    import costs, paid by every run that checks a file. While they load, ``requests`` is a stand-in
    module that refuses every use; it is then taken out of ``sys.modules``, so that any other import
    of requests gets the real one. When requests is already loaded, it is used as it is."""
    stand_in = None
    if "requests" not in sys.modules:
        stand_in = types.ModuleType("requests", "stand-in: detect-secrets' verify() is never called")
        stand_in.__getattr__ = _no_network  # type: ignore[method-assign]
        sys.modules["requests"] = stand_in
    try:
        for name in _DETECT_SECRETS:
            __import__(name)
    finally:
        if stand_in is not None and sys.modules.get("requests") is stand_in:
            del sys.modules["requests"]


@cache
def _plugins() -> tuple[tuple[str, tuple[str, ...], int, tuple[re.Pattern[str], ...]], ...]:
    """(kind of secret, literals, regexes) of the detect-secrets plugins that fit prose.

    Imported on first use: detect-secrets loads its settings machinery, which a run without
    Markdown to check (or `--help`) need not pay for. Only the plugins' regexes are used, never
    their `verify` (which would go to the network)."""
    _detect_secrets()
    from detect_secrets.plugins import (
        aws,
        azure_storage_key,
        discord,
        github_token,
        gitlab_token,
        jwt,
        mailchimp,
        npm,
        openai,
        pypi_token,
        sendgrid,
        slack,
        square_oauth,
        stripe,
        telegram_token,
        twilio,
    )

    # (plugin, literals its matches contain ("": none, judged by length alone), shortest match)
    table: tuple[tuple[Any, tuple[str, ...], int], ...] = (
        (github_token.GitHubTokenDetector, ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), 40),
        (
            gitlab_token.GitLabTokenDetector,
            (
                "glpat-",
                "gldt-",
                "glft-",
                "glsoat-",
                "glrt-",
                "GR1348941",
                "glcbt-",
                "glimt-",
                "glptt-",
                "glagent-",
                "gloas-",
            ),
            20,
        ),
        (aws.AWSKeyDetector, ("A3T", "ABIA", "ACCA", "AKIA", "ASIA", "aws", "AWS"), 20),
        (azure_storage_key.AzureStorageKeyDetector, ("AccountKey=",), 99),
        (slack.SlackDetector, ("xox", "hooks.slack.com"), 20),
        (stripe.StripeDetector, ("k_live_",), 32),
        (pypi_token.PypiTokenDetector, ("pypi-",), 90),
        (npm.NpmDetector, ("_authToken=",), 20),
        (openai.OpenAIDetector, ("T3BlbkFJ",), 51),
        (jwt.JwtTokenDetector, ("eyJ",), 20),
        (sendgrid.SendGridDetector, ("SG.",), 69),
        (discord.DiscordBotTokenDetector, ("",), 59),
        (telegram_token.TelegramBotTokenDetector, ("",), 44),
        (twilio.TwilioKeyDetector, ("AC", "SK"), 34),
        (mailchimp.MailchimpDetector, ("-us",), 36),
        (square_oauth.SquareOAuthDetector, ("sq0csp-",), 50),
    )
    out = [(str(cls.secret_type), literals, minimum, tuple(cls.denylist)) for cls, literals, minimum in table]
    # detect-secrets 1.5 knows only the classic GitHub tokens; fine-grained ones have their own
    # documented shape (github_pat_, 22 characters, '_', 59 characters)
    out.append(("GitHub Token", ("github_pat_",), 93, (re.compile(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"),)))
    # cloud keys detect-secrets has no plugin for, by their documented shapes
    out.append(("Google API Key", ("AIza",), 39, (re.compile(r"AIza[0-9A-Za-z_-]{35}"),)))
    out.append(("DigitalOcean Token", ("_v1_",), 71, (re.compile(r"do[opr]_v1_[a-f0-9]{64}"),)))
    return tuple(out)


@cache
def _keyword_regex() -> re.Pattern[str]:
    """detect-secrets' keyword regex for configuration text (`key: value`, `key = value`, `key := value`,
    quotes optional, its own closing/quote/secret grammar), over the keywords above."""
    _detect_secrets()
    from detect_secrets.plugins import keyword

    return re.compile(
        rf"(?<![A-Za-z])({_KEYWORDS})\w{{0,40}}({keyword.CLOSING})?{keyword.OPTIONAL_WHITESPACE}(?::=?|={{1,3}}){keyword.OPTIONAL_WHITESPACE}({keyword.QUOTE}?)({keyword.SECRET})(\3)",
        re.I,
    )


@cache
def _private_key() -> tuple[re.Pattern[str], ...]:
    _detect_secrets()
    from detect_secrets.plugins import private_key

    return tuple(private_key.PrivateKeyDetector.denylist)


@cache
def _basic_auth() -> re.Pattern[str]:
    _detect_secrets()
    from detect_secrets.plugins import basic_auth

    pattern: re.Pattern[str] = basic_auth.BasicAuthDetector.denylist[0]
    return pattern


def _mask(secret: str) -> str:
    """The first characters of a token's well-known prefix (`ghp_`), never of the secret part."""
    m = re.match(r"[A-Za-z]{2,7}[_-]", secret)
    prefix = m.group(0) if m and len(m.group(0)) < len(secret) // 2 else ""
    return f"{prefix}****"


def _looks_secret(value: str, quoted: bool, keyword: str) -> bool:
    """Is a keyword's value a credential rather than prose, a placeholder or a reference?"""
    if not value or any(c.isspace() for c in value):
        return False  # a sentence ("Password: see the vault") talks about a secret
    if value.lower() == keyword.lower() or _PLACEHOLDER.match(value) or _REFERENCE.match(value):
        return False
    if _ENV_NAME.match(value) or value.lower() in _NOT_VALUES:
        return False
    if value.startswith(("http://", "https://", "/", "./", "@", "#", "`")):
        return False  # a link to documentation, a handle, an issue number
    _detect_secrets()
    from detect_secrets.filters import heuristic

    if heuristic.is_templated_secret(value) or heuristic.is_sequential_string(value):
        return False
    if quoted:
        return len(value) >= 4
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value[1:]),
            digits,
            any(not c.isalnum() and c not in "-._/:" for c in value),
        )
    )
    if len(value) < 6:
        return False
    # 'Xk3!vQ9z', 'Sommer2023!': three kinds of characters; 'hunter2', 'geheim123': letters and digits.
    # 'cloud-config', 'k8s-cluster', 'v1.2.3', 'a/b' are names, versions and paths.
    return classes >= 3 or (letters and digits and not any(c in "-./:" for c in value))


# Values after "password:" that are words about the password, not one (lower-case comparisons).
_NOT_VALUES = frozenset(
    {
        "none",
        "null",
        "nil",
        "true",
        "false",
        "yes",
        "no",
        "required",
        "optional",
        "empty",
        "unset",
        "changeme",
        "redacted",
        "removed",
        "hidden",
        "masked",
        "secret",
        "password",
        "example",
        "dummy",
        "fake",
        "test",
        "pass",
        "passwd",
        "pwd",
        "token",
        "user",
        "username",
    }
)


def _keyword_hits(line: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, keyword, what) for `keyword: value` where value looks like a credential."""
    seen = 0
    for key in _KEY_AT.finditer(line):
        seen += 1
        if seen > 10:
            return  # a line that is a list of keywords is not scanned further (bounded work)
        start = key.start()
        window = line[start : key.end() + _WINDOW]
        m = _keyword_regex().match(window)
        if m is None:
            continue
        raw = m.group(4)
        quoted = bool(m.group(3))
        if not quoted:
            # unquoted, the value is the first word ('geheim123 (please change it)'); a sentence
            # starting with a short word ("see the vault") is then too short to be a credential
            raw = raw.split()[0] if raw.split() else ""
        value = raw.strip() if quoted else raw.rstrip(".;),")
        if _looks_secret(value, quoted, m.group(1)):
            col = start + m.start(4)
            yield col, col + len(raw), m.group(1), value


def _tokens(line: str) -> Iterator[tuple[int, str]]:
    for m in re.finditer(r"\S+", line):
        if len(m.group()) <= MAX_TOKEN:
            yield m.start(), m.group()


def _long_tokens(text: str) -> dict[int, list[tuple[int, str]]]:
    """line -> (column offset, token) of the tokens of 20 to MAX_TOKEN characters, as ``_tokens``
    finds them line by line (the shortest token, an AWS key id, has 20 characters).

    ``str.split`` cuts at the whitespace regex ``\\s`` means, in C and twice as fast as a regex
    search; each long token is then found from the end of the previous one: what lies between is
    whitespace and words under 20 characters, which cannot hold it, so the first hit is the token.
    """
    out: dict[int, list[tuple[int, str]]] = {}
    line, done, start, cursor = 1, 0, 0, 0  # ``start``: offset of the line ``line``
    for token in text.split():
        if len(token) < _MIN_TOKEN:
            continue
        pos = text.find(token, cursor)
        cursor = pos + len(token)
        if len(token) > MAX_TOKEN:
            continue
        newlines = text.count("\n", done, pos)
        if newlines:
            line += newlines
            start = text.rfind("\n", done, pos) + 1
        done = pos
        out.setdefault(line, []).append((pos - start, token))
    return out


def _may_match(plugin: tuple[str, tuple[str, ...], int, tuple[re.Pattern[str], ...]], joined: str) -> bool:
    """Can ``plugin`` match one of the long tokens in ``joined`` (one per line)? Only a necessary test.

    A plugin with literals needs a token holding one. The Discord and Telegram plugins have none,
    so every file with a URL long enough would run their regexes token by token (0.1 s over the
    real repository); their regexes match no whitespace and have no anchors or look-behinds, so a
    token's match is a match in the joined tokens too, and one search there rules them out. (Only
    for these two: they have bounded quantifiers; the JWT regex backtracks over runs of 'eyJ',
    which the token-by-token test bounds by ``_MAX_LITERALS``.)"""
    name, literals, _minimum, regexes = plugin
    if literals[0]:
        return any(lit in joined for lit in literals)
    anchored = _ANCHORED.get(name)
    if anchored is not None:
        return anchored.search(joined) is not None
    return any(regex.search(joined) for regex in regexes)


# For the plugins without literals, a regex every match of theirs also matches, that starts with a
# literal ('.', ':'), so that ``re`` skips to it in C instead of trying every offset (their own
# regexes start with a character class: 0.02 s over the real repository's long tokens, against 0.003).
_ANCHORED = {
    # '[MNO][a-zA-Z\d_-]{23,25}\.[a-zA-Z\d_-]{6}\.[a-zA-Z\d_-]{27}': at least 24 of the class
    # ([MNO] is in it) before the first dot
    "Discord Bot Token": re.compile(r"\.(?<=[a-zA-Z\d_-]{24}\.)[a-zA-Z\d_-]{6}\.[a-zA-Z\d_-]{27}"),
    # '\d{8,10}:[0-9A-Za-z_-]{35}': at least 8 digits before the colon
    "Telegram Bot Token": re.compile(r":(?<=\d{8}:)[0-9A-Za-z_-]{35}"),
}


# _IS_VALUE's verbs between blanks; a line holding none of them with spaces around cannot match
_VERBS = (" is ", " was ", " ist ", " lautet ", " war ")


def _may_say_is(line: str) -> bool:
    """Can ``_IS_VALUE`` match ``line``? Only a necessary test, exact for ASCII lines without a tab
    (lower-casing an ASCII line is what re.IGNORECASE compares); other lines are searched."""
    if "\t" in line or not line.isascii():
        return True
    low = line.lower()
    return any(verb in low for verb in _VERBS)


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    found = 0
    text = doc.text
    # Only a few lines can hold a finding: those with a long token a plugin may match, a keyword
    # stem, '://' beside '@', or a private key marker; the others are not visited (most of the file).
    # The plugins that may match a long token (the tokens over MAX_TOKEN, which are not scanned, may
    # keep a plugin for nothing: rare, and cheaper than a second comparison for every word)
    joined = "\n".join([t for t in text.split() if len(t) >= _MIN_TOKEN])
    plugins = [p for p in _plugins() if _may_match(p, joined)] if joined else []
    # where the long tokens are (line, column) is only needed when a plugin is left (a few files)
    long_tokens = _long_tokens(text) if plugins else {}
    key_lines = lines_with_words(text, _KEY_STEMS)  # one C scan, not a regex tried at every offset
    visit: set[int] = set(key_lines)
    visit.update(long_tokens)
    if "://" in text and "@" in text:
        # a credential in a URL ('https://user:pw@host') is on a line holding both; the lines with
        # '@' are fewer to find than those with '://'
        lines = doc.lines
        visit.update(n for n in lines_holding(text, "@") if "://" in lines[n - 1])
    if "@" in text and _LOGIN_PAIR_HINT.search(text):  # a login e-mail, then ' / ' and a password
        visit.update(lines_holding(text, "@"))
    if "PRIVATE KEY" in text or "PuTTY-User-Key-File" in text:
        visit.update(lines_holding(text, "PRIVATE KEY"))
        visit.update(lines_holding(text, "PuTTY-User-Key-File"))
    in_key: int | None = None  # line of an open private key block
    for n in sorted(visit):
        line = doc.lines[n - 1]
        if found >= MAX_PER_FILE:
            return
        if "PRIVATE KEY" in line or "PuTTY-User-Key-File" in line:
            if any(r.search(line) for r in _private_key()):
                in_key = n
                if "END" not in line[line.find("PRIVATE KEY") + 11 :]:
                    continue
            if "END" in line and in_key is not None:
                found += 1
                yield Problem(
                    Span(in_key, 1, n, len(line) + 1),
                    "a private key block is published with the minutes; remove it from the file and its "
                    "Git history, and replace the key",
                )
                in_key = None
                continue
        hits: list[tuple[int, int, int, str]] = []  # (start, priority, end, message)
        # a URL with a login is one word holding both (the words' columns are found only then)
        if "://" in line and "@" in line and any("@" in w and "://" in w for w in line.split()):
            for col, token in _tokens(line):
                if "@" in token and "://" in token:
                    for m in _basic_auth().finditer(token):
                        user = token[m.start() + 3 : m.start(1) - 1]
                        if _looks_secret(m.group(1), True, "") and not _PLACEHOLDER.match(user):
                            hits.append(
                                (col + m.start(1), 1, col + m.end(1), f"the password in a URL ('{user[:20]}:****@')")
                            )
        # plugins whose literals the token holds (most tokens: none)
        for col, token in long_tokens.get(n, ()):
            for name, literals, minimum, regexes in plugins:
                if len(token) < minimum or (
                    literals[0] and not any(0 < token.count(lit) <= _MAX_LITERALS for lit in literals)
                ):
                    continue
                for regex in regexes:
                    for m in regex.finditer(token):
                        # the group when it is the secret (AWS's key after 'aws ... key'), not a prefix
                        groups = [g for g in m.groups() if g and len(g) >= 16]
                        secret = max(groups, key=len) if groups else m.group()
                        start = col + m.start() + (m.group().find(secret) if secret in m.group() else 0)
                        hits.append((start, 0, start + len(secret), f"{name} '{_mask(secret)}'"))
        # the keyword regexes try each offset of the line (no literal to skip to): a line without
        # the ':' or '=' _KEY_AT ends with, or without the verb _IS_VALUE needs, is not searched
        if n in key_lines and ("=" in line or ":" in line) and _KEY_AT.search(line):
            for start, end, key, _value in _keyword_hits(line):
                hits.append((start, 2, end, f"the value of '{key}' ('****')"))
        if "@" in line and _LOGIN_PAIR_HINT.search(line):
            for m in _LOGIN_PAIR.finditer(line):
                value = m.group(2).rstrip(".,;)")
                # a login's e-mail, then ' / ' or ' : ' and the password: 'ops@tenant.example / Xk3vQ9zLm2'
                if len(value) >= 8 and "@" not in value and _looks_secret(value, False, ""):
                    what = "the password written after a login e-mail ('****')"  # neither half printed
                    hits.append((m.start(2), 3, m.start(2) + len(value), what))
        if n in key_lines and " " in line and _may_say_is(line):
            for seen, m in enumerate(_IS_VALUE.finditer(line)):
                value = m.group(3).rstrip(".,;:!?)")
                if (
                    seen < 10
                    and not _NAME_VERSION.match(value)
                    and "-" not in value
                    and _looks_secret(value, False, m.group(1))
                ):
                    hits.append((m.start(3), 3, m.start(3) + len(value), f"the {m.group(1).lower()} ('****')"))
        if not hits:
            continue
        reported: list[tuple[int, int]] = []
        for start, _priority, end, what in sorted(hits):
            if any(s <= start < e for s, e in reported):
                continue  # one secret, one finding (a GitHub token after 'token:' is a GitHub token)
            reported.append((start, end))
            found += 1
            yield Problem(
                Span(n, start + 1, n, end + 1),
                f"{what} is published with the minutes; remove it (also from the Git history) and rotate it",
            )
    if in_key is not None and found < MAX_PER_FILE:
        yield Problem(
            Span(in_key, 1, in_key, len(doc.line(in_key)) + 1),
            "the start of a private key block is published with the minutes; remove it from the file and "
            "its Git history, and replace the key",
        )


RULE = Rule(id="secret-in-minutes", severity=Severity.ERROR, check=check, doc=__doc__ or "", kinds=ALL_KINDS)
