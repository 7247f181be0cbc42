"""`sggen member`: one person across every project of the workspace, as a one-page .docx, a
web page and a calendar feed of all their board meetings."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sggen import read
from sggen.cli import app
from sggen.pipeline.inputs import shared
from sggen.pipeline.job import Job, Request

runner = CliRunner()
ON = "2026-12-07"  # before every shipped meeting
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
EMAIL = "jari.nieminen@example.fi"  # the example's Senior Supplier


def _second_board(ws: Path, email: bool = True) -> None:
    """Seat the example's Senior Supplier on the resident portal's board as well."""
    path = ws / "projects" / "asukasportaali.yaml"
    text = path.read_text("utf-8").replace("Petri Aalto", "Jari Nieminen")
    text = text.replace("petri.aalto@example.fi", EMAIL if email else "")
    if not email:
        text = text.replace("    email: \n", "")
    path.write_text(text, "utf-8")


def _run(ws: Path, *args: str):
    return runner.invoke(app, ["member", *args, "--on", ON, "-w", str(ws)])


def _folder(ws: Path) -> Path:
    return ws / "output" / "members" / "jari-nieminen"


def _meetings(ws: Path, project_id: str) -> list[tuple[dt.date, str]]:
    """Return (date, HH:MM) of each meeting the project's own view plans."""
    space = read.workspace(ws)
    job, _ = Job.read(shared(space, set(space.methods())), Request([project_id]), project_id)
    return [(m.date, m.time) for m in job.view(job.own).meetings.calendar]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _page(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_a_person_on_two_boards_gets_one_view_of_both(workspace):
    _second_board(workspace)
    result = _run(workspace, EMAIL)
    assert result.exit_code == 0, result.output
    folder = _folder(workspace)
    names = [yaml.safe_load((workspace / "projects" / f"{p}.yaml").read_text("utf-8"))["name"]
             for p in ("example", "asukasportaali")]
    page = " ".join(_page(folder / "member.html").text)
    from conftest import guide_text

    document = guide_text(folder / "member.docx")
    for name in names:
        assert name["fi"] in page and name["fi"] in document
    assert "Jari Nieminen" in document.splitlines()[0]


def test_the_feed_holds_every_meeting_of_both_boards_at_helsinki_times(workspace):
    import icalendar
    import vobject

    _second_board(workspace)
    assert _run(workspace, "Jari Nieminen").exit_code == 0
    planned = [m for p in ("example", "asukasportaali") for m in _meetings(workspace, p)]
    expected = sorted(dt.datetime.combine(day, dt.time.fromisoformat(hhmm), HELSINKI)
                      .astimezone(dt.timezone.utc) for day, hhmm in planned)
    raw = (_folder(workspace) / "member.ics").read_bytes()
    first = [e.decoded("dtstart").astimezone(dt.timezone.utc)
             for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")]
    second = [e.dtstart.value.astimezone(dt.timezone.utc)
              for e in vobject.readOne(raw.decode("utf-8")).vevent_list]
    assert sorted(first) == sorted(second) == expected
    # winter and summer meetings both: the offsets come from the zone, not a fixed +2
    offsets = {e.decoded("dtstart").utcoffset() for e in
               icalendar.Calendar.from_ical(raw).walk("VEVENT")}
    assert offsets == {dt.timedelta(hours=2), dt.timedelta(hours=3)}
    events = vobject.readOne(raw.decode("utf-8")).vevent_list
    decisions = [e.description.value for e in events]
    assert all(d.splitlines()[1].startswith("- ") for d in decisions)  # the decision taken


def test_a_person_known_by_name_only_in_one_project_is_warned_of(workspace):
    _second_board(workspace, email=False)
    result = _run(workspace, EMAIL)
    assert result.exit_code == 0, result.output
    assert "asukasportaali" in result.output and "by the name alone" in result.output
    assert "2 project(s)" in result.output


@pytest.mark.parametrize("who, says", [("Nobody Here", "nobody in the workspace is called"),
                                       ("nobody@example.fi", "nobody in the workspace has")])
def test_nobody_is_one_line_and_exit_2(workspace, who, says):
    result = _run(workspace, who)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in result.output


def test_two_people_of_one_name_are_one_line_and_exit_2(workspace):
    path = workspace / "projects" / "asukasportaali.yaml"
    path.write_text(path.read_text("utf-8").replace("Petri Aalto", "Jari Nieminen"), "utf-8")
    result = _run(workspace, "jari  NIEMINEN")
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and "2 people are called" in line and EMAIL in line


def test_an_up_to_date_view_is_not_written_again(workspace):
    _second_board(workspace)
    assert _run(workspace, EMAIL).exit_code == 0
    docx = _folder(workspace) / "member.docx"
    before = docx.stat().st_mtime_ns
    again = _run(workspace, EMAIL)
    assert "up to date" in again.output and docx.stat().st_mtime_ns == before
    other = workspace / "projects" / "pm2-example.yaml"  # not one of the person's projects
    other.write_text(other.read_text("utf-8") + "\n", "utf-8")
    assert "up to date" in _run(workspace, EMAIL).output
    mine = workspace / "projects" / "example.yaml"
    mine.write_text(mine.read_text("utf-8") + "\n", "utf-8")
    assert "wrote" in _run(workspace, EMAIL).output


@pytest.mark.parametrize("lang, locale", [("fi", "fi-FI"), ("sv", "sv-FI"), ("en", "en-GB")])
def test_each_language_tags_its_page_and_speaks_it(workspace, lang, locale):
    _second_board(workspace)
    assert _run(workspace, EMAIL, "--lang", lang).exit_code == 0
    name = "member.html" if lang == "fi" else f"member.{lang}.html"
    page = _page(_folder(workspace) / name)
    strings = yaml.safe_load((workspace / "templates" / "strings.yaml").read_text("utf-8"))
    html = dict(page.tags)["html"]
    assert html["lang"] == locale
    assert strings["member_next"][lang] in page.text
    headings = [t for t, _ in page.tags if t in {"h1", "h2", "h3", "h4"}]
    assert headings and headings[0] == "h1"
    levels = [int(h[1]) for h in headings]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))  # no level skipped


