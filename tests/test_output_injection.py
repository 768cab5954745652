"""Output cannot be used against the workflow.

A repository whose file names, link texts and link targets hold workflow commands
(``\\n::error::``, ``\\r::add-mask::``, ``##[error]``, U+2028, ANSI escapes, ...) is checked by the
real CLI in every format; every line of its output is read the way GitHub's runner reads it (lines
end at LF, CR or CRLF; ``::name`` after leading white space; the legacy ``##[name]`` anywhere in a
line, with the characters ICU ignores in between). Only the github format's own annotations may be
commands, and those are parsed and checked one by one. The Markdown that becomes a job summary, a
pull-request comment or the link-rot issue is rendered and must stay inert. Paths are never options.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git
from markdown_it import MarkdownIt
from minutes_ci.checks.model import Severity
from minutes_ci.checks.rule import Finding
from minutes_ci.gha import summary
from minutes_ci.gha.event import EventError, commit_id, read_event
from minutes_ci.gha.invoke import cli_argv, common_args
from minutes_ci.gha.rot import authors, render_body
from minutes_ci.report import safe

pytestmark = pytest.mark.usefixtures("private_cache")

# the payloads: each must stay text wherever it is printed
PAYLOADS = [
    "\n::error::nl",
    "\r::add-mask::cr",
    "\r\n::set-output name=x::crlf",
    "%0A::warning::pct",
    "::stop-commands::x",
    "##[error]legacy",
    "#\u00ad#[error]soft",
    "a\u2028::error::ls",
    "b\u2029::error::ps",
    "c\u0085::error::nel",
    "\x1b[2J\x1b[1;1Hansi",
    " \u00a0\t::notice::spaces",
    "\u200b::error::zw",
    "\x00::error::nul",
    "\u202e::error::bidi",
]
# what the runner treats as a command name (and what the stop-commands token would be)
REGISTERED = {
    "add-mask", "add-matcher", "add-path", "debug", "echo", "endgroup", "error", "group", "notice",
    "remove-matcher", "save-state", "set-env", "set-output", "stop-commands", "warning",
}
IGNORABLE = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\x00]")
# .NET's Char.IsWhiteSpace (what the runner's TrimStart removes), and Python's extra separators
WHITE = " \t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    map(chr, range(0x2000, 0x200B))
)


def runner_lines(output: str) -> list[str]:
    return re.split("\r\n|\r|\n", output)


def opens_command(line: str) -> str | None:
    """What the runner would take for a command in this line: 'v2', 'legacy' or None. Stricter than
    the runner (any name counts, ignorables are skipped) so that a near miss fails too."""
    seen = IGNORABLE.sub("", line)
    if seen.lstrip(WHITE).startswith("::"):
        return "v2"
    if "##[" in seen:
        return "legacy"
    return None


ANNOTATION = re.compile(r"::(error|warning|notice)(?: ([^:]*))?::(.*)")
PROPERTY_KEYS = {"file", "line", "col", "endLine", "endColumn", "title"}


def unescape_property(value: str) -> str:
    for token, escaped in ((",", "%2C"), (":", "%3A"), ("\n", "%0A"), ("\r", "%0D"), ("%", "%25")):
        value = value.replace(escaped, token)
    return value


def parse_annotation(line: str) -> tuple[str, dict[str, str], str]:
    """One intended annotation, checked for shape: a single command, escaped properties and data."""
    m = ANNOTATION.fullmatch(line)
    assert m, f"not a well-formed annotation: {line!r}"
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", line), f"raw control character in {line!r}"
    props: dict[str, str] = {}
    for pair in (m.group(2) or "").split(","):
        if not pair:
            continue
        key, eq, value = pair.partition("=")
        assert eq and key in PROPERTY_KEYS and key not in props, f"bad property {pair!r} in {line!r}"
        assert not re.search("%(?!25|0D|0A|3A|2C)", value), f"unescaped % in {value!r}"
        props[key] = unescape_property(value)
    for key in ("line", "col", "endLine", "endColumn"):
        assert key not in props or props[key].isdigit(), line
    data = m.group(3)
    assert not re.search("%(?!25|0D|0A)", data), f"unescaped % in the message of {line!r}"
    return m.group(1), props, data


def hostile_repo(root: Path) -> dict[str, str]:
    """A git repository: one file per payload in its name, each linking with payloads in the text
    and the target. Returns name -> content."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    files: dict[str, str] = {}
    links = " ".join(f"[{p}](missing{p}.md)" for p in PAYLOADS[:6])
    image = f"![{PAYLOADS[10]}](x{PAYLOADS[5]}.png)"
    body = f"# 2024-03-06\n\n## Participants\n\n- @alice\n\n## Agenda\n\n- see {links}\n- {image}\n"
    for n, payload in enumerate(PAYLOADS):
        for name in (f"iaas/2024031{n % 10}{payload}.md", f"{payload}{n}.md"):
            path = root / name
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body, encoding="utf-8", newline="")
            except (OSError, ValueError):  # NUL is not a file name character: the text keeps it
                continue
            files[name] = body
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "hostile names")
    return files


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inject") / "repo"
    hostile_repo(root)
    return root


