"""Jinja2 templates -> Markdown: sandboxed, strict, every value escaped for Markdown."""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token
from jinja2.sandbox import SandboxedEnvironment

from sggen.errors import Location, TemplateError

# U+2063 INVISIBLE SEPARATOR brackets the template line marks in raw output; values never
# contain it (escape() drops it), so every mark found was put there by _LineMarks.
MARK = "\u2063"
_MARKS = re.compile(MARK + r"(\d+):(\d+)" + MARK)
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


MAX_LENGTH = 1_000_000  # the longest text or list a template may build with `*`
MAX_BITS = 100_000  # the largest number a template may compute with `**`


class _Sandbox(SandboxedEnvironment):
    """The Jinja2 sandbox, also refusing `*` and `**` whose result would exhaust memory.

    Jinja2's sandbox stops attribute access to Python internals and huge `range()`s, but not
    `'x' * 10 ** 10`, which would fill the machine's memory before any error could be raised.
    """

    intercepted_binops = frozenset({"*", "**"})

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
        return super().call_binop(context, operator, left, right)


class _LineMarks(Extension):
    """Marks the start of every output line with the template file and line that wrote it.

    Jinja2 keeps no map from output to template lines; the lexer's data tokens know their
    line, so a mark is put after each newline of template text when a template compiles.
    """

    def filter_stream(self, stream):
        files: list[str] = self.environment.sggen_files
        name = stream.filename or stream.name or ""
        if name not in files:
            files.append(name)
        index = files.index(name)
        for token in stream:
            if token.type == "data" and "\n" in token.value:
                parts = token.value.split("\n")
                value = parts[0] + "".join(f"\n{MARK}{index}:{token.lineno + k}{MARK}{part}"
                                           for k, part in enumerate(parts[1:], 1))
                yield Token(token.lineno, "data", value)
            else:
                yield token


@dataclass
class Rendered:
    """A template's Markdown and, for each of its lines, the template line that wrote it."""

    markdown: str
    lines: list[Location | None]


class Renderer:
    """Renders the templates of one folder; compiled templates are reused across projects."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.env = _Sandbox(
            loader=jinja2.FileSystemLoader(str(folder)),
            undefined=jinja2.StrictUndefined,
            finalize=escape,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=[_LineMarks],
        )
        self.env.extend(sggen_files=[])

    def render(self, name: str, context: dict) -> Rendered:
        """Return the Markdown that template `name` makes of `context`, with its line map."""
        raw = self._render(name, context)
        files = self.env.sggen_files
        lines, where, out = [], Location(self.folder / name, 1), []
        for line in raw.split("\n"):
            leading = _LEADING.match(line)
            if leading:
                file, number = _MARKS.findall(leading.group())[-1]
                where = Location(Path(files[int(file)]), int(number))
            lines.append(where)
            out.append(_MARKS.sub("", line) if MARK in line else line)
        return Rendered("\n".join(out), lines)

    def _render(self, name: str, context: dict) -> str:
        path = self.folder / name
        try:
            return self.env.get_template(name).render(context)
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
