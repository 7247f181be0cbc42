"""`sggen invite`: the example's calendar and e-mail draft, read back as a calendar program and
a mail program would."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import icalendar
import pytest
import yaml
from typer.testing import CliRunner

from sggen import read
from sggen.cli import app
from sggen.context import context

runner = CliRunner()


def _invite(workspace: Path, *extra: str):
    result = runner.invoke(app, ["invite", "--project", "example", "--workspace", str(workspace),
                                 *extra])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def invited(workspace: Path):
    result = _invite(workspace)
    folder = workspace / "output" / "example"
    return workspace, folder, result


def _project(workspace: Path) -> dict:
    return yaml.safe_load((workspace / "projects" / "example.yaml").read_text())


def test_the_calendar_has_one_event_per_meeting_with_the_deck_on_the_first(invited) -> None:
    workspace, folder, result = invited
    assert "wrote" in result.output and "invite.ics" in result.output
    calendar = icalendar.Calendar.from_ical((folder / "invite.ics").read_bytes())
    assert calendar["METHOD"] == "REQUEST"
    events = list(calendar.walk("VEVENT"))
    dates = _project(workspace)["meetings"]["dates"]
    assert [e.decoded("DTSTART").date() for e in events] == dates
    assert all(e.decoded("DTSTART").tzinfo.key == "Europe/Helsinki" for e in events)
    assert [e.decoded("DTSTART").hour for e in events] == [13] * len(dates)  # sggen.yaml default
    summaries = [str(e["SUMMARY"]) for e in events]
    assert summaries[0] == "Ohjausryhmän kokous 1/6: Käynnistysvaiheen hyväksyminen"
    assert summaries[-1] == "Ohjausryhmän kokous 6/6: Projektin päättämisen hyväksyminen"
    assert "Esityslista:" in str(events[0]["DESCRIPTION"])
    assert str(events[0]["ORGANIZER"]) == "mailto:katja.hamalainen@example.fi"
    attendees = {str(a) for a in events[0].get("ATTENDEE")}
    assert "mailto:helena.korhonen@example.fi" in attendees
    assert "mailto:eeva.lindholm@example.fi" in attendees  # project support, the secretary
    deck = (folder / "deck.pptx").read_bytes()
    assert events[0].decoded("ATTACH") == deck
    assert all("ATTACH" not in e for e in events[1:])
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_the_draft_is_unsent_to_every_invitee_with_the_documents_and_cards(invited) -> None:
    workspace, folder, _ = invited
    message = email.message_from_bytes((folder / "invite.eml").read_bytes(),
                                       policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    to = {a.addr_spec for a in message["To"].addresses}
    people = _project(workspace)["people"]
    for role in ("executive", "senior-user", "senior-supplier", "project-manager"):
        for person in people[role] if isinstance(people[role], list) else [people[role]]:
            assert person["email"] in to, person
    assert "outi.saarinen@example.fi" not in to  # corporate management is not on the board
    assert message["Subject"].startswith("Varhaiskasvatuksen")
    parts = {p.get_filename(): p for p in message.iter_attachments()}
    cards = {f"example-{p.name}" for p in (folder / "cards").glob("*.docx")}
    assert len(cards) == 9  # built by invite: each card of the people who hold one
    assert set(parts) == {"example-deck.pptx", "example-guide.docx", "invite.ics", *cards}
    assert parts["example-deck.pptx"].get_content() == (folder / "deck.pptx").read_bytes()
    assert parts["invite.ics"].get_content_type() == "text/calendar"
    assert parts["invite.ics"].get_param("method") == "REQUEST"
    assert "Kokousajat" in message.get_body(("plain",)).get_content()


def test_a_second_run_is_unchanged_and_a_forced_one_gives_the_same_bytes(invited) -> None:
    workspace, folder, _ = invited
    before = {n: (folder / n).read_bytes() for n in ("invite.ics", "invite.eml")}
    again = _invite(workspace)
    assert "1 unchanged" in again.output
    _invite(workspace, "--force")
    assert {n: (folder / n).read_bytes() for n in before} == before


def test_a_project_edit_rebuilds_the_invitation(invited) -> None:
    workspace, folder, _ = invited
    path = workspace / "projects" / "example.yaml"
    text = path.read_text().replace("  dates: [", '  time: "09:30"\n  minutes: 90\n  dates: [')
    path.write_text(text)
    result = _invite(workspace)
    assert "invite.ics" in result.output
    events = list(icalendar.Calendar.from_ical((folder / "invite.ics").read_bytes())
                  .walk("VEVENT"))
    start, end = events[1].decoded("DTSTART"), events[1].decoded("DTEND")
    assert (start.hour, start.minute) == (9, 30) and (end - start).seconds == 90 * 60


def test_a_meeting_can_name_its_own_decisions_time_and_place(workspace: Path) -> None:
    path = workspace / "projects" / "example.yaml"
    text = path.read_text().replace(
        "2027-06-17,", '{date: 2027-06-17, decisions: [give-ad-hoc-direction], '
        'time: "10:00", place: "Teams"},')
    path.write_text(text)
    _invite(workspace, "--lang", "en")
    calendar = icalendar.Calendar.from_ical(
        (workspace / "output" / "example" / "invite.en.ics").read_bytes())
    third = list(calendar.walk("VEVENT"))[2]
    assert str(third["SUMMARY"]) == "Project board meeting 3/6: Give ad hoc direction"
    assert third.decoded("DTSTART").hour == 10 and str(third["LOCATION"]) == "Teams"


def test_an_invitee_without_e_mail_is_a_located_warning(workspace: Path) -> None:
    path = workspace / "projects" / "example.yaml"
    path.write_text(path.read_text().replace("    email: jari.nieminen@example.fi\n", ""))
    result = _invite(workspace)
    line = next(ln for ln in result.output.splitlines() if "warning:" in ln)
    assert line.startswith("projects/example.yaml:") or "example.yaml:" in line
    assert "Jari Nieminen (senior-supplier) has no e-mail" in line


def test_the_other_methods_meetings_are_planned_from_their_own_library(workspace) -> None:
    ws = read.workspace(workspace)
    inputs = read.inputs(ws, {"pm2"}, ())
    problems: list = []
    project = read.project(ws, inputs, "pm2-example", problems)
    view = context("pm2-example", project, inputs.libraries["pm2"], ws.settings,
                   yaml.safe_load((workspace / "templates" / "strings.yaml").read_text()), "en")
    planned = [[d.id for d in m.decisions] for m in view.meetings.calendar]
    # from the phases: the first meeting ends Initiating, the last ends Closing
    assert planned == [p.decisions for p in project.timing]
    assert planned[0] == ["approve-initiation", "ready-for-planning"]
    assert planned[-1] == ["confirm-closure"]
    assert all("escalation" not in ids for ids in planned)  # only when asked for
