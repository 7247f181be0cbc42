"""The one route by which a value reaches Markdown: escaped so that it renders literally, on one
line, and can never change the document's structure."""

from __future__ import annotations

import re

from sggen.render.marks import MARK

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