def run_cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_ACTIONS": "true", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from minutes_ci.cli import main; sys.exit(main())", *args],
        cwd=repo, capture_output=True, text=True, encoding="utf-8", errors="surrogateescape", env=env,
        check=False, timeout=120,
    )


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "summary"])
def test_no_output_line_starts_a_workflow_command(repo: Path, fmt: str) -> None:
    res = run_cli(repo, "check", "--format", fmt, "--fail-on", "never")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    annotations = 0
    for line in runner_lines(res.stdout) + runner_lines(res.stderr):
        kind = opens_command(line)
        if fmt == "github" and line.startswith("::"):
            _, _, data = parse_annotation(line)
            annotations += 1
            assert "##[" not in IGNORABLE.sub("", data)
            continue
        assert kind is None, f"{fmt}: {line!r} would be a workflow command ({kind})"
    if fmt == "github":
        assert annotations >= 10  # the budget is spent: the payloads were findings
    if fmt in ("json", "sarif"):  # lossless: the escapes decode to exactly the names on disk
        from urllib.parse import unquote

        data = json.loads(res.stdout)
        paths = (
            {f["path"] for f in data["findings"]} if fmt == "json"
            else {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                  for r in data["runs"][0]["results"]}
        )
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True).stdout
        assert paths <= set(listed.decode("utf-8").split("\0"))
        assert any("\u2028" in p for p in paths) and any("##[" in p for p in paths)


def test_text_keeps_one_finding_a_line_and_quotes_odd_names(repo: Path) -> None:
    res = run_cli(repo, "check", "--format", "text", "--fail-on", "never")
    lines = res.stdout.split("\n")
    assert not any("\r" in line or "\x1b" in line or "\u2028" in line for line in lines)
    findings = [line for line in lines if re.match(r'^(?:"(?:[^"\\]|\\.)*"|[^\s"]\S*):\d+:\d+: ', line)]
    assert len(findings) == len(lines) - 2  # every line but the tally (and the final newline)
    assert any(line.startswith('"::stop-commands::x4.md":') for line in lines)
    assert any(line.startswith('"\\r::add-mask::cr1.md":') or "\\r::add-mask::cr" in line for line in lines)


def test_annotation_files_round_trip(repo: Path) -> None:
    """The file= property names the file (for names without control characters) after the runner
    unescapes it, so annotations still land on the right file."""
    res = run_cli(repo, "check", "--format", "github", "--fail-on", "never")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True).stdout
    on_disk = set(listed.decode("utf-8").split("\0"))  # bytes: text mode would turn CR into LF
    files = [parse_annotation(line)[1].get("file") for line in res.stdout.splitlines() if "file=" in line]
    plain = [f for f in files if f and not re.search(r"\\[xuUt]", f)]
    assert plain and all(f in on_disk for f in plain)


# ------------------------------------------------------------------ the line guard


