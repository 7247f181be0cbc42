"""The calendar rails of a project: stages in order, meetings in order and near the stages'
ends, and meeting times that exist once in the time zone."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from sggen import model
from sggen.model import Library, Project, Settings
from sggen.read.typed import Checker, dotted


def check_dates(project: Project, check: Checker) -> None:
    """Record stages out of order, meeting dates out of order, and warn of meetings far from
    the stages or stage ends without a meeting near them."""
    for i, stage in enumerate(project.stages):
        if stage.end < stage.start:
            check.problem(("stages", i, "end"), f"stage ends ({stage.end}) before it starts "
                          f"({stage.start})")
        if i and stage.start < project.stages[i - 1].end:
            check.problem(("stages", i, "start"), f"stage starts ({stage.start}) before the "
                          f"previous stage ends ({project.stages[i - 1].end})",
                          "list stages in order, without overlap")
    dates = [m.date for m in project.meetings.meetings()]
    for i in range(1, len(dates)):
        if dates[i] <= dates[i - 1]:
            check.problem(_date_keys(project, i), f"meeting date {dates[i]} is not after "
                          f"{dates[i - 1]}", "list meeting dates in order, each once")
    if not project.stages or not dates:
        return
    first, last = project.stages[0].start, project.stages[-1].end
    for i, day in enumerate(dates):
        if not first - NEAR * 3 <= day <= last + NEAR * 3:
            check.warn(_date_keys(project, i), f"meeting date {day} is outside the project's "
                       f"stages ({first} to {last})", "check the date or the stages")
    for i, stage in enumerate(project.stages):
        if not any(abs((day - stage.end).days) <= NEAR.days for day in dates):
            check.warn(("stages", i, "end"), f"no board meeting near the end of the stage that "
                       f"ends {stage.end}", f"the board decides at every stage end: add a "
                       f"meeting within {NEAR.days} days of it")


NEAR = dt.timedelta(days=31)  # a meeting this close to a stage's end decides on that stage


def _date_keys(project: Project, i: int) -> tuple:
    """Return the keys of the i-th meeting's date, as written (a date or a mapping)."""
    given = isinstance(project.meetings.dates[i], model.Meeting)
    return ("meetings", "dates", i, "date") if given else ("meetings", "dates", i)


_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


def clock(text: str) -> dt.time | None:
    """Return the time of day written as HH:MM, or None."""
    found = _TIME.fullmatch(text)
    return dt.time(int(found.group(1)), int(found.group(2))) if found else None


def local_trouble(day: dt.date, at: dt.time, zone: str) -> str:
    """Return why `at` on `day` is not one moment in `zone` ('' if it is): a time in the
    spring-forward gap does not exist, one in the autumn's repeated hour happens twice."""
    tz = zoneinfo.ZoneInfo(zone)
    first = dt.datetime.combine(day, at, tz)
    second = first.replace(fold=1)
    if first.astimezone(dt.timezone.utc).astimezone(tz).replace(tzinfo=None) != \
            first.replace(tzinfo=None):
        return "does not exist (the clocks go forward then)"
    if first.utcoffset() != second.utcoffset():
        return "happens twice (the clocks go back then)"
    return ""


def check_meetings(project: Project, settings: Settings, library: Library,
                   check: Checker) -> None:
    """Record what is wrong with the project's meetings: times, lengths, invitees, decisions,
    and a time that the time zone's clocks skip or repeat on the day."""
    meetings = project.meetings
    decisions = [d.id for d in library.board.decisions]
    if meetings.time is not None and clock(meetings.time) is None:
        check.problem(("meetings", "time"), f"meetings.time {meetings.time!r} is not a time",
                      'write the time of day as "HH:MM" in quotes, e.g. "13:00"')
    if meetings.minutes is not None and meetings.minutes <= 0:
        check.problem(("meetings", "minutes"), "meetings.minutes must be more than 0")
    for i, role_id in enumerate(meetings.invitees or []):
        check.known(role_id, [r.id for r in library.roles], ("meetings", "invitees", i), "role")
    invited = set(meetings.invitees or [r.id for r in library.roles if r.on_board or r.invited])
    for role_id in sorted(invited & set(project.people)):
        single = not isinstance(project.people[role_id], list)
        for i, person in enumerate(project.people_in(role_id)):
            if not person.email:
                keys = ("people", role_id) if single else ("people", role_id, i)
                check.warn((*keys, "name"), f"{person.name} ({role_id}) has no e-mail",
                           "add email: the meeting invitation cannot reach them")
    for i, meeting in enumerate(meetings.meetings()):
        keys = ("meetings", "dates", i)
        for j, decision in enumerate(meeting.decisions or []):
            check.known(decision, decisions, (*keys, "decisions", j), "decision point")
        if meeting.minutes is not None and meeting.minutes <= 0:
            check.problem((*keys, "minutes"), f"{dotted((*keys, 'minutes'))} must be more than 0")
        if meeting.time is not None and clock(meeting.time) is None:
            check.problem((*keys, "time"), f"time {meeting.time!r} is not a time",
                          'write the time of day as "HH:MM" in quotes, e.g. "09:30"')
            continue
        at = clock(meeting.time or meetings.time or settings.meetings.time)
        trouble = local_trouble(meeting.date, at, settings.meetings.timezone) if at else ""
        if trouble:
            check.problem(_date_keys(project, i), f"{meeting.date} at {at:%H:%M} {trouble} in "
                          f"{settings.meetings.timezone}", "choose another time of day")

