"""Tests that the conformance helpers pass good files and catch bad ones."""

from __future__ import annotations

from pathlib import Path

import conformance
import docx
import pytest
from conformance import ooxml_errors, overflow, pdf_page_count, require_tools, to_pdf
from docx.oxml.ns import qn as w_qn
from lxml import etree
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Cm, Pt

pytestmark = pytest.mark.slow  # LibreOffice, the validator or many examples


def _blank_slide(prs):
    """Return a new slide on the blank layout of the default template."""
    return prs.slides.add_slide(prs.slide_layouts[6])


def _text_box(slide, left, top, width, height, text: str, *, wrap: bool = True):
    """Return a text box with fixed size (no autofit) holding the given text at 18 pt."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.word_wrap = wrap
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(18)
    return box


@pytest.fixture(scope="module")
def bad_deck_problems(tmp_path_factory) -> list[str]:
    """Return overflow() of a deck whose slides 2-4 each overflow in one way; slide 1 is clean."""
    require_tools()
    tmp = tmp_path_factory.mktemp("bad-deck")
    prs = Presentation()
    _text_box(_blank_slide(prs), Cm(2), Cm(2), Cm(12), Cm(2), "Fits easily")
    # 40 lines in a box 2 cm high.
    lines = "\n".join(f"Line {i} of a list that is far too long" for i in range(1, 41))
    _text_box(_blank_slide(prs), Cm(2), Cm(2), Cm(20), Cm(2), lines)
    # A box that starts on the slide and ends 6 cm past its right edge.
    _text_box(
        _blank_slide(prs),
        prs.slide_width - Cm(4),
        Cm(5),
        Cm(10),
        Cm(2),
        "Text that leaves the slide",
        wrap=False,
    )
    frame = _blank_slide(prs).shapes.add_table(2, 2, Cm(2), Cm(2), Cm(12), Cm(2))
    frame.table.cell(0, 0).text = "Header"
    frame.table.cell(1, 1).text = " ".join(["A cell with far too much text."] * 60)
    path = tmp / "bad.pptx"
    prs.save(path)
    return overflow(path, tmp / "work")


def _on_slide(problems: list[str], slide_no: int) -> list[str]:
    """Return the messages about one slide."""
    return [p for p in problems if p.startswith(f"slide {slide_no},")]


def test_clean_deck_passes(tmp_path: Path) -> None:
    require_tools()
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    # Placeholders take their position from the layout.
    slide.shapes.title.text = "A short title"
    slide.placeholders[1].text = "One bullet\nAnother bullet"
    slide = _blank_slide(prs)
    _text_box(slide, Cm(2), Cm(2), Cm(12), Cm(2), "Short text")
    frame = slide.shapes.add_table(2, 3, Cm(2), Cm(6), Cm(18), Cm(3))
    for r in range(2):
        for c in range(3):
            frame.table.cell(r, c).text = f"R{r + 1}C{c + 1}"
    group = slide.shapes.add_group_shape()
    group.shapes.add_textbox(Cm(2), Cm(12), Cm(8), Cm(2)).text_frame.text = "Grouped"
    path = tmp_path / "clean.pptx"
    prs.save(path)

    assert overflow(path, tmp_path / "work") == []
    assert ooxml_errors(path) == []


def test_clean_slide_of_bad_deck_passes(bad_deck_problems: list[str]) -> None:
    assert _on_slide(bad_deck_problems, 1) == []


def test_tall_text_in_short_box_is_reported(bad_deck_problems: list[str]) -> None:
    problems = _on_slide(bad_deck_problems, 2)
    assert any("shape 'TextBox 1'" in p and "below its box" in p for p in problems), problems


def test_text_off_the_slide_is_reported(bad_deck_problems: list[str]) -> None:
    problems = _on_slide(bad_deck_problems, 3)
    assert any("past the right edge of the slide" in p for p in problems), problems
    # The text fits its box; only the slide edge is crossed.
    assert not any("its box" in p for p in problems), problems


def test_overfull_table_cell_is_reported(bad_deck_problems: list[str]) -> None:
    problems = _on_slide(bad_deck_problems, 4)
    assert any("below the table's box" in p and "cell (row 2, column 2)" in p for p in problems), (
        problems
    )
    # The header cell stays in place and is not blamed.
    assert not any("cell (row 1, column 1)" in p for p in problems), problems


def test_invalid_docx_is_reported(tmp_path: Path) -> None:
    require_tools()
    document = docx.Document()
    paragraph = document.add_paragraph("Hello")
    etree.SubElement(paragraph._p, w_qn("w:bogus"))
    paragraph._p.set(w_qn("w:frobnicate"), "1")
    path = tmp_path / "invalid.docx"
    document.save(path)

    errors = ooxml_errors(path)
    assert any("bogus" in e for e in errors), errors
    assert any("frobnicate" in e for e in errors), errors


def test_invalid_pptx_is_reported(tmp_path: Path) -> None:
    require_tools()
    prs = Presentation()
    box = _text_box(_blank_slide(prs), Cm(2), Cm(2), Cm(8), Cm(2), "Text")
    # An attribute value outside its schema type.
    box.text_frame._txBody.bodyPr.set("anchor", "middle")
    path = tmp_path / "invalid.pptx"
    prs.save(path)

    assert any("anchor" in e for e in ooxml_errors(path))


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    require_tools()
    path = tmp_path / "garbage.docx"
    path.write_text("not a zip file", encoding="utf-8")
    assert ooxml_errors(path) != []


def test_valid_docx_passes_and_renders(tmp_path: Path) -> None:
    require_tools()
    document = docx.Document()
    document.add_heading("Guide", level=1)
    document.add_paragraph("A paragraph of body text.")
    path = tmp_path / "valid.docx"
    document.save(path)

    assert ooxml_errors(path) == []
    pdf = to_pdf(path, tmp_path / "pdf")
    assert pdf.is_file()
    assert pdf_page_count(pdf) == 1


def test_to_pdf_raises_when_libreoffice_cannot_load(tmp_path: Path) -> None:
    require_tools()
    path = tmp_path / "broken.pptx"
    path.write_bytes(b"PK\x03\x04 truncated zip")
    with pytest.raises(RuntimeError, match="failed to convert"):
        to_pdf(path, tmp_path / "pdf")


def test_require_tools_fails_on_ci_and_skips_elsewhere(monkeypatch) -> None:
    monkeypatch.setattr(conformance, "missing_tools", lambda: ["LibreOffice (soffice)"])
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="LibreOffice"):
        require_tools()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="install-test-tools.sh"):
        require_tools()
