"""Errors and warnings that carry the place in the user's files where they were found."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in a file: 1-based line and column (0 means unknown)."""

    path: Path
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        text = _display(self.path)
        if self.line:
            text += f":{self.line}"
            if self.col:
                text += f":{self.col}"
        return text


def _display(path: Path) -> str:
    """Return `path` relative to the current folder when it lies below it."""
    if not Path(path).is_absolute():
        return str(path)
    try:
        relative = os.path.relpath(path)
    except (ValueError, OSError):  # another drive on Windows; the current folder is gone
        return str(path)
    above = relative == os.pardir or relative.startswith(os.pardir + os.sep)
    return str(path) if above else relative


class SggenError(Exception):
    """A problem the user can fix: printed as one line, exit status 2."""

    exit_code = 2
    severity = "error"

    def __init__(self, message: str, where: Location | Path | None = None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.where = Location(where) if isinstance(where, Path) else where
        self.hint = hint

    def __str__(self) -> str:
        message = self.message if self.severity == "error" else f"{self.severity}: {self.message}"
        text = f"{self.where}: {message}" if self.where else message
        text = f"{text} ({self.hint})" if self.hint else text
        return " ".join(text.splitlines())  # one problem, one line


class InputError(SggenError):
    """A YAML file cannot be read, or does not fit the schema."""


class TemplateError(SggenError):
    """A Jinja2 template cannot be compiled or rendered."""


class ReferenceDocError(SggenError):
    """A reference document lacks a layout, placeholder or style sggen needs."""


class ToolError(SggenError):
    """An external program (LibreOffice) is missing or failed."""


class Caution(SggenError):
    """Something a document will show that the user probably did not mean: a warning.

    It does not stop a build (exit 0) unless the user asks for strictness (`--strict`).
    """

    severity = "warning"


class Problems(SggenError):
    """Several problems found at once; printed one per line, sorted by place."""

    def __init__(self, problems: list[SggenError]):
        self.problems = sorted(problems, key=_order)
        super().__init__(f"{len(self.problems)} problem(s)")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def split(problems: Iterable[SggenError]) -> tuple[list[SggenError], list[Caution]]:
    """Return (errors, warnings) of `problems`."""
    errors, warnings = [], []
    for problem in problems:
        (warnings if isinstance(problem, Caution) else errors).append(problem)
    return errors, warnings


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return a "did you mean …?" hint for the closest of `choices`, or ''."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _order(problem: SggenError) -> tuple:
    where = problem.where
    if where is None:
        return ("", 0, 0, problem.message)
    return (str(where.path), where.line, where.col, problem.message)


# What a terminal would act on rather than show: escape sequences (colours, cursor moves, window
# titles, hyperlinks), other C0 and C1 controls, DEL, and the bidirectional overrides that make
# text read in another order than it is stored. A file name or a YAML text can hold any of them.
_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*"
                       r"(?:\x1b\\)?|[ -/]*[0-~]?)|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """Return `text` safe to print on a terminal: escape sequences and control characters
    removed (line breaks and tabs kept), undecodable bytes of file names shown as U+FFFD."""
    text = _SEQUENCE.sub("", text)
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))
