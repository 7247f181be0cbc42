"""Board meeting invitations: the .ics read back by two parsers, the .eml draft by the stdlib."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import email.message
import email.parser
import email.policy
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from sggen.errors import SggenError
from sggen.formats.invite import (
    Invitation,
    InvitationError,
    LocalTimeError,
    Meeting,
    Person,
    calendar,
    local_time,
)
from sggen.formats.invite.mail import draft

SRC = Path(__file__).resolve().parent.parent / "src" / "sggen"
TZ = "Europe/Helsinki"
HELSINKI = ZoneInfo(TZ)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Not a real deck, but bytes of every value, long enough to be folded over many lines.
DECK = b"PK\x03\x04" + bytes(range(256)) * 40
GUIDE = b"PK\x03\x04guide" + bytes(range(255, -1, -1)) * 3
TEAMS = "https://teams.example.fi/l/meetup-join/19%3ameeting?context=%7b%7d"

ORGANISER = Person("Outi Saarinen", "outi.saarinen@example.fi", "Projektipäällikkö")
INVITEES = [
    Person("Helena Hämäläinen", "helena.hamalainen@example.fi", "Projektin omistaja"),
    Person("Mikko Laaksonen", "mikko.laaksonen@example.fi", "Pääkäyttäjä"),
    Person("Päivi Ylönen-Öhman", "paivi.ylonen@example.fi", "Pääasiantuntija"),
    Person("Jyrki Äijälä", "", "Laadunvarmistaja"),  # no e-mail: no invitation
    # The same person in a second role: invited once.
    Person("Helena Hämäläinen", "Helena.Hamalainen@example.fi", "Käyttäjien edustaja"),
]
INVITED = ["helena.hamalainen@example.fi", "mikko.laaksonen@example.fi",
           "paivi.ylonen@example.fi"]
# Daylight saving time starts on 2027-03-28 and ends on 2027-10-31 in Helsinki.
STARTS = [
    (dt.date(2027, 3, 11), dt.time(13, 0), dt.timedelta(hours=2)),  # EET, +02:00
    (dt.date(2027, 4, 15), dt.time(9, 30), dt.timedelta(hours=1, minutes=30)),  # EEST, +03:00
    (dt.date(2027, 11, 4), dt.time(14, 0), dt.timedelta(hours=1)),  # EET again
]
OFFSETS = [dt.timedelta(hours=2), dt.timedelta(hours=3), dt.timedelta(hours=2)]


def _meetings() -> list[Meeting]:
    return [
        Meeting(
            number, len(STARTS), local_time(day, time, TZ), length,
            summary=f"Asukasportaali: ohjausryhmän kokous {number}/{len(STARTS)}",
            description=f"Esityslista: päätöspiste {number}.\nTervetuloa!",
            location="Kaupungintalo, neuvotteluhuone Häme" if number != 2 else "",
            url=TEAMS if number != 3 else "",
        )
        for number, (day, time, length) in enumerate(STARTS, 1)
    ]


def _invitation(**changes) -> Invitation:
    invitation = Invitation(
        project_id="asukasportaali", project_name="Asukasportaali", language="fi",
        organiser=ORGANISER, invitees=list(INVITEES), meetings=_meetings(), timezone=TZ,
        attachment=("Asukasportaali – aloitus.pptx", DECK),
    )
    return dataclasses.replace(invitation, **changes)


def _events(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


# --- the calendar ----------------------------------------------------------------------------


def test_calendar_is_a_request_with_one_event_per_meeting():
    cal = icalendar.Calendar.from_ical(calendar(_invitation()))
    assert cal["METHOD"] == "REQUEST"
    assert cal["VERSION"] == "2.0"
    assert "sggen" in cal["PRODID"]
    events = cal.walk("VEVENT")
    assert len(events) == len(STARTS)
    assert [str(e["SUMMARY"]) for e in events] == [m.summary for m in _meetings()]
    assert all(e["SEQUENCE"] == 0 for e in events)


def test_times_are_in_the_time_zone_on_both_sides_of_the_clock_change():
    data = calendar(_invitation())
    cal = icalendar.Calendar.from_ical(data)
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == [TZ]
    assert {d["TZOFFSETTO"].td for d in zones[0].walk("DAYLIGHT")} == {OFFSETS[1]}
    assert {s["TZOFFSETTO"].td for s in zones[0].walk("STANDARD")} == {OFFSETS[0]}
    for event, (day, time, length), offset in zip(cal.walk("VEVENT"), STARTS, OFFSETS,
                                                  strict=True):
        start, end = event["DTSTART"], event["DTEND"]
        assert start.params["TZID"] == TZ and end.params["TZID"] == TZ
        assert start.dt == dt.datetime.combine(day, time, tzinfo=HELSINKI)
        assert start.dt.utcoffset() == offset
        assert end.dt - start.dt == length
    assert b"DTSTART;TZID=Europe/Helsinki:20270415T093000\r\n" in data


def test_organiser_and_every_invitee_with_an_e_mail_are_on_every_event():
    for event in _events(calendar(_invitation())):
        organiser = event["ORGANIZER"]
        assert str(organiser) == f"mailto:{ORGANISER.email}"
        assert organiser.params["CN"] == ORGANISER.name
        attendees = event["ATTENDEE"]
        assert [str(a).lower() for a in attendees] == [f"mailto:{e}" for e in INVITED]
        assert [a.params["CN"] for a in attendees] == [p.name for p in INVITEES[:3]]
        for attendee in attendees:
            assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
            assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
            assert attendee.params["RSVP"] == "TRUE"


def test_description_location_and_link():
    events = _events(calendar(_invitation()))
    meetings = _meetings()
    for event, meeting in zip(events, meetings, strict=True):
        assert str(event["DESCRIPTION"]).startswith(meeting.description)
        assert event["DESCRIPTION"].params["LANGUAGE"] == "fi"
    first, second, third = events
    assert str(first["LOCATION"]) == meetings[0].location
    assert "LOCATION" not in second
    assert str(first["URL"]) == TEAMS == str(second["URL"])
    assert TEAMS in str(first["DESCRIPTION"]) and TEAMS in str(second["DESCRIPTION"])
    assert "URL" not in third and "https://" not in str(third["DESCRIPTION"])


def test_uids_are_stable_and_one_per_meeting():
    uids = [str(e["UID"]) for e in _events(calendar(_invitation()))]
    assert len(set(uids)) == len(uids)
    # Same project and dates, other texts and people: the same meetings to a calendar.
    changed = _invitation(invitees=INVITEES[:1], meetings=[
        dataclasses.replace(m, summary="Uusi otsikko", start=m.start + dt.timedelta(hours=1))
        for m in _meetings()])
    assert [str(e["UID"]) for e in _events(calendar(changed))] == uids
    other = _invitation(project_id="toinen")
    assert not set(uids) & {str(e["UID"]) for e in _events(calendar(other))}
    moved = _meetings()
    moved[0].start += dt.timedelta(days=1)
    assert str(_events(calendar(_invitation(meetings=moved)))[0]["UID"]) != uids[0]


def test_dtstamp_is_source_date_epoch_or_a_fixed_time(monkeypatch):
    for event in _events(calendar(_invitation())):
        assert event["DTSTAMP"].dt == dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    for event in _events(calendar(_invitation())):
        assert event["DTSTAMP"].dt == dt.datetime.fromtimestamp(1800000000, dt.timezone.utc)


def test_the_deck_is_attached_to_the_first_meeting_only():
    meetings = _meetings()
    # Given out of order: the earliest meeting is still the one with the deck.
    events = _events(calendar(_invitation(meetings=meetings[::-1])))
    assert [e["DTSTART"].dt for e in events] == [m.start for m in meetings]
    attach = events[0]["ATTACH"]
    assert attach.params["ENCODING"] == "BASE64" and attach.params["VALUE"] == "BINARY"
    assert attach.params["FMTTYPE"] == PPTX
    assert attach.params["X-FILENAME"] == "Asukasportaali – aloitus.pptx"
    assert attach.params["FILENAME"] == "Asukasportaali – aloitus.pptx"
    assert attach.bytes == DECK
    assert all("ATTACH" not in e for e in events[1:])
    assert all("ATTACH" not in e for e in _events(calendar(_invitation(attachment=None))))


def test_calendar_bytes_are_the_same_every_time_with_crlf_folded_lines():
    first, second = calendar(_invitation()), calendar(_invitation())
    assert first == second
    lines = first.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert len(lines) > 60  # the deck's base64 was folded, not left on one line


def test_a_second_parser_reads_the_same_events():
    data = calendar(_invitation())
    parsed = vobject.readOne(data.decode("utf-8"))
    events = parsed.vevent_list
    assert len(events) == len(STARTS)
    assert [e.dtstart.value for e in events] == [m.start for m in _meetings()]
    # vobject takes the offsets from the VTIMEZONE in the file (the first it reads for a
    # TZID), not from zoneinfo as icalendar does: a wrong VTIMEZONE fails here.
    assert [e.dtstart.value.utcoffset() for e in events] == OFFSETS
    assert [e.uid.value for e in events] == [str(e["UID"]) for e in _events(data)]
    assert [a.value.lower() for a in events[0].attendee_list] == [f"mailto:{e}" for e in INVITED]


# --- the draft -------------------------------------------------------------------------------

SUBJECT = "Kutsu: Asukasportaalin ohjausryhmä – Hämäläinen, Ylönen-Öhman"
BODY = "Hei,\n\nliitteenä ohjausryhmän aloitusmateriaali ja kokouskutsut.\n\nTerveisin\nOuti\n"


def _draft(invitation: Invitation | None = None) -> bytes:
    invitation = invitation or _invitation()
    files = [("aloitus.pptx", DECK), ("opas.docx", GUIDE), ("opas.pdf", b"%PDF-1.7"),
             ("muistio.txt", b"\xff\x00")]
    return draft(invitation, SUBJECT, BODY, files, calendar(invitation))


def _parse(data: bytes) -> email.message.EmailMessage:
    return email.parser.BytesParser(policy=email.policy.default).parsebytes(data)


def test_draft_is_unsent_from_the_organiser_to_every_invitee():
    message = _parse(_draft())
    assert message["X-Unsent"] == "1"
    assert [a.addr_spec for a in message["From"].addresses] == [ORGANISER.email]
    to = message["To"].addresses
    assert [a.addr_spec.lower() for a in to] == INVITED
    assert [a.display_name for a in to] == [p.name for p in INVITEES[:3]]
    assert message["Subject"] == SUBJECT
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == BODY


def test_draft_headers_are_ascii_and_encode_names():
    data = _draft()
    head = data.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # raises if a name or the subject went in unencoded
    assert b"=?utf-8?" in head
    assert b"\nX-Unsent: 1\r\n" in head


def test_draft_attachments_have_their_names_media_types_and_bytes():
    message = _parse(_draft())
    parts = list(message.iter_attachments())
    assert [p.get_filename() for p in parts] == ["aloitus.pptx", "opas.docx", "opas.pdf",
                                                 "muistio.txt", "invite.ics"]
    assert [p.get_content_type() for p in parts] == [
        PPTX, DOCX, "application/pdf", "application/octet-stream", "text/calendar"]
    assert [p.get_payload(decode=True) for p in parts[:4]] == [DECK, GUIDE, b"%PDF-1.7",
                                                               b"\xff\x00"]
    ics = parts[-1]
    assert ics.get_param("method") == "REQUEST" and ics.get_content_charset() == "utf-8"
    assert ics.get_payload(decode=True) == calendar(_invitation())


def test_draft_is_the_same_bytes_every_time(monkeypatch):
    first = _draft()
    assert first == _draft()
    message = _parse(first)
    assert message["Date"].datetime == dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
    assert message["Message-ID"] == _parse(_draft(_invitation(meetings=_meetings()[:1])))[
        "Message-ID"]
    assert message["Message-ID"] != _parse(_draft(_invitation(project_id="toinen")))[
        "Message-ID"]
    assert b"boundary=\"=_sggen_" in first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    later = _draft()
    assert _parse(later)["Date"].datetime == dt.datetime.fromtimestamp(1800000000,
                                                                       dt.timezone.utc)
    assert later == _draft()


def test_draft_boundary_follows_the_content():
    def boundary(data: bytes) -> str:
        return _parse(data).get_boundary()

    base = _draft()
    invitation = _invitation()
    other = draft(invitation, SUBJECT, BODY + "PS.\n", [], calendar(invitation))
    assert boundary(base) != boundary(other)


def test_draft_refuses_a_second_invite_ics():
    invitation = _invitation()
    with pytest.raises(InvitationError, match="invite.ics"):
        draft(invitation, SUBJECT, BODY, [("invite.ics", b"x")], calendar(invitation))


# --- local times and bad input ---------------------------------------------------------------


def test_local_time_of_an_ordinary_time():
    moment = local_time(dt.date(2027, 6, 10), dt.time(13, 0), TZ)
    assert moment.tzinfo == HELSINKI
    assert moment.utcoffset() == dt.timedelta(hours=3)
    assert moment.astimezone(dt.timezone.utc) == dt.datetime(2027, 6, 10, 10, 0,
                                                             tzinfo=dt.timezone.utc)


def test_local_time_in_the_daylight_saving_gap_is_refused():
    with pytest.raises(LocalTimeError, match="2027-03-28 03:30 does not exist") as info:
        local_time(dt.date(2027, 3, 28), dt.time(3, 30), TZ)
    assert isinstance(info.value, ValueError) and isinstance(info.value, SggenError)
    # The minutes around the gap are fine.
    assert local_time(dt.date(2027, 3, 28), dt.time(2, 59), TZ).utcoffset() == OFFSETS[0]
    assert local_time(dt.date(2027, 3, 28), dt.time(4, 0), TZ).utcoffset() == OFFSETS[1]


def test_local_time_in_the_repeated_hour_is_refused():
    with pytest.raises(LocalTimeError, match="happens twice"):
        local_time(dt.date(2027, 10, 31), dt.time(3, 30), TZ)
    assert local_time(dt.date(2027, 10, 31), dt.time(4, 0), TZ).utcoffset() == OFFSETS[0]


def test_local_time_in_an_unknown_zone():
    with pytest.raises(InvitationError, match="unknown time zone"):
        local_time(dt.date(2027, 6, 10), dt.time(13, 0), "Europe/Tampere")


def _with_meeting(**changes) -> Invitation:
    return _invitation(meetings=[dataclasses.replace(_meetings()[0], **changes)])


@pytest.mark.parametrize(("invitation", "message"), [
    (lambda: _invitation(meetings=[]), "no meetings"),
    (lambda: _invitation(organiser=Person("Outi Saarinen", "", "")), "organiser .* no e-mail"),
    (lambda: _invitation(organiser=Person("Outi", "outi(at)example.fi", "")),
     "not an e-mail address"),
    (lambda: _invitation(invitees=INVITEES[3:4]), "no invitee .* e-mail"),
    (lambda: _invitation(invitees=[Person("Mikko\nLaaksonen", "m@example.fi", "")]),
     "line break"),
    (lambda: _with_meeting(start=dt.datetime(2027, 3, 11, 13, 0)), "without a time zone"),
    (lambda: _with_meeting(start=dt.datetime(2027, 3, 28, 3, 30, tzinfo=HELSINKI)),
     "does not exist"),
    (lambda: _with_meeting(start=dt.datetime(2027, 10, 31, 0, 30, tzinfo=dt.timezone.utc)),
     "happens twice"),
    (lambda: _with_meeting(duration=dt.timedelta(0)), "does not last"),
    (lambda: _with_meeting(number=4), "not between 1 and 3"),
    (lambda: _with_meeting(url="teams.example.fi/abc"), "not a web address"),
    (lambda: _invitation(meetings=_meetings()[:1] + [dataclasses.replace(
        _meetings()[0], number=2, start=_meetings()[0].start + dt.timedelta(hours=3))]),
     "two meetings on 2027-03-11"),
    (lambda: _invitation(meetings=_meetings()[:1] + [dataclasses.replace(_meetings()[1],
                                                                         number=1)]),
     "two meetings are numbered 1"),
    (lambda: _invitation(timezone="Mars/Olympus"), "unknown time zone"),
    (lambda: _invitation(language="suomi"), "not a language code"),
    (lambda: _invitation(attachment=("../deck.pptx", DECK)), "not a file name"),
])
def test_impossible_input_is_one_clear_error(invitation, message):
    with pytest.raises(InvitationError, match=message) as info:
        calendar(invitation())
    assert "\n" not in str(info.value)


def test_a_meeting_given_in_another_zone_is_written_in_the_workspace_zone():
    meeting = dataclasses.replace(_meetings()[1], start=dt.datetime(
        2027, 4, 15, 6, 30, tzinfo=dt.timezone.utc))
    event = _events(calendar(_invitation(meetings=[meeting])))[0]
    assert event["DTSTART"].params["TZID"] == TZ
    assert event["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(2027, 4, 15, 9, 30)


# --- architecture ----------------------------------------------------------------------------


def _importers(library: str) -> list[str]:
    users = set()
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == library for name in names):
                users.add(path.relative_to(SRC).as_posix())
    return sorted(users)


def test_only_the_invitation_module_imports_icalendar():
    assert _importers("icalendar") == ["formats/invite/__init__.py", "formats/invite/feed.py"]
    assert _importers("vobject") == []  # a test dependency only
