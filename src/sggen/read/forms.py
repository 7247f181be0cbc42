"""The forms of the values that documents write into attributes and links (language codes and
tags, e-mail addresses, web links): checked as they are read, with what to write instead."""

from __future__ import annotations

import re

from sggen.model import PATTERNS, EmailAddress, Id, Language, LanguageTag, WebLink

# what a value of each form must be, and how to write one
FORMS: dict[object, tuple[str, str]] = {
    Language: ("a language code such as fi",
               "use the language's ISO 639 code in lower case, e.g. fi, sv or en; locales gives "
               "its region"),
    LanguageTag: ("a language tag such as fi-FI",
                  "a BCP 47 tag: the language's ISO 639 code, then its region, e.g. fi-FI, "
                  "sv-FI or en-GB"),
    EmailAddress: ("an e-mail address",
                   "write it as name@example.fi: ASCII letters, digits and dots, one @, no "
                   "spaces"),
    WebLink: ("an https:// link",
              "a document links only to https:// addresses; percent-encode spaces and other "
              "characters"),
}

_COMPILED = {tp: re.compile(pattern) for tp, pattern in PATTERNS.items() if tp is not Id}


def matches(tp: object, value: str) -> bool:
    """Return whether `value` has the form of `tp` (one of FORMS), all of it."""
    return _COMPILED[tp].fullmatch(value) is not None
