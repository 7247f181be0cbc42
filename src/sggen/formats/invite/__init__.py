"""Board meeting invitations: an iCalendar request (.ics); the unsent e-mail draft (.eml) that
carries it is written by mail.py."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field

from icalendar import Calendar, Event, Timezone, vBinary, vCalAddress

from sggen import __version__
from sggen.context import Context, MeetingView
from sggen.errors import Location, SggenError
from sggen.package import build_time

_UTC = dt.timezone.utc
# Without SOURCE_DATE_EPOCH the stamps are this fixed time, never the wall clock, so the same
# input always gives the same bytes (the floor of package.py, for the same reason).
_FLOOR = dt.datetime(1980, 1, 1, tzinfo=_UTC)
# A reserved top-level domain (RFC 2606): UIDs and Message-IDs must be globally unique, and a
# name nobody can own keeps them from colliding with ids minted by a real mail system.
_DOMAIN = "sggen.invalid"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, _DOMAIN)
_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_MEDIA_TYPES = {
    ".pptx": _PPTX,
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".zip": "application/zip",  # a meeting's pack
}
_ICS_NAME = "invite.ics"
# A practical subset of RFC 5322 addr-spec: ASCII, one @, a dotted domain. Mail clients accept
# more, but anything beyond this in a project file is far more likely a typo than intended.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass
class Person:
    """Someone invited, or the organiser; `role` is their role label in the document language."""

    name: str
    email: str = ""
    role: str = ""


@dataclass
class Meeting:
    """One board meeting: `number` of `total`, starting at an aware local time."""

    number: int
    total: int
    start: dt.datetime
    duration: dt.timedelta
    summary: str
    description: str
    location: str = ""
    url: str = ""


@dataclass
class Invitation:
    """The board meetings of one project and who is invited to them.

    `attachment` is the (file name, bytes) of the kickoff deck; it goes inline into the first
    meeting (the earliest one), so the deck travels with the invitation to every invitee.
    `where` (the project file) is put into error messages.
    """

    project_id: str
    project_name: str
    language: str
    organiser: Person
    invitees: list[Person]
    meetings: list[Meeting]
    timezone: str = "Europe/Helsinki"
    attachment: tuple[str, bytes] | None = None
    where: Location | None = field(default=None, compare=False)


class InvitationError(SggenError):
    """An invitation cannot be made from the given people, meetings or files."""


class LocalTimeError(InvitationError, ValueError):
    """A wall-clock time that does not exist, or exists twice, in a time zone."""


def from_context(view: Context, timezone: str, where: Location | None = None,
                 attachment: tuple[str, bytes] | None = None) -> Invitation:
    """Return the invitation to a project's board meetings, worded in the view's language."""
    meetings = view.meetings
    organiser = meetings.organiser
    if organiser is None:
        raise InvitationError("nobody organises the meetings", where,
                              hint="name the organiser's role in board.yaml meetings.organiser "
                              "and the person in the project")
    invitees = [Person(p.name, p.email, ", ".join(p.roles)) for p in meetings.invitees]
    return Invitation(
        project_id=view.project.id, project_name=view.project.name, language=view.lang,
        organiser=Person(organiser.name, organiser.email, ", ".join(organiser.roles)),
        invitees=invitees,
        meetings=[_meeting(view, m, timezone, where) for m in meetings.calendar],
        timezone=timezone, attachment=attachment, where=where)


def _meeting(view: Context, meeting: MeetingView, timezone: str,
             where: Location | None) -> Meeting:
    t = view.t
    names = ", ".join(d.name for d in meeting.decisions)
    key = "invite_summary" if names else "invite_summary_plain"
    summary = t[key].format(n=meeting.number, total=meeting.total, decisions=names)
    lines = [f"{t['invite_agenda']}:"]
    lines += [f"{n}. {item}" for n, item in enumerate(view.meetings.agenda, 1)]
    if meeting.decisions:
        lines += ["", f"{t['invite_decisions']}:"]
        lines += [f"- {d.name}: {d.decides}" for d in meeting.decisions]
    if meeting.url:
        lines += ["", f"{t['invite_online']}: {meeting.url}"]
    hours, minutes = (int(x) for x in meeting.time.split(":"))
    start = local_time(meeting.date, dt.time(hours, minutes), timezone, where)
    return Meeting(meeting.number, meeting.total, start, dt.timedelta(minutes=meeting.minutes),
                   summary, "\n".join(lines), meeting.place, meeting.url)


def local_time(day: dt.date, time: dt.time, tz: str, where: Location | None = None) -> dt.datetime:
    """Return `day` at `time` in zone `tz` as an aware datetime.

    Raises LocalTimeError when the time falls in a daylight-saving gap (it never happens on the
    clock) or in the repeated hour (it happens twice); zoneinfo itself accepts both silently.
    """
    zone = _zone(tz, where)
    moment = dt.datetime.combine(day, time.replace(tzinfo=None, fold=0), tzinfo=zone)
    _check_wall_time(moment, where)
    return moment


def calendar(invitation: Invitation) -> bytes:
    """Return the invitation as an iCalendar request (RFC 5545, METHOD:REQUEST), CRLF lines.

    One VEVENT per meeting, in time order, with the VTIMEZONE its times refer to. The same
    invitation gives the same bytes; a meeting keeps its UID as long as its project and date do.
    """
    where = invitation.where
    zone = _zone(invitation.timezone, where)
    meetings = _meetings(invitation, zone)
    organiser = _organiser(invitation)
    invitees = _invitees(invitation)
    stamp = build_time() or _FLOOR
    language = _language(invitation)

    cal = Calendar()
    cal.add("prodid", f"-//sggen//sggen {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "REQUEST")
    first, last = meetings[0][0].date(), meetings[-1][1].date()
    # Only the years of the meetings: the default range (1970-2038) would put some 140
    # transitions into every invitation.
    timezone = Timezone.from_tzid(invitation.timezone, first_date=dt.date(first.year, 1, 1),
                                  last_date=dt.date(last.year + 1, 1, 1))
    cal.add_component(timezone)

    for index, (start, end, meeting) in enumerate(meetings):
        event = Event()
        event.add("uid", meeting_uid(invitation.project_id, start.date()))
        event.add("dtstamp", stamp)
        event.add("sequence", 0)
        event.add("dtstart", start)
        # An end in the hour the clocks repeat would be read as its first occurrence (RFC
        # 5545 3.3.5): in UTC it is the one moment it is.
        event.add("dtend", end.astimezone(_UTC) if _twice(end) else end)
        event.add("summary", _one_line(meeting.summary, "summary", where),
                  parameters={"LANGUAGE": language})
        event.add("description", _description(meeting, where), parameters={"LANGUAGE": language})
        if meeting.location:
            event.add("location", _one_line(meeting.location, "location", where),
                      parameters={"LANGUAGE": language})
        if meeting.url:
            event.add("url", _url(meeting.url, where))
        event.add("status", "CONFIRMED")
        event.add("organizer", _address(organiser))
        for person in invitees:
            attendee = _address(person)
            attendee.params["ROLE"] = "REQ-PARTICIPANT"
            attendee.params["PARTSTAT"] = "NEEDS-ACTION"
            attendee.params["RSVP"] = "TRUE"
            event.add("attendee", attendee)
        if index == 0 and invitation.attachment is not None:
            name, data = _file(invitation.attachment, where)
            # FILENAME is RFC 8607's parameter; Outlook reads X-FILENAME ([MS-OXCICAL]).
            event.add("attach", vBinary(data), parameters={
                "FMTTYPE": _media_type(name), "FILENAME": name, "X-FILENAME": name})
        cal.add_component(event)
    return cal.to_ical()


def meeting_uid(project_id: str, day: dt.date) -> str:
    """Return the iCalendar UID of the project's meeting on `day`: the same every build."""
    return f"{_uuid('meeting', project_id, day.isoformat())}@{_DOMAIN}"


