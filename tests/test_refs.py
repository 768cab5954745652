"""Reference helpers: link-text shapes, GitHub URL parsing, alias resolution."""

from __future__ import annotations

import pytest
from conftest import NoTree
from minutes_ci.checks.model import IssueRef, Span
from minutes_ci.checks.refs import (
    RefText,
    parse_github_url,
    parse_ref_text,
    resolve_name,
    resolve_ref,
    text_names_repo,
)
from minutes_ci.checks.rule import Context

SCS = "SovereignCloudStack"


CTX = Context(
    tree=NoTree(),
    aliases={
        "k8s-capi": f"{SCS}/k8s-cluster-api-provider",
        "cspo": f"{SCS}/cluster-stack-provider-openstack",
        "scs": SCS,
        "osism": "osism",
        "standard": f"{SCS}/standards",
    },
    default_owner=SCS,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#597", RefText(None, None, 597, None)),
        ("k8s-capi/#328", RefText(None, "k8s-capi", 328, None)),
        ("standards#675", RefText(None, "standards", 675, None)),
        ("osism/issues#408", RefText("osism", "issues", 408, None)),
        ("Issue #360", RefText(None, None, 360, "issues")),
        ("Issue 16", RefText(None, None, 16, "issues")),
        ("issue/#489", RefText(None, None, 489, "issues")),
        ("PR #55", RefText(None, None, 55, "pull")),
        ("PR#5", RefText(None, None, 5, "pull")),
        ("PR 12", RefText(None, None, 12, "pull")),
        ("Draft PR#16", RefText(None, None, 16, "pull")),
        ("Docs PR #360", RefText(None, "Docs", 360, "pull")),
        ("SCS/PR#4", RefText(None, "SCS", 4, "pull")),
        ("SCS/standards#PR226", RefText("SCS", "standards", 226, "pull")),
        ("release-notes/PR#5", RefText(None, "release-notes", 5, "pull")),
        ("central-api/pull/4", RefText(None, "central-api", 4, "pull")),
        ("PR cluster-stacks/#3", RefText(None, "cluster-stacks", 3, "pull")),
        ("issues#547", RefText(None, "issues", 547, None)),
        ("issues/494", RefText(None, "issues", 494, None)),
        ("isssue#597", RefText(None, "isssue", 597, None)),
        ("#issue106", RefText(None, None, 106, "issues")),
        ("#OSISM/issues/368", RefText("OSISM", "issues", 368, None)),
        ("k8s-observability!69", RefText(None, "k8s-observability", 69, None)),
        ("#12#issuecomment-44", RefText(None, None, 12, None)),
        ("`#12`", RefText(None, None, 12, None)),
        ("#", RefText(None, None, None, None)),
        ("PR #", RefText(None, None, None, "pull")),
        # prose before a spelled-out kind is not a repository name
        ("review PR 319", RefText(None, None, 319, "pull")),
        ("ansible-collection-gitcontrol issue 24", RefText(None, None, 24, "issues")),
    ],
)
def test_reference_shaped_texts(text: str, expected: RefText) -> None:
    assert parse_ref_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "MVP-0",
        "v3.1",
        "CVE-2024-6387",
        "scs-0007-v1",
        "IaaS-v5",
        "KaaS-v1",
        "ADR 5",
        "Milestone 8",
        "2024",
        "376",
        "PR",
        "Issue",
        "MR",
        "this issue",
        "Enable Rook deployments (#881)",
        "SA-3 / #485",
        "#1 priority",
        "PR#12 Draft",
        "/5",
        "osism issues #595",
        "",
    ],
)
def test_descriptive_texts_are_not_references(text: str) -> None:
    assert parse_ref_text(text) is None


def test_github_urls() -> None:
    t = parse_github_url(f"https://github.com/{SCS}/standards/issues/982")
    assert t is not None and (t.owner, t.repo, t.kind, t.number) == (SCS, "standards", "issues", 982)
    t = parse_github_url(f"https://github.com/{SCS}/standards/pull/595/files#diff-7f")
    assert t is not None and (t.kind, t.number) == ("pull", 595)
    listing = parse_github_url(f"https://github.com/{SCS}/issues/issues/")
    assert listing is not None and listing.number is None and listing.segment == ""
    singular = parse_github_url(f"https://github.com/{SCS}/standards/issue/662")
    assert singular is not None and singular.kind == "issue"
    # a branch called issue/337 is not an issue path
    assert parse_github_url(f"https://github.com/{SCS}/standards/blob/issue/337/x.md") is None
    pulls = parse_github_url(f"https://github.com/{SCS}/docs/pulls")
    assert pulls is not None and pulls.number is None and pulls.kind == "pulls"
    assert parse_github_url("https://gitlab.com/a/b/issues/1") is None
    assert parse_github_url("https://github.com/x/y/issues/1]bad[") is not None  # never raises
    assert parse_github_url("http://[::1/x") is None


