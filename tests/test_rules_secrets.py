"""secret-in-minutes: what detect-secrets' plugins find is an error, prose about secrets is quiet,
the secret never reaches any output format, and hostile lines cost linear time."""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path

import pytest
from minutes_ci import cli
from minutes_ci.checks.model import Document, Kind
from minutes_ci.checks.rules import secrets

SECRETS = {
    "password": ("- the lab's root password: Tr0ub4dor&3x", "Tr0ub4dor&3x"),
    "german": ("Kennwort: Sommer2024!", "Sommer2024!"),
    "quoted": ('db_password = "n0t-in-a-dictionary"', "n0t-in-a-dictionary"),
    "github": ("use ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake0000 for it", "FAKEfakeFAKEfakeFAKEfakeFAKEfake0000"),
    "github-pat-keyword": ("token: github_pat_11AAAAAAA0aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbb", "11AAAAAAA0aaaaaaaa"),
    "github-pat": ("- PAT github_pat_11ABCDEFG0abcdefghijkl_" + "a1B2c3D4e5" * 5 + "FAKEfake0 (expired)", "a1B2c3D4e5"),
    "url": ("clone https://bot:Zq8wLm2rTx@git.example.org/r.git", "Zq8wLm2rTx"),
    "aws": ("key AKIAIOSFODNN7EXAMPLE in the bucket", "IOSFODNN7EXAMPLE"),
    "slack": ("hook https://hooks.slack.com/services/T0000FAKE/B0000FAKE/abcdefFAKEghijkl", "abcdefFAKEghijkl"),
    "google": ("key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW in the app", "A1b2C3d4E5f6G7h8I9"),
    "digitalocean": ("dop_v1_" + "0123456789abcdef" * 4 + " for the droplets", "0123456789abcdef"),
    "prose": ("- the admin password is hunter2.", "hunter2"),
    "prose-german": ('das Passwort lautet "Sommer2024!"', "Sommer2024!"),
    "login-pair": ("- [Portal](https://portal.example/#view) : ops@tenant.example.net /  Qw7rTy2Lm9Zx", "Qw7rTy2Lm9Zx"),
    "login-pair-short": ("- ops@t.io / Qw7rTy2L9", "Qw7rTy2L9"),
    "login-pair-colon": ("test account svc-bot@corp.example: Mn4!kX9pQz", "Mn4!kX9pQz"),
    "discord": ("bot MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs in the server", "ZnCjm1XVW7vRze4b"),
    "telegram": ("bot 110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawx ready", "AAHdqTcvCH1vGWJxfSeof"),
    "jwt": ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.c2lnbmF0dXJlZmFrZXNpZ25hdHVyZQ", "c2lnbmF0dXJlZmFrZXNp"),
}
QUIET = [
    "the password is required for the admin user",
    "the token is valid for 90 days",
    "the token is SHA256 hashed, the secret is OAuth2-based",
    "the password is in the vault",
    "Password policy: at least 12 characters",
    "Password reset: done",
    "Password: see the vault",
    "password: <your password>",
    "token = ${GITHUB_TOKEN}",
    'OS_PASSWORD="SECRET"',
    "secret: k8s-cluster-credentials",
    "managed-secret: cloud-config",
    "- secrets.MY_TOKEN holds it",
    "access_token expires after an hour",
    'password: "{{ vault_password }}"',
    "https://<user>:<password>@example.org",
    "tokens: 3 per user",
    "mail alice@example.org / see the wiki page",
    "contact: bob@example.org, 2024-03-05",
    "alice@example.org / bob@example.org",
    "written by ops@example.org: https://example.org/notes/1",
    "ops@tenant.example / TenantAdministrator",
]


def _doc(lines: list[str]) -> Document:
    return Document(path="team/20240104.md", kind=Kind.TEAM, folder="team", text="\n".join(lines), lines=lines)


@pytest.mark.parametrize("name", sorted(SECRETS))
def test_secret_found_and_masked(name: str) -> None:
    line, secret_part = SECRETS[name]
    problems = list(secrets.check(_doc(["# 2024-01-04", "", line]), None))  # type: ignore[arg-type]
    assert len(problems) == 1, (name, problems)
    assert problems[0].span.line == 3
    assert secret_part not in problems[0].message
    assert "****" in problems[0].message


@pytest.mark.parametrize("line", QUIET)
def test_prose_about_secrets_is_quiet(line: str) -> None:
    assert list(secrets.check(_doc([line]), None)) == []  # type: ignore[arg-type]


def test_private_key_block_is_one_finding() -> None:
    lines = ["x", "-----BEGIN RSA PRIVATE KEY-----", "MIIEFAKE", "-----END RSA PRIVATE KEY-----"]
    problems = list(secrets.check(_doc(lines), None))  # type: ignore[arg-type]
    assert [(p.span.line, p.span.end_line) for p in problems] == [(2, 4)]
    assert "MIIEFAKE" not in problems[0].message


