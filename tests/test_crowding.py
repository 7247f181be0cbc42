"""A visual that cannot show everything says so: 300 members, four years of monthly meetings
and 60 stages give a deck (exit 0) and a warning at the visual's template line naming what
it loses; the shipped examples in their own languages give none of these warnings."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pptx import Presentation
from typer.testing import CliRunner

from sggen.cli import app
from sggen.document import Mark, OrgChart, Slide, Span, Timeline
from sggen.layout import lay_out
from sggen.layout.boxes import Calendar, Region, Sizes
from sggen.layout.crowding import _text, crowded

runner = CliRunner()
WARNING = re.compile(r"templates/deck\.md\.j2:\d+: warning: (the [a-z ]+) cannot show "
                     r"everything on a slide: (.*) \(the guide shows every entry")


def _members(text: str) -> str:
    people = "".join(f"    - name: Member Number {i}\n"
                     f"      title: {{fi: asiantuntija, sv: expert, en: Expert}}\n"
                     for i in range(300))
    return re.sub(r"  senior-user:\n(    .*\n|      .*\n)+", "  senior-user:\n" + people, text,
                  count=1)


def _meetings(text: str) -> str:
    days = [dt.date(2027 + m // 12, m % 12 + 1, 10) for m in range(48)]
    days = [d + dt.timedelta(days=(7 - d.weekday()) % 7 if d.weekday() > 4 else 0)
            for d in days]
    return re.sub(r"  dates: \[.*\]", "  dates: [" + ", ".join(map(str, days)) + "]", text)


def _stages(text: str) -> str:
    first = dt.date(2027, 1, 4)
    stages = "".join(f"  - name: {{fi: Vaihe {i}, sv: Steg {i}, en: Stage {i}}}\n"
                     f"    start: {first + dt.timedelta(weeks=2 * i)}\n"
                     f"    end: {first + dt.timedelta(weeks=2 * i, days=11)}\n"
                     for i in range(60))
    return re.sub(r"stages:\n(  .*\n|    .*\n)+", "stages:\n" + stages, text, count=1)


def _off_the_slide(deck: Path) -> list[str]:
    """Return the titles of the slides with a shape that runs off the slide."""
    prs = Presentation(str(deck))
    return [page.shapes.title.text for page in prs.slides for shape in page.shapes
            if shape.top is not None and (shape.top + shape.height > prs.slide_height
                                          or shape.left + shape.width > prs.slide_width)]


def _unnamed_stages(deck: Path) -> list[str]:
    """Return the generated stages whose names no slide shows."""
    shown = " ".join(shape.text_frame.text for page in Presentation(str(deck)).slides
                     for shape in _all(page.shapes) if shape.has_text_frame)
    return [f"Vaihe {i}" for i in range(60) if not re.search(rf"Vaihe {i}\b", shown)]


def _all(shapes):
    for shape in shapes:
        yield shape
        if shape.shape_type == 6:  # a group
            yield from _all(shape.shapes)


@pytest.mark.parametrize(("change", "visual", "loss", "seen"), [
    (_members, "the organisation chart", "times as tall as the room it has", _off_the_slide),
    (_meetings, "the timeline", "", _off_the_slide),
    (_stages, "the timeline", "stages are drawn without their names", _unnamed_stages),
])
def test_a_visual_that_cannot_show_everything_says_so(workspace: Path, change, visual, loss,
                                                      seen):
    project = workspace / "projects" / "example.yaml"
    project.write_text(change(project.read_text()))
    result = runner.invoke(app, ["deck", "-p", "example", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    deck = workspace / "output" / "example" / "deck.pptx"
    found = [m.groups() for m in map(WARNING.search, result.output.splitlines()) if m]
    warned = any(what == visual and loss in lost for what, lost in found)
    # what the deck loses, it says; what it does not say, it does not lose
    assert warned or not seen(deck), (result.output, seen(deck))
    assert found or not seen(deck)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_shipped_example_loses_nothing(workspace: Path, lang: str):
    result = runner.invoke(app, ["deck", "-p", "example", "--lang", lang, "-w", str(workspace)])
    assert result.exit_code == 0 and not WARNING.search(result.output), result.output


REGION = Region(36.0, 100.0, 648.0, 340.0)


def test_a_chart_that_fits_is_not_crowded_and_one_too_tall_is():
    from sggen.document import ChartBox, ChartRow

    def chart(count: int) -> OrgChart:
        return OrgChart([ChartRow("Board", [ChartBox("Member", [f"Person {i}"])
                                            for i in range(count)], [])])

    assert crowded([Slide("Board", [chart(3)])], REGION, Sizes()) == []
    ((block, lost),) = crowded([Slide("Board", [chart(300)])], REGION, Sizes())
    assert "runs off the slide" in lost and block.rows[0].members[0].role == "Member"


def test_stage_names_dropped_are_counted_or_shown_elsewhere():
    spans = [Span(f"Stage number {i}", dt.date(2027, 1, 1) + dt.timedelta(days=7 * i),
                  dt.date(2027, 1, 6) + dt.timedelta(days=7 * i)) for i in range(40)]
    slide = Slide("Plan", [Timeline(spans, [Mark(dt.date(2027, 1, 4), ["x"])])])
    lost = " ".join(text for _, text in crowded([slide], REGION, Sizes()))
    drawn = " ".join(
        [bar.name for page in lay_out([slide], REGION, Sizes()) for item in page.items
         if isinstance(item, Calendar) for bar in item.bars]
        + [_text(box) for page in lay_out([slide], REGION, Sizes()) for item in page.items
           if isinstance(item, Calendar) for box in [
               *(m.label for m in item.markers if getattr(m, "label", None) is not None),
               *getattr(item, "legend", [])]]
        + [str(e) for page in lay_out([slide], REGION, Sizes()) for item in page.items
           for e in getattr(item, "overflow", [])])
    missing = [s.name for s in spans if not re.search(rf"{s.name}\b", drawn)]
    assert not missing or re.search(rf"\b{len(missing)} of 40 stages are drawn without their "
                                    "names", lost), (missing, lost)
    few = [Span("Build", dt.date(2027, 1, 1), dt.date(2027, 6, 30))]
    assert crowded([Slide("Plan", [Timeline(few, [])])], REGION, Sizes()) == []
