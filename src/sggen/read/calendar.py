"""The calendar rules of a project: working days in the organisation's country, stages and
meetings in order, no meeting on a weekend or a public holiday, the papers out in time, and
meeting times that exist once in the time zone. The one module that speaks to `holidays`."""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from pathlib import Path

from sggen import cache, model
from sggen.model import Library, Project, Settings
from sggen.read.typed import Checker, dotted

DAY = dt.timedelta(days=1)
NEAR = dt.timedelta(days=31)  # kept for callers of rules.NEAR; stage ends use the library's window


def _library_holidays(country: str, years: int | list[int] | None = None) -> object:
    """Return the `holidays` library's calendar of `country` (NotImplementedError if it has
    none); its import reads every country's rules, a tenth of a second."""
    import holidays

    try:
        return holidays.country_holidays(country, years=years, language="en_US")
    except NotImplementedError:
        return holidays.country_holidays(country, years=years)


@functools.cache
def _rules_version() -> str:
    """Return a digest of the installed `holidays` library's version file, found without
    importing it: an upgrade, which may correct a holiday, reads the holidays afresh."""
    import hashlib
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    folders = list(spec.submodule_search_locations or []) if spec else []
    try:
        return hashlib.sha256((Path(folders[0]) / "version.py").read_bytes()).hexdigest()[:16]
    except (IndexError, OSError):
        return "unknown"


def _kept(what: str, country: str, make):
    """Return what `make()` returns for `country`, kept in the cache from an earlier run:
    a cold build then need not import the holiday rules of every country."""
    name = cache.key("holidays", what, country, _rules_version())
    found = cache.load(name)
    if found is None:
        found = make()
        cache.store(name, found)
    return found


class _Holidays:
    """The public holidays of one country, one year at a time, as ISO dates to names."""

    def __init__(self, country: str):
        self.country = country
        self._years: dict[int, dict[str, str]] = {}

    def get(self, day: dt.date) -> str:
        """Return the name of the holiday on `day`, '' when it is none."""
        return self._year(day.year).get(day.isoformat(), "")

    def __contains__(self, day: dt.date) -> bool:
        return day.isoformat() in self._year(day.year)

    def _year(self, year: int) -> dict[str, str]:
        if year not in self._years:
            self._years[year] = _kept(str(year), self.country, lambda: {
                day.isoformat(): str(name)
                for day, name in _library_holidays(self.country, year).items()})
        return self._years[year]


@functools.cache
def _holidays(country: str) -> _Holidays:
    """Return the public holidays of `country` (NotImplementedError when none are known)."""
    if not known_country(country):
        raise NotImplementedError(country)
    return _Holidays(country)


@functools.cache
def known_country(country: str) -> bool:
    """Return whether the public holidays of `country` (an ISO 3166 code) are known."""

    def known() -> bool:
        try:
            _library_holidays(country, [])
        except NotImplementedError:
            return False
        return True

    return _kept("known", country, known)


class Days:
    """The working days of one country: Monday to Friday, not its public holidays."""

    def __init__(self, country: str):
        self.country = country
        self._calendar = _holidays(country)

    def holiday(self, day: dt.date) -> str:
        """Return the name of the public holiday on `day` ('' if it is none)."""
        # Sweden's list counts every Sunday as a holiday: a weekend is said as a weekend
        return "" if day.weekday() >= 5 else str(self._calendar.get(day) or "")

    def working(self, day: dt.date) -> bool:
        """Return whether `day` is a working day."""
        return day.weekday() < 5 and day not in self._calendar

    def count(self, start: dt.date, end: dt.date) -> int:
        """Return how many working days fall from `start` up to, not including, `end`."""
        days, day = 0, start
        while day < end:
            days += self.working(day)
            day += DAY
        return days

    def back(self, day: dt.date, n: int) -> dt.date:
        """Return the latest date from which `n` working days run before `day` (the working day
        n working days before it)."""
        while n > 0:
            day -= DAY
            n -= self.working(day)
        return day

    def ahead(self, day: dt.date, n: int) -> dt.date:
        """Return the day `n` working days after `day` (`day` itself when n is 0)."""
        while n > 0:
            day += DAY
            n -= self.working(day)
        return day

    def window(self, end: dt.date, before: int, after: int) -> tuple[dt.date, dt.date]:
        """Return the first and the last day that lie at most `before` working days before
        `end` and at most `after` working days after it."""
        low = end
        while self.count(low, end + DAY) <= before:  # the day before low would still do
            low -= DAY
        high = end
        while self.count(end + DAY, high + 2 * DAY) <= after:  # so would the day after high
            high += DAY
        return low, high


def date_keys(project: Project, i: int) -> tuple:
    """Return the keys of the i-th meeting's date, as written (a date or a mapping)."""
    given = isinstance(project.meetings.dates[i], model.Meeting)
    return ("meetings", "dates", i, "date") if given else ("meetings", "dates", i)


_date_keys = date_keys


