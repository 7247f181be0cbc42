"""`sggen check` audits the documents as they are on disk and never writes one: a deck edited
by hand is checked as edited, a document not built is named with the command that builds it,
and a damaged one is one located line."""

from __future__ import annotations

import io
import os
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import copy_workspace
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from typer.testing import CliRunner

from sggen.cli import app

runner = CliRunner()
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def check(root: Path, *args: str):
    return runner.invoke(app, ["check", "-p", "example", *args, "-w", str(root)])


def files(root: Path) -> dict[str, bytes]:
    """Return every file below the output folder with its bytes (names relative to it)."""
    out = root / "output"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("check") / "ws")
    result = runner.invoke(app, ["build", "-p", "example", "-w", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def built(prebuilt: Path, tmp_path: Path) -> Path:
    """Return a private copy of a workspace whose example was built."""
    return Path(shutil.copytree(prebuilt, tmp_path / "ws"))


def test_nothing_built_is_named_with_the_command_that_builds_it(workspace):
    result = check(workspace)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 3, lines  # the deck, the guide, and the cards' folder: one line each
    assert lines[0].endswith("output/example/deck.pptx: not built yet "
                             "(build it: sggen deck --project example)"), lines
    assert "output/example/guide.docx: not built yet (build it: sggen guide" in lines[1]
    assert "output/example/cards: none of the" in lines[2] and "sggen cards" in lines[2]
    assert not (workspace / "output").exists()  # nothing was written


def test_another_language_names_its_own_files_and_command(built):
    result = check(built, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert "deck.en.pptx: not built yet (build it: sggen deck --project example --lang en)" \
        in result.stderr


def test_a_deck_edited_by_hand_is_audited_as_it_is(built):
    deck = built / "output" / "example" / "deck.pptx"
    prs = Presentation(str(deck))
    run = next(prs.slides[1]._element.iter(qn("a:r")))
    del run.find(qn("a:rPr")).attrib["lang"]  # the user's edit leaves a text untagged
    prs.save(str(deck))
    before = files(built)
    result = check(built)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].endswith(
        "output/example/deck.pptx: slide 2: a text is not tagged fi-FI"), lines
    assert files(built) == before  # the edit is kept: nothing rebuilt, nothing recorded


def test_a_built_project_passes_and_nothing_is_rewritten(built):
    before = {p: p.stat().st_mtime_ns for p in (built / "output").rglob("*")}
    result = check(built)
    assert result.exit_code == 0 and "accessible" in result.output, result.output
    assert {p: p.stat().st_mtime_ns for p in (built / "output").rglob("*")} == before


def _without(data: bytes, part: str) -> bytes:
    """Return an Office package without one of its parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            if item.filename != part:
                new.writestr(item.filename, old.read(item.filename))
    return out.getvalue()


@pytest.mark.parametrize("damage", ["truncated", "not-a-zip", "a-part-missing", "bad-xml",
                                    "a-folder", "a-named-pipe"])
def test_a_damaged_document_is_one_located_line(built, damage):
    deck = built / "output" / "example" / "deck.pptx"
    data = deck.read_bytes()
    if damage == "truncated":
        deck.write_bytes(data[: len(data) // 2])
    elif damage == "not-a-zip":
        deck.write_text("not a deck")
    elif damage == "a-part-missing":
        deck.write_bytes(_without(data, "ppt/slides/slide1.xml"))
    elif damage == "bad-xml":
        with zipfile.ZipFile(io.BytesIO(data)) as old:
            names = old.namelist()
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as new:
                for name in names:
                    part = old.read(name)
                    new.writestr(name, part[:40] if name == "ppt/slides/slide1.xml" else part)
        deck.write_bytes(out.getvalue())
    elif damage == "a-folder":
        deck.unlink()
        deck.mkdir()
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("named pipes")
        deck.unlink()
        os.mkfifo(deck)  # nobody writes to it: reading it would wait for ever
    result = check(built)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = [ln for ln in result.stderr.splitlines() if "deck.pptx" in ln]
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith("(build it again: sggen deck --project example)"), lines[0]
    assert "output/example/deck.pptx: " in lines[0]
    assert not deck.is_file() or deck.read_bytes() != data  # still as damaged: not rebuilt


def _png() -> bytes:
    """Return a one-pixel PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b""))


def test_a_picture_without_alternative_text_is_named_in_the_deck(built):
    deck = built / "output" / "example" / "deck.pptx"
    prs = Presentation(str(deck))
    shapes = prs.slides[2].shapes
    picture = shapes.add_picture(io.BytesIO(_png()), 0, 0)  # its file name as its description
    shapes.title._element.addnext(picture._element)  # read after the title, before the footer
    prs.save(str(deck))
    result = check(built)
    assert result.exit_code == 2, result.output
    assert "deck.pptx: slide 3: 'Picture" in result.stderr
    assert "has no alternative text" in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_a_decorative_picture_or_one_with_alternative_text_passes(built):
    deck = built / "output" / "example" / "deck.pptx"
    prs = Presentation(str(deck))
    shapes = prs.slides[2].shapes
    for description in ("The city's logo", ""):
        picture = shapes.add_picture(io.BytesIO(_png()), 0, 0)
        picture._element.nvPicPr.cNvPr.set("descr", description)
        if not description:  # marked decorative, as Office marks it
            picture._element.nvPicPr.cNvPr.append(etree.fromstring(
                f'<a:extLst xmlns:a="{A}"><a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}">'
                f'<adec:decorative xmlns:adec="{ADEC}" val="1"/></a:ext></a:extLst>'))
        shapes.title._element.addnext(picture._element)
    prs.save(str(deck))
    assert check(built).exit_code == 0


def test_a_slide_without_a_title_is_named(built):
    deck = built / "output" / "example" / "deck.pptx"
    prs = Presentation(str(deck))
    for text in prs.slides[3].shapes.title._element.iter(qn("a:t")):
        text.text = " "  # the user's edit empties the title, its language kept
    prs.save(str(deck))
    result = check(built)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].endswith("deck.pptx: slide 4: the slide has no title"), \
        lines


def test_a_picture_without_alternative_text_is_named_in_the_guide(built):
    from docx import Document

    guide = built / "output" / "example" / "guide.docx"
    doc = Document(str(guide))
    doc.add_picture(io.BytesIO(_png()))
    doc.save(str(guide))
    result = check(built)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "guide.docx: picture or drawing" in lines[0], lines
    assert lines[0].endswith("has no alternative text"), lines