def guarded(*writes: str | safe.Trusted) -> str:
    raw = io.StringIO()
    stream = safe.GuardedStream(raw)
    for w in writes:
        stream.write(w)
        stream.flush()
    stream.close_guard()
    return raw.getvalue()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_guard_escapes_every_payload_however_it_is_split(payload: str) -> None:
    text = f"x.md:1:1: error r {payload} end\n{payload}\n"
    for cut in range(len(text) + 1):
        out = guarded(text[:cut], text[cut:])
        for line in runner_lines(out):
            assert opens_command(line) is None, (cut, line)


def test_guard_splits_of_openers_across_writes() -> None:
    for pieces in (("::", "error::x\n"), (":", ":error::x\n"), ("  ", "::e::x\n"), ("a ##", "[error]x\n"),
                   ("a #", "#", "[error]\n"), ("ok\r", "::add-mask::m\n")):
        out = guarded(*pieces)
        assert all(opens_command(line) is None for line in runner_lines(out)), (pieces, out)


def test_guard_lets_only_trusted_well_formed_commands_through() -> None:
    good = safe.Trusted("::error file=a.md,line=1::m%0Anext\n")
    assert guarded("text\n", good) == "text\n" + good
    for bad in ("::add-mask::secret\n", "::error::a\n::stop-commands::t\n", "::error::a\rb\n", "##[error]x\n"):
        out = guarded(safe.Trusted(bad))
        assert all(opens_command(line) is None for line in runner_lines(out)), bad
    # joining or slicing gives plain text again
    assert all(opens_command(x) is None for x in runner_lines(guarded(good + "::error::x\n")))


def test_guard_keeps_colours_tabs_and_progress() -> None:
    assert guarded("\x1b[31merror\x1b[0m\tok\n") == "\x1b[31merror\x1b[0m\tok\n"
    assert guarded("\r[ 1/2] a", "\r[ 2/2] b", "\n") == "\r[ 1/2] a\r[ 2/2] b\n"
    assert guarded("\x1b[2J\x1b]0;title\x07x\n") == "\\u001b[2J\\u001b]0;title\\u0007x\n"


@pytest.mark.parametrize("ascii_only", [True, False])
def test_guard_never_breaks_json(ascii_only: bool) -> None:
    """JSON printed by any command (not only the json format) stays the same value."""
    value = {"p": PAYLOADS, "q": "\\" + "\u2028\x7f\x9f##[x]\\##[y", "n": [1, {"k": "::a"}]}
    for indent in (None, 2):
        text = json.dumps(value, ensure_ascii=ascii_only, indent=indent) + "\n"
        out = guarded(text)
        assert json.loads(out) == value
        assert all(opens_command(line) is None for line in runner_lines(out))


def test_fields() -> None:
    assert safe.log_path("iaas/20240313.md") == "iaas/20240313.md"
    assert safe.log_path("a\nb.md") == '"a\\nb.md"' and safe.log_path('q"\\.md') == '"q\\"\\\\.md"'
    assert safe.log_path("::x.md").startswith('"') and safe.log_path(" x.md").startswith('"')
    assert safe.log_text("über ünïcode ✓") == "über ünïcode ✓"
    for payload in PAYLOADS:
        for value in (safe.log_text(payload), safe.log_path(payload)):
            assert "\n" not in value and "\r" not in value and opens_command(value) is None, value
        assert "\n" not in safe.command_data(payload) and "\r" not in safe.command_data(payload)
        assert not re.search("[:,\r\n]", safe.command_property(payload))


