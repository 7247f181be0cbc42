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
# the breaks and spaces a value is joined over; a no-break space (480 000 €) stays as it is
_SPACE = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")


def escape(value: object) -> str:
    """Return `value` as Markdown text that renders literally and stays on one line."""
    if value is None:
        return ""
    # a newline in a value must not start a new block
    text = _SPACE.sub(" ", str(value).replace(MARK, "")).strip()
    text = _INLINE.sub(r"\\\1", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)
