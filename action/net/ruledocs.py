"""Documentation of the findings the online checks emit, for `rules`, `explain` and SARIF.

Kept apart from the checker so that listing rules never imports aiohttp or PyGithub.
"""

from __future__ import annotations

from minutes_ci.checks.model import Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTICE

RULES: dict[str, tuple[Severity, str]] = {
    "broken-link": (E, """A link that does not work: 404/410, a refused or reset connection, a redirect loop.

What it does: fetches each unique URL once (HEAD, then GET where HEAD is refused, never reading
bodies), follows redirects, retries 5xx and connection errors with backoff, honours Retry-After.
In `audit`, a link is reported broken only after it failed on `links.rot.failures` audits in a row
or for `links.rot.days` days (the history is kept in the cache file); `check --online` reports at once.
Why is this bad? Minutes are records: a dead link loses the document the decision was based on.
Example: bad `https://docs.example.org/gone` (404); fix the URL or link an archived copy.
"""),
    "failing-link": (N, """A link that failed, but not yet often enough to be called broken (audit only).

What it does: one flaky night is not link rot; the link is watched over the next audits.
Shown with `audit --notices`.
"""),
    "link-not-checked": (W, """A link that could not be checked (timeout, DNS failure, rate limit beyond the cap).

What it does: says so instead of calling the link broken; the audit exits 3 (could not check).
"""),
    "redirected-link": (N, """A link that redirects permanently (301/308) to another address.

What it does: names the new target so the minutes can link it directly. Shown with `--notices`.
Example: `http://example.org/a` -> `https://example.org/a/`.
"""),
    "private-link": (N, """A link to a private, loopback or link-local address was not fetched.

Why: a CI runner must not be turned against its own network or metadata service. Allow with
`--allow-private-hosts` or `links.allow-private-hosts: true`.
"""),
    "missing-issue": (E, """An issue or pull request reference that does not exist on GitHub.

What it does: resolves every reference (linked URLs, `org/repo#N`, aliased `repo#N`) through the
GitHub API, batched through GraphQL; a missing number or repository is reported.
Example: bad `[standards#9999](https://github.com/SovereignCloudStack/standards/issues/9999)`.
"""),
    "moved-issue": (W, """An issue or repository that GitHub moved (transferred or renamed).

What it does: names the new location so the link does not depend on GitHub's redirect.
"""),
    "reference-kind-mismatch": (W, """A reference whose URL kind disagrees with what GitHub has.

What it does: an `/issues/N` URL that is a pull request is a notice (GitHub redirects it); a
`/pull/N` URL that is an issue is a warning.
"""),
    "reference-not-checked": (W, """Issue references that could not be checked (rate limit, no network, no token).

What it does: stops cleanly with one message instead of a storm of failed requests; the audit exits 3.
"""),
    "unknown-user": (W, """A handle that is not a GitHub user (with `github.check-users: true`).

Example: `@matfecher` where `@matfechner` was meant.
"""),
}