def test_json_escapes_are_lossless() -> None:
    value = {"k": "".join(PAYLOADS)}
    text = safe.json_safe(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(text) == value
    assert "##[" not in text and "\u2028" not in text and "\x85" not in text


# ------------------------------------------------------------------ Markdown

MD = MarkdownIt("gfm-like")
HOSTILE_TEXT = [
    "<img src=x onerror=alert(1)>", "<details open>x</details>", "[click](javascript:alert(1))",
    "![i](https://evil.example/p.png)", "@alice and @org/team", "see #123 and GH-7 and o/r#9",
    "a | b | c", "`code` and ``` fence", "*em* _u_ ~~s~~ $x^2$", "https://github.com/o/r/issues/1",
    "www.evil.example/x", "&lt;script&gt;", "line\n# heading\n\n| t |", "<!-- c -->", "a@b.example",
    "x\\|y", "\\", *PAYLOADS,
]


def inert(html: str) -> None:
    assert "<a " not in html and "<img" not in html and "<script" not in html and "<details" not in html
    assert "<em>" not in html and "<strong>" not in html and "<del>" not in html and "<h" not in html[4:]
    prose = re.sub(r"<code>.*?</code>", "", html, flags=re.S)  # GitHub links nothing inside code
    assert not re.search(r"@[A-Za-z0-9]", prose), html  # a mention needs @ right before the name
    assert not re.search(r"#[0-9]|GH-[0-9]", prose), html  # an issue reference


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_md_text_and_md_code_are_inert(text: str) -> None:
    for inline in (safe.md_text(text), safe.md_code(text)):
        assert "\n" not in inline and "\r" not in inline
        inert(MD.render(f"- {inline}\n"))
    row = MD.render(f"| a | b |\n|---|---|\n| {safe.md_text(text)} | end |\n")
    assert row.count("<td>") == 2 and "<td>end</td>" in row, row
    # the code span shows the value itself
    html = MD.render(safe.md_code("a `b` ``c``"))
    assert "<code>a `b` ``c``</code>" in html


def F(path: str, message: str, line: int = 3) -> Finding:
    return Finding(path, line, 1, "broken-link", message, Severity.ERROR)


def test_job_summary_and_comment_are_inert() -> None:
    findings = [F(f"iaas/{t}.md", f"link {t} answers 404") for t in HOSTILE_TEXT]
    for body in (
        summary.render(findings, title="t", link=lambda p, n: f"https://github.com/o/r/blob/s/{p}#L{n}"),
        summary.render(findings, title="t", link=lambda p, n: "", limit=summary.COMMENT_LIMIT, unit="chars"),
    ):
        assert all(opens_command(line) is None for line in runner_lines(body))
        html = MD.render(body)
        links = re.findall(r'<a href="([^"]*)"', html)
        assert len(links) == (len(findings) if "blob" in body else 0)
        assert all(link.startswith("https://github.com/o/r/blob/s/") for link in links)
        inert(re.sub(r'<a href="https://github.com/o/r/blob/s/[^"]*">L3:1</a>', "L3:1", html).replace("<h2>", "")
              .replace("<h3>", "").replace("</h2>", "").replace("</h3>", ""))


def test_report_summary_is_inert(repo: Path) -> None:
    res = run_cli(repo, "check", "--format", "summary", "--fail-on", "never")
    html = MD.render(res.stdout)
    for tag in ("h2", "h3", "table", "thead", "tbody", "tr", "th", "td", "p", "code"):
        html = re.sub(f"</?{tag}>", "", html)
    inert(html)


def commit_as(repo: Path, name: str, email: str, n: int) -> None:
    (repo / "iaas").mkdir(exist_ok=True)
    (repo / "iaas" / "20240313.md").write_text(f"v{n}\n")
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
           "GIT_COMMITTER_NAME": "c", "GIT_COMMITTER_EMAIL": "c@example.org"}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", f"c{n}"], cwd=repo, check=True, env=env)


