"""Jinja2 templates -> Markdown: sandboxed, strict, every value escaped for Markdown."""

from __future__ import annotations

import functools
import os
import re
import string
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.lexer import Token
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from sggen import files
from sggen.errors import Location, SggenError, TemplateError

# U+2063 INVISIBLE SEPARATOR brackets the template line marks in raw output; values never
# contain it (escape() drops it), so every mark found was put there by _LineMarks.
MARK = "\u2063"
_MARKS = re.compile(MARK + r"([^" + MARK + r"]+):(\d+)" + MARK)  # template name : line
_LEADING = re.compile(f"^(?:{_MARKS.pattern})+")

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that can start or end markup inline, in tables, or in pandoc's extensions (math, citations).
_INLINE = re.compile(r"([\\`*_\[\]<>#|~^$@!&{}])")
_BLOCK_START = re.compile(r"^([-+=:>])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def escape(value: object) -> str:
    """Return `value` as Markdown text that renders literally and stays on one line."""
    if value is None:
        return ""
    # a newline in a value must not start a new block
    text = " ".join(str(value).replace(MARK, "").split())
    text = _INLINE.sub(r"\\\1", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


MAX_LENGTH = 1_000_000  # the longest text or list a template may build
MAX_BITS = 100_000  # the largest number a template may compute with `**`
MAX_WIDTH = 10_000  # the widest padding a format, center() or indent() may ask for
# A shipped template renders a project with about 10,000 units of work into 36,000 characters
# in 0.02 s; the limits leave a hundred times that.
MAX_WORK = 1_000_000  # loop rounds (weighted by the text they write) and characters built
MAX_OUTPUT = 5_000_000  # characters one render may produce
MAX_SECONDS = 10.0  # processor time one render may take
MAX_TEMPLATE_BYTES = 1_000_000  # one template file

# printf-style conversions, for the widths and precisions they ask for
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_NUMBER = re.compile(r"\d+")


class LimitError(jinja2.exceptions.SecurityError):
    """A template asked for more than a document can need (size, work or time)."""


def _refuse(message: str) -> LimitError:
    return LimitError(message)


def _width(value: object, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise _refuse(f"{what} of {value:,} is wider than the limit of {MAX_WIDTH:,}")


def _check_printf(text: str) -> None:
    """Refuse a printf-style format whose widths could build a huge text."""
    for match in _PRINTF.finditer(text):
        for number in match.groups():
            if number == "*":
                raise _refuse("a '*' width in a % format is not allowed; write the width")
            if number and (len(number) > 6 or int(number) > MAX_WIDTH):
                raise _refuse(f"the % format width {number[:12]} is wider than the limit of "
                              f"{MAX_WIDTH:,}")


def _check_format(text: str) -> None:
    """Refuse a str.format pattern whose widths could build a huge text."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format itself reports the broken pattern
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise _refuse("a width given by a {} field in a format is not allowed")
        for number in _NUMBER.findall(spec):
            if len(number) > 6 or int(number) > MAX_WIDTH:
                raise _refuse(f"the format width {number[:12]} is wider than the limit of "
                              f"{MAX_WIDTH:,}")


def _size(value: object) -> int:
    """Return the length of a text or a list that a template built (0 for other values)."""
    if isinstance(value, (str, list, tuple, dict, set)):
        return len(value)
    return 0


def _joined(items: object, separator: object = "") -> int:
    """Return how long joining `items` would be, without joining them."""
    if not isinstance(items, (list, tuple)):
        return 0
    sep = len(str(separator)) if separator is not None else 0
    return sum(len(x) if isinstance(x, str) else 1 for x in items) + sep * len(items)


class _Budget:
    """What one render has spent: work units and processor time."""

    def __init__(self):
        self.work = 0
        self.calls = 0
        self.deadline = time.process_time() + MAX_SECONDS

    def spend(self, units: int) -> None:
        self.work += units
        if self.work > MAX_WORK:
            raise _refuse(f"the template does too much work (over {MAX_WORK:,} loop rounds "
                          "and characters built); a loop, a macro or an include repeats "
                          "too often")
        self.calls += 1
        if self.calls % 64 == 0 and time.process_time() > self.deadline:
            raise _refuse(f"the template takes longer than {MAX_SECONDS:g} seconds to render")


# The predicted size of a str method's result, before it is built, for the methods that can
# make a text much longer than what they are given.
def _str_method(name: str, text: str, args: tuple, kwargs: dict) -> int:
    if name in ("center", "ljust", "rjust", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        _width(width, f"{name}()")
        return max(len(text), width if isinstance(width, int) else 0)
    if name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        _width(size, "expandtabs()")
        return len(text) + text.count("\t") * (size if isinstance(size, int) else 8)
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and \
            isinstance(args[1], str):
        count = text.count(args[0]) if args[0] else len(text) + 1
        return len(text) + count * max(len(args[1]) - len(args[0]), 0)
    if name == "join" and args:
        return _joined(args[0], text)
    if name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        return len(text) * max(longest, 1)
    return len(text)


def _guard_filter(name: str, func):
    """Return filter `func` checked against the limits: the widths it is asked for before, the
    size of what it built after."""

    passes = jinja2.utils._PassArg.from_obj(func)

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        first, values = args[0], args[1:]  # what Jinja2 passes first: see jinja_pass_arg below
        env = first if passes in (None, jinja2.utils._PassArg.environment) else \
            first.environment
        if passes is None:
            args = values  # the filter itself does not take the environment
        if name == "center":
            _width(values[1] if len(values) > 1 else kwargs.get("width"), "center")
        elif name == "indent":
            width = values[1] if len(values) > 1 else kwargs.get("width", 4)
            _width(width, "indent")
            text = str(values[0]) if values else ""
            pad = width if isinstance(width, int) else len(str(width))
            if len(text) + (text.count("\n") + 1) * pad > MAX_LENGTH:
                raise _refuse(f"the result of indent would be too large (over {MAX_LENGTH:,} "
                              "characters)")
        elif name == "format" and values and isinstance(values[0], str):
            _check_printf(values[0])
        elif name in ("batch", "slice"):
            count = values[1] if len(values) > 1 else kwargs.get("linecount", kwargs.get(
                "slices"))
            if isinstance(count, int) and count > MAX_LENGTH:
                raise _refuse(f"{name} of {count:,} is more than the limit of {MAX_LENGTH:,}")
        elif name == "join" and values:
            items = values[0] if isinstance(values[0], (list, tuple)) else None
            if items is not None and _joined(items, values[1] if len(values) > 1
                                             else kwargs.get("d", "")) > MAX_LENGTH:
                raise _refuse(f"the result of join would be too large (over {MAX_LENGTH:,} "
                              "characters)")
        elif name == "replace" and len(values) >= 3 and isinstance(values[0], str):
            if _str_method("replace", values[0], tuple(values[1:3]), {}) > MAX_LENGTH:
                raise _refuse(f"the result of replace would be too large (over "
                              f"{MAX_LENGTH:,} characters)")
        elif name == "wordwrap" and values:
            wrap = values[4] if len(values) > 4 else kwargs.get("wrapstring") or "\n"
            if len(str(values[0])) * (1 + len(str(wrap))) > MAX_LENGTH * 2:
                raise _refuse("the result of wordwrap would be too large")
        result = func(*args, **kwargs)
        budget = _budget_of(env)
        if budget is not None:
            budget.spend(_size(result))
        if _size(result) > MAX_LENGTH:
            raise _refuse(f"the result of {name} is too large (over {MAX_LENGTH:,} items)")
        return result

    if passes is None:
        guarded.jinja_pass_arg = jinja2.utils._PassArg.environment  # to find the budget
    return guarded


def _budget_of(env) -> _Budget | None:
    return getattr(env, "sggen_budget", None)


class _Limits(NodeTransformer):
    """Rewrites a parsed template so loops and `~` go through the sandbox's checks."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        # Each round costs at least the text the loop's body writes, so nested loops and
        # big blocks of text in a loop are bounded together.
        weight = 1 + sum(len(d.data) for d in node.find_all(nodes.TemplateData))
        node.iter = nodes.Call(nodes.EnvironmentAttribute("sggen_loop"),
                               [node.iter, nodes.Const(weight)], [], None, None,
                               lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Call:
        self.generic_visit(node)
        return nodes.Call(nodes.EnvironmentAttribute("sggen_concat"), node.nodes, [], None,
                          None, lineno=node.lineno)


class _Sandbox(SandboxedEnvironment):
    """The Jinja2 sandbox, bounding what a template may build, repeat and spend.

    Jinja2's sandbox stops attribute access to Python internals and huge `range()`s, but not
    `'x' * 10 ** 10`, `'{:>1000000000}'.format(1)`, nested loops or a text doubled in a loop,
    which would fill the machine's memory or run for hours before any error could be raised.
    Sizes are checked before a result is built; loop rounds, built characters and processor
    time are counted per render (MAX_WORK, MAX_SECONDS). No signals: a build may run in a
    worker process or a thread.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters = {name: _guard_filter(name, func) for name, func in self.filters.items()}
        self.globals["lipsum"] = _lipsum(self.globals["lipsum"])
        self.sggen_budget = None
        self.sggen_sizes: dict[str, int] = {}

    def _parse(self, source, name, filename):
        return _Limits().visit(super()._parse(source, name, filename))

    def _spend(self, units: int) -> None:
        if self.sggen_budget is not None:
            self.sggen_budget.spend(units)

    def sggen_loop(self, iterable, weight: int):
        """Yield the items of a loop, counting each round against the render's budget."""
        for item in iterable:
            self._spend(weight)
            yield item

    def sggen_concat(self, *parts) -> str:
        """Return the parts of `a ~ b` joined, refusing a result beyond MAX_LENGTH."""
        texts = [str(p) for p in parts]
        size = sum(map(len, texts))
        if size > MAX_LENGTH:
            raise _refuse(f"the result of ~ would be too large (over {MAX_LENGTH:,} characters)")
        return "".join(texts)  # counted by call(), through which the template calls this

    def call_binop(self, context, operator: str, left, right):
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and \
                        len(seq) * times > MAX_LENGTH:
                    raise jinja2.exceptions.SecurityError(
                        f"the result of * would be too large (over {MAX_LENGTH:,} items)")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and \
                abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_BITS:
            raise jinja2.exceptions.SecurityError(
                f"the result of ** would be too large (over {MAX_BITS:,} bits)")
        if operator == "+" and isinstance(left, (str, list, tuple)) and \
                isinstance(right, (str, list, tuple)) and len(left) + len(right) > MAX_LENGTH:
            raise jinja2.exceptions.SecurityError(
                f"the result of + would be too large (over {MAX_LENGTH:,} items)")
        if operator == "%" and isinstance(left, str):
            _check_printf(left)
        result = super().call_binop(context, operator, left, right)
        self._spend(_size(result))
        return result

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        pattern = value.__self__

        @functools.wraps(wrapped)
        def checked(*args, **kwargs):
            _check_format(pattern)
            result = wrapped(*args, **kwargs)
            self._spend(len(result))
            if len(result) > MAX_LENGTH:
                raise _refuse(f"the result of format is too large (over {MAX_LENGTH:,} "
                              "characters)")
            return result

        return checked

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's signature
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and _str_method(name, owner, args, kwargs) > MAX_LENGTH:
            raise _refuse(f"the result of {name}() would be too large (over "
                          f"{MAX_LENGTH:,} characters)")
        __self._spend(1)
        result = super().call(__context, __obj, *args, **kwargs)
        __self._spend(_size(result))
        if _size(result) > MAX_LENGTH or (isinstance(owner, (list, dict, set))
                                          and len(owner) > MAX_LENGTH):
            raise _refuse(f"the result of {name or 'a call'}() is too large (over "
                          f"{MAX_LENGTH:,} items)")
        return result

    def get_template(self, name, parent=None, globals=None):  # noqa: A002 - Jinja2's name
        template = super().get_template(name, parent, globals)
        if parent is not None:  # an include or import while rendering: its text is work
            # (a twentieth of it: a template including itself ends with its own clear error)
            self._spend(1 + self.sggen_sizes.get(template.filename, 0) // 20)
        return template


def _lipsum(func):
    """Return lipsum() bounded to what a placeholder text needs."""

    @functools.wraps(func)
    def bounded(n=5, html=True, min=20, max=100):  # noqa: A002 - Jinja2's names
        for value, limit, what in ((n, 100, "paragraphs"), (min, 1000, "words"),
                                   (max, 1000, "words")):
            if isinstance(value, int) and value > limit:
                raise _refuse(f"lipsum() of {value:,} {what} is more than the limit of {limit}")
        return func(n=n, html=html, min=min, max=max)

    return bounded


class _Loader(jinja2.FileSystemLoader):
    """Loads templates from one folder only: a link that leads out of it, a pipe, a device or
    an oversized file is refused with its path (and never opened or waited for)."""

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        folder = self.searchpath[0]
        filename = os.path.join(folder, *pieces)
        if not os.path.lexists(filename):
            raise jinja2.TemplateNotFound(template)
        try:
            raw = files.read(Path(filename), MAX_TEMPLATE_BYTES, Path(folder),
                             "a template is a few kB; split it with {% include %}")
        except SggenError as exc:
            raise RefusedTemplate(template, exc) from None
        contents = raw.decode("utf-8")
        environment.sggen_sizes[os.path.normpath(filename)] = len(contents)
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate


class RefusedTemplate(jinja2.TemplateNotFound):
    """A template file that exists but may not be read (see _Loader)."""

    def __init__(self, name: str, error: SggenError):
        super().__init__(name, error.message)
        self.error = error


class _LineMarks(Extension):
    """Marks the start of every output line with the template file and line that wrote it.

    Jinja2 keeps no map from output to template lines; the lexer's data tokens know their
    line, so a mark is put after each newline of template text when a template compiles.
    """

    def filter_stream(self, stream):
        # The mark names the template, not an index into a list built while compiling: a
        # template loaded from the bytecode cache is never compiled in this process.
        name = stream.name or ""
        for token in stream:
            if token.type == "data" and "\n" in token.value:
                parts = token.value.split("\n")
                value = parts[0] + "".join(f"\n{MARK}{name}:{token.lineno + k}{MARK}{part}"
                                           for k, part in enumerate(parts[1:], 1))
                yield Token(token.lineno, "data", value)
            else:
                yield token


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Jinja2's bytecode cache, for which a folder that cannot be written is no error."""

    def __init__(self, directory: Path):
        super().__init__(str(directory))
        self.usable = True
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            self.usable = False

    def load_bytecode(self, bucket) -> None:
        if self.usable:
            try:
                super().load_bytecode(bucket)
            except OSError:
                self.usable = False  # e.g. a file where the folder should be
            except Exception:  # a truncated entry Jinja2 cannot unpickle: compile afresh
                bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        if self.usable:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                self.usable = False  # read-only or full: compile in memory from now on


@dataclass
class Rendered:
    """A template's Markdown and, for each of its lines, the template line that wrote it."""

    markdown: str
    lines: list[Location | None]


class Renderer:
    """Renders the templates of one folder; compiled templates are reused across projects."""

    def __init__(self, folder: Path, compiled: Path | None = None):
        """`compiled`: a folder where compiled templates are kept for the next process."""
        self.folder = folder
        self.env = _Sandbox(
            loader=_Loader(str(folder)),
            bytecode_cache=_Compiled(compiled / jinja2.__version__) if compiled else None,
            undefined=jinja2.StrictUndefined,
            finalize=escape,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=[_LineMarks],
        )

    def render(self, name: str, context: dict) -> Rendered:
        """Return the Markdown that template `name` makes of `context`, with its line map."""
        raw = self._render_checked(name, context)
        lines, where, out = [], Location(self.folder / name, 1), []
        for line in raw.split("\n"):
            leading = _LEADING.match(line)
            if leading:
                file, number = _MARKS.findall(leading.group())[-1]
                where = Location(self.folder / file, int(number))
            lines.append(where)
            out.append(_MARKS.sub("", line) if MARK in line else line)
        return Rendered("\n".join(out), lines)

    def _generate(self, name: str, context: dict) -> str:
        try:
            template = self.env.get_template(name)
            self.env.sggen_budget = budget = _Budget()
            out, size = [], 0
            for chunk in template.generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise _refuse(f"the template writes more than {MAX_OUTPUT:,} characters")
                budget.spend(1)
                out.append(chunk)
            return "".join(out)
        finally:
            self.env.sggen_budget = None

    def _render_checked(self, name: str, context: dict) -> str:
        path = self.folder / name
        try:
            return self._generate(name, context)
        except RefusedTemplate as exc:
            if exc.name == name:
                raise TemplateError(exc.error.message, exc.error.where, exc.error.hint) \
                    from None
            raise self._fail(exc, path, f"template {exc.error.where}: {exc.error.message}",
                             exc.error.hint) from None
        except LimitError as exc:
            raise self._fail(exc, path, f"not allowed in a template: {exc}",
                             "a document needs far less; check the loop or expression") \
                from None
        except jinja2.TemplateSyntaxError as exc:
            where = Location(Path(exc.filename or path), exc.lineno or 0)
            raise TemplateError(f"template syntax: {exc.message}", where) from None
        except jinja2.TemplateNotFound as exc:
            if exc.name == name:
                raise TemplateError(f"template {name} not found", Location(self.folder)) \
                    from None
            raise self._fail(exc, path, f"template {exc.name} not found",
                             f"no such file in {Location(self.folder)}") from None
        except jinja2.UndefinedError as exc:
            raise self._fail(exc, path, exc.message or "undefined value",
                             "check the name against the template context") from None
        except jinja2.exceptions.SecurityError as exc:
            raise self._fail(exc, path, f"not allowed in a template: {exc}") from None
        except RecursionError as exc:
            raise self._fail(exc, path, "the template calls itself without end",
                             "check recursive macros and includes") from None
        except UnicodeDecodeError as exc:
            before = exc.object[:exc.start]
            line = before.count(b"\n") + 1
            col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
            raise TemplateError(f"byte 0x{exc.object[exc.start]:02x} is not UTF-8",
                                Location(path, line, col), "save the template as UTF-8") \
                from None
        except MemoryError as exc:
            raise self._fail(exc, path, "the template needs more memory than there is") \
                from None
        except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
            raise self._fail(exc, path, f"template failed: {exc}") from None

    def check(self) -> list[TemplateError]:
        """Return the syntax errors of every template in the folder (compiles, renders none)."""
        problems = []
        for path in sorted(self.folder.rglob("*.j2")):
            name = path.relative_to(self.folder).as_posix()
            try:
                self.env.get_template(name)
            except RefusedTemplate as exc:
                problems.append(TemplateError(exc.error.message, exc.error.where,
                                              exc.error.hint))
            except jinja2.TemplateSyntaxError as exc:
                where = Location(Path(exc.filename or path), exc.lineno or 0)
                problems.append(TemplateError(f"template syntax: {exc.message}", where))
            except (jinja2.TemplateError, UnicodeDecodeError) as exc:
                problems.append(TemplateError(f"cannot read template: {exc}", Location(path)))
        return problems

    def _fail(self, exc: BaseException, path: Path, message: str, hint: str = "") -> TemplateError:
        """Return a TemplateError at the template line where `exc` was raised, quoting it."""
        where = self._line(exc, path)
        try:
            lines = where.path.read_text(encoding="utf-8").splitlines()
            line = lines[where.line - 1].strip() if where.line > 0 else ""
        except (OSError, UnicodeDecodeError, IndexError):
            line = ""
        if line:
            message += f" in `{line if len(line) <= 60 else line[:57] + '...'}`"
        return TemplateError(message, where, hint)

    def _line(self, exc: BaseException, path: Path) -> Location:
        """Return the template line where `exc` was raised (Jinja2 maps its frames to it)."""
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename and Path(frame.filename).is_relative_to(self.folder):
                return Location(Path(frame.filename), frame.lineno or 0)
        return Location(path)
