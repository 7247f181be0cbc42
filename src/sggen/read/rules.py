"""The rules of each file kind: settings, strings, a method's library and a project.

A project's people are checked in people.py, its calendar in calendar.py; the forms of values
that documents write into attributes (language tags, e-mail addresses, links) as they are read
(forms.py, through typed.py).
"""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from typing import TYPE_CHECKING

from sggen import model
from sggen.errors import Location, SggenError
from sggen.model import Library, Project, Role, Settings
from sggen.read.calendar import (
    MAX_MINUTES,
    NEAR,
    Days,
    check_dates,
    check_days,
    check_meetings,
    check_papers,
    clock,
    known_country,
    local_trouble,
)
from sggen.read.deadline import check_deadline, check_shorts
from sggen.read.figures import check_figures
from sggen.read.guidance import check_governance, check_practice
from sggen.read.ladder import check_ladder
from sggen.read.lifecycle import check_rhythm, place
from sggen.read.pack import check_decided, check_shares
from sggen.read.people import check_people, check_procurement, identity
from sggen.read.typed import BAD, Checker, failed

if TYPE_CHECKING:
    from sggen.read.load import Source


MIN_FONT_PT, MAX_FONT_PT = 8, 40  # the smallest text a slide may shrink to, in points


def settings(source: Source, problems: list[SggenError]) -> Settings | None:
    """Return the workspace settings from `sggen.yaml`, or None after recording problems."""
    data = source.data if isinstance(source.data, dict) else {}
    declared = data.get("languages")
    languages = [x for x in declared if isinstance(x, str)] if isinstance(declared, list) else []
    check = Checker(source, languages, problems)
    result = check.read(Settings)
    if result is BAD:
        return None
    if not result.languages:
        check.problem(("languages",), "languages must name at least one language")
        return None
    check.known(result.language, result.languages, ("language",), "language")
    check.unique(result.customer_types, ("customer_types",), "customer type")
    check_governance(result, check)
    if not MIN_FONT_PT <= result.layout.min_font_pt <= MAX_FONT_PT:
        check.problem(("layout", "min_font_pt"),
                      f"min_font_pt must be between {MIN_FONT_PT} and {MAX_FONT_PT}, "
                      f"not {result.layout.min_font_pt}",
                      "14 is usual; slides cannot hold text at a larger floor")
    if not 0 < result.meetings.minutes <= MAX_MINUTES:
        check.problem(("meetings", "minutes"), f"meetings.minutes must be more than 0 and at "
                      f"most {MAX_MINUTES} (a day)", "120 is usual")
    if clock(result.meetings.time) is None:
        check.problem(("meetings", "time"), f"meetings.time {result.meetings.time!r} is not a "
                      "time", 'write the time of day as "HH:MM" in quotes, e.g. "13:00"')
    try:
        zoneinfo.ZoneInfo(result.meetings.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        check.problem(("meetings", "timezone"), f"unknown time zone {result.meetings.timezone!r}",
                      "use an IANA name such as Europe/Helsinki")
    if not known_country(result.country):
        check.problem(("country",), f"no public holidays are known for country "
                      f"{result.country!r}", "use an ISO 3166 code such as FI or SE")
    return result


def strings(source: Source, languages: list[str], problems: list[SggenError],
            required: tuple[str, ...] = ()) -> dict | None:
    """Return the templates' fixed strings, or None after recording problems.

    `required` keys must be present (a method's own strings.yaml overrides only some). Month
    names and the date pattern are tried out here, so a bad one fails validation, not a build.
    """
    check = Checker(source, languages, problems)
    result = check.read(model.Strings)
    if result is BAD:
        return None
    start = len(problems)
    for key in required:
        if key not in result:
            check.problem((), f"strings.yaml lacks '{key}'", "sggen itself uses this key")
    for lang in languages:
        months = result.get("months")
        names = _local(months, lang).split(",") if months is not None else []
        if months is not None and len(names) != 12:
            check.problem(("months",), f"months in '{lang}' has {len(names)} names, not 12",
                          "write twelve month names separated by commas")
        pattern = result.get("date_format")
        if pattern is not None:
            try:
                _local(pattern, lang).format(d=1, m=1, y=2027, month="x")
            except (KeyError, IndexError, ValueError) as exc:
                check.problem(("date_format",), f"date_format in '{lang}' cannot format a "
                              f"date: {exc}", "use {d}, {m}, {y} and {month}")
        _try_patterns(result, lang, check)
    return None if len(problems) > start else result


# The strings sggen fills in itself, and the fields each may use.
_FIELDS = {"unit_euros": "n", "unit_percent": "n", "unit_week": "n", "unit_weeks": "n",
           "unit_hours_month": "n", "per_year": "amount", "meeting_review": "decisions",
           "rhythm_events": "events", "rhythm_every": "interval",
           "rhythm_if_longer": "limit interval", "rhythm_during": "after until interval",
           "rhythm_papers": "count", "every_n_months": "n", "every_n_weeks": "n",
           "longer_n_months": "n", "longer_n_weeks": "n"}


def _try_patterns(result: dict, lang: str, check: Checker) -> None:
    """Record a pattern sggen fills in that names a field it does not have, or a number
    format that is not one thousand and a half."""
    for key, fields in _FIELDS.items():
        if key in result:
            try:
                _local(result[key], lang).format(**dict.fromkeys(fields.split(), "x"))
            except (KeyError, IndexError, ValueError) as exc:
                wanted = ", ".join("{" + f + "}" for f in fields.split())
                check.problem((key,), f"{key} in '{lang}' cannot be filled in: {exc}",
                              f"it may use {wanted}")
    written = result.get("number_format")
    if written is not None and not re.search(model.NUMBER_FORMAT, _local(written, lang)):
        check.problem(("number_format",), f"number_format in '{lang}' is not one thousand and "
                      f"a half: {_local(written, lang)!r}", "write it as the language writes "
                      "it, e.g. '1,000.5'")


def _local(value: object, lang: str) -> str:
    return value[lang] if isinstance(value, dict) else str(value)


def library(method: str, board: Source, roles: list[Source], languages: list[str],
            problems: list[SggenError]) -> Library | None:
    """Return one method's library with every cross-reference checked, or None."""
    start = len(problems)
    # A role whose file could not be read or checked still exists: references to it are not
    # reported again, so one broken file gives its own problems and no echo elsewhere.
    broken = {p.where.path.stem for p in problems if p.where is not None
              and Path(p.where.path).parent == board.path.parent
              and Path(p.where.path).name not in (board.path.name, "strings.yaml")}
    board_check = Checker(board, languages, problems)
    parsed_board = board_check.read(model.Board)
    parsed_roles: list[tuple[Role, Checker]] = []
    for source in roles:
        check = Checker(source, languages, problems)
        role = check.read(Role)
        if role is BAD:
            data = source.data if isinstance(source.data, dict) else {}
            given = data.get("id")
            broken.add(given if isinstance(given, str) else source.path.stem)
            continue
        if role.id != source.path.stem:
            broken.add(source.path.stem)
            check.problem(("id",), f"role id '{role.id}' differs from the file name",
                          f"rename the file to {role.id}.yaml or the id to {source.path.stem}")
        parsed_roles.append((role, check))
    if parsed_board is BAD:
        return None
    role_ids = [r.id for r, _ in parsed_roles] + sorted(broken - {r.id for r, _ in parsed_roles})
    _check_board(parsed_board, board_check, role_ids)
    check_shares(parsed_board, board_check)
    decisions = [d.id for d in parsed_board.decisions]
    rows = [r.id for r in parsed_board.chart]
    documents = [d.id for d in parsed_board.documents]
    for role, check in parsed_roles:
        _check_role(role, check, role_ids, decisions, rows)
        check_practice(role, check, decisions, documents)
    if len(problems) > start or broken:
        return None
    ordered = sorted((r for r, _ in parsed_roles), key=lambda r: (r.order, r.id))
    files = {role.id: str(check.source.path) for role, check in parsed_roles}
    return Library(method, parsed_board, ordered, files=files)


def _check_board(board: model.Board, check: Checker, role_ids: list[str]) -> None:
    decisions = check.unique(board.decisions, ("decisions",), "decision")
    documents = check.unique(board.documents, ("documents",), "document")
    check.unique(board.tolerances, ("tolerances",), "tolerance")
    check.unique(board.board.principles, ("board", "principles"), "principle")
    check.unique(board.exceptions, ("exceptions",), "item")
    check.unique(board.meetings.practice, ("meetings", "practice"), "item")
    check.unique(board.meetings.agenda, ("meetings", "agenda"), "item")
    check.unique(board.chart, ("chart",), "chart row")
    for i, decision in enumerate(board.decisions):
        for j, doc in enumerate(decision.receives):
            check.known(doc, documents, ("decisions", i, "receives", j), "document")
    check_ladder(board, check, role_ids)
    if board.meetings.organiser is not None:
        check.known(board.meetings.organiser, role_ids, ("meetings", "organiser"), "role")
    for i, row in enumerate(board.matrix):
        check.known(row.item, [*decisions, *documents], ("matrix", i, "item"),
                    "decision or document")
        for role in row.roles:
            check.known(role, role_ids, ("matrix", i, "roles", role), "role", key=True)
    _check_calendar_data(board, check, decisions)
    check_shorts(board, check)
    for i, role in enumerate(board.procurement.supplier_roles):
        check.known(role, role_ids, ("procurement", "supplier_roles", i), "role")


def _check_calendar_data(board: model.Board, check: Checker, decisions: set[str]) -> None:
    calendar, keys = board.calendar, ("calendar",)
    for name in ("first_meeting", "last_stage_end", "between"):
        if getattr(calendar, name) is not None:
            check.known(getattr(calendar, name), decisions, (*keys, name), "decision point")
    for i, decision in enumerate(calendar.stage_ends):
        check.known(decision, decisions, (*keys, "stage_ends", i), "decision point")
    rhythm = calendar.rhythm
    if rhythm is not None:
        check.unique(rhythm.events, (*keys, "rhythm", "events"), "event")
        for name in ("every", "only_if_longer_than"):
            check_interval(getattr(rhythm, name), check, (*keys, "rhythm", name))
        if rhythm.during is not None:
            for name in ("after", "until"):
                check.known(getattr(rhythm.during, name), decisions,
                            (*keys, "rhythm", "during", name), "decision point")
    lengths = [(("boundary", "before"), calendar.boundary.before),
               (("boundary", "after"), calendar.boundary.after), (("papers",), calendar.papers),
               (("rhythm", "leeway"), rhythm.leeway if rhythm else None)]
    for where, length in lengths:
        if length is not None and length.working_days < 0:
            check.problem((*keys, *where, "working_days"), "working_days must be 0 or more")


def check_interval(interval: model.Interval | None, check: Checker, keys: tuple) -> None:
    """Record an interval that gives neither or both of months and weeks, or a length of 0."""
    if interval is None:
        return
    given = [n for n in (interval.months, interval.weeks) if n is not None]
    if len(given) != 1:
        check.problem(keys, "give either months or weeks", "e.g. {months: 2}")
    elif given[0] <= 0:
        check.problem(keys, "the interval must be more than 0")


def _check_role(role: Role, check: Checker, role_ids: list[str], decisions: list[str],
                rows: list[str]) -> None:
    seen: set[str] = set()
    for kind, group in (("responsibilities", role.responsibilities), ("tasks", role.tasks)):
        for i, item in enumerate(group):
            if item.id in seen:
                check.problem((kind, i, "id"), f"item id '{item.id}' is given twice in this role")
            seen.add(item.id)
    for i, task in enumerate(role.tasks):
        check.known(task.at, decisions, ("tasks", i, "at"), "decision point")
    if role.appointed_by is not None:
        check.known(role.appointed_by, role_ids, ("appointed_by",), "role")
    if role.fallback is not None:
        check.known(role.fallback, ["board", *role_ids], ("fallback",), "role")
    for kind in ("allowed", "discouraged", "forbidden"):
        for i, other in enumerate(getattr(role.combinations, kind)):
            check.known(other, role_ids, ("combinations", kind, i), "role")
    if role.chart is not None:
        check.known(role.chart.row, rows, ("chart", "row"), "chart row")
    check.unique(role.areas, ("areas",), "area")
    for i, area in enumerate(role.areas):
        check.known(area.reports_to, role_ids, ("areas", i, "reports_to"), "role")
    if role.people.max is not None and role.people.max < role.people.min:
        check.problem(("people",), "people.max is smaller than people.min")


def project(source: Source, settings: Settings, library: Library,
            problems: list[SggenError]) -> Project | None:
    """Return the project with every reference into the library checked, or None."""
    start = len(problems)
    data = source.data if isinstance(source.data, dict) else {}
    languages = settings.languages
    declared = data.get("languages")
    if isinstance(declared, list) and declared and all(x in languages for x in declared):
        languages = list(declared)  # a project's own texts need only its own languages
    check = Checker(source, languages, problems)
    result = check.read(Project)
    if result is BAD:
        return None
    for i, lang in enumerate(result.languages or []):
        check.known(lang, settings.languages, ("languages", i), "language")
    if result.language is not None:
        check.known(result.language, languages, ("language",), "language")
    check.known(result.customer.type, [c.id for c in settings.customer_types],
                ("customer", "type"), "customer type")
    check_people(result, check, library)
    if result.change_authority is not None:
        check.known(result.change_authority.delegated_to, ["board", *(r.id for r in library.roles)],
                    ("change_authority", "delegated_to"), "role")
    tolerances = [t.id for t in library.board.tolerances]
    for name in result.tolerances:
        check.known(name, tolerances, ("tolerances", name), "tolerance", key=True)
    for name in tolerances:
        if name not in result.tolerances:
            check.warn(("tolerances",), f"tolerance '{name}' is not set; the documents show it "
                       "as not set", "agree it with corporate management and write it here",
                       key=True)
    held = {role_id for role_id in result.people if result.people_in(role_id)}
    covered = {r.id for r in library.roles if r.fallback is not None or r.people.max == 0}
    for role_id in sorted({r for row in library.board.matrix for r in row.roles} - held - covered):
        check.warn(("people",), f"the responsibility matrix gives {role_id} duties, but nobody "
                   "holds that role here: its column is left out", "name someone, or agree who "
                   "does its part", key=True)
    if result.meetings.rhythm is not None:
        for name in ("every", "only_if_longer_than"):
            check_interval(getattr(result.meetings.rhythm, name), check,
                           ("meetings", "rhythm", name))
    if check_dates(result, check):
        _check_calendar(result, settings, library, check)
    check_meetings(result, settings, library, check)
    check_figures(result, check)
    check_deadline(result, check)
    check_procurement(result, settings, library, check)
    _check_changes(result, check, library)
    check_decided(result, library, check)  # after the calendar rules placed the decisions
    return None if failed(problems, start) else result


def _check_calendar(project: Project, settings: Settings, library: Library,
                    check: Checker) -> None:
    """Check the dates against the organisation's working days and the library's calendar,
    and work out which decision each meeting takes."""
    days = Days(settings.country)
    check_days(project, days, check)
    check_papers(project, library, days, check)
    place(project, library, days, check)
    check_rhythm(project, library, days, check)


def _check_changes(project: Project, check: Checker, library: Library) -> None:
    decisions = [d.id for d in library.board.decisions]
    for role_id, change in project.changes.items():
        if not check.known(role_id, [r.id for r in library.roles], ("changes", role_id),
                           "role", key=True):
            continue
        role = library.role(role_id)
        existing = [i.id for i in (*role.responsibilities, *role.tasks)]
        keys = ("changes", role_id)
        locked = {i.id for i in (*role.responsibilities, *role.tasks) if i.required}
        where = Location(Path(library.files.get(role_id, role_id)))
        for item_id in change.replace:
            if check.known(item_id, existing, (*keys, "replace", item_id), f"item of {role_id}",
                           key=True) and item_id in locked:
                check.problem((*keys, "replace", item_id), f"{role_id}.{item_id} is required and "
                              "cannot be reworded by a project", f"{where} marks it required; "
                              "add a local item beside it instead", key=True)
        for i, item_id in enumerate(change.drop):
            if check.known(item_id, existing, (*keys, "drop", i), f"item of {role_id}") and \
                    item_id in locked:
                check.problem((*keys, "drop", i), f"{role_id}.{item_id} is required and cannot "
                              "be dropped by a project", f"{where} marks it required")
        for i, item in enumerate(change.add):
            if item.id in existing:
                check.problem((*keys, "add", i, "id"), f"{role_id} already has an item "
                              f"'{item.id}'", "use replace to change its text, or a new id")
            if item.at is not None:
                check.known(item.at, decisions, (*keys, "add", i, "at"), "decision point")


__all__ = ["NEAR", "check_interval", "clock", "identity", "library", "local_trouble", "project",
           "settings", "strings"]
