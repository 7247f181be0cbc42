"""The calendar and consistency rails: a project with each planted problem gets exactly that
warning, at its line and column, with the date or value and a hint; `validate` exits 0 and
`validate --strict` 2; a meeting at no stage end is a progress review in every document."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import icalendar
import pptx
import pytest
from conftest import all_shapes
from typer.testing import CliRunner

from sggen.cli import app
from sggen.read.calendar import Days
from sggen.read.lifecycle import later

runner = CliRunner()
PLANTED = "projects/planted.yaml"
WARNING = re.compile(r"^(projects/planted\.yaml):(\d+):(\d+): warning: (.*) \((.+)\)$")


def _run(workspace: Path, *args: str):
    return runner.invoke(app, [*args, "--workspace", str(workspace)])


@pytest.fixture(autouse=True)
def _inside(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the workspace, as a user does: messages then name projects/planted.yaml."""
    if "workspace" in request.fixturenames:
        monkeypatch.chdir(request.getfixturevalue("workspace"))


def _plant(workspace: Path, *edits: tuple[str, str]) -> Path:
    """Write projects/planted.yaml: the shipped example with `edits` (old, new) made."""
    text = (workspace / "projects" / "example.yaml").read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = workspace / PLANTED
    path.write_text(text)
    return path


def _warnings(output: str) -> list[re.Match]:
    """Return the warnings about the planted project, each parsed."""
    found = [WARNING.match(line) for line in output.splitlines() if PLANTED in line]
    assert all(found), output
    return found


def _place(path: Path, token: str) -> str:
    """Return line:col of the first `token` in the file, as the messages count them."""
    text = path.read_text()
    offset = text.index(token)
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - text.rfind(chr(10), 0, offset)}"


# (name, edits, where: the text the warning points at, what the message says)
CASES = [
    ("holiday", [("2027-03-23, 2027-06-17", "2027-03-23, 2027-05-06, 2027-06-17")],
     "2027-05-06", "meeting date 2027-05-06 is a public holiday in FI: Ascension Day"),
    ("weekend", [("2027-03-23, 2027-06-17", "2027-03-23, 2027-05-08, 2027-06-17")],
     "2027-05-08", "meeting date 2027-05-08 is a Saturday"),
    ("stage-end-without-meeting", [("2027-08-19, 2027-09-30", "2027-08-19, 2027-09-09")],
     "2027-09-29", "no board meeting at the end of the stage that ends 2027-09-29"),
    ("closure-before-the-last-stage-ends",
     [("2027-09-30, 2027-12-14", "2027-09-30, {date: 2027-11-18, decisions: "
       "[authorize-closure]}, 2027-12-14")],
     "[authorize-closure]", "meeting 2027-11-18 is to authorize closure (authorize-closure), "
     "but the last stage ends only 2027-12-10"),
    ("overlapping-stages", [("    start: 2027-03-24", "    start: 2027-03-18")],
     "2027-03-18", "stage starts 2027-03-18, before the previous stage ends (2027-03-19): "
     "the stages overlap"),
    ("meeting-outside-the-span", [("2027-12-14]", "2027-12-14, 2028-03-01]")],
     "2028-03-01", "meeting date 2028-03-01 is outside the project's span (2027-01-11 to "
     "2027-12-19)"),
    ("papers-too-late", [("date: 2027-01-07}", "date: 2027-01-08}")],
     "2027-01-08", "the papers are dated 2027-01-08, 4 working days before the first meeting "
     "on 2027-01-14; the library asks for 5"),
    ("rhythm-contradicted", [("2027-06-17, 2027-08-19, 2027-09-30", "2027-06-17, 2027-09-30")],
     "2027-09-30", "meetings 2027-06-17 and 2027-09-30 are 105 days apart, more than the "
     "meeting rhythm allows"),
    ("change-limits-above-the-change-budget",
     [("limit_per_stage: {euros: 10000}", "limit_per_stage: {euros: 11000}")],
     "11000", "the delegated limit per stage (11 000 €) × 4 stages is 44 000 €, more than the "
     "change budget (40 000 €)"),
    ("change-limits-above-the-cost-tolerance",
     [("limit_per_stage: {euros: 10000}", "limit_per_stage: {euros: 13000}"),
      ("budget: {euros: 40000}", "budget: {euros: 60000}")],
     "13000", "the delegated limit per stage (13 000 €) × 4 stages is 52 000 €, more than the "
     "cost tolerance (10 % of 480 000 € = 48 000 €)"),
    ("risk-threshold-at-the-time-tolerance", [("    weeks: 2\n", "    weeks: 3\n")],
     "3\n    text:\n      fi: Riski", "the risk escalation threshold (3 weeks) is at or "
     "above the time tolerance (3 weeks)"),
    ("bidder-on-the-board-during-procurement",
     [("    end: 2027-09-29\n", "    end: 2027-09-29\n    procurement: true\n"),
      ("    organisation: {fi: Kaupungin IT-palvelukeskus, sv: Stadens IT-servicecentral, "
       "en: City IT Service Centre}\n    email: jari.nieminen",
       "    organisation: Ohjelmistotalo Esimerkki Oy\n    email: jari.nieminen")],
     "Ohjelmistotalo Esimerkki Oy", "Jari Nieminen (senior-supplier) is from Ohjelmistotalo "
     "Esimerkki Oy, which may bid in the tender prepared in stage 3 (2027-06-21 to "
     "2027-09-29)"),
    ("decisions-contradicting-the-stages",
     [("2027-08-19,", "{date: 2027-08-19, decisions: [authorize-stage]},")],
     "[authorize-stage]", "meeting 2027-08-19 is set to decide authorize-stage, but by the "
     "stages it is a progress review (give-ad-hoc-direction)"),
]


