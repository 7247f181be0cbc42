"""Role cards: one .docx per card holder, reopened and checked; LibreOffice sets each on the two
sides of one sheet; the guide's tables keep every word and e-mail address whole and every row
on one page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document as open_docx

from sggen import context, pipeline, read
from sggen.document import (
    BulletList,
    Cover,
    Heading,
    ListItem,
    PageBreak,
    Paragraph,
    Run,
    Timeline,
)
from sggen.formats.cards import plan as cards

PROJECTS = ("example", "pm2-example", "asukasportaali")


def _view(ws_root: Path, project_id: str, lang: str | None = None) -> context.Context:
    ws = read.workspace(ws_root)
    inputs = pipeline.shared(ws, set(ws.methods()))
    project = read.project(ws, inputs, project_id, [])
    library = inputs.libraries[project.method or ws.settings.method]
    return context.context(project_id, project, library, ws.settings, inputs.strings,
                           lang or project.language or ws.settings.language)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from conftest import copy_workspace

    ws = copy_workspace(tmp_path_factory.mktemp("cards") / "ws")
    pipeline.run(read.workspace(ws), pipeline.Request(list(PROJECTS), formats=("cards",),
                                                languages=None))
    pipeline.run(read.workspace(ws), pipeline.Request(["example"], formats=("cards",),
                                                languages=["en"]))
    return ws


def _text(path: Path) -> str:
    return "\n".join(p.text for p in open_docx(str(path)).paragraphs)


def test_every_card_holder_gets_a_card_named_by_role_and_person(built):
    view = _view(built, "example")
    written = sorted(p.name for p in (built / "output/example/cards").glob("*.docx")
                     if p.name.count(".") == 1)
    assert written == sorted(f"{m.slug.split('/')[-1]}.docx" for m in view.cards)
    roles = {m.role.id for m in view.cards}
    # the board, each Senior User, assurance and the Project Manager
    assert {r.id for r in view.roles if r.on_board and r.people} <= roles
    assert len([m for m in view.cards if m.role.id == "senior-user"]) == len(
        view.role["senior-user"].people) >= 2
    assert view.meetings.organiser.name in {m.person.name for m in view.cards}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_each_card_names_the_person_the_role_the_dates_and_the_contact(built, lang):
    view = _view(built, "example", lang)
    suffix = "" if lang == "fi" else f".{lang}"
    organiser = view.meetings.organiser
    for member in view.cards:
        path = built / "output/example/cards" / f"{member.slug}{suffix}.docx"
        doc = open_docx(str(path))
        paragraphs = [p.text for p in doc.paragraphs]
        assert paragraphs[0] == member.person.name
        assert paragraphs[1] == member.role.label
        text = "\n".join(paragraphs)
        dates = [m.day for m in view.meetings.calendar if m.day in text]
        assert len(dates) == len(view.meetings.calendar) >= 3
        assert (member.role.summary or member.role.purpose) in text
        # each meeting line says what this person does there, and no two are alike
        lines = [p for p in paragraphs if any(p.startswith(m.day) for m in view.meetings.calendar)]
        assert len(lines) == len(view.meetings.calendar) == len(set(lines))
        for meeting in member.card.meetings:
            assert meeting.action in text
        for task in member.role.tasks:
            if task.local:  # a duty this project adds is on the card of the member it concerns
                assert task.short in text
        if member.person.name != organiser.name:
            assert organiser.name in text and organiser.email in text and organiser.phone in text
        assert doc.core_properties.title.startswith(member.person.name)
        assert doc.core_properties.version == view.stamp.version


def test_cards_are_recorded_and_a_second_build_finds_them_up_to_date(built):
    ws = read.workspace(built)
    again = pipeline.run(ws, pipeline.Request(["example"], formats=("cards",)))
    assert not again[0].written and again[0].unchanged
    card = next((built / "output/example/cards").glob("executive-*.docx"))
    card.write_bytes(b"broken")
    third = pipeline.run(ws, pipeline.Request(["example"], formats=("cards",)))
    assert card in third[0].written


def test_a_long_card_is_shrunk_then_its_longest_list_shortened_to_fit():
    words = "Projektipäällikkö vastaa ohjausryhmälle sovitun suunnitelman toteutumisesta " * 3
    blocks = [Cover(["Outi Saarinen", "Projektin omistaja", "Kaupunki"]),
              Heading(2, "Vastuut"), BulletList([ListItem([Run(words)]) for _ in range(40)]),
              Heading(2, "Kokoukset"), BulletList([ListItem([Run("1.1.2027 " + words)])
                                                   for _ in range(6)]),
              Paragraph([Run(words)])]
    width, room = 480.0, 740.0
    assert cards.height(blocks, 1.0, width) > room
    fitted, scale = cards.fit(blocks, width, room)
    assert scale == cards.SCALES[-1]
    assert cards.height(fitted, scale, width) <= room
    lists = [b for b in fitted if isinstance(b, BulletList)]
    assert len(lists[0].items) < 40 and len(lists[1].items) >= cards.KEEP


def test_a_short_card_is_set_at_the_largest_size_with_everything():
    blocks = [Cover(["Outi Saarinen", "Projektin omistaja"]), Heading(2, "Vastuut"),
              BulletList([ListItem([Run("Omistaa liiketoimintaperusteen")])])]
    assert cards.fit(blocks, 480.0, 740.0) == (blocks, max(cards.SCALES))


def _section(title: str, lines: int) -> list:
    words = "Projektipäällikkö vastaa ohjausryhmälle sovitun suunnitelman toteutumisesta"
    return [Heading(2, title), BulletList([ListItem([Run(f"{k} {words}")]) for k in range(lines)])]


def test_each_side_is_fitted_and_a_crowded_back_gives_its_first_section_to_a_short_front():
    width, room = 480.0, 740.0
    front = [Cover(["Outi Saarinen", "Projektin omistaja"]), *_section("Vastuut", 3)]
    back = [*_section("Vuosi", 8), *_section("Kokoukset", 30)]
    sides = cards.sides([*front, PageBreak(), *back], width, room)
    assert len(sides) == 2
    (first, first_scale), (second, second_scale) = sides
    # the back's first section moved to the front: both sides are set larger than if not
    assert [b.text for b in first if isinstance(b, Heading)] == ["Vastuut", "Vuosi"]
    assert [b.text for b in second if isinstance(b, Heading)] == ["Kokoukset"]
    unmoved = [cards.fit(front, width, room)[1], cards.fit(back, width, room)[1]]
    assert min(first_scale, second_scale) > min(unmoved)
    for blocks, scale in sides:
        assert cards.height(blocks, scale, width) <= room
    # a back that is not crowded keeps its sections
    calm = cards.sides([*front, PageBreak(), *_section("Vuosi", 2), *_section("Kokoukset", 3)],
                       width, room)
    assert [b.text for b in calm[1][0] if isinstance(b, Heading)] == ["Vuosi", "Kokoukset"]


def test_the_cards_of_a_project_lay_out_the_strip_they_share_once_per_size(monkeypatch):
    from conftest import REPO

    from sggen.formats import REGISTRY
    from sggen.pipeline import assemble

    found = assemble.documents(read.workspace(REPO), "example", REGISTRY["cards"])
    made = []
    on_page = cards.timelines.on_page
    monkeypatch.setattr(cards.timelines, "on_page", lambda block, width, sizes: made.append(
        (repr(block), width, repr(sizes))) or on_page(block, width, sizes))
    cards._MADE.clear()
    for _, document, _ in found:
        cards.sides(document.blocks, 480.0, 740.0)
    shown = {repr(b) for _, document, _ in found for b in document.blocks
             if isinstance(b, Timeline)}
    # the example's 9 cards show one strip: each of its sizes is laid out once, not per card
    assert len(found) == 9 and len(shown) == 1
    assert made and len(made) == len(set(made))


# --- LibreOffice -----------------------------------------------------------------------------


def _pdfs(paths: list[Path], outdir: Path) -> list[Path]:
    import conformance

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    converted = conformance.to_pdfs(paths, outdir)
    failed = [str(v) for v in converted.values() if isinstance(v, Exception)]
    assert not failed, failed
    return [converted[Path(p).resolve()] for p in paths]


FILLED = 0.7  # how far down its page's text area each side of a card reaches, at least


@pytest.mark.slow  # LibreOffice
def test_libreoffice_sets_every_card_on_two_sides_each_filled(built, tmp_path):
    from printed import page_fill

    paths = sorted((built / "output").glob("*/cards/*.docx"))
    assert len(paths) > 20
    for path, pdf in zip(paths, _pdfs(paths, tmp_path), strict=True):
        fill = page_fill(pdf, path)
        assert len(fill) == 2 and min(fill) >= FILLED, (pdf.name, fill)
        name = open_docx(str(path)).paragraphs[0].text
        banded, ratios = _band(pdf)
        assert name.replace(" ", "") in banded, (pdf.name, banded)  # the name is in the band
        assert min(ratios) >= 4.5, (pdf.name, min(ratios))


def _band(pdf: Path) -> tuple[str, list[float]]:
    """Return the text the first page sets on a coloured band (a filled box that is not
    white), and each of its characters' contrast with the band, from the PDF's colours."""
    import pdfplumber
    from rendered import _rgb, contrast

    with pdfplumber.open(str(pdf)) as document:
        page = document.pages[0]
        bands = [(r, _rgb(r["non_stroking_color"])) for r in page.rects if r.get("fill")]
        bands = [(r, rgb) for r, rgb in bands if rgb and rgb != (1.0, 1.0, 1.0)]
        text, ratios = [], []
        for char in page.chars:
            on = next((rgb for r, rgb in bands if r["x0"] <= char["x0"] and char["x1"] <= r["x1"]
                       and r["top"] <= char["top"] and char["bottom"] <= r["bottom"]), None)
            if on and char["text"].strip():
                text.append(char["text"])
                ratios.append(contrast(_rgb(char["non_stroking_color"]), on))
    return "".join(text), ratios


@pytest.mark.parametrize("project", PROJECTS)
def test_a_card_has_its_own_line_at_each_meeting_and_this_projects_duties(built, project):
    view = _view(built, project)
    assert view.cards
    for member in view.cards:
        text = _text(built / "output" / project / "cards" / f"{member.slug}.docx")
        lines = [f"{m.day} {m.clock}: {m.action}" for m in member.card.meetings]
        assert lines and len(set(lines)) == len(lines), member.slug
        assert all(m.action in text for m in member.card.meetings)
        added = [*(i for i in member.role.responsibilities if i.local),
                 *(t for t in member.role.tasks if t.local)]
        missing = [i.short for i in added if i.short not in text and i.text not in text]
        assert not missing, (member.slug, missing)


@pytest.mark.parametrize("project", PROJECTS)
def test_a_card_says_what_to_read_and_ask_before_each_of_its_meetings(built, project):
    view = _view(built, project)
    prepared = 0
    for member in view.cards:
        paragraphs = [p.text for p in open_docx(str(
            built / "output" / project / "cards" / f"{member.slug}.docx")).paragraphs]
        for meeting in member.card.meetings:
            if meeting.before is None:
                continue
            prepared += 1
            # the label that names the meeting's day, and what stands under it up to the next
            group = next(b for b in member.card.prepare if meeting.day in b.days)
            labels = [f"{b.title} ({', '.join(b.days)})." for b in member.card.prepare]
            at = next(k for k, p in enumerate(paragraphs)
                      if p.startswith(labels[member.card.prepare.index(group)]))
            end = next((k for k in range(at + 1, len(paragraphs))
                        if any(paragraphs[k].startswith(label) for label in labels)),
                       len(paragraphs))
            text = "\n".join(paragraphs[at:end])
            assert all(name in text for name in meeting.before.documents), (member.slug, text)
            assert len(meeting.before.questions) == 3
            assert all(q in text for q in meeting.before.questions), (member.slug, text)
        # each set of decisions is prepared for once, however many meetings take it
        labels = [b.title for b in member.card.prepare]
        assert len(labels) == len(set(labels))
    assert prepared > len(view.cards)  # more than one meeting a card


@pytest.mark.parametrize("project", PROJECTS)
def test_a_card_gives_its_levels_limits_as_figures(built, project):
    view = _view(built, project)
    rungs = {r.id: r for r in view.ladder}
    shown = 0
    for member in view.cards:
        text = _text(built / "output" / project / "cards" / f"{member.slug}.docx")
        for level in member.card.levels:
            line = next(x for x in text.splitlines() if x.startswith(f"{level.name}:"))
            figures = [limit for limit in rungs[level.id].limits if limit.value]
            shown += len(figures)
            assert all(limit.value in line for limit in figures), (member.slug, line)
            # another's limits say whose they are: the Project Manager's changes, on the
            # Executive's card
            assert not figures or not level.decider or f"({level.decider})" in line, line
    assert shown, "no card with a limit in figures"


def test_a_card_names_its_assurance_and_whom_to_escalate_to(built):
    view = _view(built, "example")
    t = view.t
    sponsor, = view.role["corporate-management"].people
    chair, = view.role["executive"].people  # the library's board.chair
    for member in view.cards:
        text = _text(built / "output/example/cards" / f"{member.slug}.docx")
        contacts = member.card.contacts
        assert all(f"{c.what}: {c.who}" in text for c in contacts), member.slug
        said = {c.what: [x.who for x in contacts if x.what == c.what] for c in contacts}
        if member.role.id == "executive":  # it decides at the project's level: above is the
            assert any(sponsor.name in who for who in said[t["card_escalate_to"]])  # sponsor
        if member.role.id == "project-manager":  # the stage's: above it the board, its chair
            assert any(chair.name in who for who in said[t["card_escalate_to"]])
        if member.role.on_board:
            assert t["card_assurance"] in said, member.slug
        if member.role.id == "project-assurance":
            assert t["card_reports_to"] in said, member.slug


@pytest.fixture(scope="module")
def guides(tmp_path_factory) -> list[Path]:
    from conftest import REPO, copy_workspace

    ws = copy_workspace(tmp_path_factory.mktemp("guides") / "ws")
    pipeline.run(read.workspace(ws), pipeline.Request(["example"], formats=("guide",),
                                                languages=["fi", "en"]))
    stress = tmp_path_factory.mktemp("stress") / "ws"
    shutil.copytree(REPO / "tests" / "stress", stress)
    shutil.rmtree(stress / "templates")
    shutil.copytree(REPO / "templates", stress / "templates")
    pipeline.run(read.workspace(stress), pipeline.Request(["stress"], formats=("guide",)))
    return [ws / "output/example/guide.docx", ws / "output/example/guide.en.docx",
            stress / "output/stress/guide.docx"]


def _pages(pdf: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(pdf)) as document:
        # words joined as LibreOffice set them: a word cut at a line end shows as two words
        return [" ".join(w["text"] for w in page.extract_words(use_text_flow=True))
                for page in document.pages]


def _cell_words(row) -> list[str]:
    return [w for cell in row.cells for w in re.split(r"\s+", cell.text) if w]


@pytest.mark.slow  # LibreOffice
def test_guide_tables_keep_every_word_whole_and_every_row_on_one_page(guides, tmp_path):
    for guide, pdf in zip(guides, _pdfs(guides, tmp_path), strict=True):
        pages = _pages(pdf)
        plain = [set(page.split()) for page in pages]
        # a line may end after a name's own hyphen (Wallenius-|Hämäläinen): no cut, but never
        # in an e-mail address, which must stay whole
        joined = [{a + b for a, b in zip(page.split(), page.split()[1:], strict=False)
                   if a.endswith("-")} for page in pages]
        found = [p | j for p, j in zip(plain, joined, strict=True)]
        doc = open_docx(str(guide))
        cut, split_rows = [], []
        for table in doc.tables:
            for row in table.rows:
                cells = _cell_words(row)
                cut += [w for w in cells if not any(
                    w in (p if "@" in w else f) for p, f in zip(plain, found, strict=True))]
                # a row on one page: some page holds every word of it (cells' lines
                # interleave in the PDF's text, so the order is not compared)
                if not any(set(cells) <= f for f in found):
                    split_rows.append(" ".join(cells))
        emails = [w for t in doc.tables for r in t.rows for w in _cell_words(r) if "@" in w]
        assert emails or guide.parent.name == "stress"
        assert not cut, (guide.name, cut[:10])
        assert not split_rows, (guide.name, split_rows[:3])


def test_a_new_group_of_lines_stands_apart_and_its_lines_keep_together():
    cover = Cover(["Outi Saarinen", "Projektin omistaja"])
    label = Paragraph([Run(""), Run("14.1.2027 klo 13.00:", bold=True), Run(" Päätät.")])
    then = Paragraph([Run("Lue:", bold=True), Run(" Projektin esittely.")])
    plain = Paragraph([Run("Kysy kokouksessa:")])
    questions = BulletList([ListItem([Run("Mitä tapahtuu?")])])
    assert cards.gap_before(cover, plain) > cards.gap_before(questions, label) > 0
    assert cards.gap_before(plain, label) > 0  # after the end of the group before
    assert cards.gap_before(label, then) == cards.gap_before(then, plain) == 0  # one group
    blocks = [cover, label, then, plain, questions, label]
    assert cards.height(blocks, 1.0, 480.0) == pytest.approx(
        sum(sum(cards.MEASURE[type(b)](b, 1.0, 480.0)) for b in blocks)
        + cards.gap_before(cover, label) + cards.gap_before(questions, label))
