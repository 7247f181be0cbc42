"""The template line marks: each newline of template text marked with its template and line
when the template compiles, then read and stripped from the rendered text."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2.ext import Extension
from jinja2.lexer import Token

from sggen.errors import Location

# U+2063 INVISIBLE SEPARATOR brackets the template line marks in raw output; values never
# contain it (escape() drops it), so every mark found was put there by _LineMarks.
MARK = "\u2063"
_MARKS = re.compile(MARK + r"([^" + MARK + r"]+):(\d+)" + MARK)  # template name : line
_LEADING = re.compile(f"^(?:{_MARKS.pattern})+")


class LineMarks(Extension):
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


def unmark(raw: str, folder: Path, name: str) -> tuple[str, list[Location | None]]:
    """Return `raw` (rendered from template `name` in `folder`) without its marks, and for each
    of its lines the template line that wrote it."""
    lines, where, out = [], Location(folder / name, 1), []
    # a loop writes many lines from one template line: each location is made once, and each
    # template's path
    known: dict[tuple[str, str], Location] = {}
    paths: dict[str, Path] = {}
    for line in raw.split("\n"):
        leading = _LEADING.match(line)
        if leading:
            mark = _MARKS.findall(leading.group())[-1]
            if mark not in known:
                if mark[0] not in paths:
                    paths[mark[0]] = folder / mark[0]
                known[mark] = Location(paths[mark[0]], int(mark[1]))
            where = known[mark]
        lines.append(where)
        out.append(_MARKS.sub("", line) if MARK in line else line)
    return "\n".join(out), lines


def last_mark(chunks: list[str], folder: Path) -> Location | None:
    """Return the template line that wrote the last marked line of `chunks` (rendered from
    templates in `folder`), or None: where a render stood when it was stopped."""
    for chunk in reversed(chunks):
        found = _MARKS.findall(chunk)
        if found:
            file, number = found[-1]
            return Location(folder / file, int(number))
    return None