def test_resolve_name_applies_aliases_and_default_owner() -> None:
    assert resolve_name(None, "k8s-capi", CTX) == (SCS, "k8s-cluster-api-provider")
    assert resolve_name(None, "CSPO", CTX) == (SCS, "cluster-stack-provider-openstack")
    assert resolve_name(None, "standards", CTX) == (SCS, "standards")
    assert resolve_name("SCS", "standards", CTX) == (SCS, "standards")
    assert resolve_name("kubernetes-sigs", "image-builder", CTX) == ("kubernetes-sigs", "image-builder")
    assert resolve_name(None, "osism", CTX) is None  # an organisation, not a repository
    assert resolve_name(None, None, CTX) is None
    assert resolve_name(None, "standards", Context(tree=NoTree())) is None  # no default owner


def _ref(text: str, url: str | None = None, **kw: str | None) -> IssueRef:
    return IssueRef(Span(1), text, None, None, None, None, url=url, **kw)  # type: ignore[arg-type]


def test_resolve_ref_prefers_the_url_then_the_text() -> None:
    linked = _ref("k8s/#1", url=f"https://github.com/{SCS}/standards/issues/1")
    assert resolve_ref(linked, CTX) == (SCS, "standards")
    assert resolve_ref(_ref("k8s-capi/#328"), CTX) == (SCS, "k8s-cluster-api-provider")
    assert resolve_ref(_ref("x", text_repo="standard"), CTX) == (SCS, "standards")
    assert resolve_ref(_ref("osism/testbed#12"), CTX) == ("osism", "testbed")
    assert resolve_ref(_ref("#12"), CTX) is None  # which repository is unknowable offline
    # the parser may read a kind word as a repository; the text is re-read with kind words known
    assert resolve_ref(_ref("PR#150", text_repo="PR"), CTX) is None
    assert resolve_ref(_ref("issue#396", text_repo="issue"), CTX) is None
    assert resolve_ref(_ref("release-notes/PR#5", text_owner="release-notes", text_repo="PR"), CTX) == (
        SCS,
        "release-notes",
    )
    # counters are not repositories
    assert resolve_ref(_ref("Hackathon#4"), CTX) is None
    assert resolve_ref(_ref("Session #2"), CTX) is None


@pytest.mark.parametrize(
    ("text", "owner", "repo", "agrees"),
    [
        ("k8s-capi/#1", SCS, "k8s-cluster-api-provider", True),
        ("k8s-capi/#1", SCS, "standards", False),
        ("Standards#1", SCS, "standards", True),
        ("standard/#316", SCS, "standards", True),
        ("issues#547", SCS, "standards", False),
        ("issues#547", "osism", "issues", True),
        ("isssue#597", SCS, "issues", False),
        ("osism#1126", "osism", "ansible-collection-services", True),
        ("OSISM #2031", "osism", "testbed", True),
        ("SCS/PR#4", SCS, "standards", True),
        ("SCS/PR#4", "osism", "testbed", False),
        ("cluster-stack-provider-openstack/issues#9", SCS, "cluster-stack-provider-openstack", True),
        ("osism/issues#9", "osism", "issues", True),
        ("osism/issues#9", SCS, "issues", False),
        ("image-builder#1", "kubernetes-sigs", "image-builder", True),
        ("#5", SCS, "anything", True),
    ],
)
def test_text_names_repo(text: str, owner: str, repo: str, agrees: bool) -> None:
    claim = parse_ref_text(text)
    assert claim is not None
    assert text_names_repo(claim, owner, repo, CTX) is agrees


def test_an_alias_does_not_hide_the_literal_name() -> None:
    ctx = Context(tree=NoTree(), aliases={"docs": f"{SCS}/docs"}, default_owner=SCS)
    claim = parse_ref_text("docs#5")
    assert claim is not None
    assert text_names_repo(claim, "osism", "docs", ctx)
    assert text_names_repo(claim, SCS, "docs", ctx)
    assert not text_names_repo(claim, SCS, "standards", ctx)
