"""Jinja2 templates -> Markdown: sandboxed, strict, every value escaped for Markdown.

escape.py is the one route by which a value reaches Markdown; limits.py bounds what a render may
build and spend, and sandbox.py holds templates to it; loader.py reads templates from one folder
(and keeps them compiled); marks.py maps each Markdown line to its template line; renderer.py
puts them together. The limits are read from `sggen.render.limits` when a render runs.
"""

from __future__ import annotations

from sggen.render.escape import escape
from sggen.render.limits import (
    MAX_BITS,
    MAX_LENGTH,
    MAX_OUTPUT,
    MAX_SECONDS,
    MAX_TEMPLATE_BYTES,
    MAX_WIDTH,
    MAX_WORK,
    LimitError,
)
from sggen.render.loader import RefusedTemplate
from sggen.render.marks import MARK
from sggen.render.renderer import Rendered, Renderer

__all__ = [
    "MARK", "MAX_BITS", "MAX_LENGTH", "MAX_OUTPUT", "MAX_SECONDS", "MAX_TEMPLATE_BYTES",
    "MAX_WIDTH", "MAX_WORK", "LimitError", "RefusedTemplate", "Rendered", "Renderer", "escape",
]
