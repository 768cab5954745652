"""Classify a path into a kind of file (deck, team minutes, special session, legacy, ...)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from .model import Kind
from .rule import FolderPolicy

# YYYYMMDD(-slug).md, and the ISO-dashed variant seen once in the corpus (reported by the naming rule)
_NAME = re.compile(r"^(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})(?:-(?P<slug>.+?))?(?:\.md)?$", re.IGNORECASE)


def name_date(basename: str) -> tuple[dt.date | None, str | None]:
    """The date and slug a file name carries (None when it carries no real calendar date)."""
    m = _NAME.match(basename)
    if not m:
        return None, None
    try:
        date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None, m["slug"]
    return date, m["slug"]


def classify(
    relpath: str,
    file_date: dt.date | None,
    slug: str | None,
    fm_type: object,
    folders: Mapping[str, FolderPolicy],
    templates: frozenset[str] = frozenset(),
) -> Kind:
    folder = relpath.split("/", 1)[0] if "/" in relpath else ""
    base = relpath.rsplit("/", 1)[-1]
    if relpath in templates or base.lower() == "template.md":
        return Kind.TEMPLATE
    policy = folders.get(folder)
    if fm_type == "slide":
        return Kind.DECK
    if policy is not None and policy.kind is Kind.FREEFORM:
        return Kind.FREEFORM
    if file_date is None:
        return Kind.FREEFORM
    if policy is not None:
        if policy.legacy_before is not None and file_date < policy.legacy_before:
            return Kind.LEGACY
        if policy.deck_since is not None and file_date >= policy.deck_since:
            return Kind.DECK
        if policy.kind in (Kind.DECK, Kind.LEGACY):
            return policy.kind
    if slug:
        return Kind.SPECIAL
    return Kind.TEAM
