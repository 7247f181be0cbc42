"""What a meeting's pack reads beyond the calendar: a project's record of what its past
meetings decided (`decided:`: each names a meeting the project holds and a decision that
meeting takes, once) and the library's shares of a meeting's time among the agenda's items."""

from __future__ import annotations

from sggen.model import Board, Library, Project
from sggen.read.typed import Checker


def check_decided(project: Project, library: Library, check: Checker) -> None:
    """Record a problem for each `decided` entry on a day with no meeting, for a decision the
    library does not know or that meeting does not take, or recorded twice."""
    meetings = project.meetings.meetings()
    days = [m.date for m in meetings]
    known = [d.id for d in library.board.decisions]
    seen: set[tuple] = set()
    for i, entry in enumerate(project.decided):
        keys = ("decided", i)
        if entry.date not in days:
            check.problem((*keys, "date"), f"no meeting on {entry.date.isoformat()}",
                          "meetings on: " + ", ".join(d.isoformat() for d in days)
                          if days else "give the meeting under meetings.dates first")
            continue
        if not check.known(entry.decision, known, (*keys, "decision"), "decision point"):
            continue
        taken = _taken(project, days.index(entry.date))
        if taken is not None and entry.decision not in taken:
            check.problem((*keys, "decision"), f"the meeting on {entry.date.isoformat()} does "
                          f"not take '{entry.decision}'", "it takes: " + ", ".join(taken)
                          if taken else "it takes no decision point")
        if (entry.date, entry.decision) in seen:
            check.problem(keys, f"'{entry.decision}' on {entry.date.isoformat()} is recorded "
                          "twice", "keep one entry per meeting and decision")
        seen.add((entry.date, entry.decision))


def _taken(project: Project, index: int) -> list[str] | None:
    """Return the decisions meeting `index` takes, as the calendar rules placed them or the
    meeting states them; None where neither says (the documents then plan them in order)."""
    if len(project.timing) == len(project.meetings.dates):
        return project.timing[index].decisions
    given = project.meetings.meetings()[index].decisions
    return list(given) if given is not None else None


def check_shares(board: Board, check: Checker) -> None:
    """Record a problem for a share of a meeting's time given to no item of the agenda, or
    that is not more than nothing."""
    items = [i.id for i in board.meetings.agenda]
    for item, share in board.meetings.shares.items():
        keys = ("meetings", "shares", item)
        if check.known(item, items, keys, "agenda item", key=True) and share <= 0:
            check.problem(keys, f"the share of '{item}' must be more than 0",
                          "leave out an item that takes no time of its own, or give it 1")
