"""YAML data -> typed model objects: the generic reader that records every problem it finds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
import typing
from typing import TYPE_CHECKING, Literal, Union

from sggen import model
from sggen.errors import Caution, InputError, SggenError, suggest
from sggen.model import ID_PATTERN, Amount, Id, Text
from sggen.read import forms
from sggen.read.load import UNPRINTABLE  # the characters a document cannot hold

if TYPE_CHECKING:
    from sggen.read.load import Source

_ID = re.compile(ID_PATTERN)
BAD = object()  # marks a value that could not be read; its problem is already recorded


def failed(problems: list[SggenError], start: int) -> bool:
    """Return whether an error (not a warning) was recorded after position `start`."""
    return any(not isinstance(p, Caution) for p in problems[start:])


def dotted(keys: tuple) -> str:
    """Return `keys` as the user would write them: people.senior-user[1].name."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


class Checker:
    """Reads one source into model objects and records problems against its positions."""

    def __init__(self, source: Source, languages: list[str], problems: list[SggenError]):
        self.source = source
        self.languages = languages
        self.problems = problems

    def problem(self, keys: tuple, message: str, hint: str = "", *, key: bool = False) -> None:
        """Record a problem at the value (or key) at `keys`."""
        self.problems.append(InputError(message, self.source.where(keys, key=key), hint))

    def warn(self, keys: tuple, message: str, hint: str = "", *, key: bool = False) -> None:
        """Record a warning at the value (or key) at `keys`: built, but probably not meant."""
        self.problems.append(Caution(message, self.source.where(keys, key=key), hint))

    def read(self, tp: object, value: object = BAD, keys: tuple = ()) -> typing.Any:
        """Return `value` (default: the whole file) as a `tp`, or BAD after recording why."""
        if value is BAD and keys == ():
            value = self.source.data
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (Union, types.UnionType):
            return self._union(args, value, keys)
        if dataclasses.is_dataclass(tp):
            return self._object(tp, value, keys)
        if origin is list:
            if not isinstance(value, list):
                return self._wrong(keys, "a list", value)
            items = [self.read(args[0], v, (*keys, i)) for i, v in enumerate(value)]
            return BAD if BAD in items else items
        if origin is dict:
            if not isinstance(value, dict):
                return self._wrong(keys, "a mapping", value)
            out = {k: self.read(args[1], v, (*keys, k)) for k, v in value.items()}
            bad = [k for k in out if args[0] is Id and not _ID.fullmatch(str(k))]
            for k in bad:
                self.problem((*keys, k), f"'{k}' is not a valid id", ID_HINT, key=True)
            return BAD if bad or BAD in out.values() else out
        if origin is Literal:
            if value not in args:
                hint = suggest(value, args) or "one of: " + ", ".join(args)
                self.problem(keys, f"{dotted(keys)} cannot be {value!r}", hint)
                return BAD
            return value
        return self._plain(tp, value, keys)

    def written(self, value: object, keys: tuple) -> object:
        """Return the characters the user wrote for a scalar that YAML read as a number, a
        truth value or a date (`0401234567`, `12:30`, `1e3`, `true`): for where a text is
        wanted. Other values are returned as they are."""
        if value is None or isinstance(value, (str, list, dict)):
            return value
        return self.source.texts.get(keys, value)

    def _plain(self, tp: object, value: object, keys: tuple) -> typing.Any:
        if tp in (Text, Id, str) or tp in forms.FORMS:
            value = self.written(value, keys)
        if tp is Text:
            return self._text(value, keys)
        if tp is Id:
            if not isinstance(value, str) or not _ID.fullmatch(value):
                self.problem(keys, f"{dotted(keys)} must be an id, not {value!r}", ID_HINT)
                return BAD
            return value
        if tp in forms.FORMS:
            return self._form(tp, value, keys)
        if tp is str:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return str(value)  # not from a file (the file's own characters are above)
            if not isinstance(value, str):
                return self._wrong(keys, "a text", value)
            if not value.strip():
                return self._empty(keys)
            return self._clean(value, keys)
        if tp is bool:
            return value if isinstance(value, bool) else self._wrong(keys, "true or false", value)
        if tp is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
            return value if ok else self._wrong(keys, "a whole number", value)
        if tp is Amount:
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                return self._wrong(keys, "a number", value)
            if value < 0 or value != value:
                self.problem(keys, f"{dotted(keys)} must be 0 or more, not {value}")
                return BAD
            return value
        if tp is dt.date:
            if not isinstance(value, dt.date):
                return self._wrong(keys, "a date (YYYY-MM-DD)", value)
            if not FIRST_DAY <= value <= LAST_DAY:
                # the calendar counts working days and months from each date: near the ends
                # of what a date can hold, that arithmetic would overflow
                self.problem(keys, f"{dotted(keys)} must be a date from {FIRST_DAY.year} to "
                             f"{LAST_DAY.year}, not {value}", "check the year")
                return BAD
            return value
        raise TypeError(f"cannot read {tp!r}")

    def _form(self, tp: object, value: object, keys: tuple) -> object:
        """Return `value` if it has the form of `tp` (a language tag, an e-mail address …): a
        document writes it into an attribute or a link, where nothing else may stand."""
        what, hint = forms.FORMS[tp]
        if not isinstance(value, str):
            return self._wrong(keys, what, value)
        if not forms.matches(tp, value):
            self.problem(keys, f"{dotted(keys)} must be {what}, not {_shown(value)}", hint)
            return BAD
        return value

    def _clean(self, value: str, keys: tuple) -> str:
        """Return `value`; control characters XML cannot hold are reported."""
        bad = UNPRINTABLE.search(value)
        if bad:
            self.problem(
                keys,
                f"{dotted(keys)} contains control character U+{ord(bad.group()):04X} "
                f"at position {bad.start() + 1}",
                "remove it; documents cannot hold it",
            )
            return BAD
        return value

    def _empty(self, keys: tuple) -> object:
        self.problem(keys, f"{dotted(keys)} is empty",
                     "write the text, or leave the key out if it is optional")
        return BAD

    def _text(self, value: object, keys: tuple) -> typing.Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            if not value.strip():
                return self._empty(keys)
            return self._clean(value, keys)
        if not isinstance(value, dict):
            return self._wrong(keys, "a text or a mapping of languages to texts", value)
        result = {}
        for lang, text in value.items():
            text = self.written(text, (*keys, lang))
            if lang not in self.languages:
                self.problem((*keys, lang), f"unknown language '{lang}' in {dotted(keys)}",
                             suggest(lang, self.languages) or _langs(self.languages), key=True)
                return BAD
            if not isinstance(text, str) or not text.strip():
                return self._wrong((*keys, lang), "a non-empty text", text)
            result[lang] = self._clean(text, (*keys, lang))
        missing = [lang for lang in self.languages if lang not in value]
        if missing:
            self.problem(keys, f"{dotted(keys)} has no text in {', '.join(missing)}",
                         "add the translation")
            return BAD
        return BAD if BAD in result.values() else result

    def _union(self, args: tuple, value: object, keys: tuple) -> typing.Any:
        options = [a for a in args if a is not type(None)]
        if value is None:
            if type(None) in args:
                return None
            return self._wrong(keys, "a value", value)
        if len(options) == 1:
            return self.read(options[0], value, keys)
        if isinstance(value, dict) and Text in options:
            # a text per language, or numbers: the keys say which
            shaped = [o for o in options if dataclasses.is_dataclass(o)]
            own = shaped and (not value or any(k in _shape(shaped[0])[1] for k in value))
            return self.read(shaped[0] if own else Text, value, keys)
        # Person | list[Person], date | Meeting: the YAML shape picks the branch.
        for option in options:
            if (typing.get_origin(option) is list) == isinstance(value, list) and \
                    dataclasses.is_dataclass(option) == isinstance(value, dict):
                return self.read(option, value, keys)
        for option in options:
            if (typing.get_origin(option) is list) == isinstance(value, list):
                return self.read(option, value, keys)
        return self.read(options[0], value, keys)

    def _object(self, cls: type, value: object, keys: tuple) -> typing.Any:
        if not isinstance(value, dict):
            return self._wrong(keys, "a mapping", value)
        hints, fields = _shape(cls)
        ok = True
        for name in value:
            if name not in fields:
                where = f" in {dotted(keys)}" if keys else ""
                self.problem((*keys, name), f"unknown key '{name}'{where}",
                             suggest(name, fields) or "allowed: " + ", ".join(fields), key=True)
                ok = False
        kwargs = {}
        for name, f in fields.items():
            if name in value:
                kwargs[name] = self.read(hints[name], value[name], (*keys, name))
                ok = ok and kwargs[name] is not BAD
            elif model.required(f):
                self.problem(keys, f"{dotted((*keys, name))} is required")
                ok = False
        return cls(**kwargs) if ok else BAD

    def _wrong(self, keys: tuple, expected: str, value: object) -> object:
        self.problem(keys, f"{dotted(keys) or 'the file'} must be {expected}, not {_kind(value)}")
        return BAD

    def unique(self, items: list, keys: tuple, what: str) -> set[str]:
        """Record ids given twice in `items` (at keys[i]); return the set of ids."""
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                self.problem((*keys, i, "id"), f"{what} id '{item.id}' is given twice")
            seen.add(item.id)
        return seen

    def known(self, value: str, choices: typing.Iterable[str], keys: tuple, what: str,
              *, key: bool = False) -> bool:
        """Record a problem unless `value` is one of `choices`; return whether it is."""
        choices = list(choices)
        if value in choices:
            return True
        hint = suggest(value, choices) or (
            "known: " + ", ".join(choices) if choices else f"no {what} is defined")
        self.problem(keys, f"unknown {what} '{value}'", hint, key=key)
        return False


def _shown(text: str) -> str:
    """Return `text` quoted as a message shows it, shortened when long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _kind(value: object) -> str:
    """Return what a YAML value is, in words: 'the text 'x'', 'a list', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value}"
    if isinstance(value, str):
        return f"the text {_shown(value)}"
    return "a list" if isinstance(value, list) else "a mapping"


@functools.cache
def _shape(cls: type) -> tuple[dict, dict]:
    """Return the type hints and the fields of a model class (resolving hints is slow)."""
    # a field the file does not set (init=False) is worked out after reading
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls) if f.init}


ID_HINT = "use lower-case letters, digits and '-'"
FIRST_DAY, LAST_DAY = dt.date(1970, 1, 1), dt.date(2199, 12, 31)  # the dates a project may give


def _langs(languages: list[str]) -> str:
    return "the workspace languages are " + ", ".join(languages)
