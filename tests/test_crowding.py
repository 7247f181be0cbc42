"""A visual that cannot show everything says so: 300 members, four years of monthly meetings
and 60 stages give a deck (exit 0) and a warning at the visual's template line naming what
it loses; the shipped examples in their own languages give none of these warnings."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sggen.cli import app
from sggen.document import Mark, OrgChart, Slide, Span, Timeline
from sggen.layout.boxes import Region, Sizes
from sggen.layout.crowding import crowded

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


@pytest.mark.parametrize(("change", "visual", "loss"), [
    (_members, "the organisation chart", "times as tall as the room it has"),
    (_meetings, "the timeline", "meetings' labels are cut short"),
    (_stages, "the timeline", "60 of 60 stages are drawn without their names"),
])
def test_a_visual_that_cannot_show_everything_says_so(workspace: Path, change, visual, loss):
    project = workspace / "projects" / "example.yaml"
    project.write_text(change(project.read_text()))
    result = runner.invoke(app, ["deck", "-p", "example", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    found = [m.groups() for m in map(WARNING.search, result.output.splitlines()) if m]
    assert any(what == visual and loss in lost for what, lost in found), result.output
    assert (workspace / "output" / "example" / "deck.pptx").is_file()


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


def test_stage_names_dropped_are_counted():
    spans = [Span(f"Stage number {i}", dt.date(2027, 1, 1) + dt.timedelta(days=7 * i),
                  dt.date(2027, 1, 6) + dt.timedelta(days=7 * i)) for i in range(40)]
    ((_, lost),) = crowded([Slide("Plan", [Timeline(spans, [Mark(dt.date(2027, 1, 4), ["x"])])])],
                           REGION, Sizes())
    assert re.search(r"\b\d+ of 40 stages are drawn without their names", lost), lost
    few = [Span("Build", dt.date(2027, 1, 1), dt.date(2027, 6, 30))]
    assert crowded([Slide("Plan", [Timeline(few, [])])], REGION, Sizes()) == []
