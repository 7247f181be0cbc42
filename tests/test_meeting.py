"""A board meeting's pack (`sggen meeting`): for every meeting of every shipped project the
pack is written and reopens, passes the accessibility audit and states the decision in the
words of the kickoff deck's calendar; the invitation carries the pack; an up-to-date pack is
not made again; a project's record of past decisions is checked and shown; bad dates are
located errors."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import _document, _presentation, copy_workspace, deck_text, guide_text
from icalendar import Calendar
from typer.testing import CliRunner

from sggen import pipeline, read
from sggen.cli import app
from sggen.formats import PACK
from sggen.formats.invite import meeting_uid
from sggen.pipeline import meeting

BEFORE = dt.date(2026, 1, 1)  # a day before every shipped meeting


def _job(ws, project_id: str):
    deps = pipeline.Dependencies(ws, [project_id])
    job, _ = pipeline.Job.read(pipeline.shared(ws, deps.methods, deps),
                               pipeline.Request([project_id]), project_id, deps)
    return job


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> dict:
    """Return every shipped project's packs, one per meeting in the project's own language:
    (project, date) -> (pack folder, the job, the meeting's place in the calendar)."""
    ws = read.workspace(copy_workspace(tmp_path_factory.mktemp("packs") / "ws"))
    out = {}
    for project_id in ws.project_ids():
        job = _job(ws, project_id)
        for n, m in enumerate(job.project.meetings.meetings()):
            meeting.meeting(ws, pipeline.Request([project_id]), m.date.isoformat(), BEFORE)
            out[project_id, m.date] = (job.folder / "meetings" / m.date.isoformat(), job, n)
    return out


def _calendar_labels(deck: Path, title: str) -> dict[int, str]:
    """Return what the kickoff deck's calendar slide says each meeting decides, by the
    meeting's number: its speaker notes list them as `1 · 14.1.2027: the decisions`."""
    slide = next(s for s in _presentation(deck).slides if s.shapes.title is not None
                 and s.shapes.title.text == title)
    notes = slide.notes_slide.notes_text_frame.text.split("\n")
    return {int(found[1]): " ".join(found[2].split()) for line in notes
            if (found := re.fullmatch(r"(\d+) · [^:]+: (.+)", line.strip()))}


def _after(paragraphs: list[str], heading: str) -> str:
    """Return the paragraph that follows `heading`."""
    return paragraphs[paragraphs.index(heading) + 1]


def _texts(path: Path) -> list[str]:
    return [" ".join(p.text.split()) for p in _document(path).paragraphs]


def test_every_meeting_of_every_project_has_its_pack(shipped) -> None:
    for (project_id, day), (folder, job, n) in shipped.items():
        names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert {"agenda.docx", "brief.pptx", "minutes.docx", "invite.ics"} <= names
        assert ("deck.pptx" in names) == (n == 0), (project_id, day)  # the kickoff's deck
        view = job.view(job.own)
        board = {m.slug for m in view.members}
        readers = {Path(name).stem for name in names if name.startswith("pre-reads/")}
        assert board <= readers, (project_id, day, board - readers)


def test_the_decision_is_worded_as_in_the_kickoff_decks_calendar(shipped) -> None:
    for (project_id, day), (folder, job, _) in shipped.items():
        view = job.view(job.own)
        t = view.t
        labels = _calendar_labels(job.folder / "deck.pptx", t["calendar"])
        said = labels[[m.date for m in view.meetings.calendar].index(day) + 1]
        sought = f"{t['decision_sought']}: {said}"
        assert sought in _texts(folder / "agenda.docx"), (project_id, day)
        assert sought in _texts(folder / "minutes.docx"), (project_id, day)
        for card in (folder / "pre-reads").iterdir():
            assert _after(_texts(card), t["decision_sought"]) == said, card
        slide = next(s for s in _presentation(folder / "brief.pptx").slides
                     if s.shapes.title.text == t["decision_sought"])
        body = [p for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title
                for p in shape.text_frame.text.split("\n")]
        assert " ".join(body[0].split()) == said, (project_id, day)


def test_every_pack_passes_the_accessibility_audit(shipped) -> None:
    for (_, _), (folder, job, _) in shipped.items():
        locale = job.ws.settings.locales.get(job.own, job.own)
        documents = [*(folder / f"{name}{PACK[name].suffix}" for name in meeting.DOCUMENTS),
                     *(folder / "pre-reads").iterdir()]
        for path in documents:
            fmt = PACK["preread"] if path.parent.name == "pre-reads" else PACK[path.stem]
            assert fmt.writer().audit(path, locale) == [], path


def test_the_short_deck_has_at_most_six_slides(shipped) -> None:
    for (project_id, day), (folder, _, _) in shipped.items():
        assert 1 < len(_presentation(folder / "brief.pptx").slides) <= 6, (project_id, day)


def test_the_kickoff_pack_holds_the_kickoff_deck_and_its_requests(shipped) -> None:
    folder, job, _ = next(v for v in shipped.values() if v[2] == 0 and v[1].project_id ==
                          "example")
    assert (folder / "deck.pptx").read_bytes() == (job.folder / "deck.pptx").read_bytes()
    view = job.view(job.own)
    agenda, minutes = guide_text(folder / "agenda.docx"), guide_text(folder / "minutes.docx")
    assert view.meetings.calendar[0].resolutions
    for resolution in view.meetings.calendar[0].resolutions:
        words = " ".join(resolution.text.replace("\xa0", " ").split())
        assert words in " ".join(agenda.replace("\xa0", " ").split())
        assert words in " ".join(minutes.replace("\xa0", " ").split())


def test_the_agenda_times_its_items_from_the_meetings_start_and_length(workspace) -> None:
    project = workspace / "projects" / "example.yaml"
    dates = "  dates: [2027-01-14, 2027-03-23,"
    given = f'  time: "09:00"\n  minutes: 90\n{dates}'
    project.write_text(project.read_text().replace(dates, given))
    ws = read.workspace(workspace)
    meeting.meeting(ws, pipeline.Request(["example"], languages=["en"]), "2027-03-23", BEFORE)
    table = _document(workspace / "output/example/meetings/2027-03-23/agenda.en.docx")
    heads = [p.text for p in table.paragraphs if p.style.name.startswith("Heading")]
    times = [re.search(r"\((\d\d:\d\d)\)$", h).group(1) for h in heads]
    agenda = _job(ws, "example").library.board.meetings.agenda
    assert len(times) == len(agenda) and times[0] == "09:00"
    assert times == sorted(times) and len(set(times)) == len(times) and times[-1] < "10:30"
    assert "23 March 2027 09:00–10:30" in guide_text(
        workspace / "output/example/meetings/2027-03-23/agenda.en.docx")


def test_the_invitation_is_the_meeting_with_the_pack_attached(shipped) -> None:
    folder, job, n = shipped["example", dt.date(2027, 3, 23)]
    cal = Calendar.from_ical((folder / "invite.ics").read_bytes())
    [event] = cal.walk("VEVENT")
    assert str(event["uid"]) == meeting_uid("example", dt.date(2027, 3, 23))
    assert event["dtstart"].dt == dt.datetime(2027, 3, 23, 13, 0, tzinfo=event["dtstart"].dt.tzinfo)
    assert event["dtstart"].dt.utcoffset() == dt.timedelta(hours=2)
    attach = event["attach"]
    assert attach.params["FILENAME"] == "example-2027-03-23.zip"
    assert attach.params["FMTTYPE"] == "application/zip"
    packed = zipfile.ZipFile(io.BytesIO(base64.b64decode(attach.to_ical())))
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.*")
                     if p.name != "invite.ics")
    assert sorted(packed.namelist()) == written
    assert packed.read("agenda.docx") == (folder / "agenda.docx").read_bytes()


