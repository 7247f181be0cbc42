"""The kickoff deck as a presentation: what its reader (a line manager) meets before the
appendix, measured in every shipped project and language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import all_shapes
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from sggen import pipeline, read

REPO = Path(__file__).resolve().parent.parent
CASES = [(p, lang) for p in ("example", "asukasportaali", "pm2-example") for lang in ("fi", "en")]
FRAME = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.FOOTER,
         PP_PLACEHOLDER.SLIDE_NUMBER)
EMU = 12700


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("decks")
    ws = read.workspace(REPO)
    pipeline.run(ws, pipeline.Request(["example", "asukasportaali", "pm2-example"], ("deck",),
                                ["fi", "en"], output=out))
    return {(p, lang): Presentation(str(out / p / ("deck.pptx" if lang == _own(p) else
                                                    f"deck.{lang}.pptx")))
            for p, lang in CASES}


def _own(project: str) -> str:
    return yaml.safe_load((REPO / "projects" / f"{project}.yaml").read_text())["language"]


def _main(prs) -> list:
    """Return the slides before the appendix's divider (the second title slide)."""
    slides = list(prs.slides)
    return slides[:next(i for i, s in enumerate(slides)
                        if i and s.slide_layout.name == "Title Slide")]


def _body(slide) -> list:
    return [s for s in all_shapes(slide.shapes)
            if not (s.is_placeholder and s.placeholder_format.type in FRAME)]


def _words(slide) -> int:
    count = 0
    for shape in _body(slide):
        if shape.has_text_frame:
            count += len(shape.text_frame.text.split())
        if shape.has_table:
            count += sum(len(c.text.split()) for row in shape.table.rows for c in row.cells)
    return count


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_the_story_is_short_and_every_slide_carries_its_own_notes(decks, case) -> None:
    prs = decks[case]
    main = _main(prs)
    assert 10 <= len(main) <= 16
    for slide in main:
        assert _words(slide) <= 90, (slide.shapes.title.text, _words(slide))
    notes = [s.notes_slide.notes_text_frame.text.strip() for s in prs.slides]
    assert all(notes)
    assert len(set(notes)) >= 0.9 * len(notes)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_no_main_slide_is_mostly_empty(decks, case) -> None:
    prs = decks[case]
    width, height = prs.slide_width / EMU, prs.slide_height / EMU
    content = width * 0.9 * (height * 0.65)  # the body area under the title, above the footer
    for slide in _main(prs)[1:]:
        shapes = _body(slide)
        left = min(s.left for s in shapes) / EMU
        top = min(s.top for s in shapes) / EMU
        right = max(s.left + s.width for s in shapes) / EMU
        bottom = max(s.top + s.height for s in shapes) / EMU
        assert (right - left) * (bottom - top) >= 0.4 * content, slide.shapes.title.text


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_one_slide_shows_every_meeting_with_its_decision(decks, case) -> None:
    project, lang = case
    ws = read.workspace(REPO)
    inputs = pipeline.shared(ws, set(ws.methods()))
    problems: list = []
    loaded = read.project(ws, inputs, project, problems)
    from sggen import context

    view = context.context(project, loaded, inputs.libraries[loaded.method], ws.settings,
                           inputs.strings, lang)
    slides = _main(decks[case])
    texts = [" ".join(s.text_frame.text for s in _body(slide) if s.has_text_frame)
             for slide in slides]
    # each meeting by what it decides, in a few words on the slide (its decisions, the stage
    # it ends or a progress review), in full in the speaker notes
    decided = [m.short for m in view.meetings.calendar]
    assert decided and all(decided)
    calendar = [k for k, t in enumerate(texts) if all(m.day in t for m in view.meetings.calendar)
                and all(name in " ".join(t.split()) for name in decided)]
    assert len(calendar) == 1
    notes = " ".join(slides[calendar[0]].notes_slide.notes_text_frame.text.split())
    assert all(" ".join(m.title.split()) in notes for m in view.meetings.calendar)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_the_matrix_has_a_column_only_for_roles_somebody_holds(decks, case) -> None:
    """... or that is held by delegation (a role that takes no people: the Change Authority,
    whom the project names under change_authority)."""
    project, lang = case
    data = yaml.safe_load((REPO / "projects" / f"{project}.yaml").read_text())
    method = data["method"]
    names, delegated = {}, set()
    for path in (REPO / "roles" / method).glob("*.yaml"):
        role = yaml.safe_load(path.read_text())
        if "name" in role and "id" in role and "order" in role:
            names[role["id"]] = role["name"][lang] if isinstance(role["name"], dict) \
                else role["name"]
            if role.get("people", {}).get("max") == 0:
                delegated.add(names[role["id"]])
    held = {names[r] for r in data["people"]} | delegated
    nobody = set(names.values()) - held
    tables = [s.table for slide in decks[case].slides for s in all_shapes(slide.shapes)
              if s.has_table]
    matrices = [t for t in tables if len(t.columns) > 4]
    assert matrices
    for table in matrices:
        header = {c.text for c in list(table.rows[0].cells)[1:]}
        assert header <= held and not header & nobody, header & nobody


