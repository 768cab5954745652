"""A pre-check that proves a front matter valid without importing jsonschema.

Importing jsonschema costs ~120 ms, about half the budget of a pre-push run on one deck, while
nearly every real front matter is valid. This walks the subset of JSON Schema our two schemas use;
it answers True only when every keyword it meets is one it understands and is satisfied, so a True
means jsonschema would report nothing. Anything else (an error, or a keyword it does not know)
goes to jsonschema, which then gives the exact errors and their paths.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_KNOWN = frozenset(
    {
        "$schema", "$id", "$defs", "$ref", "title", "description", "x-expected",
        "type", "enum", "const", "pattern", "anyOf", "properties", "required",
        "additionalProperties", "items", "minimum",
    }
)  # fmt: skip


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    return name == "null" and value is None


@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any] | None:
    if not ref.startswith("#/"):
        return None
    node: Any = root
    for part in ref[2:].split("/"):
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _scalar_ok(schema: dict[str, Any], value: Any) -> bool:
    if "const" in schema and not (type(value) is type(schema["const"]) and value == schema["const"]):
        return False
    if "enum" in schema and not any(type(value) is type(v) and value == v for v in schema["enum"]):
        return False
    types = schema.get("type")
    if types is not None and not any(_is_type(value, t) for t in (types if isinstance(types, list) else [types])):
        return False
    if "pattern" in schema and isinstance(value, str) and not _regex(schema["pattern"]).search(value):
        return False
    minimum = schema.get("minimum")
    return not (minimum is not None and _is_type(value, "number") and value < minimum)


def certainly_valid(schema: dict[str, Any], value: Any, root: dict[str, Any] | None = None) -> bool:
    root = schema if root is None else root
    if "$ref" in schema:
        target = _resolve(root, schema["$ref"])
        return target is not None and len(schema) == 1 and certainly_valid(target, value, root)
    if not set(schema) <= _KNOWN or not _scalar_ok(schema, value):
        return False
    if "anyOf" in schema and not any(certainly_valid(s, value, root) for s in schema["anyOf"]):
        return False
    if isinstance(value, dict):
        props: dict[str, Any] = schema.get("properties", {})
        if any(key not in value for key in schema.get("required", ())):
            return False
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                if not certainly_valid(props[key], item, root):
                    return False
            elif extra is False or (isinstance(extra, dict) and not certainly_valid(extra, item, root)):
                return False
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return all(certainly_valid(schema["items"], item, root) for item in value)
    return True
