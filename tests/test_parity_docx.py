"""The XML writers of the guide and the cards against the object-layer writers (python-docx),
the oracle: every part the same, for every shipped project and language, the stress workspace,
a .dotx reference and an A5 one."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import REPO, copy_workspace, package_differences
from docx import Document as open_docx
from docx.shared import Mm

from sggen import formats, package, pipeline, read
from sggen.formats import cards, cards_xml, docx, docx_xml

WRITERS = {"guide": (docx, docx_xml), "cards": (cards, cards_xml)}
PROJECTS = sorted(p.stem for p in (REPO / "projects").glob("*.yaml"))


def _compare(ws_root: Path, project: str, languages: list[str] | None = None) -> int:
    """Write the guide and every card of `project` with both writers in each language (every
    one the project declares by default); assert each pair is the same; return how many."""
    ws = read.workspace(ws_root)
    if languages is None:
        model = read.project(ws, pipeline.shared(ws, set(ws.methods())), project, [])
        languages = model.languages or ws.settings.languages
    count = 0
    for name, (oracle, fast) in WRITERS.items():
        fmt = formats.get(name)
        reference = fmt.reference(ws.templates)
        for lang in languages:
            for stem, document, meta in pipeline.documents(ws, project, fmt, lang):
                expected = package.normalise(oracle.write(document, reference, meta))
                got = fast.write(document, reference, meta)
                assert package_differences(expected, got) == [], (project, lang, stem)
                # and the same zip: the build need not package the fast writers' files again
                assert got == expected, (project, lang, stem)
                count += 1
    return count


def test_the_example_in_its_own_language_is_the_same_part_by_part():
    assert _compare(REPO, "example", ["fi"]) > 5


@pytest.mark.slow  # some 100 documents through python-docx
@pytest.mark.parametrize("project", PROJECTS)
def test_every_project_in_every_language_is_the_same_part_by_part(project):
    assert _compare(REPO, project) > 10


@pytest.mark.slow
def test_the_stress_workspace_is_the_same_part_by_part(tmp_path):
    assert _compare(REPO / "tests" / "stress", "stress") > 10


def test_a_dotx_reference_gives_the_same_parts(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # with the times it sets, too
    ws = copy_workspace(tmp_path / "ws")
    templates = ws / "templates"
    with zipfile.ZipFile(templates / "reference.docx") as old, \
            zipfile.ZipFile(templates / "reference.dotx", "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml",
                                    b"wordprocessingml.template.main+xml")
            new.writestr(item, data)
    (templates / "reference.docx").unlink()
    assert _compare(ws, "example", ["sv"]) > 5


def test_an_a5_reference_gives_the_same_parts(tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    reference = ws / "templates" / "reference.docx"
    doc = open_docx(str(reference))
    doc.sections[0].page_width, doc.sections[0].page_height = Mm(148), Mm(210)
    doc.save(str(reference))
    assert _compare(ws, "example", ["en"]) > 5


def test_a_reference_without_headers_gives_the_same_parts(tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    reference = ws / "templates" / "reference.docx"
    doc = open_docx(str(reference))
    for section in doc.sections:
        section.header.is_linked_to_previous = True
        section.footer.is_linked_to_previous = True
    doc.save(str(reference))
    assert b"header" not in zipfile.ZipFile(reference).read("word/_rels/document.xml.rels")
    assert _compare(ws, "pm2-example", ["fi"]) > 5