def _view(project: str, lang: str):
    from sggen import context

    ws = read.workspace(REPO)
    inputs = pipeline.shared(ws, set(ws.methods()))
    problems: list = []
    loaded = read.project(ws, inputs, project, problems)
    assert not problems
    return loaded, context.context(project, loaded, inputs.libraries[loaded.method],
                                   ws.settings, inputs.strings, lang)


def _slide_text(slide) -> str:
    parts = []
    for shape in _body(slide):
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(c.text for row in shape.table.rows for c in row.cells)
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_the_deck_opens_with_the_resolutions_and_their_papers_and_closes_repeating_them(
        decks, case) -> None:
    project, lang = case
    loaded, view = _view(project, lang)
    resolutions = view.resolutions
    assert resolutions and all(r.text for r in resolutions)
    # the project's own where it asks for them, else the library's for the first meeting
    requests = loaded.requests
    if isinstance(requests, list) and requests:
        assert all(r.local for r in resolutions)
    elif not requests:
        assert not any(r.local for r in resolutions)
    else:
        assert any(r.local for r in resolutions) and any(not r.local for r in resolutions)
    main = _main(decks[case])
    titles = [s.shapes.title.text for s in main]
    opening = main[titles.index(view.t["today_decide"])]
    closing = main[titles.index(view.t["minutes_slide"])]
    assert titles.index(view.t["today_decide"]) == 1  # right after the cover
    assert titles.index(view.t["minutes_slide"]) >= len(main) - 2  # at the end of the story
    first, last = _slide_text(opening), _slide_text(closing)
    texts = [" ".join(r.text.split()) for r in resolutions]
    # word for word, in the same order, at the start and at the end
    assert [first.find(t) for t in texts] == sorted(first.find(t) for t in texts)
    assert [last.find(t) for t in texts] == sorted(last.find(t) for t in texts)
    assert all(t in first and t in last for t in texts)
    for resolution in resolutions:
        for paper in resolution.papers:  # each names the papers it rests on
            assert " ".join(str(paper).split()) in first, (resolution.text, paper)
    assert any(r.papers for r in resolutions)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_the_cover_names_the_project_and_marks_a_draft_without_method_or_library(decks,
                                                                                  case) -> None:
    project, lang = case
    _, view = _view(project, lang)
    cover = " ".join(s.text_frame.text for s in all_shapes(decks[case].slides[0].shapes)
                     if s.has_text_frame)
    assert view.project.name in " ".join(cover.split())
    assert view.method not in cover and view.t["library_version"] not in cover
    # the draft mark only while the status is draft, and then in capitals
    assert (view.stamp.status.upper() in cover) == bool(view.stamp.draft)
