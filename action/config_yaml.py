"""Read `.minutes-ci.yaml` with the position of every key, and validate it against its JSON Schema.

Config errors must name the key and the line (``.minutes-ci.yaml:7:11: folders.iaas.kind: ...``), so the
file is composed into a node tree once and every key/value node's mark is kept by its JSON path.
jsonschema is imported only when a file is really validated: it costs ~50 ms of start-up, which
the pre-push hook cannot afford on every run, so a file that passed once is remembered by digest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

JsonPath = tuple[str | int, ...]


class ConfigError(Exception):
    """A configuration problem: the message already names the file, the line and the key."""


# libyaml's parser when present: the pure-Python one takes ~25 ms for the preset alone.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """SafeLoader that keeps dates as strings: the schema checks them, and JSON Schema has no dates."""


# YAML 1.1 reads `off`, `no` and `on` as booleans; `severity: off` must stay the word "off".
_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", _BOOL)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@dataclass
class Marked:
    """Loaded YAML data plus the 1-based (line, col) of each key (mappings) or item (sequences)."""

    data: Any
    file: str
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    value_marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)  # scalar values

    def where(self, path: JsonPath, value: bool = False) -> str:
        """``file:line:col`` of the deepest node on ``path`` that has a mark (the scalar value
        itself when ``value`` and there is one, else its key)."""
        p = tuple(path)
        if value and p in self.value_marks:
            line, col = self.value_marks[p]
            return f"{self.file}:{line}:{col}"
        while p and p not in self.marks:
            p = p[:-1]
        line, col = self.marks.get(p, (1, 1))
        return f"{self.file}:{line}:{col}"


def dotted(path: JsonPath) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def _walk(node: yaml.Node, path: JsonPath, marked: Marked) -> None:
    marks, file = marked.marks, marked.file
    if isinstance(node, yaml.ScalarNode):
        marked.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:  # PyYAML would silently keep the last one
                m = key.start_mark
                raise ConfigError(f"{file}:{m.line + 1}:{m.column + 1}: {dotted((*path, name))}: duplicate key")
            seen.add(name)
            marks[(*path, name)] = (key.start_mark.line + 1, key.start_mark.column + 1)
            _walk(value, (*path, name), marked)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            marks[(*path, i)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            _walk(item, (*path, i), marked)


def load_marked(text: str, file: str) -> Marked:
    """Parse YAML text; raise ConfigError with the line for syntax errors and duplicate keys."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
        raise ConfigError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file}: invalid YAML: {exc}") from None
    marked = Marked(data if data is not None else {}, file)
    if node is not None:
        marked.marks[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
        _walk(node, (), marked)
    return marked


def schema_text(name: str) -> str:
    return resources.files("minutes_ci.schemas").joinpath(name).read_text(encoding="utf-8")


def _cache_marker(digest: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "minutes-ci" / "valid-config" / digest


def validate(marked: Marked, source_text: str) -> None:
    """Validate against config.schema.json; raise ConfigError listing every error with its line."""
    schema = schema_text("config.schema.json")
    digest = hashlib.sha256((schema + "\0" + source_text).encode()).hexdigest()
    marker = _cache_marker(digest)
    if marker.exists():
        return
    import jsonschema  # lazily: see the module docstring

    validator = jsonschema.Draft202012Validator(
        json.loads(schema), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(marked.data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise ConfigError("\n".join(_describe(e, marked) for e in errors))
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:  # a read-only home only costs the next run the validation again
        pass


def _describe(error: Any, marked: Marked) -> str:
    import jsonschema

    if error.validator in ("oneOf", "anyOf") and error.context:
        # the alternative that got furthest into the value explains the problem best
        deepest = max(len(e.absolute_path) for e in error.context)
        error = jsonschema.exceptions.best_match(e for e in error.context if len(e.absolute_path) == deepest)
    path: JsonPath = tuple(error.absolute_path)
    message = str(error.message)
    value = True
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        if extra:
            path = (*path, extra[0])
            value = False
            known = ", ".join(sorted(allowed))
            message = f"unknown key {extra[0]!r} (known keys: {known})"
    return f"{marked.where(path, value)}: {dotted(path)}: {message}"