def test_link_rot_issue_pings_nobody_a_name_invents(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    people = [
        ("Alice", "1+alice@users.noreply.github.com"),  # a real login: the one mention
        ("@org/team", "x@example.org"),
        ("<img src=x onerror=alert(1)>", "y@example.org"),
        ("@@bob", "z@example.org"),
        ("Eve", "org/team@users.noreply.github.com"),  # not a login: the name is used
        ("[x](javascript:alert(1)) #1", "w@example.org"),
    ]
    for n, (name, email) in enumerate(people):
        commit_as(repo, name, email, n)
    who = authors(repo, "iaas/20240313.md", limit=10)
    assert "@alice" in who and not any(w.startswith("@") for w in who if w != "@alice")
    findings = [F("iaas/20240313.md", "[x](javascript:alert(1)) <img> @carol #5 answers 404"),
                F("iaas/`x` <b>@dave</b>.md", "https://github.com/o/r/issues/3 answers 404", 5)]
    body = render_body(findings, lambda p, n: f"https://github.com/o/r/blob/s/{p}#L{n}",
                       {"iaas/20240313.md": who, "iaas/`x` <b>@dave</b>.md": ["@org/team"]}, "")
    html = MD.render(body)
    prose = re.sub(r'<code>.*?</code>|href="[^"]*"', "", html, flags=re.S)
    assert re.findall(r"@[A-Za-z0-9][\w/-]*", prose) == ["@alice"]
    links = re.findall(r'<a href="([^"]*)"', html)
    assert len(links) == 2 and all(link.startswith("https://github.com/o/r/blob/s/iaas/") for link in links)
    assert "%60x%60%20%3Cb%3E" in links[1]  # the file name cannot end the link early
    html = re.sub(r'<a href="[^"]*">line \d+</a>', "", html).replace("@alice", "alice")
    for tag in ("h3", "p", "ul", "li"):
        html = re.sub(f"</?{tag}>", "", html)
    html = html.replace('<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">', "")
    inert(html)


# ------------------------------------------------------------------ paths are never options


def test_a_path_named_like_an_option_is_a_path(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    body = "# 2024-03-06\n\n## Participants\n\n- @alice\n\nSee [the notes](missing.md).\n"
    names = ["--format=json=x.md", "--root=.md", "-f.md", "--fail-on=never.md"]
    for name in names:
        (repo / name).write_text(body)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "options")
    argv = cli_argv("check", ["--format=text"], names)
    assert argv[-len(names) - 1 :] == ["--", *names]
    res = subprocess.run(argv, cwd=repo, capture_output=True, text=True, check=False, timeout=120)
    assert res.returncode == 1, res.stderr  # findings (not 2: no option was misread, and not never)
    for name in names:
        assert f"{name}:" in res.stdout, name
    assert (repo / "x.md").exists() is False
    assert common_args("--root=/", "") == ["--config=--root=/"]


def test_the_hook_passes_file_names_after_double_dash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from minutes_ci.hook import pre_push

    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "--format=json=hook.md").write_text("# 2024-03-06\n\nSee [the notes](missing.md).\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "x")
    head = git(repo, "rev-parse", "HEAD").strip()
    rc = pre_push([], [f"refs/heads/main {head} refs/heads/main {'0' * 40}\n"], repo)
    out = capsys.readouterr()
    assert rc == 1 and "--format=json=hook.md:" in out.out
    assert not (repo / "hook.md").exists()
    # a line that is not git's (an option where a commit id belongs) is ignored, not run
    assert pre_push([], [f"refs/heads/main --output=/tmp/x refs/heads/main {'0' * 40}\n"], repo) == 0


def test_commit_ids_from_the_payload_are_never_options(tmp_path: Path) -> None:
    for bad in ("--upload-pack=touch /tmp/pwned", "-c", "a b", "HEAD@{1}", "a..b", "x:y"):
        with pytest.raises(EventError):
            commit_id(bad, "base commit")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 1, "base": {"sha": "--output=/tmp/x"}}}))
    with pytest.raises(EventError, match="not a commit id"):
        read_event("pull_request", event, "a" * 40)
    assert commit_id("a" * 40, "x") == "a" * 40