REPO_FILE = """# 2024-01-04

## Participants

- @alice

## Agenda

- admin password: Tr0ub4dor&3x
- token ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake0000
- https://bot:Zq8wLm2rTx@git.example.org/r.git
"""
LEAKS = ("Tr0ub4dor&3x", "FAKEfakeFAKEfakeFAKEfakeFAKEfake0000", "Zq8wLm2rTx", "Tr0ub4dor")


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "summary", "text"])
def test_no_output_format_prints_the_secret(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "sig-standardization").mkdir()
    (tmp_path / "sig-standardization" / "20240104.md").write_text(REPO_FILE, encoding="utf-8")
    report = tmp_path / f"report.{fmt}"
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(["check", "--preset", "scs", "--root", str(tmp_path), "--format", f"{fmt}={report}"])
    assert code == 1
    written = report.read_text(encoding="utf-8") + out.getvalue()
    assert written.count("secret-in-minutes") >= 3 or (fmt == "summary" and "secret-in-minutes" in written)
    for leak in LEAKS:
        assert leak not in written, (fmt, leak)


@pytest.mark.parametrize(
    "unit",
    [
        "eyJ" * 50 + " ",
        "password:a" + "," * 60 + " ",
        "https://a:" + "b" * 40 + " ",
        "xoxb-" + "1-" * 30,
        "password: " * 20,
        "//" * 40 + "_authToken=",
    ],
)
def test_hostile_lines_cost_linear_time(unit: str) -> None:
    def cost(n: int) -> float:
        doc = _doc([unit * n] * 4)
        start = time.process_time()
        list(secrets.check(doc, None))  # type: ignore[arg-type]
        return time.process_time() - start

    cost(10)
    small, big = cost(500), cost(2000)
    assert big < 10.0
    if big > 0.4:
        assert big / max(small, 1e-3) < 8.0, (unit[:20], small, big)


ANCHOR_SAMPLES = {
    "Discord Bot Token": "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs",
    "Telegram Bot Token": "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawx",
}


@pytest.mark.parametrize("name", sorted(secrets._ANCHORED))
def test_anchored_pretest_matches_wherever_the_plugin_does(name: str) -> None:
    """The literal-led regex that rules a plugin out for a file matches every text its regex does:
    tried on a token of the plugin's shape with random characters replaced, cut or added."""
    import random

    (plugin,) = [p for p in secrets._plugins() if p[0] == name]
    anchored = secrets._ANCHORED[name]
    rng = random.Random(7)
    alphabet = "MNOab9_-.:/ \n"
    matched = 0
    for _ in range(20000):
        chars = list(ANCHOR_SAMPLES[name])
        for _ in range(rng.randrange(4)):
            at = rng.randrange(len(chars))
            what = rng.randrange(3)
            if what == 0:
                chars[at] = rng.choice(alphabet)
            elif what == 1:
                del chars[at]
            else:
                chars.insert(at, rng.choice(alphabet))
        text = rng.choice(("", "x ", "12345678", "MNO")) + "".join(chars) + rng.choice(("", " y", "."))
        if any(r.search(text) for r in plugin[3]):
            matched += 1
            assert anchored.search(text), text
    assert matched > 1000  # the test saw the plugin's shape, not only misses


def test_line_pretests_keep_every_keyword_match() -> None:
    """A line the pre-tests pass over (no ':'/'=', no verb between blanks) is one the keyword
    regexes find nothing in: random lines of the words they look for."""
    import random

    rng = random.Random(11)
    words = ["the", "Password", "PW", "token", "secret", "is", "IS", "was", "Ist", "lautet", "WAR", "this"]
    words += ["hunter2", "Xk3!vQ9z", "'Sommer2024!'", "api_key", ":", "=", " ", "\t", "ſecret", "İs", "x"]
    searched = 0
    for _ in range(20000):
        line = "".join(rng.choice(words) + rng.choice(("", " ", " ", "\t")) for _ in range(rng.randrange(2, 9)))
        if secrets._IS_VALUE.search(line):
            searched += 1
            assert secrets._may_say_is(line), line
        if secrets._KEY_AT.search(line):
            assert "=" in line or ":" in line, line
    assert searched > 500


# Other rules quote the text they report: a URL that cannot work, a label glued to an item, a
# doubled marker, a link left as text, a URL cut by a line break. None may print the secret.
QUOTING_FILE = """# 2024-01-04

- see https://admin:Qv7pLx2mW9zK@intranet/wiki
- - password: Qv7pLx2mW9zK
- x
**Token: ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5**

see https://bob:Mk4Xr8TzL2wp@github.com/o/cluster-api-provider-
openstack#compat

Boardhttps://bob:Mk4Xr8TzL2wp@github.com/x
"""
QUOTED_LEAKS = ("Qv7pLx2mW9zK", "Mk4Xr8TzL2wp", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5", "Qv7pLx", "Mk4Xr8")


@pytest.mark.parametrize(
    "extra", [[], ["--ignore", "secret-in-minutes"], ["--select", "url-host-invalid,link-as-text"]]
)
@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "text"])
def test_other_rules_quoting_a_secret_print_it_masked(tmp_path: Path, fmt: str, extra: list[str]) -> None:
    (tmp_path / "hackathons").mkdir()
    (tmp_path / "hackathons" / "notes.md").write_text(QUOTING_FILE, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(["check", "--preset", "scs", "--root", str(tmp_path), "--format", fmt, *extra])
    written = out.getvalue()
    assert code == 1 and "****" in written
    quoting = ("url-host-invalid", "link-as-text") if extra[:1] == ["--select"] else (
        "url-host-invalid", "doubled-list-marker", "label-as-continuation", "url-split-by-line-break", "link-as-text")
    for rule in quoting:
        assert rule in written, (fmt, rule)
    for leak in QUOTED_LEAKS:
        assert leak not in written, (fmt, extra, leak)