# --- checks and pieces -----------------------------------------------------------------------


def _uuid(*parts: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, "\0".join(parts))  # ids and dates: always UTF-8


def _zone(tz: str, where: Location | None) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InvitationError(f"unknown time zone {tz!r}", where,
                              hint="give an IANA name such as Europe/Helsinki") from None


def _check_wall_time(moment: dt.datetime, where: Location | None) -> None:
    """Raise LocalTimeError if `moment`'s wall time is skipped or repeated in its zone."""
    shown = moment.strftime("%Y-%m-%d %H:%M")
    zone = getattr(moment.tzinfo, "key", None) or str(moment.tzinfo)
    # zoneinfo neither raises for a time in a gap nor for one in the repeated hour: a time in a
    # gap comes back different from a round trip through UTC, a repeated one has two offsets.
    back = moment.astimezone(_UTC).astimezone(moment.tzinfo)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise LocalTimeError(f"{shown} does not exist in {zone} (the clocks skip it)", where,
                             hint="daylight saving time starts then; pick another time")
    if _twice(moment):
        raise LocalTimeError(f"{shown} happens twice in {zone} (the clocks turn back)", where,
                             hint="daylight saving time ends then; pick another time")


def _twice(moment: dt.datetime) -> bool:
    """Return whether `moment`'s wall time happens twice in its zone (the clocks turn back)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def _meetings(invitation: Invitation, zone: zoneinfo.ZoneInfo
              ) -> list[tuple[dt.datetime, dt.datetime, Meeting]]:
    """Return (local start, local end, meeting) in time order, each checked."""
    where = invitation.where
    if not invitation.meetings:
        raise InvitationError(f"project {invitation.project_id} has no meetings to invite to",
                              where, hint="give the meeting dates")
    result = []
    for meeting in invitation.meetings:
        label = f"meeting {meeting.number}"
        if not 1 <= meeting.number <= meeting.total:
            raise InvitationError(f"{label} is not between 1 and {meeting.total}", where)
        start = meeting.start
        if start.tzinfo is None or start.utcoffset() is None:
            raise InvitationError(f"{label} starts at {start} without a time zone", where,
                                  hint="use local_time() to make its start")
        _check_wall_time(start, where)
        start = start.astimezone(zone)
        # Same instant, but the wall time in the workspace zone may be one that time does not
        # show unambiguously (an instant in the repeated hour).
        _check_wall_time(start, where)
        if meeting.duration <= dt.timedelta(0):
            raise InvitationError(f"{label} does not last any time ({meeting.duration})", where)
        # A duration is elapsed time (aware datetime arithmetic in one zone is wall time):
        # a meeting that spans a clock change ends that much later, as a calendar shows it.
        end = (start.astimezone(_UTC) + meeting.duration).astimezone(zone)
        result.append((start, end, meeting))
    result.sort(key=lambda item: item[0])
    numbers = [meeting.number for meeting in invitation.meetings]
    for number in (n for n in numbers if numbers.count(n) > 1):
        raise InvitationError(f"two meetings are numbered {number}", where)
    days = [start.date() for start, _, _ in result]
    for day in days:
        if days.count(day) > 1:
            # The UID is made from the date: two meetings on one day would be one in a calendar.
            raise InvitationError(f"two meetings on {day.isoformat()}", where,
                                  hint="a project has at most one board meeting a day")
    return result


def _organiser(invitation: Invitation) -> Person:
    person = invitation.organiser
    if not person.email:
        raise InvitationError(f"the organiser {person.name or '(no name)'} has no e-mail address",
                              invitation.where, hint="the invitation is sent from it")
    _person(person, invitation.where)
    return person


def _invitees(invitation: Invitation) -> list[Person]:
    """Return the invitees who have an e-mail address, each address once, in the given order."""
    seen: set[str] = set()
    result = []
    for person in invitation.invitees:
        if not person.email:
            continue
        _person(person, invitation.where)
        # One person may hold two roles (executive and senior user): one invitation each.
        key = person.email.lower()
        if key not in seen:
            seen.add(key)
            result.append(person)
    if not result:
        raise InvitationError(f"no invitee of project {invitation.project_id} has an e-mail "
                              "address", invitation.where, hint="give at least one e-mail")
    return result


def _person(person: Person, where: Location | None) -> None:
    _one_line(person.name, "name", where)
    if not _EMAIL.fullmatch(person.email):
        raise InvitationError(f"{person.email!r} ({person.name}) is not an e-mail address",
                              where, hint="write it as name@example.fi")


def _language(invitation: Invitation) -> str:
    if not _LANGUAGE.fullmatch(invitation.language):
        raise InvitationError(f"{invitation.language!r} is not a language code",
                              invitation.where, hint="fi, sv or en")
    return invitation.language


def _one_line(text: str, what: str, where: Location | None) -> str:
    if _CONTROL.search(text):
        raise InvitationError(f"the {what} {text!r} contains a line break or control character",
                              where)
    return text


def _text(text: str, what: str, where: Location | None) -> str:
    if _CONTROL_BUT_NEWLINE.search(text.replace("\r\n", "\n")):
        raise InvitationError(f"the {what} contains a control character", where)
    return text.replace("\r\n", "\n")


def _url(url: str, where: Location | None) -> str:
    if not re.fullmatch(r"https://[^\s\x00-\x1f\x7f]+", _one_line(url, "link", where)):
        raise InvitationError(f"{url!r} is not a web address of https://", where,
                              hint="online meeting links start with https://, nothing else")
    return url


def _description(meeting: Meeting, where: Location | None) -> str:
    text = _text(meeting.description, "description", where).rstrip("\n")
    # Many clients show DESCRIPTION but not URL, so the online link is in the text as well.
    if meeting.url and meeting.url not in text:
        text = f"{text}\n\n{meeting.url}" if text else meeting.url
    return text


def _file(item: tuple[str, bytes], where: Location | None) -> tuple[str, bytes]:
    name, data = item
    _one_line(name, "file name", where)
    if not name or "/" in name or "\\" in name:
        raise InvitationError(f"{name!r} is not a file name", where)
    if not isinstance(data, bytes):
        raise InvitationError(f"the attachment {name} is not bytes", where)
    return name, data


def _media_type(name: str) -> str:
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    return _MEDIA_TYPES.get(suffix, "application/octet-stream")


def _address(person: Person) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        # A double quote would be written as ^' (RFC 6868), which Outlook shows literally; a
        # backslash, which parameters never escape, is read by parsers as an escape that
        # swallows the next delimiter (CN=\:mailto:…): both become look-alikes.
        address.params["CN"] = person.name.replace('"', "'").replace("\\", "\u2216")
    return address
