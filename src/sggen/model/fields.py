"""The model's vocabulary: ids, texts in several languages, actions, and described fields."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import field
from typing import Literal, NewType

Id = NewType("Id", str)
"""A stable identifier: lower-case letters, digits and '-'."""

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Text = NewType("Text", object)
"""A plain string used in every language, or a mapping language -> string."""

Action = Literal["approves", "reviews", "produces", "informed"]
ACTIONS: tuple[str, ...] = typing.get_args(Action)


def about(description: str, default: object = dataclasses.MISSING, *,
          factory: typing.Callable[[], object] | typing.Any = dataclasses.MISSING,
          examples: list | None = None) -> typing.Any:
    """Return a model field that says what it means to the person editing the YAML file, with
    examples of its value where their form is not obvious: the editor schemas show both."""
    meta = {"description": description, **({"examples": examples} if examples else {})}
    return field(default=default, default_factory=factory, metadata=meta)


def required(f: dataclasses.Field) -> bool:
    """Return whether a model field has no default (must be given)."""
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