def test_an_up_to_date_pack_is_not_made_again(workspace) -> None:
    ws = read.workspace(workspace)
    ask = pipeline.Request(["example"])
    first = meeting.meeting(ws, ask, "2027-06-17", BEFORE)
    agenda = workspace / "output/example/meetings/2027-06-17/agenda.docx"
    assert agenda in first.written and not first.unchanged
    again = meeting.meeting(ws, ask, "2027-06-17", BEFORE)
    assert again.written == [] and again.unchanged == [agenda]
    forced = meeting.meeting(ws, pipeline.Request(["example"], force=True), "2027-06-17", BEFORE)
    assert agenda in forced.written
    agenda.write_bytes(b"edited by hand")
    assert agenda in meeting.meeting(ws, ask, "2027-06-17", BEFORE).written
    project = workspace / "projects" / "example.yaml"
    project.write_text(project.read_text().replace("Mikko Laaksonen", "Mikko Laakso"))
    changed = meeting.meeting(ws, ask, "2027-06-17", BEFORE)
    readers = agenda.parent / "pre-reads"
    assert agenda in changed.written
    assert (readers / "senior-user-mikko-laakso.docx").is_file()
    assert not (readers / "senior-user-mikko-laaksonen.docx").exists()  # stale: removed


def test_next_is_the_first_meeting_after_today(workspace) -> None:
    ws = read.workspace(workspace)
    done = meeting.meeting(ws, pipeline.Request(["example"]), None, dt.date(2027, 3, 23))
    assert workspace / "output/example/meetings/2027-06-17/agenda.docx" in done.written


