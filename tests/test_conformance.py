"""Every shipped project and the stress workspace, in fi, sv and en, open cleanly and fit."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest
from conformance import (
    REPO_ROOT,
    footer_overlaps,
    ooxml_errors,
    pdf_page_count,
    require_tools,
    to_pdfs,
)
from pptx import Presentation
from rendered import marked_measures, pdf_measures
from typer.testing import CliRunner

from sggen.cli import app

pytestmark = pytest.mark.slow  # LibreOffice, the validator or many examples

LANGS = ("fi", "sv", "en")
STRESS = REPO_ROOT / "tests" / "stress"
WORKSPACES = {"shipped": REPO_ROOT, "stress": STRESS}
KINDS = {"deck": ".pptx", "guide": ".docx"}


def _projects(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "projects").glob("*.yaml"))


CASES = [(ws, project, lang) for ws, root in WORKSPACES.items()
         for project in _projects(root) for lang in LANGS]
FILES = [(*case, kind) for case in CASES for kind in KINDS]


def _id(case: tuple) -> str:
    return "-".join(case)


def _attempt(fn, *args):
    """Return fn(*args), or the exception it raised, so one bad file fails only its own test."""
    try:
        return fn(*args)
    except Exception as exc:  # re-raised by the test that asks for this result
        return exc


def _value(result):
    if isinstance(result, Exception):
        raise result
    return result


def _build(root: Path, out: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--all", "--lang", ",".join(LANGS), "--output",
                                      str(out), "--workspace", str(root)])
    assert result.exit_code == 0, result.output


def _outputs(out: Path, project: str) -> dict[tuple[str, str], Path]:
    """Return (kind, lang) -> file: <kind>.<lang>.<ext>, or <kind>.<ext> in the own language."""
    found = {}
    for kind, ext in KINDS.items():
        others = [lang for lang in LANGS if (out / project / f"{kind}.{lang}{ext}").is_file()]
        own = [lang for lang in LANGS if lang not in others]
        assert len(own) == 1 and (out / project / f"{kind}{ext}").is_file(), \
            f"{project}: expected {kind}{ext} and one {kind}.<lang>{ext} per other language"
        for lang in LANGS:
            name = f"{kind}{ext}" if lang == own[0] else f"{kind}.{lang}{ext}"
            found[kind, lang] = out / project / name
    return found


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict:
    """Build everything, then validate, convert and check every file on parallel threads.

    Returns (workspace, project, lang, kind) -> {"path", "errors", "pdf", "overflow", ...}.
    """
    require_tools()
    tmp = tmp_path_factory.mktemp("conformance")
    _build(REPO_ROOT, tmp / "shipped")
    # The stress workspace is built with the shipped templates and reference documents, so it
    # tests what ships; its own copies only make it a workspace that stands on its own.
    stress = tmp / "stress-ws"
    shutil.copytree(STRESS, stress, ignore=shutil.ignore_patterns("output"))
    shutil.rmtree(stress / "templates")
    shutil.copytree(REPO_ROOT / "templates", stress / "templates")
    _build(stress, tmp / "stress")

    files = {}
    for ws, project, lang in CASES:
        for (kind, file_lang), path in _outputs(tmp / ws, project).items():
            if file_lang == lang:
                files[ws, project, lang, kind] = path
    # Converting is mostly waiting for LibreOffice, so threads do it, in one LibreOffice run per
    # thread to save its start-up; reading the overflow check's PDF is Python work, so those
    # checks run in processes (spawned: forking a process that has threads is unsafe).
    workers = max(2, os.cpu_count() or 2)
    batches = [list(files)[i::workers] for i in range(workers)]
    with ThreadPoolExecutor(workers) as threads, ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn")) as processes:
        # the marked rendering gives the overflow check and how text fills its boxes
        overflows = {key: processes.submit(_attempt, marked_measures, path,
                                           tmp / "overflow" / _id(key))
                     for key, path in files.items() if key[-1] == "deck"}
        pdfs = [threads.submit(_attempt, to_pdfs, [files[key] for key in batch],
                               tmp / "pdf" / str(i)) for i, batch in enumerate(batches)]
        errors = {key: threads.submit(_attempt, ooxml_errors, path)
                  for key, path in files.items()}
        reports = {key: {"path": path, "errors": errors[key].result()}
                   for key, path in files.items()}
        for batch, job in zip(batches, pdfs, strict=True):
            converted = job.result()
            for key in batch:
                reports[key]["pdf"] = converted if isinstance(converted, Exception) else \
                    converted[files[key].resolve()]
        # the deck's own PDF gives every word's size and contrast and how much is inked
        measured = {key: processes.submit(_attempt, pdf_measures, files[key], reports[key]["pdf"])
                    for key in overflows if not isinstance(reports[key]["pdf"], Exception)}
        for key, job in overflows.items():
            marked = job.result()
            reports[key]["overflow"] = marked if isinstance(marked, Exception) else \
                marked["overflow"]
            reports[key]["marked"] = marked
            reports[key]["measured"] = measured[key].result() if key in measured else \
                reports[key]["pdf"]
    return reports


def test_the_stress_workspace_validates() -> None:
    result = CliRunner().invoke(app, ["validate", "--workspace", str(STRESS)])
    assert result.exit_code == 0, result.output


def test_the_stress_workspace_keeps_a_copy_of_the_shipped_templates() -> None:
    # its builds here use the shipped templates; its own copy makes it a workspace on its
    # own, and a copy that drifts from them fails its `validate` for the wrong reasons
    shipped, copy = REPO_ROOT / "templates", STRESS / "templates"
    files = sorted(p.relative_to(shipped) for p in shipped.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(copy) for p in copy.rglob("*") if p.is_file())
    assert all((shipped / f).read_bytes() == (copy / f).read_bytes() for f in files)


@pytest.mark.parametrize("key", FILES, ids=_id)
def test_file_is_valid_open_xml(reports, key) -> None:
    assert _value(reports[key]["errors"]) == []


@pytest.mark.parametrize("key", FILES, ids=_id)
def test_libreoffice_converts_file_to_pdf(reports, key) -> None:
    report = reports[key]
    pages = pdf_page_count(_value(report["pdf"]))
    assert pages >= 1
    if key[-1] == "deck":
        # A slide whose content LibreOffice could not place would add or lose a page.
        assert pages == len(Presentation(str(report["path"])).slides)


@pytest.mark.parametrize("key", [(*case, "deck") for case in CASES], ids=_id)
def test_deck_text_stays_in_its_boxes_and_on_the_slide(reports, key) -> None:
    problems = _value(reports[key]["overflow"])
    assert problems == [], "\n".join(problems)


DECKS = [(*case, "deck") for case in CASES]


def _measure(reports, key, source: str, name: str) -> list[str]:
    return _value(reports[key][source])[name]


@pytest.mark.parametrize("key", DECKS, ids=_id)
def test_deck_tells_its_story_in_16_main_slides_under_90_words_and_10_more(reports, key) -> None:
    problems = _measure(reports, key, "marked", "story")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("key", DECKS, ids=_id)
def test_deck_main_slide_boxes_are_at_least_half_filled_by_their_text(reports, key) -> None:
    problems = _measure(reports, key, "marked", "thin")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("key", DECKS, ids=_id)
def test_deck_slides_continued_from_another_are_at_least_40_percent_inked(reports, key) -> None:
    problems = _measure(reports, key, "measured", "ink")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("key", DECKS, ids=_id)
def test_deck_every_word_meets_aa_contrast_on_what_is_drawn_behind_it(reports, key) -> None:
    problems = _measure(reports, key, "measured", "contrast")
    assert problems == [], "\n".join(problems[:20])


@pytest.mark.parametrize("key", DECKS, ids=_id)
def test_deck_main_slide_text_is_at_least_12_pt(reports, key) -> None:
    problems = _measure(reports, key, "measured", "small")
    assert problems == [], "\n".join(problems[:20])


@pytest.mark.parametrize("key", [(*case, "deck") for case in CASES], ids=_id)
def test_deck_content_leaves_the_footer_free(reports, key) -> None:
    problems = footer_overlaps(reports[key]["path"])
    assert problems == [], "\n".join(problems)


GUIDES = [(*case, "guide") for case in CASES if case[0] == "shipped"]
SPARSE = 0.1  # a page of a guide uses at least this part of its text area
MEASURE = (60, 75)  # the characters of a full line of the guide's body text


@pytest.mark.parametrize("key", GUIDES, ids=_id)
def test_guide_prints_as_a_handbook(reports, key) -> None:
    import re

    import printed
    from docx import Document as open_docx

    pdf, path = _value(reports[key]["pdf"]), reports[key]["path"]
    doc = open_docx(str(path))
    entries = dict(printed.contents(doc))
    found = printed.heading_pages(pdf, entries)
    wrong = {k: (v, found.get(k)) for k, v in entries.items() if found.get(k) != v}
    assert entries and not wrong, wrong  # heading: (the contents' page, the rendering's)
    fill = printed.page_fill(pdf, path)
    sparse = {n: round(f, 3) for n, f in enumerate(fill, 1) if f < SPARSE}
    assert len(fill) > 10 and not sparse, sparse  # page: the part of it used
    # numbers, amounts, units and telephone numbers: held by no-break spaces, never split
    assert printed.loose_numbers(doc) == []
    split, seen = printed.split_across_lines(pdf, doc)
    assert seen >= 10 and split == [], split
    # two numbered levels: the contents' entries, and labels below them without numbers
    assert all(k.split(" ", 1)[0].count(".") <= 1 for k in entries)
    assert printed.repeated_titles(entries) == []
    labels = printed.lines_in(pdf, doc.styles["Heading 3"].font.size.pt)
    assert labels and not [x for x in labels if re.match(r"\d+(\.\d+)+\s", x)], labels
    # the measure: full lines of body text hold 60-75 characters (nine in ten at least)
    full = printed.measure(pdf, path, doc.styles["Normal"].font.size.pt)
    inside = [n for n in full if MEASURE[0] <= n <= MEASURE[1]]
    assert len(full) > 100 and len(inside) >= 0.9 * len(full), sorted(full)


def test_footer_overlaps_finds_a_box_that_reaches_into_the_footer(tmp_path: Path) -> None:
    from pptx.util import Pt

    prs = Presentation(str(REPO_ROOT / "templates" / "reference.pptx"))
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title Only")
    footer = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 11)
    slide = prs.slides.add_slide(layout)
    slide.shapes.clone_placeholder(footer)
    slide.shapes.add_textbox(footer.left, footer.top - Pt(40), Pt(200), Pt(50)).text = "low"
    slide.shapes.add_textbox(footer.left, footer.top - Pt(60), Pt(200), Pt(50)).text = "clear"
    path = tmp_path / "deck.pptx"
    prs.save(str(path))
    problems = footer_overlaps(path)
    assert len(problems) == 1, problems
    assert "overlaps 'Footer Placeholder" in problems[0] and "by 10.0 pt" in problems[0]


def test_the_deck_measures_find_a_poor_slide_of_each_kind(tmp_path: Path) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    require_tools()
    prs = Presentation(str(REPO_ROOT / "templates" / "reference.pptx"))
    layouts = {lay.name: lay for lay in prs.slide_layouts}
    prs.slides.add_slide(layouts["Title Slide"]).shapes.title.text = "Cover"
    slide = prs.slides.add_slide(layouts["Title Only"])
    slide.shapes.title.text = "Poor"
    faint = slide.shapes.add_textbox(Pt(60), Pt(120), Pt(400), Pt(30)).text_frame.paragraphs[0]
    faint.text, faint.runs[0].font.size = "faint words", Pt(16)
    faint.runs[0].font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)  # 2.3:1 on white
    tiny = slide.shapes.add_textbox(Pt(60), Pt(170), Pt(400), Pt(16)).text_frame.paragraphs[0]
    tiny.text, tiny.runs[0].font.size = "tiny words", Pt(9)
    tall = slide.shapes.add_textbox(Pt(500), Pt(120), Pt(300), Pt(300)).text_frame.paragraphs[0]
    tall.text, tall.runs[0].font.size = "one line in a tall box", Pt(16)
    rest = prs.slides.add_slide(layouts["Title Only"])
    rest.shapes.title.text = "Poor (2/2)"
    rest.shapes.add_textbox(Pt(60), Pt(120), Pt(200), Pt(30)).text_frame.text = "little"
    path = tmp_path / "poor.pptx"
    prs.save(str(path))
    marked = marked_measures(path, tmp_path / "marked")
    measured = pdf_measures(path, to_pdfs([path], tmp_path / "pdf")[path.resolve()])
    assert [m for m in marked["thin"] if "one line in a tall box" in m]
    assert not [m for m in marked["thin"] if "faint" in m or "tiny" in m]
    assert any("'faint'" in m for m in measured["contrast"])
    assert not any("tiny" in m for m in measured["contrast"])
    assert [m for m in measured["small"] if "'tiny'" in m] and \
        not [m for m in measured["small"] if "faint" in m]
    assert len(measured["ink"]) == 1 and "slide 3" in measured["ink"][0]
