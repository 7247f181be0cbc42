"""The guide: reopened with python-docx, and its contents checked against LibreOffice's pages."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx

from sggen import build, read
from sggen.formats import docx as guide_format


@pytest.fixture(scope="module")
def guide(tmp_path_factory) -> Path:
    from conftest import copy_workspace

    ws = copy_workspace(tmp_path_factory.mktemp("guide") / "ws")
    build.run(read.workspace(ws), build.Request(["example"], formats=("guide",)))
    return ws / "output" / "example" / "guide.docx"


def contents(doc) -> list[tuple[str, int]]:
    return [(p.text.split("\t")[0], int(p.text.split("\t")[1])) for p in doc.paragraphs
            if p.style.name.startswith("TOC ") and "\t" in p.text]


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
    import pdfplumber

    pdf = conformance.to_pdf(guide, tmp_path)
    entries = dict(contents(open_docx(str(guide))))
    found: dict[str, int] = {}
    with pdfplumber.open(str(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            for line in (page.extract_text() or "").splitlines():
                if line.strip() in entries and number > 2:
                    found.setdefault(line.strip(), number)
    chapters = {k: v for k, v in entries.items() if "." not in k.split(" ")[0]}
    assert chapters and all(found.get(k) == v for k, v in chapters.items()), (chapters, found)
    close = [k for k, v in entries.items() if abs(found.get(k, -9) - v) <= 1]
    assert len(close) == len(entries)
