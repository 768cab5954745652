"""Front matter must follow HedgeDoc's schema for notes and slide decks.

What it does: validates the front matter against `schemas/frontmatter-deck.schema.json` (decks and
any file with `type: slide`) or `schemas/frontmatter-note.schema.json` (other notes): HedgeDoc's
meta keys with their types, `type: slide`, only the `slideOptions` that HedgeDoc passes to
reveal.js 3.9.2, a theme that exists (black, white, league, beige, sky, night, serif, simple,
solarized, blood, moon), a known transition, `parallaxBackgroundImage` a URL, `tags` a string or
a list. Every error names the key and its line. A deck without any front matter is reported too.
Why is this bad? HedgeDoc drops unknown keys and options silently and falls back to the black
theme for an unknown one: the deck looks wrong in the meeting and nobody sees why.
Example: bad `parallaxBackgroundImage: '![](https://example.org/a.jpg)'` or `theme: dark`;
good `parallaxBackgroundImage: https://example.org/a.jpg` and `theme: white`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..model import Document, FrontMatter, Kind, Severity, Span
from ..rule import Context, Problem, Rule
from ._schema_fast import certainly_valid

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

DECK_SCHEMA = "frontmatter-deck.schema.json"
NOTE_SCHEMA = "frontmatter-note.schema.json"

# Loaded and compiled once per process, on first use: importing jsonschema costs more than
# checking a file, and most files (team minutes) have no front matter at all.
_SCHEMAS: dict[str, dict[str, Any]] = {}
_VALIDATORS: dict[str, Validator] = {}


def schema_of(name: str) -> dict[str, Any]:
    found = _SCHEMAS.get(name)
    if found is None:
        found = json.loads(resources.files("minutes_ci.schemas").joinpath(name).read_text("utf-8"))
        if not isinstance(found, dict):  # our own package data; a broken install, not bad input
            raise TypeError(f"schema {name} is not a JSON object")
        _SCHEMAS[name] = found
    return found


def validator(name: str) -> Validator:
    found = _VALIDATORS.get(name)
    if found is None:
        from jsonschema import Draft202012Validator

        found = Draft202012Validator(schema_of(name))
        _VALIDATORS[name] = found
    return found


def _dotted(path: Sequence[str | int]) -> str:
    return ".".join(str(p) for p in path) if path else "front matter"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    return names.get(type(value), _shown(value))


def _expected_types(types: Any) -> str:
    items = types if isinstance(types, list) else [types]
    return " or ".join(str(t) for t in items)


def _span(fm: FrontMatter, path: tuple[str | int, ...]) -> Span:
    return fm.value_spans.get(path) or fm.span_for(path)


def _problems(fm: FrontMatter, err: ValidationError) -> Iterator[Problem]:
    path = tuple(err.absolute_path)
    where, value, kind = _dotted(path), err.instance, err.validator
    schema: dict[str, Any] = err.schema if isinstance(err.schema, dict) else {}
    expected: Any = err.validator_value  # the keyword's value in the schema (a list for enum/required)
    if kind == "additionalProperties" and isinstance(value, dict):
        known = list(schema.get("properties", {}))
        why = "hedgedoc does not pass it to reveal.js" if path == ("slideOptions",) else "hedgedoc ignores it"
        for key in value:
            if key not in known:
                sub = (*path, key)
                close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.7)
                hint = f" (did you mean {close[0]}?)" if close else ""
                yield Problem(fm.span_for(sub), f"unknown key {_dotted(sub)}: {why}{hint}")
        return
    if kind == "required" and isinstance(value, dict):
        for key in expected:
            if key not in value:
                hint = ", expected 'type: slide' in a deck" if key == "type" and not path else ""
                yield Problem(fm.span_for(path), f"missing key {_dotted((*path, key))}{hint}")
        return
    if kind == "enum":
        allowed = ", ".join(str(v) for v in expected)
        message = f"{where} is {_shown(value)}, expected one of {allowed}"
    elif kind == "const":
        message = f"{where} is {_shown(value)}, expected {expected!r}"
    elif kind == "type":
        if not path:
            message = f"front matter is {_type_name(value)}, expected a mapping of keys"
        else:
            message = f"{where} is {_type_name(value)}, expected {_expected_types(expected)}"
    elif "x-expected" in schema:
        message = f"{where} is {_shown(value)}, expected {schema['x-expected']}"
    else:
        message = f"{where}: {err.message}"
    yield Problem(_span(fm, path), message)


def _wants_deck(doc: Document, data: Any) -> bool:
    return doc.kind is Kind.DECK or (isinstance(data, dict) and data.get("type") == "slide")


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    fm = doc.front_matter
    if fm is None:
        if doc.kind is Kind.DECK and doc.fatal is None:
            yield Problem(Span(1, 1), "deck has no front matter, expected one with 'type: slide'")
        return
    if fm.error is not None:
        return  # broken YAML is front-matter-yaml-error's finding
    data = fm.data
    if data is None:  # empty front matter: harmless for a note, but a deck still needs its type
        if not _wants_deck(doc, data):
            return
        data = {}
    schema = DECK_SCHEMA if _wants_deck(doc, data) else NOTE_SCHEMA
    if certainly_valid(schema_of(schema), data):
        return  # the usual case, decided without importing jsonschema
    errors = sorted(validator(schema).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    seen: set[tuple[Span, str]] = set()
    for err in errors:
        for problem in _problems(fm, err):
            key = (problem.span, problem.message)
            if key not in seen:
                seen.add(key)
                yield problem


RULE = Rule(id="front-matter-schema-error", severity=Severity.ERROR, check=check, doc=__doc__)
