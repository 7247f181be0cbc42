"""Safe YAML loading that keeps the line and column of every value."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sggen import files
from sggen.errors import InputError, Location

MAX_BYTES = 1_000_000  # a role or project file is a few kB; this stops runaway files early
MAX_NODES = 100_000  # values after alias expansion: bounds a "billion laughs" file
MAX_DEPTH = 60

_CORE = "tag:yaml.org,2002:"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # the C parser when present
    """Resolves plain scalars as YAML 1.2's core schema does, plus dates.

    YAML 1.1 (PyYAML's default) reads `yes`, `on` and `no` as booleans, `12:30` as 750,
    `0401234567` as an octal number and `1_000` as 1000; a person, a code or a phone number
    must not change like that. Every scalar's own characters are kept besides (Source.texts).
    """

    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("merge", r"^<<$", "<"),  # recognised only to be refused with a clear message
    ("timestamp", r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                  r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                  r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$", "0123456789"),
):
    _Loader.add_implicit_resolver(_CORE + _tag, re.compile(_pattern), list(_first))

_STR = _CORE + "str"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class Source:
    """A loaded YAML file: plain data plus the place of every value and key."""

    path: Path
    data: object
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    # the characters as written of every scalar read as something other than a text
    # (`0401234567`, `12:30`, `true`, `2027-01-14`): where the model wants a text, these
    texts: dict[tuple, str] = field(default_factory=dict)

    def where(self, keys: tuple = (), *, key: bool = False) -> Location:
        """Return the location of the value (or key) at `keys`, or of its nearest parent."""
        table = self.key_marks if key else self.marks
        while True:
            if keys in table:
                return Location(self.path, *table[keys])
            if keys in self.marks:
                return Location(self.path, *self.marks[keys])
            if not keys:
                return Location(self.path, 1, 1)
            keys = keys[:-1]


def load(path: Path, inside: Path | None = None) -> Source:
    """Read and parse one YAML file; raise InputError with its position if it is unsound.

    The file must be a regular file (inside the folder `inside`, links followed) and at most
    MAX_BYTES long: a pipe, a device or an endless file is refused, never waited for.
    """
    raw = files.read(path, MAX_BYTES, inside,
                     "a role or project file is a few kB; split it or remove what is not needed")
    text = _decode(raw, path)
    _check_characters(text, path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        message, hint, mark = _describe(exc, text)
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        raise InputError(message, where, hint) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise InputError(f"not valid YAML: {message}", Location(path, 1, 1)) from None
    except RecursionError:
        raise InputError(f"YAML nesting is deeper than {MAX_DEPTH} levels",
                         Location(path, 1, 1)) from None
    source = Source(path, None)
    if node is not None:
        source.data = _Builder(source).build(node, ())
    return source


def _decode(raw: bytes, path: Path) -> str:
    """Return `raw` as text; a non-UTF-8 byte is reported with its line and column."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("the file is saved as UTF-16", Location(path, 1, 1),
                         "save the file as UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        start = before.rfind(b"\n") + 1
        col = len(before[start:].decode("utf-8", "replace")) + 1
        raise InputError(
            f"byte 0x{raw[exc.start]:02x} is not UTF-8",
            Location(path, line, col),
            "save the file as UTF-8",
        ) from None
    return text


# What YAML cannot hold: C0 controls other than tab, LF and CR; DEL; C1 controls; lone
# surrogates; U+FFFE and U+FFFF. NEL (U+0085) YAML would take for a line break, which only
# confuses: in a UTF-8 file it is a mis-encoded character. Reported here with line and column.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _check_characters(text: str, path: Path) -> None:
    bad = UNPRINTABLE.search(text)
    if bad:
        line, col = _position(text, bad.start())
        raise InputError(f"control character U+{ord(bad.group()):04X} is not allowed in YAML",
                         Location(path, line, col), "remove it; documents cannot hold it")


def _position(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _describe(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str, yaml.Mark | None]:
    """Return a plain-words message, a hint and the place for a YAML syntax error."""
    problem = " ".join((exc.problem or "not valid YAML").split())
    context = " ".join((exc.context or "").split())
    mark = exc.problem_mark or exc.context_mark
    at = exc.problem_mark.index if exc.problem_mark else -1
    opened = exc.context_mark
    if 0 <= at < len(text) and text[at] == "\t" or "'\\t'" in problem:
        return "a tab character cannot indent YAML", "use spaces", mark
    if "end of stream" in problem and "quoted scalar" in context and opened:
        return "this quoted text is never closed", "add the closing quote", opened
    if ("flow mapping" in context and 0 <= at < len(text) and text[at] == ":" and opened
            and exc.problem_mark.line == opened.line):
        # {fi: Rehtori: Kirkonkylä}: the second ': ' cannot stand in a plain text inside { }
        # (on a later line than the '{', the '{' is more likely never closed)
        return ("a second ': ' in one entry of '{ }'",
                "put a text that holds ': ' in quotes, e.g. {fi: \"Rehtori: Kirkonkylä\"}", mark)
    for kind, start, close in (("flow mapping", "{", "}"), ("flow sequence", "[", "]")):
        if kind in context and opened:
            return (f"expected ',' or '{close}' here: the '{start}' on line {opened.line + 1} "
                    "is not closed",
                    f"close it with '{close}', or put a text holding ', {{ }} [ ]' in quotes",
                    mark)
    if "expected ':'" in problem and opened:
        return ("expected 'key: value' on this line", "add ': ' after the key, or indent a "
                "text that goes on from the line above more than its key", opened)
    if "mapping values are not allowed" in problem:
        return ("a ': ' cannot stand here",
                "put a text that holds ': ' in quotes, or check the indentation", mark)
    if "did not find expected key" in problem or "expected '-' indicator" in problem or \
            "expected <block end>" in problem:
        return ("this line is not indented like the lines above it",
                "indent the entries of one mapping or list by the same number of spaces", mark)
    if "undefined alias" in problem:
        name = re.match(r"\*([^\s,\]}]*)", text[at:]) if at >= 0 else None
        alias = f" *{name.group(1)}" if name else ""
        return f"alias{alias} is not defined above", "define it with &name first", mark
    if "cannot start any token" in problem and 0 <= at < len(text):
        return (f"a value cannot start with '{text[at]}'", "put the text in quotes", mark)
    if "escape code" in problem or "escape character" in problem:
        return ("this escape in a quoted text is not valid", "in double quotes write \\\\ for "
                "a backslash; \\u and \\U need the code of a character", mark)
    if "single document" in context:
        return ("a second YAML document starts here", "a file holds one document; remove the "
                "'---' line", mark)
    return (f"{context}: {problem}" if context else problem), "", mark


def _no_value(key: yaml.Node, value: yaml.Node) -> bool:
    """Return whether a flow mapping's entry is a key alone, with no ':' after it."""
    return (isinstance(value, yaml.ScalarNode) and value.tag == _CORE + "null"
            and value.value == "" and value.start_mark.index == key.end_mark.index)


class _Builder:
    """Turns a composed node graph into plain data, recording where each value came from."""

    def __init__(self, source: Source):
        self.source = source
        self.count = 0
        self.active: set[int] = set()
        self.scalars = yaml.constructor.SafeConstructor()

    def fail(self, message: str, node: yaml.Node, hint: str = "") -> InputError:
        mark = node.start_mark
        return InputError(message, Location(self.source.path, mark.line + 1, mark.column + 1), hint)

    def build(self, node: yaml.Node, keys: tuple) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                f"the file holds more than {MAX_NODES:,} values once aliases are expanded",
                node,
                "remove the repeated aliases",
            )
        if id(node) in self.active:
            raise self.fail("this value contains an alias to itself", node,
                            "an alias cannot repeat the value that holds it")
        if len(keys) > MAX_DEPTH:
            raise self.fail(f"YAML nesting is deeper than {MAX_DEPTH} levels", node)
        mark = node.start_mark
        self.source.marks.setdefault(keys, (mark.line + 1, mark.column + 1))
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, keys)
            if isinstance(node, yaml.SequenceNode):
                self._check_tag(node, _CORE + "seq")
                return [self.build(item, (*keys, i)) for i, item in enumerate(node.value)]
            return self._scalar(node, keys)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, keys: tuple) -> dict:
        self._check_tag(node, _CORE + "map")
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _CORE + "merge":
                raise self.fail("keys must be plain words (merge keys `<<` are not supported)",
                                key_node)
            key = self._scalar(key_node)
            if isinstance(key, (int, float, bool, dt.date)) or key is None:
                key = key_node.value  # `2027: x` or `yes: x` still names a key "2027"/"yes"
            if key in result:
                first = self.source.key_marks[(*keys, key)]
                raise self.fail(f"duplicate key '{key}', first given on line {first[0]}",
                                key_node, "keep one of them")
            if node.flow_style and result and _no_value(key_node, value_node):
                # {fi: Rehtori, Kirkonkylän koulu}: the comma ended the text, and the rest
                # became a key without a value (later "an unknown language")
                before, text = next(reversed(result.items()))
                example = f'{{{before}: "{text}, {key}"}}' if isinstance(text, str) else ""
                raise self.fail(f"'{key}' has no value: the ',' before it ends the text in "
                                "'{ }'", key_node, "put a text that holds a comma in quotes"
                                + (f", e.g. {example}" if example else ""))
            mark = key_node.start_mark
            self.source.key_marks[(*keys, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, (*keys, key))
        return result

    def _scalar(self, node: yaml.Node, keys: tuple | None = None) -> object:
        self._check_tag(node, None)
        if node.tag == _STR:
            return node.value  # most values are texts; the constructor would return the same
        if keys is not None:
            self.source.texts[keys] = node.value
        try:
            value = _core(node) if node.tag != _CORE + "timestamp" else \
                self.scalars.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            if node.tag == _CORE + "timestamp":
                raise self.fail(f"{node.value} is not a date: {exc}", node,
                                "write dates as YYYY-MM-DD") from None
            raise self.fail(f"cannot read {node.value!r}: {exc}", node) from None
        if isinstance(value, dt.datetime):
            raise self.fail(f"{node.value} has a time of day; give the date only", node,
                            "e.g. 2027-01-14")
        return value

    def _check_tag(self, node: yaml.Node, expected: str | None) -> None:
        allowed = _SCALAR_TAGS if expected is None else {expected}
        if node.tag not in allowed:
            tag = node.tag.replace(_CORE, "!!")
            raise self.fail(f"YAML tag {tag} is not allowed", node, "sggen reads plain data only")


def _core(node: yaml.ScalarNode) -> object:
    """Return the value of a YAML 1.2 core-schema scalar (bool, int, float or null)."""
    value, kind = node.value, node.tag[len(_CORE):]
    if kind == "null":
        if value not in ("", "~", "null", "Null", "NULL"):
            raise ValueError("not null")
        return None
    if kind == "bool":
        if value.lower() not in ("true", "false"):
            raise ValueError("not true or false")
        return value.lower() == "true"
    if kind == "int":
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value, 10)  # a leading zero is decimal, not octal as in YAML 1.1
    lowered = value.lower().lstrip("+")
    if lowered in (".inf", "-.inf", ".nan"):
        return float(lowered.replace(".", ""))
    return float(value)
