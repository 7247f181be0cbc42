"""One person's calendar feed: their board meetings of every project in one iCalendar file to
subscribe to, each meeting with the decision it takes and the person's own part."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, Timezone

from sggen import __version__
from sggen.formats.invite import (
    _FLOOR,
    _UTC,
    Invitation,
    Meeting,
    Person,
    _description,
    _language,
    _meetings,
    _one_line,
    _twice,
    _url,
    _zone,
    meeting_uid,
)
from sggen.package import build_time


def feed(title: str, language: str, timezone: str, events: list[tuple[str, Meeting]]) -> bytes:
    """Return a person's board meetings of every project as one iCalendar feed to subscribe
    to (METHOD:PUBLISH, nobody invited): `events` are (project id, meeting) in any order; each
    keeps the UID of its project's invitation, so a calendar holding both shows it once."""
    zone = _zone(timezone, None)
    checked = Invitation("", title, language, Person(""), [], [], timezone)
    lang = _language(checked)
    cal = Calendar()
    for name, value in (("prodid", f"-//sggen//sggen {__version__}//EN"), ("version", "2.0"),
                        ("calscale", "GREGORIAN"), ("method", "PUBLISH"),
                        ("x-wr-calname", _one_line(title, "title", None)),
                        ("x-wr-timezone", timezone)):
        cal.add(name, value)
    timed = sorted(((start, end, meeting, project) for project, meeting in events
                    for start, end, _ in _meetings(Invitation(project, "", language, Person(""),
                                                              [], [meeting], timezone), zone)),
                   key=lambda e: (e[0], e[3]))
    years = [e[0].year for e in timed] or [build_time().year if build_time() else 2000]
    cal.add_component(Timezone.from_tzid(timezone, first_date=dt.date(min(years), 1, 1),
                                         last_date=dt.date(max(years) + 1, 1, 1)))
    for start, end, meeting, project in timed:
        event = Event()
        event.add("uid", meeting_uid(project, start.date()))
        event.add("dtstamp", build_time() or _FLOOR)
        event.add("dtstart", start)
        event.add("dtend", end.astimezone(_UTC) if _twice(end) else end)
        for name, value in (("summary", _one_line(meeting.summary, "summary", None)),
                            ("description", _description(meeting, None)),
                            ("location", meeting.location and _one_line(meeting.location,
                                                                        "location", None))):
            if value:
                event.add(name, value, parameters={"LANGUAGE": lang})
        if meeting.url:
            event.add("url", _url(meeting.url, None))
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
