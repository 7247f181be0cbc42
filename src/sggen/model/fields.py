"""The model's vocabulary: ids, texts in several languages, the forms of language tags, e-mail
addresses and links, actions, and described fields."""

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

Amount = NewType("Amount", float)
"""A number given as a number, 0 or more: euros, a percentage, weeks, hours."""


# The forms of values that documents write into attributes and links. Each pattern is anchored
# and uses only what Python's re and JSON Schema's regular expressions share.
LanguageTag = NewType("LanguageTag", str)
"""A BCP 47 language tag, the language and usually its region: fi-FI, sv-FI, en-GB."""
# A well-formed tag of RFC 5646 whose language is an ISO 639 code: language, extended
# languages, script, region, variants, extensions, private use.
LANGUAGE_TAG_PATTERN = (r"^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}(-[A-Za-z]{4})?"
                        r"(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
                        r"(-[0-9A-WYZa-wyz](-[A-Za-z0-9]{2,8})+)*(-[Xx](-[A-Za-z0-9]{1,8})+)?$")

Language = NewType("Language", str)
"""A language of the documents, by its code: fi, sv, en (a language tag in lower case)."""
LANGUAGE_PATTERN = (r"^[a-z]{2,3}(-[a-z]{3}){0,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?"
                    r"(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(-[0-9a-wyz](-[a-z0-9]{2,8})+)*"
                    r"(-x(-[a-z0-9]{1,8})+)?$")

EmailAddress = NewType("EmailAddress", str)
"""An e-mail address: ASCII, one @, a dotted domain (a practical subset of RFC 5322)."""
EMAIL_PATTERN = (r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                 r"(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$")

WebLink = NewType("WebLink", str)
"""A web address that a document links to: https, a host, and URI characters only (RFC 3986;
other characters percent-encoded)."""
WEB_LINK_PATTERN = (r"^https://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?"
                    r"([/?#]([A-Za-z0-9._~:/?#@!$&'()*+,;=\[\]-]|%[0-9A-Fa-f]{2})*)?$")

PATTERNS: dict[object, str] = {Id: ID_PATTERN, Language: LANGUAGE_PATTERN,
                               LanguageTag: LANGUAGE_TAG_PATTERN, EmailAddress: EMAIL_PATTERN,
                               WebLink: WEB_LINK_PATTERN}
"""The string types whose values must match a pattern, and the pattern."""

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