def test_the_page_has_no_executable_content(workspace):
    _second_board(workspace)
    assert _run(workspace, EMAIL).exit_code == 0
    page = _page(_folder(workspace) / "member.html")
    assert "script" not in {t for t, _ in page.tags}
    for _, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs)
        assert not any(str(v).strip().lower().startswith("javascript:") for v in attrs.values())


def test_the_members_folder_is_never_a_projects(workspace):
    (workspace / "projects" / "members.yaml").write_text(
        (workspace / "projects" / "example.yaml").read_text("utf-8"), "utf-8")
    result = _run(workspace, EMAIL)
    assert result.exit_code == 2 and "members.yaml" in result.output


# --- the real tools -----------------------------------------------------------------------


@pytest.mark.slow  # the Open XML validator and LibreOffice
def test_the_view_validates_passes_the_audit_and_fits_one_page(workspace, tmp_path):
    import conformance
    import pdfplumber

    from sggen.formats.guide.writer import audit

    conformance.require_tools()
    _second_board(workspace)
    assert _run(workspace, EMAIL, "--lang", "sv").exit_code == 0
    docx = _folder(workspace) / "member.sv.docx"
    assert conformance.ooxml_errors(docx) == []
    assert audit(docx, "sv-FI") == []
    pdf = conformance.to_pdf(docx, tmp_path)
    with pdfplumber.open(str(pdf)) as document:
        assert len(document.pages) == 1
        assert "Jari Nieminen" in document.pages[0].extract_text()


@pytest.mark.slow  # the W3C checker and a browser
def test_the_view_and_the_portfolio_pass_the_html_checker_and_axe(workspace, tmp_path):
    import browser

    from sggen import serve

    browser.require_validator()
    browser.require_browser()
    _second_board(workspace)
    assert _run(workspace, EMAIL, "--lang", "sv").exit_code == 0
    portfolio = tmp_path / "portfolio.html"
    portfolio.write_text(serve.portfolio_html(workspace), "utf-8")
    pages = [_folder(workspace) / "member.sv.html", portfolio]
    for path in pages:
        assert browser.validate_html(path) == [], path
    with browser.chromium() as chromium:
        view = chromium.new_page()
        for path in pages:
            view.goto(path.as_uri())
            assert browser.axe_violations(view) == [], path


def test_the_view_says_what_to_read_and_ask_before_the_next_meeting_not_only_the_first(
        workspace):
    space = read.workspace(workspace)
    job, _ = Job.read(shared(space, set(space.methods())), Request(["example"]), "example")
    view = job.view(job.own)
    card = next(m.card for m in view.cards if m.person.email == EMAIL)
    first = view.meetings.calendar[0]
    on = first.date + dt.timedelta(days=1)  # the first meeting is behind
    result = runner.invoke(app, ["member", EMAIL, "--on", on.isoformat(), "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    page = " ".join(" ".join(_page(_folder(workspace) / "member.html").text).split())
    ahead, behind = card.meetings[1].before, card.meetings[0].before
    assert ahead.questions and set(ahead.questions).isdisjoint(behind.questions)
    assert all(q in page for q in ahead.questions), page
    assert not any(q in page for q in behind.questions)
