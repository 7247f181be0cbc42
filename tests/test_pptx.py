"""Tests of the deck format: write decks, reopen them with python-pptx and check what is inside."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import all_shapes
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from typer.testing import CliRunner

from sggen.cli import app
from sggen.document import Meta
from sggen.errors import ReferenceDocError
from sggen.formats.deck import reference as deck_reference
from sggen.formats.deck import writer as deck_format
from sggen.formats.ooxml import units
from sggen.layout import metrics
from sggen.outline import parse_deck

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "templates" / "reference.pptx"
EMU = 12700
LONG_NAME = ("Työterveyshuoltopalvelujärjestelmäkokonaisuudenhallintaprosessin ja sosiaali- ja "
             "terveydenhuollon asiakastietojärjestelmien uudistus")
ITEM = ("Vastaa siitä, että hyötyjen toteutumista seurataan hyötyjen arviointisuunnitelman "
        "mukaisesti projektin jälkeen; tämä koskee myös kaupunkiympäristötoimialan ja sosiaali- "
        "ja terveydenhuoltotoimialan yhteisiä palvelukokonaisuuksia.")


def _meta(footer: str = "Asiakaspalvelun uudistus · IT-2027-014") -> Meta:
    return Meta(title="Deck", subject="Ohjausryhmä", author="PMO", language="fi", footer=footer)


def _render(markdown: str, path: Path, reference: Path = REFERENCE, **meta) -> Presentation:
    data = deck_format.write(parse_deck(markdown), reference, _meta(**meta))
    path.write_bytes(data)
    return Presentation(str(path))


SYNTHETIC = f"""# {LONG_NAME}

Ohjausryhmän roolit

::: notes
Avaus.
:::

---

## Vastuut

{chr(10).join(f"- {ITEM}" for _ in range(14))}

::: notes
Kerro vastuista.
:::

---

## Esityslista

{chr(10).join(f"{n}. {ITEM}" for n in range(1, 11))}

::: notes
Käy lista läpi.
:::

---

## Vaiheet

| Vaihe | Alkaa | Huomio |
|---|---|---|
| Käynnistys | 1.1.2027 | |
| Toteutus | 1.3.2027 | Ei huomioita |

::: notes
Vaiheet.
:::
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Presentation:
    """Return a deck written from hand-made Markdown with a 120-character name."""
    path = tmp_path_factory.mktemp("synthetic") / "deck.pptx"
    return _render(SYNTHETIC, path, footer=f"{LONG_NAME}, vaihe 2: {LONG_NAME} · IT-2027-099")


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Presentation:
    """Return the shipped example project's deck, built through the command line."""
    out = tmp_path_factory.mktemp("example")
    result = CliRunner().invoke(app, ["deck", "--project", "example", "--output", str(out),
                                      "--workspace", str(REPO)])
    assert result.exit_code == 0, result.output
    return Presentation(str(out / "example" / "deck.pptx"))


def _titles(prs: Presentation) -> list[str]:
    return [slide.shapes.title.text for slide in prs.slides]


def _content(prs) -> list:
    """Return the slides that are not title slides (the cover, the appendix's divider)."""
    return [s for s in prs.slides if s.slide_layout.name != "Title Slide"]


def _placeholder(slide, kind):
    return next((s for s in slide.placeholders if s.placeholder_format.type == kind), None)


# --- the shipped example ----------------------------------------------------------------------