def test_the_unplanted_project_has_no_warning(workspace: Path) -> None:
    _plant(workspace)
    result = _run(workspace, "validate", "--strict")
    assert result.exit_code == 0, result.output
    assert _warnings(result.output) == []


@pytest.mark.parametrize(("edits", "where", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_a_planted_problem_gets_exactly_its_warning(workspace: Path, edits, where,
                                                    message) -> None:
    path = _plant(workspace, *edits)
    relaxed = _run(workspace, "validate")
    assert relaxed.exit_code == 0, relaxed.output
    found = _warnings(relaxed.output)
    assert [m.group(4) for m in found] == [message], relaxed.output
    assert f"{found[0].group(2)}:{found[0].group(3)}" == _place(path, where)
    assert found[0].group(5)  # the hint
    strict = _run(workspace, "validate", "--strict")
    assert strict.exit_code == 2 and message in strict.output


def test_every_planted_problem_at_once_gets_exactly_their_warnings(workspace: Path) -> None:
    cases = dict((c[0], c) for c in CASES)
    # the planted meetings in one list; the other cases' own edits
    dates = ("2027-01-14, 2027-03-23, 2027-05-06, 2027-05-08, 2027-06-17, {date: 2027-08-19, "
             "decisions: [authorize-stage]}, 2027-09-09, {date: 2027-11-18, decisions: "
             "[authorize-closure]}, 2027-12-14, 2028-03-01")
    others = ["overlapping-stages", "papers-too-late", "change-limits-above-the-change-budget",
              "risk-threshold-at-the-time-tolerance", "bidder-on-the-board-during-procurement"]
    edits = [("2027-01-14, 2027-03-23, 2027-06-17, 2027-08-19, 2027-09-30, 2027-12-14", dates),
             *(e for name in others for e in cases[name][1])]
    _plant(workspace, *edits)
    result = _run(workspace, "validate")
    assert result.exit_code == 0, result.output
    planted = ["holiday", "weekend", "stage-end-without-meeting",
               "closure-before-the-last-stage-ends", "meeting-outside-the-span",
               "decisions-contradicting-the-stages", *others]
    assert sorted(m.group(4) for m in _warnings(result.output)) == \
        sorted(cases[name][3] for name in planted)


@pytest.mark.parametrize(("country", "day", "holiday"), [
    ("FI", "2027-12-06", "Independence Day"), ("SE", "2028-06-06", "National Day"),
    ("SE", "2027-12-06", ""), ("FI", "2028-06-06", "")])
def test_holidays_are_the_countrys_own(workspace: Path, country, day, holiday) -> None:
    config = workspace / "sggen.yaml"
    config.write_text(config.read_text().replace("country: FI", f"country: {country}"))
    if day < "2027-12-14":
        _plant(workspace, ("2027-09-30, 2027-12-14]", f"2027-09-30, {day}, 2027-12-14]"))
    else:
        _plant(workspace, ("2027-12-14]", f"2027-12-14, {day}]"))
    result = _run(workspace, "validate")
    said = [m.group(4) for m in _warnings(result.output) if "public holiday" in m.group(4)]
    assert said == ([f"meeting date {day} is a public holiday in {country}: {holiday}"]
                    if holiday else [])


def test_an_unknown_country_is_an_error_in_the_settings(workspace: Path) -> None:
    config = workspace / "sggen.yaml"
    config.write_text(config.read_text().replace("country: FI", "country: XX"))
    result = _run(workspace, "validate")
    assert result.exit_code == 2
    assert "sggen.yaml:" in result.output and "no public holidays are known for country 'XX'" \
        in result.output


def test_working_days_skip_weekends_and_holidays() -> None:
    days = Days("FI")
    # Good Friday and Easter Monday 2027 fall on either side of a weekend
    assert days.count(dt.date(2027, 3, 25), dt.date(2027, 3, 31)) == 2
    assert days.back(dt.date(2027, 1, 14), 5) == dt.date(2027, 1, 7)
    assert days.window(dt.date(2027, 3, 19), 5, 5) == (dt.date(2027, 3, 12),
                                                       dt.date(2027, 3, 30))
    assert later(dt.date(2027, 1, 31), type("I", (), {"weeks": None, "months": 1})) == \
        dt.date(2027, 2, 28)


# --- the documents ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a workspace whose example moved its third stage boundary into the stage (a
    meeting that no stage end precedes), built with its invitation."""
    from conftest import copy_workspace

    workspace = copy_workspace(tmp_path_factory.mktemp("lifecycle") / "ws")
    project = workspace / "projects" / "example.yaml"
    project.write_text(project.read_text().replace("2027-08-19, 2027-09-30",
                                                   "2027-08-19, 2027-09-09"))
    for args in (["build", "--project", "example"], ["invite", "--project", "example"]):
        result = _run(workspace, *args)
        assert result.exit_code == 0, result.output
    return workspace / "output" / "example"


REVIEWS = ("19.8.2027", "9.9.2027")  # both mid-stage: the Build and testing stage
REVIEW = "Tilannekatsaus"
BOUNDARY = "Vaiheen tai poikkeustilannesuunnitelman hyväksyminen"


def test_the_deck_calendar_calls_a_mid_stage_meeting_a_progress_review(built: Path) -> None:
    deck = pptx.Presentation(built / "deck.pptx")
    slide = next(s for s in deck.slides if s.shapes.title is not None
                 and s.shapes.title.text == "Ohjausryhmän kalenteri")
    texts = [s.text_frame.text for s in all_shapes(slide.shapes) if s.has_text_frame]
    for day in REVIEWS:
        label = next(t for t in texts if day in t)
        assert REVIEW in label and "päättyy" not in label, label
    # a boundary's label names the stage it ends: only the second stage's end is left
    assert sum("Määrittely päättyy" in t for t in texts) == 1
    assert not any("Toteutus päättyy" in t for t in texts)


def test_the_guide_and_the_cards_call_it_a_progress_review(built: Path) -> None:
    guide = docx.Document(built / "guide.docx")
    rows = [[c.text for c in row.cells] for t in guide.tables for row in t.rows]
    for day in REVIEWS:
        row = next(r for r in rows if any(c.startswith(day) for c in r))
        assert row[-1] == f"{REVIEW} – Ohjaus tarpeen mukaan", row
    card = docx.Document(next((built / "cards").glob("executive-*.docx")))
    lines = [p.text for p in card.paragraphs]
    for day in REVIEWS:
        line = next(t for t in lines if t.startswith(day))
        assert f"– {REVIEW} – Ohjaus tarpeen mukaan:" in line and BOUNDARY not in line, line


def test_the_invitation_gives_a_mid_stage_meeting_no_stage_decision(built: Path) -> None:
    calendar = icalendar.Calendar.from_ical((built / "invite.ics").read_bytes())
    events = {e.decoded("DTSTART").date(): e for e in calendar.walk("VEVENT")}
    for day in (dt.date(2027, 8, 19), dt.date(2027, 9, 9)):
        summary, description = str(events[day]["SUMMARY"]), str(events[day]["DESCRIPTION"])
        assert summary.endswith(": Ohjaus tarpeen mukaan"), summary
        assert BOUNDARY not in summary + description
    last = str(events[dt.date(2027, 12, 14)]["SUMMARY"])
    assert last.endswith("Projektin päättämisen hyväksyminen")


# --- what the numbers and the calendar data must be ------------------------------------------


@pytest.mark.parametrize(("edit", "message"), [
    (("limit_per_stage: {euros: 10000}", "limit_per_stage: {}"), "a limit needs a number or a "
     "text"),
    (("limit_per_stage: {euros: 10000}", "limit_per_stage: {euros: -5}"),
     "change_authority.limit_per_stage.euros must be 0 or more, not -5"),
    (("    hours_per_month: 4\n", "    hours_per_month: lots\n"),
     "people.executive.hours_per_month must be a number, not the text 'lots'"),
    (("rhythm: {every: {months: 3}}", "rhythm: {every: {months: 3, weeks: 2}}"),
     "give either months or weeks"),
])
def test_a_malformed_number_is_a_located_error(workspace: Path, edit, message) -> None:
    path = _plant(workspace, edit)
    result = _run(workspace, "validate")
    assert result.exit_code == 2
    line = next(ln for ln in result.output.splitlines() if message in ln)
    assert line.startswith(f"{PLANTED}:") and "warning" not in line
    assert path.exists()


def test_the_library_calendar_names_known_decisions(workspace: Path) -> None:
    board = workspace / "roles" / "prince2" / "board.yaml"
    board.write_text(board.read_text().replace("  last_stage_end: authorize-closure",
                                               "  last_stage_end: authorise-closure"))
    result = _run(workspace, "validate")
    assert result.exit_code == 2
    assert "roles/prince2/board.yaml:" in result.output
    assert "unknown decision point 'authorise-closure' (did you mean 'authorize-closure'?)" in \
        result.output
