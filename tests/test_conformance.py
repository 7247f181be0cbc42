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
    overflow,
    pdf_page_count,
    require_tools,
    to_pdfs,
)
from pptx import Presentation
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
        overflows = {key: processes.submit(_attempt, overflow, path,
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
        for key, job in overflows.items():
            reports[key]["overflow"] = job.result()
    return reports


def test_the_stress_workspace_validates() -> None:
    result = CliRunner().invoke(app, ["validate", "--workspace", str(STRESS)])
    assert result.exit_code == 0, result.output


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


@pytest.mark.parametrize("key", [(*case, "deck") for case in CASES], ids=_id)
def test_deck_content_leaves_the_footer_free(reports, key) -> None:
    problems = footer_overlaps(reports[key]["path"])
    assert problems == [], "\n".join(problems)


GUIDES = [(*case, "guide") for case in CASES if case[0] == "shipped"]
SPARSE = 0.1  # a page of a guide uses at least this part of its text area


@pytest.mark.parametrize("key", GUIDES, ids=_id)
def test_guide_prints_as_a_handbook(reports, key) -> None:
    from docx import Document as open_docx
    from printed import contents, heading_pages, page_fill

    pdf, path = _value(reports[key]["pdf"]), reports[key]["path"]
    entries = dict(contents(open_docx(str(path))))
    found = heading_pages(pdf, entries)
    wrong = {k: (v, found.get(k)) for k, v in entries.items() if found.get(k) != v}
    assert entries and not wrong, wrong  # heading: (the contents' page, the rendering's)
    fill = page_fill(pdf, path)
    sparse = {n: round(f, 3) for n, f in enumerate(fill, 1) if f < SPARSE}
    assert len(fill) > 10 and not sparse, sparse  # page: the part of it used


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