BOTH = r"give either --date YYYY-MM-DD or --next \(--next is the first meeting after today\)"


@pytest.mark.parametrize(("args", "message"), [
    (["--date", "2027-01-15"], r"projects/example\.yaml:\d+:\d+: no meeting on 2027-01-15 "
     r"\(meetings on: 2027-01-14, 2027-03-23, 2027-06-17, 2027-08-19, 2027-09-30, 2027-12-14\)"),
    (["--date", "2027-02-30"], r"projects/example\.yaml:\d+:\d+: --date '2027-02-30' is not a "
     r"date \(write it YYYY-MM-DD; meetings on: 2027-01-14, .*\)"),
    (["--date", "2027-01-14", "--next"], BOTH),
    ([], BOTH),
])
def test_a_bad_date_is_one_located_line(workspace, monkeypatch, args, message) -> None:
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["meeting", "--project", "example", *args])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch(message, lines[0]), result.output
    assert not (workspace / "output").exists()


def test_no_meeting_after_the_last_is_a_located_error(workspace) -> None:
    ws = read.workspace(workspace)
    with pytest.raises(Exception, match=r"no meeting after today \(2028-01-01\)") as caught:
        meeting.meeting(ws, pipeline.Request(["example"]), None, dt.date(2028, 1, 1))
    assert "example.yaml:" in str(caught.value) and "meetings on: 2027-01-14" in str(caught.value)


DECIDED = """decided:
  - date: 2027-01-14
    decision: authorize-initiation
    outcome: approved-with-changes
    text:
      fi: Käynnistysvaihe aloitetaan; kustannustoleranssi 5 %.
      sv: Initieringen inleds.
      en: Initiation starts; cost tolerance 5%.
"""


def test_later_packs_show_the_decisions_so_far(workspace) -> None:
    project = workspace / "projects" / "example.yaml"
    project.write_text(project.read_text() + DECIDED)
    ws = read.workspace(workspace)
    for day in ("2027-01-14", "2027-03-23"):
        meeting.meeting(ws, pipeline.Request(["example"], languages=["en"]), day, BEFORE)
    out = workspace / "output/example/meetings"
    later = guide_text(out / "2027-03-23/agenda.en.docx")
    assert "Decisions so far" in later and "approved with changes" in later
    assert "Authorize initiation: Initiation starts; cost tolerance 5%." in later
    assert "Decisions so far" in deck_text(out / "2027-03-23/brief.en.pptx")
    assert "Decisions so far" not in guide_text(out / "2027-01-14/agenda.en.docx")


@pytest.mark.parametrize(("entry", "message"), [
    ("  - {date: 2027-01-15, decision: authorize-initiation}",
     r"no meeting on 2027-01-15 \(meetings on: 2027-01-14, .*\)"),
    ("  - {date: 2027-01-14, decision: authorize-project}",
     r"the meeting on 2027-01-14 does not take 'authorize-project' \(it takes: "
     r"authorize-initiation\)"),
    ("  - {date: 2027-01-14, decision: authorise-initiation}",
     r"unknown decision point 'authorise-initiation'"),
    ("  - {date: 2027-01-14, decision: authorize-initiation, outcome: maybe}", r"outcome"),
])
def test_a_bad_decided_entry_is_located(workspace, monkeypatch, entry, message) -> None:
    project = workspace / "projects" / "example.yaml"
    lines = project.read_text().splitlines()
    project.write_text("\n".join([*lines, "decided:", entry]) + "\n")
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 2
    row = len(lines) + 2
    found = [line for line in result.output.splitlines() if re.search(message, line)]
    assert found and all(line.startswith(f"projects/example.yaml:{row}:") for line in found), \
        result.output


def test_a_share_of_an_unknown_agenda_item_is_located(workspace, monkeypatch) -> None:
    board = workspace / "roles" / "prince2" / "board.yaml"
    board.write_text(board.read_text().replace("look-back: 3,", "look-bak: 3,"))
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 2
    assert re.search(r"roles/prince2/board\.yaml:\d+:\d+: unknown agenda item 'look-bak' "
                     r"\(did you mean 'look-back'\?\)", result.output), result.output


