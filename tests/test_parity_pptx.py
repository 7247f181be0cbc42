"""The fast deck writer against the object-layer writer, the oracle: every part the same.

Each deck the build writes with the fast writer (pptx_xml) is written again by python-pptx's
object layer (pptx.write, then normalised as the build normalised it before) from the same
Document, reference and Meta, and the two packages are compared part by part: the same part
names in the same order, XML parts equal after canonicalisation, other parts byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FINNISH_LAYOUTS, REPO, copy_workspace, package_differences, rebranded_deck
from pptx import Presentation

from sggen import package, pipeline, read
from sggen.formats import pptx as oracle
from sggen.formats import pptx_ref, pptx_xml

LANGS = ["fi", "sv", "en"]
STRESS = REPO / "tests" / "stress"


def _decks(monkeypatch, root: Path, projects: list[str] | None = None,
           languages: list[str] | None = None) -> list[tuple[str, bytes, bytes]]:
    """Build the decks of workspace `root` with the fast writer; return (what, fast bytes,
    oracle bytes) for each, the oracle written from the same arguments."""
    calls = []
    fast = pptx_xml.write

    def spy(document, reference, meta, floor=14.0):
        data = fast(document, reference, meta, floor)
        calls.append((f"{meta.footer} [{meta.language}]", data,
                      (document, reference, meta, floor)))
        return data

    monkeypatch.setattr(pptx_xml, "write", spy)
    ws = read.workspace(root)
    pipeline.run(ws, pipeline.Request(projects or ws.project_ids(), ("deck",), languages=languages,
                                output=root / "out"))
    assert calls
    return [(what, data, package.normalise(oracle.write(*args))) for what, data, args in calls]


def _assert_parity(decks) -> None:
    for what, fast, slow in decks:
        assert package_differences(slow, fast) == [], what
        assert fast == slow, f"{what}: the same parts, yet not the same bytes"


def test_the_example_in_its_own_language(monkeypatch, tmp_path) -> None:
    _assert_parity(_decks(monkeypatch, copy_workspace(tmp_path / "ws"), ["example"]))


@pytest.mark.slow
def test_every_shipped_project_in_every_language(monkeypatch, tmp_path) -> None:
    decks = _decks(monkeypatch, copy_workspace(tmp_path / "ws"), languages=LANGS)
    assert len(decks) == 3 * len(LANGS)
    _assert_parity(decks)


@pytest.mark.slow
def test_the_stress_workspace_in_every_language(monkeypatch, tmp_path) -> None:
    # with the shipped templates, as the conformance test builds it
    root = tmp_path / "stress"
    shutil.copytree(STRESS, root, ignore=shutil.ignore_patterns("output"))
    shutil.rmtree(root / "templates")
    shutil.copytree(REPO / "templates", root / "templates")
    _assert_parity(_decks(monkeypatch, root, languages=LANGS))


@pytest.mark.parametrize(("suffix", "names"), [(".potx", {}), (".pptx", FINNISH_LAYOUTS),
                                               (".potx", FINNISH_LAYOUTS)])
def test_a_template_or_localised_layout_names(monkeypatch, tmp_path, suffix, names) -> None:
    root = copy_workspace(tmp_path / "ws")
    shipped = root / "templates" / "reference.pptx"
    rebranded_deck(shipped, root / "templates" / f"variant{suffix}", names)
    shipped.unlink()
    (root / "templates" / f"variant{suffix}").rename(root / "templates" / f"reference{suffix}")
    _assert_parity(_decks(monkeypatch, root, ["example"]))


def test_a_reference_with_slides_and_its_own_notes_master(monkeypatch, tmp_path) -> None:
    root = copy_workspace(tmp_path / "ws")
    reference = root / "templates" / "reference.pptx"
    prs = Presentation(str(reference))
    for layout in list(prs.slide_layouts)[:2]:
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = "Esimerkki"
        slide.notes_slide.notes_text_frame.text = "Muistiinpano"
    prs.save(str(reference))
    _assert_parity(_decks(monkeypatch, root, ["example"]))


@pytest.mark.parametrize("names", [{}, FINNISH_LAYOUTS, {"Title Only": "Only a Title"}])
def test_the_fast_reader_finds_what_the_object_layer_finds(tmp_path, names) -> None:
    reference = tmp_path / "reference.pptx"
    rebranded_deck(REPO / "templates" / "reference.pptx", reference, names)
    assert pptx_ref.load(reference).missing == oracle.check(reference)
