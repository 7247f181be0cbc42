"""Jinja2 templates -> Markdown: sandboxed, strict, every value escaped for Markdown."""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from sggen.errors import Location, TemplateError

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that can start or end markup inline, in tables, or in pandoc's extensions (math, citations).
_INLINE = re.compile(r"([\\`*_\[\]<>#|~^$@!&{}])")
_BLOCK_START = re.compile(r"^([-+=:>])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def escape(value: object) -> str:
    """Return `value` as Markdown text that renders literally and stays on one line."""
    if value is None:
        return ""
    text = " ".join(str(value).split())  # a newline in a value must not start a new block
    text = _INLINE.sub(r"\\\1", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


class Renderer:
    """Renders the templates of one folder; compiled templates are reused across projects."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(str(folder)),
            undefined=jinja2.StrictUndefined,
            finalize=escape,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, name: str, context: dict) -> str:
        """Return the Markdown that template `name` makes of `context`."""
        path = self.folder / name
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            where = Location(Path(exc.filename or path), exc.lineno or 0)
            raise TemplateError(f"template syntax: {exc.message}", where) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"template {exc.name} not found", Location(self.folder)) from None
        except jinja2.UndefinedError as exc:
            raise TemplateError(exc.message or "undefined value", self._line(exc, path),
                                "check the name against the template context") from None
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateError(f"not allowed in a template: {exc}", self._line(exc, path)) \
                from None
        except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
            raise TemplateError(f"template failed: {exc}", self._line(exc, path)) from None

    def _line(self, exc: BaseException, path: Path) -> Location:
        """Return the template line where `exc` was raised (Jinja2 maps its frames to it)."""
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename and Path(frame.filename).parent == self.folder:
                return Location(Path(frame.filename), frame.lineno or 0)
        return Location(path)
