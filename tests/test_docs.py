"""The documentation stays true: docs/RULES.md is generated from the rules, docs/CONFIG.md covers the schema."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_rules_doc", ROOT / "scripts" / "gen_rules_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_rules_md_is_current() -> None:
    expected = _generator().render()
    current = (DOCS / "RULES.md").read_text(encoding="utf-8")
    assert current == expected, "docs/RULES.md is stale: run `python scripts/gen_rules_doc.py` and commit it"


def test_rules_md_lists_every_rule_once() -> None:
    gen = _generator()
    text = (DOCS / "RULES.md").read_text(encoding="utf-8")
    for rule_id in gen.entries():
        assert text.count(f"\n### {rule_id}\n") == 1, rule_id


def test_every_rule_doc_has_what_why_and_example() -> None:
    gen = _generator()
    missing = {rule_id: parts for rule_id, e in gen.entries().items() if (parts := gen.missing_parts(e.doc))}
    assert not missing, f"rule docstrings lacking 'What it does / Why is this bad? / Example': {missing}"


def test_missing_parts_sees_a_missing_part() -> None:
    gen = _generator()
    assert gen.missing_parts("Summary.\n\nWhat it does: x.\nExample: y.\n") == ["Why is this bad?"]
    assert gen.missing_parts("Summary.\n\nWhat it does: x.\nWhy is this bad? z.\nExamples: y.\n") == []


# --- CONFIG.md ---------------------------------------------------------------------------------------


def _schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    return data


def _properties(node: Any, schema: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every property name of the schema as its path (`*` for a key chosen by the user), $refs resolved."""
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/$defs/"), ref
        yield from _properties(schema["$defs"][ref.split("/")[-1]], schema, path)
    for name, sub in node.get("properties", {}).items():
        yield (*path, name)
        yield from _properties(sub, schema, (*path, name))
    if isinstance(node.get("additionalProperties"), dict):
        yield from _properties(node["additionalProperties"], schema, (*path, "*"))
    if isinstance(node.get("items"), dict):
        yield from _properties(node["items"], schema, path)
    for key in ("oneOf", "anyOf", "allOf"):
        for alternative in node.get(key, []):
            yield from _properties(alternative, schema, path)


def _mentioned(name: str, text: str) -> bool:
    """Is ``name`` written as code somewhere (`name`, `links.name`, `{name: ...}`)?"""
    return re.search(r"`[^`\n]*(?<![\w-])" + re.escape(name) + r"(?![\w-])[^`\n]*`", text) is not None


def test_schema_walk_finds_nested_properties() -> None:
    paths = set(_properties(_schema(), _schema()))
    assert {("links",), ("links", "timeout"), ("folders", "*", "require"), ("github", "max-wait"),
            ("links", "rot", "failures")} <= paths


def test_config_md_mentions_every_schema_property() -> None:
    schema = _schema()
    text = (DOCS / "CONFIG.md").read_text(encoding="utf-8")
    paths = set(_properties(schema, schema))
    names = [p[-1] for p in paths]
    top_and_second = {p[-1] for p in paths if len([part for part in p if part != "*"]) <= 2}
    assert {"preset", "links", "timeout", "kind", "api-url"} <= top_and_second
    missing = sorted(n for n in top_and_second if not _mentioned(n, text))
    assert not missing, f"docs/CONFIG.md does not mention these top- or second-level keys: {missing}"
    deeper = sorted({n for n in names if not _mentioned(n, text)})
    assert not deeper, f"docs/CONFIG.md does not mention these nested keys: {deeper}"


def _table_rows(text: str, prefix: str) -> dict[str, list[str]]:
    """Markdown table rows whose first cell is `prefix...`: key -> the other cells."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith(f"| `{prefix}"):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def _code(value: object) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`"


def test_config_md_defaults_of_links_and_github_match_the_code() -> None:
    from minutes_ci.net.settings import GitHubSettings, LinkSettings

    ls, gs = LinkSettings(), GitHubSettings()
    expected = {
        "links.timeout": ls.timeout,
        "links.max-concurrency": ls.concurrency,
        "links.per-host-concurrency": ls.per_host,
        "links.per-host-interval": ls.host_interval,
        "links.max-redirects": ls.max_redirects,
        "links.allow-private-hosts": ls.allow_private,
        "links.cache.ttl-ok": ls.ttl_good,
        "links.cache.ttl-error": ls.ttl_bad,
        "links.rot.failures": ls.rot_failures,
        "links.rot.days": ls.rot_days,
        "github.check-users": gs.check_users,
        "github.batch": gs.batch,
        "github.max-wait": gs.max_wait,
    }
    text = (DOCS / "CONFIG.md").read_text(encoding="utf-8")
    rows = {**_table_rows(text, "links."), **_table_rows(text, "github.")}
    for key, value in expected.items():
        assert key in rows, f"docs/CONFIG.md has no table row for {key}"
        assert _code(value) in rows[key][1], f"{key}: CONFIG.md says {rows[key][1]!r}, the code {value!r}"
    accepted = " ".join(str(c) for c in sorted(ls.accept))
    assert f"`{accepted}`" in rows["links.accept"][1]


def test_config_md_describes_the_scs_preset_as_it_is() -> None:
    preset = yaml.safe_load((ROOT / "action" / "presets" / "scs.yaml").read_text(encoding="utf-8"))
    text = (DOCS / "CONFIG.md").read_text(encoding="utf-8")
    section = text.split("## The `scs` preset", 1)[1].split("\n## ", 1)[0]
    rows = {
        cells[0].strip("`"): cells
        for line in section.splitlines()
        if line.startswith("| `") and (cells := [c.strip() for c in line.strip().strip("|").split(" | ")])
    }
    for folder, spec in preset["folders"].items():
        assert folder in rows, f"the scs folder {folder} is not in CONFIG.md's preset table"
        require_cell = rows[folder][3]
        for item in spec.get("require") or []:
            assert item in require_cell, f"{folder}: requires {item}, CONFIG.md says {require_cell!r}"
        for entry in spec.get("schedule", []):
            assert str(entry["since"]) in rows[folder][2], f"{folder}: schedule since {entry['since']}"
    for alias in preset["aliases"]:
        assert f"`{alias}`" in section, f"alias {alias} of the scs preset is not in CONFIG.md"


@pytest.mark.parametrize("page", ["RULES.md", "CONFIG.md"])
def test_readme_links_the_documentation(page: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"(docs/{page})" in readme


@pytest.mark.parametrize("page", ["RULES.md", "CONFIG.md"])
def test_relative_links_of_the_docs_resolve(page: str) -> None:
    text = re.sub(r"`[^`\n]*`", "", (DOCS / page).read_text(encoding="utf-8"))  # not links inside code
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target:
            continue
        assert (DOCS / target).exists(), f"{page} links {target}, which does not exist"


def test_anchors_into_config_md_exist() -> None:
    config = (DOCS / "CONFIG.md").read_text(encoding="utf-8")
    slugs = {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", config, flags=re.MULTILINE)}
    for page in ("RULES.md", "CONFIG.md"):
        text = (DOCS / page).read_text(encoding="utf-8")
        prefix = r"\]\(CONFIG\.md#" if page == "RULES.md" else r"\]\(#"
        for anchor in re.findall(prefix + r"([^)]+)\)", text):
            assert anchor in slugs, f"{page} links CONFIG.md#{anchor}, which is no heading"


def _slug(heading: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
