"""How one language writes: a text in it, a date as it writes dates, a name as a file name."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

# The keys of strings.yaml that this module and the build read; templates may use any others.
STRING_KEYS = ("months", "date_format", "code_approves", "code_reviews", "code_produces",
               "code_informed", "action_approves", "action_reviews", "action_produces",
               "action_informed", "status_draft", "status_approved")


def text(value: object, lang: str) -> str:
    """Return a text in `lang`: a plain string as is, a mapping by its language key."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return value[lang]
    return str(value)


def format_date(day: dt.date, lang: str, strings: dict) -> str:
    """Return `day` written the way `lang` writes dates (patterns live in strings.yaml)."""
    months = text(strings["months"], lang).split(",")
    pattern = text(strings["date_format"], lang)
    return pattern.format(d=day.day, m=day.month, y=day.year, month=months[day.month - 1].strip())



def slug(name: str) -> str:
    """Return `name` in lower-case ASCII letters and digits joined by hyphens (ä -> a)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "person"



@dataclass(frozen=True)
class Wording:
    """One language and the templates' strings: how a view writes texts and dates."""

    lang: str
    strings: dict

    def text(self, value: object) -> str:
        """Return a text in this language."""
        return text(value, self.lang)

    def date(self, day: dt.date) -> str:
        """Return `day` as this language writes dates."""
        return format_date(day, self.lang, self.strings)