def test_layouts_are_used_by_name(example) -> None:
    layouts = [slide.slide_layout.name for slide in example.slides]
    assert layouts[0] == "Title Slide"
    assert layouts.count("Title Slide") == 2  # the cover and the appendix's divider
    assert set(layouts) == {"Title Slide", "Title and Content", "Title Only"}
    for slide in _content(example):
        tables = [s for s in slide.shapes if s.has_table]
        shapes = [s for s in all_shapes(slide.shapes)
                  if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
        body = _placeholder(slide, PP_PLACEHOLDER.OBJECT)
        if slide.slide_layout.name == "Title Only":
            # A table or a visual stands alone under the title.
            assert body is None and (tables or shapes), slide.shapes.title.text
        else:
            assert body is not None and body.text_frame.text.strip()


def test_every_content_slide_has_a_title_notes_a_footer_and_its_number(example) -> None:
    for number, slide in enumerate(example.slides, 1):
        assert slide.shapes.title.text.strip()
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
        if slide.slide_layout.name == "Title Slide":
            continue
        footer = _placeholder(slide, PP_PLACEHOLDER.FOOTER)
        assert footer is not None and footer.text_frame.text.startswith("Varhaiskasvatuksen")
        assert footer.text_frame.text.endswith("IT-2027-021")
        numbers = _placeholder(slide, PP_PLACEHOLDER.SLIDE_NUMBER)
        field = numbers._element.find(".//" + qn("a:fld"))
        assert field is not None and field.get("type") == "slidenum"
        assert field.findtext(qn("a:t")) == str(number)


def test_content_stays_above_the_footer_and_on_the_slide(example) -> None:
    height, width = example.slide_height, example.slide_width
    for slide in _content(example):
        footer_top = min(s.top for s in slide.placeholders if s.placeholder_format.type in
                         (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER))
        for shape in slide.shapes:
            if shape.is_placeholder and shape.placeholder_format.type in (
                    PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
                continue
            assert shape.left >= 0 and shape.left + shape.width <= width, shape.name
            assert shape.top >= 0 and shape.top + shape.height <= footer_top, \
                (slide.shapes.title.text, shape.name)
            assert shape.top + shape.height <= height


def test_the_matrix_is_a_native_table_with_its_header_on_every_part(example) -> None:
    title = "Vastuumatriisi asiakirjoittain"
    parts = [s for s in example.slides if s.shapes.title.text.startswith(title)]
    assert len(parts) >= 1
    if len(parts) > 1:
        assert [s.shapes.title.text for s in parts] == [
            f"{title} ({i}/{len(parts)})" for i in range(1, len(parts) + 1)]
    headers = set()
    rows = []
    for slide in parts:
        tables = [s for s in slide.shapes if s.has_table]
        assert len(tables) == 1
        table = tables[0].table
        headers.add(tuple(c.text for c in table.rows[0].cells))
        rows.extend(tuple(c.text for c in row.cells) for row in list(table.rows)[1:])
    assert len(headers) == 1
    assert next(iter(headers))[0] == "Päätös tai asiakirja"
    assert len(rows) == len(set(rows)) >= 12


def test_the_org_chart_is_native_shapes_and_connectors(example) -> None:
    chart = next(s for s in example.slides if s.shapes.title.text == "Projektin organisaatio")
    shapes = all_shapes(chart.shapes)

    def is_line(shape) -> bool:
        geometry = shape._element.find(".//" + qn("a:prstGeom"))
        return geometry is not None and geometry.get("prst") == "line"

    # the chart is one described group; its lines are plain line shapes (deck/slide.connector)
    assert [s.shape_type for s in chart.shapes].count(MSO_SHAPE_TYPE.GROUP) == 1
    boxes = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and not is_line(s)]
    connectors = [s for s in shapes if is_line(s)]
    texts = " ".join(s.text_frame.text for s in boxes)
    for role in ("Projektin omistaja", "Käyttäjien edustaja", "Projektipäällikkö",
                 "Projektin varmistus", "Ohjausryhmä"):
        assert role in texts
    assert len(connectors) >= 4
    assert not any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in shapes)
    for box in boxes:
        # Fixed boxes that wrap: fit sized them, no renderer may grow or shrink them.
        assert box.text_frame.word_wrap is True
        assert box.text_frame.auto_size == MSO_AUTO_SIZE.NONE


# --- hand-made decks --------------------------------------------------------------------------


def test_overflowing_slides_continue_with_numbered_titles_and_the_same_notes(synthetic) -> None:
    titles = _titles(synthetic)
    parts = [t for t in titles if t.startswith("Vastuut")]
    assert len(parts) > 1
    assert parts == [f"Vastuut ({i}/{len(parts)})" for i in range(1, len(parts) + 1)]
    for slide in synthetic.slides:
        if slide.shapes.title.text.startswith("Vastuut"):
            assert slide.notes_slide.notes_text_frame.text == "Kerro vastuista."


