"""Turn URL and reference results into Findings at every place the URL or reference occurs."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from minutes_ci.checks.model import Severity
from minutes_ci.checks.rule import Finding

from .cache import Verdict
from .github import RefResult
from .result import BROKEN, OK, UrlResult
from .urls import Occurrence

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTICE


Located = tuple[Finding, str]  # a finding and the URL (or reference) it is about


def _at(occ: Occurrence, rule: str, severity: Severity, message: str) -> Located:
    return Finding(occ.path, occ.line, occ.col, rule, message, severity, occ.line, occ.end_col), occ.url


def url_findings(
    pages: Mapping[str, list[Occurrence]],
    results: Mapping[str, UrlResult],
    verdict: Callable[[str], Verdict],
) -> list[Located]:
    out: list[Located] = []
    for key, occs in pages.items():
        res = results.get(key)
        if res is None:
            continue
        for occ in occs:
            shown = occ.url
            if res.status == OK:
                if res.permanent_redirect and res.final_url and not _trivial(key, res.final_url):
                    out.append(
                        _at(occ, "redirected-link", N, f"{shown} redirects permanently to {res.final_url}")
                    )
                continue
            if res.status == BROKEN:
                v = verdict(key)
                if v.broken:
                    out.append(_at(occ, "broken-link", E, f"broken link {shown} ({res.reason})"))
                else:
                    out.append(
                        _at(
                            occ,
                            "failing-link",
                            N,
                            f"{shown} failed ({res.reason}) in {v.failures} audit(s) in a row; "
                            "reported as broken once it keeps failing",
                        )
                    )
                continue
            if res.private:
                out.append(_at(occ, "private-link", N, f"{shown} not fetched: {res.reason} "
                               "(allow with --allow-private-hosts, in the Action the allow-private-hosts input)"))
            else:
                out.append(_at(occ, "link-not-checked", W, f"could not check {shown} ({res.reason})"))
    return out


def _trivial(url: str, final: str) -> bool:
    """A redirect that only adds or drops a trailing slash is not worth a notice."""
    return url.rstrip("/") == final.split("#", 1)[0].rstrip("/")


def ref_findings(
    refs: Mapping[str, list[tuple[Occurrence, str, str]]], results: Mapping[str, RefResult]
) -> list[Located]:
    """``refs``: ref key -> (occurrence, kind claimed by the URL or "", canonical URL).

    A reference that could not be checked (rate limit, no token, GitHub unreachable) is a
    `reference-not-checked` finding at every place it occurs, so no report hides the gap.
    """
    out: list[Located] = []
    for key, uses in refs.items():
        res = results.get(key)
        if res is None:
            continue
        for occ, kind, canonical in uses:
            out.extend(_ref_problems(occ, key, kind, canonical, res))
    return out


def _ref_problems(occ: Occurrence, key: str, kind: str, canonical: str, res: RefResult) -> list[Located]:
    where = occ.url if occ.form != "text" else f"{key} ({canonical})"
    if res.status == "unchecked":
        return [_at(occ, "reference-not-checked", W, f"could not check {where} ({res.reason})")]
    if res.status != "ok":
        return [_at(occ, "missing-issue", E, f"{where} does not exist ({res.reason})")]
    found: list[Located] = []
    if res.url and _place(res.url) != _place(canonical):
        found.append(_at(occ, "moved-issue", W, f"{where} moved to {res.url}"))
    if kind == "issues" and res.typename == "PullRequest":
        found.append(
            _at(
                occ,
                "reference-kind-mismatch",
                N,
                f"{where} links /issues/ but is a pull request (GitHub redirects)",
            )
        )
    elif kind == "pull" and res.typename == "Issue":
        found.append(_at(occ, "reference-kind-mismatch", W, f"{where} links /pull/ but is an issue"))
    return found


def _place(url: str) -> str:
    """owner/repo/number of an issue URL, case-folded (kind differences are reported separately)."""
    parts = url.split("://", 1)[-1].split("/")
    return "/".join(p.lower() for p in parts[1:3] + parts[4:5]) if len(parts) >= 5 else url.lower()
