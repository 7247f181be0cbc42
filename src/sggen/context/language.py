"""How one language writes: a text in it, a date and a time of day as it writes them, where a
line may not break (numbers, units, telephone numbers), how it sorts words, a name as a file
name."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from sggen.model import NUMBER_FORMAT

# The keys of strings.yaml that this module and the build read; templates may use any others.
STRING_KEYS = ("months", "date_format", "code_approves", "code_reviews", "code_produces",
               "code_informed", "action_approves", "action_reviews", "action_produces",
               "action_informed", "status_draft", "status_approved", "progress_review",
               "meeting_review", "review_label", "rhythm_events", "rhythm_every",
               "rhythm_if_longer", "rhythm_during", "rhythm_papers", "every_months",
               "every_weeks", "every_n_months", "every_n_weeks", "longer_months",
               "longer_weeks", "longer_n_months", "longer_n_weeks", "count_words", "list_and",
               "number_format", "unit_euros", "unit_percent", "unit_week", "unit_weeks",
               "unit_hours_month", "per_year", "vat_included", "vat_excluded",
               "timeline_stage")

NBSP = "\u00a0"  # a space where a line must not break


def text(value: object, lang: str) -> str:
    """Return a text in `lang`: a plain string as is, a mapping by its language key; a number
    and its unit, and a telephone number, joined by no-break spaces (see `nobreak`)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return nobreak(value[lang])
    return nobreak(str(value))


def format_date(day: dt.date, lang: str, strings: dict) -> str:
    """Return `day` written the way `lang` writes dates (patterns live in strings.yaml)."""
    months = text(strings["months"], lang).split(",")
    pattern = text(strings["date_format"], lang)
    written = pattern.format(d=day.day, m=day.month, y=day.year,
                             month=months[day.month - 1].strip())
    return written.replace(" ", NBSP)  # a date is read as one word: 4 March 2027


def separators(pattern: str) -> tuple[str, str]:
    """Return the thousands separator and the decimal mark of a language, from the way it
    writes one thousand and a half (`number_format`: '1 000,5', '1,000.5')."""
    found = re.search(NUMBER_FORMAT, pattern)
    if found is None:
        raise ValueError(f"{pattern!r} is not one thousand and a half (e.g. '1,000.5')")
    return found.group(1), found.group(2)


def format_number(value: float, lang: str, strings: dict, places: int = 2) -> str:
    """Return `value` as `lang` writes numbers: its thousands separator (a no-break space in
    Finnish and Swedish) and decimal mark; a whole number without decimals, any other with
    up to `places` of them."""
    thousands, decimal = separators(text(strings["number_format"], lang))
    whole = abs(value - round(value)) < 0.5 * 10 ** -places
    # at most `places` decimals, none that are trailing zeros: 2,5 h, not 2,50 h
    digits = f"{round(value):,}" if whole else f"{value:,.{places}f}".rstrip("0")
    return digits.translate({ord(","): "\x00", ord("."): decimal}).replace("\x00", thousands)


def format_money(euros: float, lang: str, strings: dict) -> str:
    """Return an amount of euros as `lang` writes it: fi and sv `480 000 €` (no-break spaces),
    en `€480,000`."""
    return text(strings["unit_euros"], lang).format(n=format_number(euros, lang, strings))


# How each language writes a time of day: what stands before it, and between the hours and the
# minutes. Finnish and Swedish write klo 13.00 / kl. 13.00 and drop a leading zero (klo 9.00);
# English and any language not listed write 13:00.
CLOCKS: dict[str, tuple[str, str, bool]] = {"fi": ("klo", ".", False),
                                             "sv": ("kl.", ".", False)}
_CLOCK_DEFAULT = ("", ":", True)


def clock(hhmm: str, lang: str) -> str:
    """Return a time of day given as HH:MM the way `lang` writes it: fi 'klo 13.00', sv
    'kl. 13.00', en '13:00' (the word and the time joined by a no-break space)."""
    word, mark, leading_zero = CLOCKS.get(lang, _CLOCK_DEFAULT)
    hours, _, minutes = hhmm.partition(":")
    shown = f"{hours if leading_zero else str(int(hours))}{mark}{minutes}"
    return f"{word}{NBSP}{shown}" if word else shown


