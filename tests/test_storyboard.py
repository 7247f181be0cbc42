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
