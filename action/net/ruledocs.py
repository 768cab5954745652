"""Documentation of the findings the online checks emit, for `rules`, `explain` and SARIF.

Kept apart from the checker so that listing rules never imports aiohttp or PyGithub.
"""

from __future__ import annotations

from minutes_ci.checks.model import Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTICE

RULES: dict[str, tuple[Severity, str]] = {
    "broken-link": (E, """A link that does not work: a definite answer (404/410, a redirect loop, NXDOMAIN).

What it does: fetches each unique URL once (HEAD, then GET where HEAD is refused or answers 404,
never reading bodies), follows redirects, retries 5xx and connection errors with backoff, honours
Retry-After. Only definite answers are broken: 404, 410 and other 4xx, a redirect loop, a host name
that does not exist (NXDOMAIN, in `audit` only). Timeouts, resets, 5xx and DNS trouble are
`link-not-checked`. In `audit`, a link is reported broken only after it failed on
`links.rot.failures` audits in a row or for `links.rot.days` days (the history is kept in the cache
file), and never in a run that was an outage; `check --online` reports at once.
Why is this bad? Minutes are records: a dead link loses the document the decision was based on.
Example: bad `https://docs.example.org/gone` (404); fix the URL or link an archived copy.
"""),
    "failing-link": (N, """A link that failed, but not yet often enough to be called broken (audit only).

What it does: one flaky night is not link rot; the link is watched over the next audits.
Shown with `audit --notices`.
Why is this bad? Not yet: a server that is down for one night would otherwise open an alarm. If
the link keeps failing it becomes `broken-link`, so this is the early sign to look at it.
Example: `https://docs.example.org/page` answers 404 on one audit: `failing-link`; still 404 on the
next audit (`links.rot.failures: 2`) or 7 days later (`links.rot.days: 7`): `broken-link`.
"""),
    "link-not-checked": (W, """A link that could not be checked (timeout, reset, 5xx, DNS failure, 429, time budget).

What it does: says so, with the reason, instead of calling the link broken; it never counts towards
link rot. The audit exits 3 (could not check); `links.not-checked: fail` makes it an error, `pass` a
notice. When most links of a run got no answer (an outage, `links.outage`), every one of them is
reported this way and the run exits 3.
Why is this bad? Nobody knows whether the link works: it may be dead, or the server may only be
slow or blocking automated checks (401/403/429 answers count as not checked, not as broken).
Example: `https://slow.example.org/` timed out after `links.timeout` seconds; raise the timeout,
or add the URL to `links.exclude` when the server never answers robots.
"""),
    "redirected-link": (N, """A link that redirects permanently (301/308) to another address.

What it does: names the new target so the minutes can link it directly. Shown with `--notices`.
Why is this bad? The old address works only as long as the redirect is kept; linking the new one
saves a request and survives the day the redirect is dropped.
Example: `http://example.org/a` -> `https://example.org/a/`.
"""),
    "private-link": (N, """A link to a private, loopback or link-local address was not fetched.

What it does: checks the host in every notation a client accepts (`127。0。0。1`, `127.1`, `[::ffff:7f00:1]`),
the addresses a name resolves to and the address each connection goes to, and does not fetch
loopback, private, link-local or other non-global ones (such as the cloud metadata service at
169.254.169.254): a notice instead.
Why is this bad? It is a safety stop, not a defect of the minutes: a CI runner must not be turned
against its own network or metadata service. Allow with `--allow-private-hosts` or
the Action's `allow-private-hosts` input (never on a shared CI runner; a configuration file cannot).
Example: `http://192.168.1.10/wiki` or `http://localhost:8080/` is not fetched.
"""),
    "missing-issue": (E, """An issue or pull request reference that does not exist on GitHub.

What it does: resolves every reference (linked URLs, `org/repo#N`, aliased `repo#N`) through the
GitHub API, batched through GraphQL; a missing number or repository is reported.
Why is this bad? A reference to nothing is a typo or a deleted issue; the reader cannot follow the
decision trail the minutes point at.
Example: bad `[standards#9999](https://github.com/SovereignCloudStack/standards/issues/9999)`.
"""),
    "moved-issue": (W, """An issue or repository that GitHub moved (transferred or renamed).

What it does: names the new location so the link does not depend on GitHub's redirect.
Why is this bad? GitHub's redirect for a transferred issue or renamed repository breaks as soon as
the old name is taken again; the new address is the lasting one.
Example: an issue of `example-org/old-repo` transferred to `example-org/standards`: the finding
names the new URL; link that one.
"""),
    "reference-kind-mismatch": (W, """A reference whose URL kind disagrees with what GitHub has.

What it does: an `/issues/N` URL that is a pull request is a notice (GitHub redirects it); a
`/pull/N` URL that is an issue is a warning.
Why is this bad? The link claims a pull request (a change) where an issue (a discussion) is meant,
or the other way round; an `/issues/N` URL of a pull request works only through GitHub's redirect.
Example: bad `https://github.com/SovereignCloudStack/standards/pull/12` where #12 is an issue;
good `https://github.com/SovereignCloudStack/standards/issues/12`.
"""),
    "reference-not-checked": (W, """Issue references that could not be checked (rate limit, no network, no token).

What it does: stops cleanly with one message instead of a storm of failed requests, and reports
every place of every reference left unchecked, with the reason; the audit exits 3
(`links.not-checked: fail` makes it an error, `pass` a notice).
Why is this bad? The references were not verified: a missing or mistyped issue number goes
unnoticed until the next run that can reach GitHub.
Example: without a token GitHub allows 60 requests an hour, and answers 404 for a private
repository's issues (so a 404 is not taken as missing); set `GITHUB_TOKEN` (or `GH_TOKEN`) to check
the rest, or run again after the reset time the message names.
"""),
    "unknown-user": (W, """A handle that is not a GitHub user (with `github.check-users: true`).

What it does: asks GitHub (batched through GraphQL with a token) whether each handle in a
participant, reporter or sponsor line is a user; only with `github.check-users: true` or
`--check-users`.
Why is this bad? A handle that is nobody notifies nobody and cannot be searched for; usually it is
a typo or a renamed account.
Example: `@matfecher` where `@matfechner` was meant.
"""),
}
