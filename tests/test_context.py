"""Library + project + language -> template context: local changes, labels, dates, matrix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sggen import context, pipeline, read

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped():
    ws = read.workspace(REPO)
    inputs = pipeline.shared(ws, {"prince2", "pm2"})
    problems: list = []
    project = read.project(ws, inputs, "example", problems)
    assert not problems
    return ws, inputs, project


def resolved(shipped, lang="fi", project=None):
    ws, inputs, example = shipped
    return context.context("example", project or example, inputs.libraries["prince2"],
                           ws.settings, inputs.strings, lang)


def test_changes_add_replace_and_drop_by_id(shipped):
    _, _, project = shipped
    ctx = resolved(shipped)
    for role_id, change in project.changes.items():
        role = ctx.role[role_id]
        items = {i.id: i for i in [*role.responsibilities, *role.tasks]}
        for added in change.add:
            assert items[added.id].local and items[added.id].text == added.text["fi"]
        for item_id, text in change.replace.items():
            assert items[item_id].text == text["fi"] and items[item_id].local
        for item_id in change.drop:
            assert item_id not in items


def test_each_language_reads_its_own_texts(shipped):
    fi, en = resolved(shipped, "fi"), resolved(shipped, "en")
    assert fi.board.name == "Ohjausryhmä" and en.board.name == "Project Board"
    assert fi.role["executive"].label == "Projektin omistaja (Executive)"
    assert en.role["executive"].label == "Executive"  # no term beside the same word


def test_dates_follow_the_language():
    strings = {"months": {"en": "January, February, March"},
               "date_format": {"en": "{d} {month} {y}", "fi": "{d}.{m}.{y}"}}
    day = dt.date(2027, 3, 4)
    # a date is one word to the line breaker: 4 March 2027 with no-break spaces
    assert context.format_date(day, "en", strings) == "4\u00a0March\u00a02027"
    assert context.format_date(day, "fi", {**strings, "months": {"fi": "x,y,z"}}) == "4.3.2027"


def test_matrix_cells_use_the_language_codes(shipped):
    ctx = resolved(shipped, "en")
    codes = {cell for row in ctx.matrix.rows for cell in row.cells}
    assert codes <= {"A", "R", "P", "I", ""}
    assert [e.code for e in ctx.matrix.legend] == ["A", "R", "P", "I"]
    assert len(ctx.matrix.columns) == len(ctx.matrix.rows[0].cells)


def test_chart_puts_side_roles_in_one_box_and_members_one_per_person(shipped):
    ctx = resolved(shipped)
    board = next(row for row in ctx.chart if row.title)
    assert board.title == "Ohjausryhmä"
    seniors = [b for b in board.members if b.role == "Käyttäjien edustaja"]
    assert len(seniors) == len(ctx.role["senior-user"].people)
    assurance = [b for b in board.side if b.role == "Projektin varmistus"]
    assert len(assurance) == 1
    assert len(assurance[0].lines) == len(ctx.role["project-assurance"].people)


def test_contacts_list_each_person_once_with_all_roles(shipped):
    ws, inputs, project = shipped
    problems: list = []
    other = read.project(ws, inputs, "asukasportaali", problems)
    ctx = context.context("asukasportaali", other, inputs.libraries["prince2"], ws.settings,
                          inputs.strings, "fi")
    names = [c.name for c in ctx.contacts]
    assert len(names) == len(set(names))
    executive = ctx.role["executive"].people[0].name
    entry = next(c for c in ctx.contacts if c.name == executive)
    assert len(entry.roles) >= 2  # the Executive is also a Senior User there


@pytest.mark.parametrize("count, expected", [
    (0, []),
    (1, [["initiate", "project", "close"]]),
    (2, [["initiate", "project"], ["close"]]),
    (3, [["initiate"], ["project"], ["close"]]),
    (5, [["initiate"], ["project"], ["stage"], ["stage"], ["close"]]),
])
def test_decisions_are_planned_over_the_meetings_in_life_cycle_order(count, expected):
    from types import SimpleNamespace as Decision

    decisions = [Decision(id="initiate", schedule="once"), Decision(id="project", schedule="once"),
                 Decision(id="stage", schedule="repeats"),
                 Decision(id="direction", schedule="on-demand"),
                 Decision(id="close", schedule="once")]
    assert context.plan(count, decisions) == expected


def test_the_usual_agenda_leaves_out_what_only_the_first_meeting_holds(shipped):
    ws, inputs, _ = shipped
    ctx = resolved(shipped, "en")
    items = inputs.libraries["prince2"].board.meetings.agenda
    first_only = {i.text["en"] for i in items if i.at == "first"}
    assert first_only and not first_only & set(ctx.meetings.agenda)
    assert len(ctx.meetings.agenda) == len(items) - len(first_only)
    # the first meeting's own agenda holds them
    first = ctx.meetings.calendar[0].agenda
    assert first_only <= {a.text for a in first}
