"""The guide: reopened with python-docx, and its contents checked against LibreOffice's pages."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx

from sggen import pipeline, read
from sggen.formats.guide import plan as guide_plan
from sggen.formats.guide import writer as guide_format


@pytest.fixture(scope="module")
def guide(tmp_path_factory) -> Path:
    from conftest import copy_workspace

    ws = copy_workspace(tmp_path_factory.mktemp("guide") / "ws")
    pipeline.run(read.workspace(ws), pipeline.Request(["example"], formats=("guide",)))
    return ws / "output" / "example" / "guide.docx"


def contents(doc) -> list[tuple[str, int]]:
    from printed import contents as entries

    return entries(doc)


def test_contents_are_filled_in_with_numbered_entries_and_pages(guide):
    doc = open_docx(str(guide))
    entries = contents(doc)
    headings = [p.text for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert len(entries) == len(headings) > 20
    assert [e[0].split(" ", 1)[1] for e in entries] == headings
    assert entries[0][0].startswith("1 ") and entries[1][0].startswith("1.1 ")
    pages = [page for _, page in entries]
    assert pages == sorted(pages) and pages[0] >= 3  # after the cover and the contents


def test_contents_entries_link_to_bookmarked_headings(guide):
    xml = zipfile.ZipFile(guide).read("word/document.xml").decode()
    assert "TOC \\o" in xml and "PAGEREF _Toc000001" in xml
    assert 'w:anchor="_Toc000001"' in xml and 'w:name="_Toc000001"' in xml


def test_headings_are_numbered_by_style_and_chapters_start_pages(guide):
    doc = open_docx(str(guide))
    heading = doc.styles["Heading 1"]
    assert heading.paragraph_format.page_break_before
    assert heading.element.pPr.numPr is not None


def test_matrix_is_a_word_table_with_a_repeating_header(guide):
    doc = open_docx(str(guide))
    matrix = max(doc.tables, key=lambda t: len(t.columns))
    assert len(matrix.columns) >= 6
    assert matrix.rows[0]._tr.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None


def test_header_and_footer_carry_the_project_and_page_numbers(guide):
    doc = open_docx(str(guide))
    section = doc.sections[0]
    assert "Varhaiskasvatuksen" in section.header.paragraphs[0].text
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert " PAGE " in footer_xml and "Sivu" in section.footer.paragraphs[0].text
    assert section.different_first_page_header_footer  # a clean cover


def test_core_properties_describe_the_document(guide):
    props = open_docx(str(guide)).core_properties
    assert props.title.startswith("Varhaiskasvatuksen")
    assert props.author == "Kaupungin IT-palvelukeskus"
    assert props.language == "fi-FI"


def test_check_names_a_missing_style(tmp_path):
    repo = Path(__file__).resolve().parent.parent
    reference = tmp_path / "reference.docx"
    shutil.copyfile(repo / "templates" / "reference.docx", reference)
    doc = open_docx(str(reference))
    doc.styles["TOC 2"].name = "Contents 2"
    doc.save(str(reference))
    assert guide_format.check(reference) == ["paragraph style 'TOC 2'"]
    assert guide_format.check(repo / "templates" / "reference.docx") == []


@pytest.mark.slow  # LibreOffice
def test_chapter_pages_match_libreoffice(guide, tmp_path):
    import conformance

    conformance.require_tools()
    from printed import heading_pages

    pdf = conformance.to_pdf(guide, tmp_path)
    entries = dict(contents(open_docx(str(guide))))
    found = heading_pages(pdf, entries)
    wrong = {k: (v, found.get(k)) for k, v in entries.items() if found.get(k) != v}
    assert entries and not wrong, wrong  # heading: (the contents' page, the rendering's)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_tables_have_fixed_measured_columns_and_rows_that_do_not_split(guide):
    doc = open_docx(str(guide))
    assert doc.tables
    for table in doc.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        grid = [int(c.get(f"{W}w")) for c in tbl.tblGrid.findall(f"{W}gridCol")]
        # a table begins left of the text column, where the headings' numbers hang, and
        # ends at the column's right edge: on the widest page (a turned one), in twips
        indent = int(tbl.tblPr.find(f"{W}tblInd").get(f"{W}w"))
        widest = max((s.page_width - s.right_margin) / 635 - max(s.left_margin / 635 + indent
                                                                 - 85, 567)
                     for s in doc.sections)
        assert sum(grid) <= widest + 1 and len(set(grid)) > 1, grid
        for row in table.rows:
            assert row._tr.trPr.find(f"{W}cantSplit") is not None
            assert [int(c._tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for c in row.cells] == grid
    contacts = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Puhelin")
    emails = [c for c in contacts.columns[2].cells[1:] if "@" in c.text]
    assert emails and contacts.style.name == "Guide Table"


def test_a_column_is_never_narrower_than_its_longest_word():
    from sggen.document import Run, Table
    from sggen.layout import metrics

    email = "aleksanteri.wallenius-hamalainen@example.fi"
    table = Table([[Run("Nimi")], [Run("Sähköposti")]],
                  [[[Run("Aleksanteri Wallenius-Hämäläinen")], [Run(email)]]])
    plan = guide_plan.plan_table(table, 200.0, 400.0)
    assert plan.widths[1] >= metrics.text_width(email, plan.size)
    wide = Table([[Run(f"Tiiminvetäjä{i}")] for i in range(12)], [])
    turned = guide_plan.plan_table(wide, 465.0, 711.0)
    assert turned.landscape and sum(turned.widths) <= 711.0 + 0.01


def test_cover_and_properties_carry_the_stamp(guide):
    doc = open_docx(str(guide))
    cover = [p.text for p in doc.paragraphs[:8]]
    assert any("1.0" in line and "luonnos" in line and "7.1.2027" in line for line in cover)
    assert any("Roolikirjasto 2.1" in line for line in cover)
    assert doc.core_properties.version == "1.0"
    assert doc.core_properties.content_status == "luonnos"