def test_a_pack_in_every_language(workspace) -> None:
    ws = read.workspace(workspace)
    meeting.meeting(ws, pipeline.Request(["example"], languages=["fi", "sv", "en"]),
                    "2027-09-30", BEFORE)
    folder = workspace / "output/example/meetings/2027-09-30"
    words = {"agenda.docx": "Esityslista", "agenda.sv.docx": "Föredragningslista",
             "agenda.en.docx": "Agenda", "minutes.sv.docx": "Protokoll",
             "brief.en.pptx": "Where the project stands against its tolerances"}
    for name, word in words.items():
        path = folder / name
        assert word in (deck_text(path) if path.suffix == ".pptx" else guide_text(path)), name
    assert (folder / "invite.sv.ics").is_file() and (folder / "invite.en.ics").is_file()


# --- in the real tools (slow) ------------------------------------------------------------------


def _shape(path: Path) -> str:
    """Return the hash of a package's markup with every text replaced by one letter: what
    the schema constrains (elements, attributes and their values) without the words, whose
    type is a plain string."""
    from lxml import etree

    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as package:
        for name in sorted(package.namelist()):
            data = package.read(name)
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(data)
                for element in root.iter():
                    if isinstance(element.tag, str) and element.text and element.text.strip():
                        element.text = "x"
                data = etree.tostring(root, method="c14n")
            digest.update(name.encode() + hashlib.sha256(data).digest())
    return digest.hexdigest()


@pytest.mark.slow
def test_every_pack_is_valid_open_xml(shipped) -> None:
    from conformance import ooxml_errors, require_tools

    require_tools()
    documents = [path for folder, _, _ in shipped.values() for path in folder.rglob("*")
                 if path.suffix in (".docx", ".pptx") and path.name != "deck.pptx"]
    # Files that differ only in their words are one case for the validator: one of each is
    # validated, in one pass over every pack (the kickoff deck's copy is the deck's own test's).
    cases = {_shape(path): path for path in documents}
    assert len(cases) < len(documents)
    with ThreadPoolExecutor(2) as pool:
        found = dict(zip(cases.values(), pool.map(ooxml_errors, cases.values()), strict=True))
    assert {str(path): errors for path, errors in found.items() if errors} == {}


@pytest.mark.slow
def test_a_kickoff_pack_renders_in_libreoffice(shipped, tmp_path) -> None:
    from conformance import footer_overlaps, overflow, pdf_page_count, require_tools, to_pdfs

    require_tools()
    folder, _, _ = shipped["example", dt.date(2027, 1, 14)]
    readers = sorted((folder / "pre-reads").iterdir())
    papers = [folder / "agenda.docx", folder / "minutes.docx", folder / "brief.pptx", *readers]
    pdfs = to_pdfs(papers, tmp_path / "pdf")
    failed = {str(p): pdf for p, pdf in pdfs.items() if isinstance(pdf, Exception)}
    assert failed == {}
    pages = {path.name: pdf_page_count(pdfs[path.resolve()]) for path in papers}
    assert all(pages[p.name] == 1 for p in readers), pages  # a pre-read is one page
    assert pages["agenda.docx"] <= 2 and 1 < pages["brief.pptx"] <= 6, pages
    brief = folder / "brief.pptx"
    assert overflow(brief, tmp_path / "overflow") == [] and footer_overlaps(brief) == []


def test_a_build_keeps_the_kickoff_pack_and_a_new_deck_makes_it_again(workspace) -> None:
    ws = read.workspace(workspace)
    ask = pipeline.Request(["example"])
    meeting.meeting(ws, ask, "2027-01-14", BEFORE)
    folder = workspace / "output/example/meetings/2027-01-14"
    pipeline.run(ws, pipeline.Request(["example"], ("deck", "guide", "cards"), force=True))
    assert (folder / "agenda.docx").is_file()  # the same deck again: the pack stands
    assert meeting.meeting(ws, ask, "2027-01-14", BEFORE).written == []
    project = workspace / "projects" / "example.yaml"
    project.write_text(project.read_text().replace("Jari Nieminen", "Jari Niemi"))
    pipeline.run(ws, pipeline.Request(["example"], ("deck",)))
    again = meeting.meeting(ws, ask, "2027-01-14", BEFORE)
    assert folder / "deck.pptx" in again.written
    assert (folder / "deck.pptx").read_bytes() == (folder.parent.parent / "deck.pptx").read_bytes()


def test_an_up_to_date_pack_loads_no_document_library(workspace) -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom sggen.cli import app\n"
        f"try:\n    app(['meeting', '-p', 'example', '-d', '2027-06-17', '-w', {str(workspace)!r}],"
        " prog_name='sggen')\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print('LOADED', sorted(m for m in ('pptx', 'docx', 'lxml', 'icalendar', 'jinja2',"
        " 'markdown_it_pyrs') if m in sys.modules), code)\n")

    def run() -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout

    assert run().rstrip().endswith(" 0")
    assert "LOADED [] 0" in run()
