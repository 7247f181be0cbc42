"""The renderer: a template and its context in, Markdown and the template line of each of its
lines out; every failure a TemplateError at the template line that caused it."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sggen.errors import Location, TemplateError
from sggen.render import limits
from sggen.render.escape import escape
from sggen.render.loader import Compiled, Loader, RefusedTemplate
from sggen.render.marks import LineMarks, last_mark, unmark
from sggen.render.sandbox import Sandbox


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
        self.env = Sandbox(
            loader=Loader(str(folder)),
            bytecode_cache=Compiled(compiled / jinja2.__version__) if compiled else None,
            undefined=jinja2.StrictUndefined,
            finalize=escape,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=[LineMarks],
        )

    def render(self, name: str, context: dict) -> Rendered:
        """Return the Markdown that template `name` makes of `context`, with its line map."""
        markdown, lines = unmark(self._render_checked(name, context), self.folder, name)
        return Rendered(markdown, lines)

    def _generate(self, name: str, context: dict) -> str:
        try:
            template = self.env.get_template(name)
            self.env.sggen_budget = budget = limits.Budget()
            out, size = [], 0
            try:
                for chunk in template.generate(context):
                    size += len(chunk)
                    if size > limits.MAX_OUTPUT:
                        raise limits.refuse(f"the template writes more than "
                                            f"{limits.MAX_OUTPUT:,} characters")
                    budget.spend(1)
                    out.append(chunk)
            except limits.LimitError as exc:
                # a limit met here, between two template statements, is located where the
                # output stands (one met inside the template has its own frame's line)
                exc.at = last_mark(out, self.folder)
                raise
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
        except limits.LimitError as exc:
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
        return getattr(exc, "at", None) or Location(path)