def check_dates(project: Project, check: Checker) -> bool:
    """Record stages and meeting dates out of order, and warn of overlapping stages; return
    whether the dates are in order (the life cycle can then be read from them)."""
    ordered = True
    for i, stage in enumerate(project.stages):
        if stage.end < stage.start:
            check.problem(("stages", i, "end"), f"stage ends ({stage.end}) before it starts "
                          f"({stage.start})")
            ordered = False
        previous = project.stages[i - 1] if i else None
        if previous and stage.start < previous.start:
            check.problem(("stages", i, "start"), f"stage starts ({stage.start}) before the "
                          f"previous stage starts ({previous.start})", "list stages in order")
            ordered = False
        elif previous and stage.start <= previous.end:
            check.warn(("stages", i, "start"), f"stage starts {stage.start}, before the "
                       f"previous stage ends ({previous.end}): the stages overlap",
                       "management stages follow one another: end the previous stage before "
                       "this one starts")
    dates = [m.date for m in project.meetings.meetings()]
    for i in range(1, len(dates)):
        if dates[i] <= dates[i - 1]:
            check.problem(date_keys(project, i), f"meeting date {dates[i]} is not after "
                          f"{dates[i - 1]}", "list meeting dates in order, each once")
            ordered = False
    return ordered


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def check_days(project: Project, days: Days, check: Checker) -> None:
    """Warn of a meeting on a weekend or on a public holiday of the organisation's country."""
    for i, meeting in enumerate(project.meetings.meetings()):
        day = meeting.date
        if day.weekday() >= 5:
            check.warn(date_keys(project, i), f"meeting date {day} is a {_WEEKDAYS[day.weekday()]}",
                       f"move it to a working day, e.g. {_next_working(day, days)}")
        elif days.holiday(day):
            check.warn(date_keys(project, i), f"meeting date {day} is a public holiday in "
                       f"{days.country}: {days.holiday(day)}",
                       f"move it to a working day, e.g. {_next_working(day, days)}")


def _next_working(day: dt.date, days: Days) -> dt.date:
    day += DAY
    while not days.working(day):
        day += DAY
    return day


def check_papers(project: Project, library: Library, days: Days, check: Checker) -> None:
    """Warn where the documents are dated fewer working days before the first meeting than
    the library's lead time for the papers."""
    lead = library.board.calendar.papers
    issued = project.document.date
    meetings = project.meetings.meetings()
    if lead is None or issued is None or not meetings:
        return
    first = meetings[0].date
    given = days.count(issued, first)
    if given < lead.working_days:
        latest = days.back(first, lead.working_days)
        check.warn(("document", "date"), f"the papers are dated {issued}, "
                   f"{_working_days(given)} before the first meeting on {first}; the library "
                   f"asks for {lead.working_days}", f"date them {latest} or earlier, or move "
                   "the meeting; the lead time is board.yaml calendar.papers")


def _working_days(n: int) -> str:
    return f"{n} working day" + ("" if n == 1 else "s")


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


MAX_MINUTES = 1440  # a board meeting lasts a day at most


def _check_clock_change(day: dt.date, at: dt.time, minutes: int | None, zone: str,
                        keys: tuple, check: Checker) -> None:
    """Warn of a meeting that the clocks change during: it lasts its minutes all the same,
    so by the clock it ends an hour earlier or later than its start would suggest."""
    if not minutes or not 0 < minutes <= MAX_MINUTES:
        return
    tz = zoneinfo.ZoneInfo(zone)
    start = dt.datetime.combine(day, at, tz)
    end = (start.astimezone(dt.timezone.utc) + dt.timedelta(minutes=minutes)).astimezone(tz)
    if end.utcoffset() != start.utcoffset():
        turn = "back" if end.utcoffset() < start.utcoffset() else "forward"
        check.warn(keys, f"the clocks turn {turn} during the meeting of {day} at {at:%H:%M} "
                   f"in {zone}: its {minutes} minutes end at {end:%H:%M} on {end.date()} by "
                   "the clock, as the invitation says", "move it, or check the end time")


def check_meetings(project: Project, settings: Settings, library: Library,
                   check: Checker) -> None:
    """Record what is wrong with the project's meetings: times, lengths, invitees, decisions,
    and a time that the time zone's clocks skip or repeat on the day."""
    meetings = project.meetings
    decisions = [d.id for d in library.board.decisions]
    if meetings.time is not None and clock(meetings.time) is None:
        check.problem(("meetings", "time"), f"meetings.time {meetings.time!r} is not a time",
                      'write the time of day as "HH:MM" in quotes, e.g. "13:00"')
    if meetings.minutes is not None and not 0 < meetings.minutes <= MAX_MINUTES:
        check.problem(("meetings", "minutes"), f"meetings.minutes must be more than 0 and at "
                      f"most {MAX_MINUTES} (a day)")
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
        if meeting.minutes is not None and not 0 < meeting.minutes <= MAX_MINUTES:
            check.problem((*keys, "minutes"), f"{dotted((*keys, 'minutes'))} must be more "
                          f"than 0 and at most {MAX_MINUTES} (a day)")
            continue
        if meeting.time is not None and clock(meeting.time) is None:
            check.problem((*keys, "time"), f"time {meeting.time!r} is not a time",
                          'write the time of day as "HH:MM" in quotes, e.g. "09:30"')
            continue
        at = clock(meeting.time or meetings.time or settings.meetings.time)
        trouble = local_trouble(meeting.date, at, settings.meetings.timezone) if at else ""
        if trouble:
            check.problem(_date_keys(project, i), f"{meeting.date} at {at:%H:%M} {trouble} in "
                          f"{settings.meetings.timezone}", "choose another time of day")
        elif at:
            minutes = meeting.minutes or meetings.minutes or settings.meetings.minutes
            _check_clock_change(meeting.date, at, minutes, settings.meetings.timezone,
                                _date_keys(project, i), check)

