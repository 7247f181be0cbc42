"""The timeline's own facts, checked: a project's deadline (a date the board must not miss)
and the short labels the timeline gives each decision point."""

from __future__ import annotations

import re

from sggen.model import Board, Project
from sggen.read.typed import Checker

SHORT = 32  # characters: a short label longer than this wraps on the timeline
_FIELD = re.compile(r"\{([^{}]*)\}")
FIELDS = {"stage"}  # what a short label may name: the stage its meeting closes


def check_deadline(project: Project, check: Checker) -> None:
    """Record a deadline with no words, and warn of one that falls before the first meeting
    (the board can no longer act on it) or beyond the year after the last stage ends."""
    deadline = project.deadline
    if deadline is None:
        return
    keys = ("deadline",)
    if not any(str(v).strip() for v in _texts(deadline.text)):
        check.problem((*keys, "text"), "the deadline says nothing of what falls due",
                      "e.g. text: {fi: Kevään hakukausi alkaa, en: Spring applications open}")
    meetings = project.meetings.meetings()
    if meetings and deadline.date < meetings[0].date:
        check.warn((*keys, "date"), f"the deadline {deadline.date} is before the first meeting "
                   f"{meetings[0].date}", "give the next date the board must not miss")
    ends = [s.end for s in project.stages] + [m.date for m in meetings]
    if ends and (deadline.date - max(ends)).days > 366:
        check.warn((*keys, "date"), f"the deadline {deadline.date} is over a year after the "
                   f"project's last date {max(ends)}: the timeline's months get narrow",
                   "a date after the project is for the business layer to watch")


def check_shorts(board: Board, check: Checker) -> None:
    """Record a short label that names anything but {stage} or has a stray brace, and warn
    of one too long to stand on one line of the timeline."""
    for i, decision in enumerate(board.decisions):
        if decision.short is None:
            continue
        keys = ("decisions", i, "short")
        for text in _texts(decision.short):
            named = set(_FIELD.findall(text))
            if named - FIELDS or _FIELD.sub("", text).count("{") or "}" in _FIELD.sub("", text):
                check.problem(keys, f"short label '{text}' may name only {{stage}}",
                              "e.g. {stage} ends")
            elif len(_FIELD.sub("", text)) > SHORT:
                check.warn(keys, f"short label '{text}' is over {SHORT} characters: the "
                           "timeline wraps it", "say it in two or three words")


def _texts(value: object) -> list[str]:
    """Return a text's wording in every language it gives."""
    return [str(v) for v in value.values()] if isinstance(value, dict) else [str(value)]