def test_body_text_never_goes_below_the_floor(synthetic) -> None:
    for slide in list(synthetic.slides)[1:]:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame and not (
                shape.is_placeholder and shape.placeholder_format.type in (
                    PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)) else []
            if shape.has_table:
                frames = [c.text_frame for row in shape.table.rows for c in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.size.pt >= 14.0


def test_a_numbered_list_continues_its_numbering_on_the_next_slide(synthetic) -> None:
    parts = [s for s in synthetic.slides if s.shapes.title.text.startswith("Esityslista")]
    assert len(parts) > 1
    second = _placeholder(parts[1], PP_PLACEHOLDER.OBJECT)
    first_number = second.text_frame.paragraphs[0]._p.find(".//" + qn("a:buAutoNum"))
    first_count = sum(1 for p in _placeholder(parts[0], PP_PLACEHOLDER.OBJECT)
                      .text_frame.paragraphs if p._p.find(".//" + qn("a:buAutoNum")) is not None)
    assert first_number is not None
    assert first_number.get("startAt") == str(first_count + 1)


def test_a_long_title_fits_and_the_footer_stays_on_one_line(synthetic) -> None:
    cover = synthetic.slides[0]
    assert cover.shapes.title.text == LONG_NAME
    footer = _placeholder(synthetic.slides[1], PP_PLACEHOLDER.FOOTER)
    text = footer.text_frame.text
    assert text.endswith("… · IT-2027-099")
    room = (footer.width - footer.text_frame.margin_left - footer.text_frame.margin_right) / EMU
    assert metrics.text_width(text, 12) <= room


def test_empty_table_cells_have_the_table_text_size(synthetic) -> None:
    slide = next(s for s in synthetic.slides if s.shapes.title.text == "Vaiheet")
    table = next(s for s in slide.shapes if s.has_table).table
    size = table.cell(1, 0).text_frame.paragraphs[0].runs[0].font.size
    empty = table.cell(1, 2).text_frame.paragraphs[0]
    assert not empty.runs
    # An empty cell's height comes from its end mark; left unset it would be 18 pt.
    assert int(empty._p.find(qn("a:endParaRPr")).get("sz")) == round(size.pt * 100)


def test_text_frames_are_fixed_and_wrap_as_fit_measured(synthetic) -> None:
    slide = synthetic.slides[1]
    body = _placeholder(slide, PP_PLACEHOLDER.OBJECT)
    frame = body.text_frame
    assert frame.word_wrap is True
    assert frame._txBody.bodyPr.find(qn("a:noAutofit")) is not None
    assert frame.margin_left == int(metrics.INSET_X * EMU)
    assert frame.margin_top == int(metrics.INSET_Y * EMU)
    for paragraph in frame.paragraphs:
        assert paragraph.line_spacing == 1.0


# --- the reference deck -----------------------------------------------------------------------


def _renamed(tmp_path: Path, old: str, new: str, kind: str = "cust") -> Path:
    """Return a copy of the shipped reference deck with one slide layout renamed and, unless
    `kind` is its own, given another layout type, so that neither name nor type finds it."""
    target = tmp_path / "reference.pptx"
    renamed = 0
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("ppt/slideLayouts/slideLayout") and \
                    f'name="{old}"'.encode() in data:
                data = data.replace(f'<p:cSld name="{old}"'.encode(),
                                    f'<p:cSld name="{new}"'.encode())
                data = re.sub(rb'(<p:sldLayout\b[^>]*?) type="\w+"', rb"\1", data, count=1)
                data = data.replace(b"<p:sldLayout ", f'<p:sldLayout type="{kind}" '.encode(), 1)
                renamed += 1
            out.writestr(item, data)
    assert renamed == 1
    return target


def test_the_shipped_reference_deck_has_everything() -> None:
    assert deck_format.check(REFERENCE) == []


def test_check_names_a_renamed_layout_and_suggests_the_new_name(tmp_path: Path) -> None:
    reference = _renamed(tmp_path, "Title Only", "Only a Title")
    problems = deck_format.check(reference)
    assert len(problems) == 1
    assert "slide layout 'Title Only'" in problems[0]
    assert "'Only a Title'" in problems[0]


def test_writing_with_a_renamed_layout_fails_with_its_name(tmp_path: Path) -> None:
    reference = _renamed(tmp_path, "Title and Content", "Content")
    with pytest.raises(ReferenceDocError, match="'Title and Content'"):
        _render(SYNTHETIC, tmp_path / "deck.pptx", reference)


def test_content_area_ends_above_the_footer() -> None:
    prs = Presentation(str(REFERENCE))  # the footer as python-pptx reads it
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    area = deck_reference.load(REFERENCE).region
    footer = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 11)
    assert area.y + area.h <= footer.top / EMU - units.FOOTER_GAP + 0.01
    assert area.w > 800


def test_a_drawing_without_a_description_of_its_own_says_every_text_it_holds() -> None:
    from dataclasses import dataclass

    from sggen.document import Run
    from sggen.formats.deck.visuals import describe_any

    @dataclass
    class Mark:  # a laid-out part of a visual the deck has no describer for
        label: str
        runs: list

    @dataclass
    class Dial:
        x: float
        marks: list
        title: str = ""

    dial = Dial(1.0, [Mark("Aika", [Run("2 viikkoa")]), Mark(" ", [])], "Toleranssit")
    assert describe_any("Vaiheet", dial) == "Vaiheet: Aika; 2 viikkoa; Toleranssit"
