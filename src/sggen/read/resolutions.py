"""What a board resolves at each decision point and what follows it, checked as it is read: the
library's resolutions (their papers, the formal decisions they need, the names their texts fill
in), its next steps (their owners and due days), the agenda's lengths, and a project's own
requests, papers and agenda lengths. The country's holidays around the meetings are noted on
the project, for the documents to count working days from a meeting."""

from __future__ import annotations

import datetime as dt
import string
from typing import TYPE_CHECKING

from sggen import model
from sggen.errors import SggenError
from sggen.read.calendar import Days
from sggen.read.typed import Checker

if TYPE_CHECKING:
    from sggen.read.load import Source

BOARD = "board"
# how far around the meetings the holidays are noted: a step falls due a few weeks after one
MARGIN_BEFORE, MARGIN_AFTER = dt.timedelta(days=45), dt.timedelta(days=90)


def separate_ids(settings: model.Settings, kind: str | None = None) -> list[str]:
    """Return the ids of the governance block's separate decisions: of one customer type, or
    of every type."""
    return sorted({s.id for c in settings.customer_types if kind in (None, c.id)
                   for topic in c.governance.topics for s in topic.separate if s.id})


def check_library(library: model.Library, board: Source, settings: model.Settings,
                  problems: list[SggenError]) -> None:
    """Record a resolution's unknown paper (or one the board does not receive for that
    decision), formal decision or name its text cannot fill in, a next step's unknown owner,
    and a negative length or due day."""
    check = Checker(board, settings.languages, problems)
    documents = [d.id for d in library.board.documents]
    owners = [BOARD, *(r.id for r in library.roles)]
    formal = separate_ids(settings)
    for i, decision in enumerate(library.board.decisions):
        keys = ("decisions", i)
        check.unique(decision.resolutions, (*keys, "resolutions"), "resolution")
        check.unique(decision.next_steps, (*keys, "next_steps"), "next step")
        for j, resolution in enumerate(decision.resolutions):
            at = (*keys, "resolutions", j)
            _papers(resolution.papers, documents, check, at)
            for k, doc in enumerate(resolution.papers):
                if doc in documents and doc not in decision.receives:
                    check.problem((*at, "papers", k), f"'{doc}' is not among the papers the "
                                  f"board receives for {decision.id}",
                                  "add it to the decision's receives:, or name one of them")
            for k, name in enumerate(resolution.formal):
                check.known(name, formal, (*at, "formal", k), "separate decision")
            _names(resolution.text, check, (*at, "text"))
        for j, step in enumerate(decision.next_steps):
            check.known(step.owner, owners, (*keys, "next_steps", j, "owner"), "role")
            if step.due.working_days < 0:
                check.problem((*keys, "next_steps", j, "due", "working_days"),
                              "working_days must be 0 or more")
    for i, item in enumerate(library.board.meetings.agenda):
        if item.minutes is not None and item.minutes < 0:
            check.problem(("meetings", "agenda", i, "minutes"), "minutes must be 0 or more")


def _papers(papers: list[str], documents: list[str], check: Checker, keys: tuple) -> None:
    for k, doc in enumerate(papers):
        check.known(doc, documents, (*keys, "papers", k), "document")


def _names(text: object, check: Checker, keys: tuple) -> None:
    """Record a name in braces that a resolution's text cannot be filled in with."""
    for lang, value in (text.items() if isinstance(text, dict) else [("", text)]):
        where = (*keys, lang) if lang else keys
        try:
            fields = [(name, spec, conv) for _, name, spec, conv
                      in string.Formatter().parse(str(value)) if name is not None]
        except ValueError as exc:
            check.problem(where, f"the text cannot be filled in: {exc}",
                          "write a brace as {{ or }}")
            continue
        for name, spec, conv in fields:
            if name not in model.PLACEHOLDERS or spec or conv:
                check.problem(where, f"the text names {{{name}}}, which sggen does not fill in",
                              "it may name " + ", ".join("{" + p + "}"
                                                         for p in model.PLACEHOLDERS))


def check_project(project: model.Project, settings: model.Settings, library: model.Library,
                  check: Checker) -> None:
    """Record a project's request with an unknown paper or formal decision, a dropped
    resolution the library does not have, an unknown paper document or agenda item; note the
    country's holidays around the meetings."""
    documents = [d.id for d in library.board.documents]
    formal = separate_ids(settings, project.customer.type)
    asked = project.requests
    own = asked if isinstance(asked, list) else asked.add
    where = ("requests",) if isinstance(asked, list) else ("requests", "add")
    for i, request in enumerate(own):
        if isinstance(request, model.Request):
            _papers(request.papers, documents, check, (*where, i))
            for k, name in enumerate(request.formal):
                check.known(name, formal, (*where, i, "formal", k), "separate decision")
    if isinstance(asked, model.Requests):
        ids = sorted({r.id for d in library.board.decisions for r in d.resolutions})
        for i, name in enumerate(asked.drop):
            check.known(name, ids, ("requests", "drop", i), "resolution")
    for i, paper in enumerate(project.papers):
        if paper.document is not None:
            check.known(paper.document, documents, ("papers", i, "document"), "document")
    agenda = [item.id for item in library.board.meetings.agenda]
    for name, minutes in project.meetings.agenda.items():
        check.known(name, agenda, ("meetings", "agenda", name), "agenda item", key=True)
        if minutes < 0:
            check.problem(("meetings", "agenda", name), "minutes must be 0 or more")
    project.holidays = _holidays(project, settings)


def _holidays(project: model.Project, settings: model.Settings) -> frozenset[dt.date]:
    """Return the weekdays around the project's meetings that are no working days."""
    meetings = [m.date for m in project.meetings.meetings()]
    if not meetings:
        return frozenset()
    days = Days(settings.country)
    day, last = min(meetings) - MARGIN_BEFORE, max(meetings) + MARGIN_AFTER
    found = set()
    while day <= last:
        if day.weekday() < 5 and not days.working(day):
            found.add(day)
        day += dt.timedelta(days=1)
    return frozenset(found)
