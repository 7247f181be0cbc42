"""The example deck and guide against golden text dumps: reopen, normalise, compare.

After an intended change, regenerate with `SGGEN_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py` and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import all_shapes
from docx import Document as open_docx
from pptx import Presentation

from sggen import pipeline, read

GOLDEN = Path(__file__).resolve().parent / "golden"


def dump_deck(path: Path) -> str:
    """Return the deck as text: per slide its layout, title, shapes, tables and notes."""
    lines = []
    for number, slide in enumerate(Presentation(str(path)).slides, 1):
        lines.append(f"=== slide {number} [{slide.slide_layout.name}]")
        for shape in all_shapes(slide.shapes):
            if shape.has_text_frame and shape.text_frame.text.strip():
                text = " / ".join(" ".join(p.text.split()) for p in shape.text_frame.paragraphs
                                  if p.text.strip())
                kind = ("title" if shape == slide.shapes.title else
                        "placeholder" if shape.is_placeholder else "shape")
                lines.append(f"{kind}: {text}")
            if shape.has_table:
                for row in shape.table.rows:
                    lines.append("| " + " | ".join(" ".join(c.text.split()) for c in row.cells))
        if slide.has_notes_slide:
            lines.append("notes: " + " ".join(slide.notes_slide.notes_text_frame.text.split()))
    return "\n".join(lines) + "\n"


def dump_guide(path: Path) -> str:
    """Return the guide as text: each paragraph with its style, then each table's rows."""
    doc = open_docx(str(path))
    lines = [f"[{p.style.name}] {' '.join(p.text.split())}" for p in doc.paragraphs
             if p.text.strip()]
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    lines.extend(f"[drawing] {d.get('title')}: {d.get('descr')}"
                 for d in doc.element.body.iter(f"{wp}docPr"))
    for table in doc.tables:
        lines.append("--- table")
        lines.extend("| " + " | ".join(" ".join(c.text.split()) for c in row.cells)
                     for row in table.rows)
    section = doc.sections[0]
    lines.append(f"header: {section.header.paragraphs[0].text}")
    lines.append(f"footer: {section.footer.paragraphs[0].text}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from conftest import copy_workspace

    ws = copy_workspace(tmp_path_factory.mktemp("golden") / "ws")
    pipeline.run(read.workspace(ws), pipeline.Request(["example"], languages=["fi", "en"]))
    return ws / "output" / "example"


@pytest.mark.parametrize(("name", "dump"), [
    ("deck.pptx", dump_deck), ("guide.docx", dump_guide),
    ("deck.en.pptx", dump_deck), ("guide.en.docx", dump_guide),
])
def test_example_matches_its_golden_dump(built, name, dump):
    golden = GOLDEN / f"example.{name}.txt"
    actual = dump(built / name)
    if os.environ.get("SGGEN_UPDATE_GOLDEN"):
        golden.write_text(actual)
    assert golden.is_file(), f"no golden file {golden.name}: run with SGGEN_UPDATE_GOLDEN=1"
    assert actual == golden.read_text()