# Where a line must not break: between the groups of a number (15 000), between a number and
# what follows it (15 000 €, 99,5 %, 3 viikkoa, 4 March), after ± and a time's word (klo 13.00),
# and inside a telephone number (+358 40 123 4567). Only spaces the text already has are
# replaced; a range's dash keeps its breakable spaces.
_PHONE = re.compile(r"(?<![\w.,])(?:\+|0)\d{1,4}(?: \d{1,4}){2,}\b")
_JOINED = re.compile(r"(?<=\d) (?=\d{3}\b)"  # thousands
                     r"|(?<=\d) (?=[%€$£‰°§]|[^\W\d_])"  # a number and its unit or word
                     r"|(?<=[±§]) (?=\d)"  # ± 10 %, § 27
                     r"|(?<=\b(?:klo|kl\.)) (?=\d)")  # klo 13.00


def nobreak(text: str) -> str:
    """Return `text` with no-break spaces where a line must not break: inside a telephone
    number and a grouped number, between a number and its unit or the word after it, after
    ± and after a time of day's word (klo, kl.)."""
    if not any(c.isdigit() for c in text):
        return text
    text = _PHONE.sub(lambda m: m.group().replace(" ", NBSP), text)
    return _JOINED.sub(NBSP, text)


# The letters each language sorts after z, in its own order (Finnish and Swedish: å, ä, ö).
_LAST = {"fi": "åäö", "sv": "åäö"}


def collate(word: str, lang: str) -> tuple:
    """Return a key that sorts words as `lang` sorts them: case ignored, and Finnish and
    Swedish å, ä and ö after z."""
    last = _LAST.get(lang, "")
    plain = unicodedata.normalize("NFC", word).casefold()
    return tuple((1, last.index(c)) if c in last else (0, ord(c)) for c in plain)


def capitalised(text: str) -> str:
    """Return `text` with its first letter in upper case, as a line begins (a job title in
    running text is lower case in Finnish and Swedish: varhaiskasvatusjohtaja)."""
    return text[:1].upper() + text[1:]


def slug(name: str) -> str:
    """Return `name` in lower-case ASCII letters and digits joined by hyphens (ä -> a)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "person"


@dataclass(frozen=True)
class Wording:
    """One language and the templates' strings: how a view writes texts, dates, times of day
    and numbers."""

    lang: str
    strings: dict

    def text(self, value: object) -> str:
        """Return a text in this language."""
        return text(value, self.lang)

    def date(self, day: dt.date) -> str:
        """Return `day` as this language writes dates."""
        return format_date(day, self.lang, self.strings)

    def say(self, key: str, **values: object) -> str:
        """Return the templates' string `key` in this language, its {fields} filled in."""
        return self.text(self.strings[key]).format(**values)

    def number(self, value: float, places: int = 2) -> str:
        """Return a number as this language writes numbers."""
        return format_number(value, self.lang, self.strings, places)

    def money(self, euros: float) -> str:
        """Return an amount of euros as this language writes it."""
        return format_money(euros, self.lang, self.strings)

    def percent(self, value: float) -> str:
        """Return a percentage as this language writes it: `10 %`, `10%`."""
        return self.say("unit_percent", n=self.number(value, 1))

    def weeks(self, value: float) -> str:
        """Return a number of weeks: `1 viikko`, `3 viikkoa`."""
        return self.say("unit_week" if value == 1 else "unit_weeks", n=self.number(value, 1))

    def listed(self, items: list[str]) -> str:
        """Return items joined as the language lists them: 'a, b ja c'."""
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.text(self.strings['list_and'])} {items[-1]}"

    def nth(self, key: str, n: int) -> str:
        """Return the n-th entry (from 1) of a comma-separated string, or its `_n` form past
        the list's end: how often (`every_months`), how long (`longer_weeks`)."""
        entries = [e.strip() for e in self.text(self.strings[key]).split(",")]
        if 1 <= n <= len(entries):
            return entries[n - 1]
        return self.say(key.replace("_", "_n_", 1), n=n)

    def count(self, n: int) -> str:
        """Return a small count as a word (five), a larger one as digits."""
        entries = [e.strip() for e in self.text(self.strings["count_words"]).split(",")]
        return entries[n - 1] if 1 <= n <= len(entries) else self.number(n)

    def clock(self, hhmm: str) -> str:
        """Return a time of day (HH:MM) as this language writes it."""
        return clock(hhmm, self.lang)
