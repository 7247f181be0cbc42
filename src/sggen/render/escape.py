"""The one route by which a value reaches Markdown: escaped so that it renders literally, on one
line, and can never change the document's structure."""

from __future__ import annotations

import functools
import re

from sggen.render.marks import MARK

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that can start or end markup inline, in tables, or in pandoc's extensions (math, citations).
_INLINE = re.compile(r"([\\`*_\[\]<>#|~^$@!&{}])")
_BLOCK_START = re.compile(r"^([-+=:>])")
_ORDERED = re.compile(r"^(\d+)([.)])")
# Runs of whitespace become one space, but a no-break space stays: it keeps a number and its
# unit, or a telephone number, on one line.
_SPACES = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def escape(value: object) -> str:
    """Return `value` as Markdown text that renders literally and stays on one line."""
    return "" if value is None else _escaped(str(value))


@functools.lru_cache(maxsize=8192)  # the library's texts recur on each card and in each project
def _escaped(text: str) -> str:
    # a newline in a value must not start a new block
    text = _SPACES.sub(" ", text.replace(MARK, "")).strip(" \u00a0\u202f\u2007")
    text = _INLINE.sub(r"\\\1", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)
