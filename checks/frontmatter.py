"""YAML front matter: where it is, what it holds, and where each key stands (for schema errors).

HedgeDoc reads front matter only when the note starts with ``---`` (peer-tools.md §5.1); a block
after leading blank lines is recorded with ``at_byte0=False`` so a rule can say why HedgeDoc will
ignore it. YAML is composed first (nodes with marks, aliases not expanded) and its expanded size is
bounded before anything is constructed, so an alias bomb costs nothing.
"""

from __future__ import annotations

from typing import Any

import yaml

from .model import FrontMatter, Span

try:  # the C loader is 5-10x faster and PyYAML ships it in most wheels
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NODES = 20_000  # expanded nodes; real front matter has a dozen
MAX_LINES = 200  # a "front matter" longer than this is not one


def find_block(lines: list[str]) -> tuple[int, int, bool] | None:
    """(opening index, closing index, at byte 0) of a front-matter block, 0-based, or None."""
    start = 0
    while start < len(lines) and start < 5 and not lines[start].strip():
        start += 1
    if start >= len(lines) or lines[start].rstrip() != "---":
        return None
    for i in range(start + 1, min(len(lines), start + MAX_LINES)):
        if lines[i].rstrip() in ("---", "..."):
            if start > 0 and not any(":" in ln for ln in lines[start + 1 : i]):
                return None  # a thematic break after blank lines, not metadata
            return start, i, start == 0
    return None


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    if depth > 50:
        return MAX_NODES + 1
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = MAX_NODES + 1  # a cycle counts as too big
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo, depth + 1)
            if size > MAX_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1)
            if size > MAX_NODES:
                break
    memo[key] = size
    return size


def _walk(
    node: yaml.Node,
    path: tuple[str | int, ...],
    offset: int,
    keys: dict[tuple[str | int, ...], Span],
    values: dict[tuple[str | int, ...], Span],
) -> None:
    def span(n: yaml.Node) -> Span:
        return Span(n.start_mark.line + offset, n.start_mark.column + 1, n.end_mark.line + offset,
                    n.end_mark.column + 1)

    values[path] = span(node)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name: str | int = str(k.value) if isinstance(k, yaml.ScalarNode) else "?"
            keys[(*path, name)] = span(k)
            _walk(v, (*path, name), offset, keys, values)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            keys[(*path, i)] = span(item)
            _walk(item, (*path, i), offset, keys, values)


def parse_front_matter(lines: list[str]) -> FrontMatter | None:
    block = find_block(lines)
    if block is None:
        return None
    start, end, at0 = block
    raw = "\n".join(lines[start + 1 : end])
    fm = FrontMatter(span=Span(start + 1, 1, end + 1, len(lines[end]) + 1), raw=raw, data=None, at_byte0=at0)
    offset = start + 2  # YAML line 0 is file line start+2 (1-based)
    try:
        node = yaml.compose(raw, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + offset if mark is not None else start + 1
        col = mark.column + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        fm.error = f"invalid YAML: {problem}"
        fm.error_span = Span(min(line, end + 1), col)
        return fm
    if node is None:
        fm.data = {}
        return fm
    if _expanded_size(node, {}) > MAX_NODES:
        fm.error = f"YAML expands to more than {MAX_NODES} nodes (aliases); refusing to load it"
        fm.error_span = Span(start + 2, 1)
        return fm
    _walk(node, (), offset, fm.key_spans, fm.value_spans)
    try:
        data: Any = yaml.load(raw, Loader=_Loader)
    except (yaml.YAMLError, RecursionError) as exc:
        fm.error = f"invalid YAML: {exc}".splitlines()[0]
        fm.error_span = Span(start + 2, 1)
        return fm
    fm.data = data
    return fm
