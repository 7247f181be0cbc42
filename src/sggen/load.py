"""Safe YAML loading that keeps the line and column of every value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sggen.errors import InputError, Location

MAX_BYTES = 1_000_000  # a role or project file is a few kB; this stops runaway files early
MAX_NODES = 100_000  # values after alias expansion: bounds a "billion laughs" file
MAX_DEPTH = 60

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class Source:
    """A loaded YAML file: plain data plus the place of every value and key."""

    path: Path
    data: object
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

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


def load(path: Path) -> Source:
    """Read and parse one YAML file; raise InputError with its position if it is unsound."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", Location(path)) from None
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"file is {len(raw):,} bytes, more than the limit of {MAX_BYTES:,}",
            Location(path, 1, 1),
        )
    text = _decode(raw, path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        raise InputError(_describe(exc), where) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", Location(path)) from None
    except RecursionError:
        raise InputError("YAML nesting is too deep", Location(path, 1, 1)) from None
    source = Source(path, None)
    if node is not None:
        source.data = _Builder(source).build(node, ())
    return source


def _decode(raw: bytes, path: Path) -> str:
    """Return `raw` as text; a non-UTF-8 byte is reported with its line and column."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"byte 0x{raw[exc.start]:02x} is not UTF-8",
            Location(path, line, col),
            "save the file as UTF-8",
        ) from None
    return text


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "not valid YAML").strip()
    if "'\\t'" in problem or "\\t" in problem:
        return "a tab character cannot indent YAML (use spaces)"
    if exc.context:
        return f"{exc.context.strip()}: {problem}"
    return problem


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
                f"more than {MAX_NODES:,} values after expanding aliases",
                node,
                "remove the repeated aliases",
            )
        if len(keys) > MAX_DEPTH or id(node) in self.active:
            raise self.fail("YAML nesting is too deep (or an alias refers to itself)", node)
        mark = node.start_mark
        self.source.marks.setdefault(keys, (mark.line + 1, mark.column + 1))
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, keys)
            if isinstance(node, yaml.SequenceNode):
                self._check_tag(node, _CORE + "seq")
                return [self.build(item, (*keys, i)) for i, item in enumerate(node.value)]
            return self._scalar(node)
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
                raise self.fail(f"duplicate key '{key}' (first given on line {first[0]})",
                                key_node, "keep one of them")
            mark = key_node.start_mark
            self.source.key_marks[(*keys, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, (*keys, key))
        return result

    def _scalar(self, node: yaml.Node) -> object:
        self._check_tag(node, None)
        try:
            value = self.scalars.construct_object(node)
        except (ValueError, yaml.YAMLError) as exc:
            raise self.fail(f"cannot read {node.value!r}: {exc}", node) from None
        if isinstance(value, dt.datetime):
            raise self.fail(f"{node.value!r}: give a date without a time", node, "e.g. 2027-01-14")
        return value

    def _check_tag(self, node: yaml.Node, expected: str | None) -> None:
        allowed = _SCALAR_TAGS if expected is None else {expected}
        if node.tag not in allowed:
            tag = node.tag.replace(_CORE, "!!")
            raise self.fail(f"YAML tag {tag} is not allowed", node, "sggen reads plain data only")