def test_the_action_stops_commands_around_the_cli(tmp_path: Path) -> None:
    """The child's output sits between ::stop-commands::TOKEN and ::TOKEN:: (a fresh random token)."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom minutes_ci.gha.invoke import run_cli\n"
        "sys.exit(run_cli('explain', ['--', 'no-such-rule'], Path('.'), group='g'))\n"
    )
    outs = [
        subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
        for _ in range(2)
    ]
    tokens = []
    for res in outs:
        lines = res.stdout.splitlines()
        assert lines[0] == "::group::g" and lines[-1] == "::endgroup::"
        m = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[1])
        assert m and lines[-2] == f"::{m.group(1)}::"
        assert m.group(1) not in res.stderr
        tokens.append(m.group(1))
    assert tokens[0] != tokens[1]


def test_git_reads_file_names_literally(tmp_path: Path) -> None:
    """A file name is never pathspec magic: ":(exclude)*" names one file, not all the others."""
    from minutes_ci.gha.event import changed_lines

    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "a.md").write_text("x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "a.md").write_text("x\ny\n")
    (repo / ":(glob)**").write_text("z\n")
    commit_as(repo, "Mallory", "m@example.org", 0)
    head = git(repo, "rev-parse", "HEAD").strip()
    lines = changed_lines(repo, base, head, [":(glob)**"])
    assert lines == {":(glob)**": {1}}  # the glob would have matched a.md as well
    assert authors(repo, ":(glob)**") == ["Mallory"]


@pytest.mark.parametrize("payload", ["\n::error::cfg", "\r::add-mask::cfg", "##[error]cfg", "x\u2028::error::cfg"])
def test_config_values_and_arguments_never_start_a_command(tmp_path: Path, payload: str) -> None:
    """Error messages quote what the user (or the pull request) wrote: a rule id in the config, a
    format name, a path that does not exist."""
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / ".minutes-ci.yaml").write_text(json.dumps({"rules": {f"bad{payload}": "error"}}), encoding="utf-8")
    results = [
        run_cli(repo, "check"),
        run_cli(repo, "check", "--no-config", "--format", f"x{payload}"),
        run_cli(repo, "check", "--no-config", "--", f"missing{payload}.md"),
        run_cli(repo, "explain", payload),
        run_cli(repo, "check", f"--bogus{payload}"),
    ]
    for res in results:
        assert "Traceback" not in res.stderr
        for line in runner_lines(res.stdout) + runner_lines(res.stderr):
            assert opens_command(line) is None, (payload, line)
    assert results[0].returncode == 2 and results[1].returncode == 2 and results[4].returncode == 2


def test_pre_commit_file_names_like_options_are_files(tmp_path: Path) -> None:
    """pre-commit runs `minutes-ci check [args] FILE...` with no `--`: a committed file named like an
    option is still checked as a file and writes nothing."""
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    names = ["--format=json=out.md", "--root=..md", "-fjson.md"]
    for name in names:
        (repo / name).write_text("# 2024-03-06\n\nSee [the notes](missing.md).\n")
    (repo / "out.md").write_text("kept\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "x")
    res = run_cli(repo, "check", "--fail-on=error", *names)  # the shape of pre-commit's call
    assert res.returncode == 1, res.stderr
    assert (repo / "out.md").read_text() == "kept\n"
    for name in names:
        assert f"{name}:" in res.stdout
    # a real option that ends in .md (no such file) keeps its meaning
    res = run_cli(repo, "check", "--format=summary=report.md", "--", names[0])
    assert (repo / "report.md").is_file() and res.returncode == 1


def test_audit_renderers_escape_each_field() -> None:
    """`audit --format markdown|text` quote file names, owners and link text from the repository."""
    from minutes_ci.checks.rule import Finding, Severity
    from minutes_ci.net.audit import render_markdown, render_text
    from minutes_ci.net.online import Report

    path = "iaas/x<img src=y onerror=z>|.md"
    msg = "link [see](https://a.example/x) gives 404 @team #12 <script>x</script>\n::error::forged|cell"
    f = Finding(path, 3, 1, "broken-link", msg, Severity.ERROR)
    report = Report(findings=[f], outage="most links\nunanswered <b>", stopped="rate limit @x")
    md = render_markdown([f], report, {path: "Mallory <m@x> @someone"}, 1)
    # names are code spans (inert, no pings); prose is escaped Markdown without HTML or references
    assert "## `iaas/x<img src=y onerror=z>|.md` (last changed by `Mallory <m@x> @someone`)" in md
    assert "<script>" not in md and "<b>" not in md
    assert "@team" not in md and "#12" not in md
    row = next(line for line in md.splitlines() if line.startswith("| 3:1"))
    assert row.count(" | ") == 3  # the message's own pipe cannot open a column
    text = render_text([f], report, {}, 1)
    finding_lines = [line for line in text.splitlines() if "broken-link" in line]
    assert len(finding_lines) == 1 and finding_lines[0].endswith("\\n::error::forged|cell")  # one line
    assert not any(line.startswith("::") for line in text.splitlines())
