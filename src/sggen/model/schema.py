"""JSON Schemas of the model, each property described, for the editors of the YAML files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Literal, Union

from sggen.model.fields import ID_PATTERN, PATTERNS, Amount, Id, Text, required
from sggen.model.settings import STRING, Strings


def json_schema(cls: type, languages: list[str], title: str, every_language: bool = True) -> dict:
    """Return a JSON Schema (draft 2020-12) for YAML files that hold a `cls`, each property
    described; a text given per language must give each of `languages` unless not
    `every_language` (a project's own texts give only the project's languages)."""
    schema = _schema_of(cls, languages, languages if every_language else [])
    if cls is Strings:
        schema["additionalProperties"] = {"description": STRING, **schema["additionalProperties"]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}


def _schema_of(tp: object, languages: list[str], required_languages: list[str]) -> dict:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp in PATTERNS:
        return {"type": "string", "pattern": PATTERNS[tp]}
    if tp is Text:
        local = {
            "description": "One text per language: " + ", ".join(languages) + ".",
            "type": "object",
            "properties": {lang: {"description": f"The text in '{lang}'.", "type": "string"}
                           for lang in languages},
            "required": list(required_languages),
            "minProperties": 1,
            "additionalProperties": False,
        }
        return {"anyOf": [{"description": "The same text in every language.",
                           "type": "string"}, local]}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is Amount:
        return {"type": "number", "minimum": 0}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if origin is Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": _schema_of(args[0], languages, required_languages)}
    if origin is dict:
        # ids are lower-case with '-'; other keys (the templates' words) may hold '_'
        keys = ID_PATTERN if args[0] is Id else r"^[a-z][a-z0-9_]*$"
        return {
            "type": "object",
            "propertyNames": {"pattern": keys},
            "additionalProperties": _schema_of(args[1], languages, required_languages),
        }
    if origin in (Union, types.UnionType):
        options = [_schema_of(a, languages, required_languages)
                   for a in args if a is not type(None)]
        return options[0] if len(options) == 1 else {"anyOf": options}
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = [f for f in dataclasses.fields(tp) if f.init]  # the others are worked out
        doc = " ".join((tp.__doc__ or "").split())
        described = {"description": doc} if doc and not doc.startswith(tp.__name__ + "(") \
            else {}
        return {
            **described,
            "type": "object",
            "properties": {f.name: {**_about(f, languages),
                                    **_schema_of(hints[f.name], languages, required_languages)}
                           for f in fields},
            "required": [f.name for f in fields if required(f)],
            "additionalProperties": False,
        }
    raise TypeError(f"no schema for {tp!r}")


def _about(f: dataclasses.Field, languages: list[str]) -> dict:
    """Return a field's description and examples for its schema, each example text given in
    `languages` only (an example is not checked, but it should be what the file may hold)."""
    out = {"description": f.metadata["description"]} if "description" in f.metadata else {}
    if "examples" in f.metadata:
        out["examples"] = [_in(example, languages) for example in f.metadata["examples"]]
    return out


def _in(example: object, languages: list[str]) -> object:
    if isinstance(example, dict) and example and set(example) <= {"fi", "sv", "en"}:
        kept = {k: v for k, v in example.items() if k in languages}
        return kept or next(iter(example.values()))
    if isinstance(example, dict):
        return {k: _in(v, languages) for k, v in example.items()}
    if isinstance(example, list):
        return [_in(v, languages) for v in example]
    return example

