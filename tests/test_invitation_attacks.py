"""The invitation and the e-mail draft under attack: no text, name or link injects a header or
a calendar property (CR, LF and their Unicode cousins refused or kept inside their value);
non-ASCII headers are encoded (RFC 2047); only https: meeting links; a meeting across the
clock change ends when it ends; the draft attaches exactly the current members' cards the
build wrote, never a stray file, a link out of the workspace or a pipe."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from conftest import copy_workspace
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_invite import DECK, _invitation, _meetings
from typer.testing import CliRunner

from sggen.cli import app
from sggen.formats.invite import InvitationError, Person, calendar
from sggen.formats.invite.mail import draft

BASE = Path(__file__).resolve().parent / "bad" / "_base"

# What an attacker puts in a text that reaches a header or a calendar property.
TRICKS = ["\r\n", "\n", "\r", "\r\nBcc: eve@example.com", "\nATTENDEE:mailto:eve@example.com",
          "\r\nEND:VEVENT\r\nBEGIN:VEVENT", ":", ";", ",", '"', "\\", "=?utf-8?b?QmNjOg==?=",
          "\u2028", "\u2029", "\x85", "\x00", "\x1b[31m", "ä", "王", "😀", " ", "\t", "<>", "@"]
texts = st.lists(st.one_of(st.sampled_from(TRICKS), st.text(max_size=8)), max_size=6).map(
    "".join)
HEADERS = {"From", "To", "Subject", "Date", "Message-ID", "X-Unsent", "MIME-Version",
           "Content-Type", "Content-Language"}
PROPERTIES = {"UID", "DTSTAMP", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION",
              "LOCATION", "URL", "STATUS", "ORGANIZER", "ATTENDEE", "ATTACH"}


def _hostile(name: str, subject: str, place: str, summary: str, file_name: str):
    """Return the invitation with the hostile texts where headers and properties get them, and
    its draft; or None when it is refused."""
    meetings = [dataclasses.replace(m, location=place or m.location, summary=summary or "x")
                for m in _meetings()]
    invitation = _invitation(meetings=meetings, invitees=[Person(name, "eve.ok@example.fi", "")],
                             organiser=Person(name, "org@example.fi", ""),
                             attachment=(file_name or "deck.pptx", DECK))
    try:
        ics = calendar(invitation)
        return invitation, ics, draft(invitation, subject, "body", [(file_name or "a.pptx", DECK)],
                                      calendar(dataclasses.replace(invitation, attachment=None)))
    except InvitationError as exc:
        assert "\n" not in str(exc)
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=texts, subject=texts, place=texts, summary=texts, file_name=texts)
# a subject that looks like an encoded word must reach the reader as written, not decoded
@example(name="", subject="=?utf-8?b?QmNjOg==?=", place="", summary="", file_name="")
def test_no_text_injects_a_header_or_a_property(name, subject, place, summary, file_name):
    made = _hostile(name, subject, place, summary, file_name)
    if made is None:
        return
    _, ics, eml = made
    head = eml.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # every non-ASCII header is encoded (RFC 2047)
    message = email.message_from_bytes(eml, policy=email.policy.default)
    assert set(message.keys()) == HEADERS
    assert message["Subject"] == subject
    assert [a.addr_spec for a in message["To"].addresses] == ["eve.ok@example.fi"]
    assert [a.addr_spec for a in message["From"].addresses] == ["org@example.fi"]
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert len(events) == len(_meetings())
    for event in events:
        assert set(event.keys()) <= PROPERTIES
        attendees = event.get("ATTENDEE")
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert [str(a) for a in attendees] == ["mailto:eve.ok@example.fi"]
        assert str(event["ORGANIZER"]) == "mailto:org@example.fi"
        assert str(event["SUMMARY"]) == (summary or "x")
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))  # folded, as RFC 5545 asks


@pytest.mark.parametrize("link", ["http://teams.example.fi/x", "javascript:alert(1)",
                                  "data:text/html,<script>", "https://ok.example.fi/\r\nX: 1",
                                  "https://", "ftp://example.fi/", "HTTPS://example.fi/\n"])
def test_only_https_meeting_links(link):
    meetings = [dataclasses.replace(m, url=link) for m in _meetings()]
    with pytest.raises(InvitationError, match="https://|line break"):
        calendar(_invitation(meetings=meetings))


# --- through the command line -----------------------------------------------------------------


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("mail") / "ws")
    for shipped in (root / "projects").glob("*.yaml"):
        shipped.unlink()
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    return root


@pytest.fixture
def ws(base: Path, tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    (tmp_path / "outside").mkdir()
    monkeypatch.chdir(root)
    return root


def project(members: list[str], meetings: str = "meetings:\n  dates: [2027-01-14]\n") -> str:
    text = (BASE / "projects" / "x.yaml").read_text(encoding="utf-8")
    text = text.replace("executive: {name: Ann Able}",
                        "executive: {name: Ann Able, email: ann@example.fi}")
    text = text.replace("project-manager: {name: Dan Dale}",
                        "project-manager: {name: Dan Dale, email: dan@example.fi}")
    listed = "".join(f'\n    - {{name: "{name}"}}' for name in members)
    return text.replace("senior-user: {name: Bob Baker}", f"senior-user:{listed}") + meetings


def cli(root: Path, *args: str):
    return CliRunner().invoke(app, [*args, "--workspace", str(root)])


def attached(root: Path) -> dict[str, bytes]:
    message = email.message_from_bytes((root / "output" / "x" / "invite.eml").read_bytes(),
                                       policy=email.policy.default)
    return {p.get_filename(): p.get_payload(decode=True) for p in message.iter_attachments()}


def test_the_draft_attaches_the_current_members_cards_only(ws):
    (ws / "projects" / "x.yaml").write_text(project(["Bob Baker", "Eve Left"]), "utf-8")
    assert cli(ws, "build", "--project", "x").exit_code == 0
    cards = ws / "output" / "x" / "cards"
    (cards / "intruder.docx").write_bytes(b"not a card of this build")
    (ws / "projects" / "x.yaml").write_text(project(["Bob Baker"]), "utf-8")
    result = cli(ws, "invite", "--project", "x")
    assert result.exit_code == 0, result.output
    names = set(attached(ws))
    assert "x-cards-senior-user-bob-baker.docx" not in names  # attached by their file name
    assert {n for n in names if "senior-user" in n} == {"x-senior-user-bob-baker.docx"}
    assert not any("eve-left" in n or "intruder" in n for n in names), names
    assert {"x-deck.pptx", "x-guide.docx", "invite.ics", "x-executive-ann-able.docx"} <= names


def test_a_card_replaced_by_a_link_out_of_the_workspace_never_goes_out(ws):
    (ws / "projects" / "x.yaml").write_text(project(["Bob Baker"]), "utf-8")
    assert cli(ws, "build", "--project", "x").exit_code == 0
    secret = ws.parent / "outside" / "secret.docx"
    secret.write_bytes(b"the salaries of everyone")
    card = ws / "output" / "x" / "cards" / "senior-user-bob-baker.docx"
    card.unlink()
    card.symlink_to(secret)
    result = cli(ws, "invite", "--project", "x")
    assert result.exit_code in (0, 2), result.output
    assert "internal error" not in result.output
    eml = ws / "output" / "x" / "invite.eml"
    assert not eml.exists() or b"salaries" not in eml.read_bytes()
    assert b"salaries" not in b"".join(attached(ws).values()) if eml.exists() else True
    assert secret.read_bytes() == b"the salaries of everyone"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_among_the_cards_is_never_waited_for(ws):
    (ws / "projects" / "x.yaml").write_text(project(["Bob Baker"]), "utf-8")
    assert cli(ws, "build", "--project", "x").exit_code == 0
    cards = ws / "output" / "x" / "cards"
    os.mkfifo(cards / "zz-pipe.docx")
    (cards / "senior-user-bob-baker.docx").unlink()
    os.mkfifo(cards / "senior-user-bob-baker.docx")
    # in a process of its own: the timeout only stops a hang, it measures nothing
    code = f"from sggen.cli import main; import sys; sys.argv = ['sggen', 'invite', " \
           f"'--project', 'x', '--workspace', {str(ws)!r}]; main()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ})
    assert done.returncode == 0, done.stderr
    assert "x-senior-user-bob-baker.docx" in attached(ws)


def test_a_meeting_across_the_clock_change_ends_when_it_ends(ws):
    # The last Saturday of October 2027: the clocks turn back at 04:00 on the Sunday.
    for minutes in (300, 360, 420):
        meetings = ("meetings:\n  dates: [{date: 2027-10-30, time: '22:00', "
                    f"minutes: {minutes}}}]\n")
        (ws / "projects" / "x.yaml").write_text(project(["Bob Baker"], meetings), "utf-8")
        result = cli(ws, "invite", "--project", "x")
        assert result.exit_code == 0, result.output
        event = icalendar.Calendar.from_ical(
            (ws / "output" / "x" / "invite.ics").read_bytes()).walk("VEVENT")[0]
        start = event.decoded("DTSTART").astimezone(dt.timezone.utc)
        end = event.decoded("DTEND").astimezone(dt.timezone.utc)
        assert end - start == dt.timedelta(minutes=minutes), minutes
        if minutes > 300:  # the clocks turned during it: said, at the meeting's line
            assert re.search(r"^projects/x\.yaml:\d+:\d+: warning: the clocks turn back during "
                             r"the meeting of 2027-10-30", result.stderr, re.M), result.stderr
