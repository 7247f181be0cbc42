"""What a member is told beyond their duties: the governance block, the glossary, deputies, time,
meeting actions and the escalation ladder are checked as they are read, each problem at its
line; the language conventions (time of day, numbers, no-break spaces, sorting); and the
view the templates get from them (matrix, cards, governance per customer type)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import copy_workspace
from hypothesis import given
from hypothesis import strategies as st

from sggen import context, read
from sggen.context import language
from sggen.errors import Problems

REPO = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"


# --- language conventions --------------------------------------------------------------------


@pytest.mark.parametrize(("hhmm", "lang", "shown"), [
    ("13:00", "fi", f"klo{NBSP}13.00"), ("09:30", "fi", f"klo{NBSP}9.30"),
    ("13:00", "sv", f"kl.{NBSP}13.00"), ("09:30", "en", "09:30"), ("13:00", "de", "13:00"),
])
def test_a_time_of_day_is_written_as_its_language_writes_it(hhmm, lang, shown):
    assert language.clock(hhmm, lang) == shown


@pytest.mark.parametrize(("text", "joined"), [
    ("15 000 €", f"15{NBSP}000{NBSP}€"),
    ("±10 % budjetista", f"±10{NBSP}% budjetista"),
    ("99,5 %", f"99,5{NBSP}%"),
    ("± 2 viikkoa", f"±{NBSP}2{NBSP}viikkoa"),
    ("+358 40 123 4567", f"+358{NBSP}40{NBSP}123{NBSP}4567"),
    ("puh. 040 123 4567", f"puh. 040{NBSP}123{NBSP}4567"),
    ("1 000 000 €", f"1{NBSP}000{NBSP}000{NBSP}€"),
    ("27–29 §", f"27–29{NBSP}§"),
    ("klo 13.00", f"klo{NBSP}13.00"),
])
def test_a_number_its_unit_and_a_phone_number_do_not_break(text, joined):
    assert language.nobreak(text) == joined


@pytest.mark.parametrize("text", [
    "18.1.2027 – 20.3.2027",  # a range keeps its breakable spaces around the dash
    "€480,000", "no digits here at all", "GDPR art. 28, 35, 38", "2027-01-14 2027-03-23",
])
def test_other_spaces_stay_breakable(text):
    assert language.nobreak(text) == text


@given(st.text(alphabet="0123456789 %€+±-.,:abcä\u00a0", max_size=40))
def test_no_break_spaces_only_replace_spaces(text):
    joined = language.nobreak(text)
    assert joined.replace(NBSP, " ") == text.replace(NBSP, " ")
    assert language.nobreak(joined) == joined


@pytest.mark.parametrize(("value", "lang", "shown"), [
    (4, "fi", "4"), (2.5, "fi", "2,5"), (1234.5, "sv", f"1{NBSP}234,5"),
    (1234.5, "en", "1,234.5"), (120, "en", "120"), (1_000_000, "fi", f"1{NBSP}000{NBSP}000"),
])
def test_a_plain_number_is_written_as_its_language_writes_it(value, lang, shown):
    strings = {"number_format": {"fi": f"1{NBSP}000,5", "sv": f"1{NBSP}000,5", "en": "1,000.5"}}
    assert language.format_number(value, lang, strings) == shown


def test_words_sort_as_their_language_sorts_them():
    words = ["öljy", "äiti", "åbo", "zeta", "Aalto", "ärrä"]
    assert sorted(words, key=lambda w: language.collate(w, "fi")) == \
        ["Aalto", "zeta", "åbo", "äiti", "ärrä", "öljy"]


def test_a_line_begins_with_a_capital_and_the_rest_is_kept():
    assert language.capitalised("varhaiskasvatusjohtaja, IT-palvelukeskus") == \
        "Varhaiskasvatusjohtaja, IT-palvelukeskus"


# --- reading ---------------------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return copy_workspace(tmp_path / "ws")


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file; return the line it starts on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def problems(ws: Path, methods: tuple[str, ...] = ("prince2",)) -> list[tuple[str, int, str]]:
    """Return every problem reading the workspace finds, as (file, line, message)."""
    try:
        workspace = read.workspace(ws)
        read.inputs(workspace, set(methods))
    except Problems as exc:
        return [(p.where.path.name, p.where.line, p.message) for p in exc.problems]
    return []


def test_the_shipped_library_reads_without_problems(ws):
    assert problems(ws, ("prince2", "pm2")) == []


def test_an_exception_plan_the_matrix_gives_to_another_role_is_refused_at_the_level(ws):
    board = ws / "roles" / "prince2" / "board.yaml"
    # the matrix row of the stage's Exception Plan now lets the business layer approve it
    edit(board, "  - item: exception-plan\n    roles: {executive: approves,",
         "  - item: exception-plan\n    roles: {corporate-management: approves, executive: "
         "reviews,")
    line = edit(board, "    exception_plan: {approved_by: board, document: exception-plan}",
                "    exception_plan: {approved_by: board, document: exception-plan}")
    found = problems(ws)
    assert len(found) == 1
    name, at, message = found[0]
    assert (name, at) == ("board.yaml", line)
    assert "corporate-management" in message and "board approves it" in message


def test_a_level_names_known_roles_and_escalates_upwards(ws):
    board = ws / "roles" / "prince2" / "board.yaml"
    line = edit(board, "    sets: project-manager\n", "    sets: project-manger\n")
    low = edit(board, "    escalates_to: stage\n", "    escalates_to: work-package\n")
    found = problems(ws)
    assert ("board.yaml", line, "unknown role 'project-manger'") in found
    assert any(at == low and "not above it" in m for _, at, m in found)


def test_the_board_chair_is_a_role(ws):
    line = edit(ws / "roles" / "prince2" / "board.yaml", "  chair: executive",
                "  chair: chair-person")
    assert ("board.yaml", line, "unknown role 'chair-person'") in problems(ws)


def test_a_glossary_entry_refers_to_a_known_object_by_the_same_word(ws):
    terms = ws / "roles" / "prince2" / "glossary.yaml"
    line = edit(terms, "refers: {document: project-brief}", "refers: {document: brief}")
    found = problems(ws)
    assert [(n, at) for n, at, m in found if "unknown document 'brief'" in m] == \
        [("glossary.yaml", line)]


def test_renaming_a_role_leaves_no_stale_glossary_entry(ws):
    edit(ws / "roles" / "prince2" / "executive.yaml",
         "name: {fi: Projektin omistaja,", "name: {fi: Hankkeen omistaja,")
    found = problems(ws)
    assert len(found) == 1
    name, _, message = found[0]
    assert name == "glossary.yaml"
    assert "'projektin omistaja'" in message and "'Hankkeen omistaja'" in message


def test_meeting_entries_name_known_decisions_and_documents_and_three_questions_at_most(ws):
    role = ws / "roles" / "prince2" / "senior-user.yaml"
    # a fourth question at the role's first meeting
    extra = "      - {fi: Lisä?, sv: Mer?, en: More?}\n"
    first = edit(role, "    questions:\n", "    questions:\n" + extra)
    line = edit(role, "\n  authorize-closure:\n", "\n  authorize-closing:\n") + 1
    doc = edit(role, "      documents: [end-project-report,", "      documents: [end-report,")
    found = problems(ws)
    assert ("senior-user.yaml", line, "unknown decision point 'authorize-closing'") in found
    assert ("senior-user.yaml", doc, "unknown document 'end-report'") in found
    assert ("senior-user.yaml", first + 1, "4 questions at authorize-initiation") in found


def test_one_action_said_at_two_decision_points_is_refused(ws):
    role = ws / "roles" / "prince2" / "executive.yaml"
    text = role.read_text()
    first = re.search(r"  authorize-initiation:\n    action:\n((?:      .*\n)+?)    read:", text)
    second = re.search(r"  authorize-project:\n    action:\n((?:      .*\n)+?)    read:", text)
    role.write_text(text.replace(second.group(1), first.group(1), 1))
    found = problems(ws)
    assert found and all("the same action as at authorize-initiation" in m for _, _, m in found)


def test_every_customer_type_gives_the_same_governance_topics(ws):
    settings = ws / "sggen.yaml"
    text = settings.read_text()
    start = text.index("  - id: foundation")
    settings.write_text(text[:start] + text[start:].replace("        - id: openness",
                                                            "        - id: publicity", 1))
    found = problems(ws)
    assert len(found) == 1 and found[0][0] == "sggen.yaml"
    assert "customer type 'foundation' has the topics" in found[0][2]


def test_a_method_rewords_only_known_customer_types_and_topics(ws):
    board = ws / "roles" / "pm2" / "board.yaml"
    line = edit(board, "  city-owned-company:\n    board-decides:",
                "  city-owned-company:\n    board-decide:") + 1
    assert ("board.yaml", line, "unknown topic 'board-decide'") in problems(ws, ("pm2",))


def test_a_role_card_shows_a_known_governance_topic(ws):
    line = edit(ws / "roles" / "prince2" / "senior-supplier.yaml",
                "governance: conflicts-of-interest", "governance: conflicts")
    assert ("senior-supplier.yaml", line, "unknown governance topic 'conflicts'") in problems(ws)


# --- the view ----------------------------------------------------------------------------------


def view(ws: Path, project_id: str, lang: str = "fi") -> context.Context:
    workspace = read.workspace(ws)
    inputs = read.inputs(workspace, set(workspace.methods()))
    found: list = []
    project = read.project(workspace, inputs, project_id, found)
    assert project is not None, found
    return context.context(project_id, project, inputs.libraries[project.method],
                           workspace.settings, inputs.strings, lang)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    ws = copy_workspace(tmp_path_factory.mktemp("guidance") / "ws")
    shutil.copyfile(REPO / "tests" / "foundation.yaml", ws / "projects" / "foundation.yaml")
    return ws


def test_the_change_authority_has_its_matrix_column_when_the_project_names_nobody(shipped):
    example = view(shipped, "example", "en")
    assert not example.role["change-authority"].people
    assert "Change Authority" in example.matrix.columns
    column = example.matrix.columns.index("Change Authority")
    issue = next(r for r in example.matrix.rows if r.name.startswith("Issue Report"))
    assert issue.cells[column] == "A"  # it approves requests for change


def test_a_card_shows_the_levels_that_concern_the_role_by_its_id(shipped):
    example = view(shipped, "example", "en")
    cards = {m.role.id: m.card for m in example.cards}
    manager = {level.name: level.text for level in cards["project-manager"].levels}
    assert manager == {"Work package": "You set the tolerances.",
                       "Stage": "You decide within the tolerances and report a forecast "
                                "breach at once."}
    user = {level.name: level.text for level in cards["senior-user"].levels}
    assert user["Stage"] == "As the board you set the tolerances and approve the Exception Plan."
    assert set(user) == {"Stage", "Project"}
    assert not cards["project-assurance"].levels  # assurance neither sets nor decides


def test_a_card_names_each_stage_boundary_by_the_stage_it_closes(shipped):
    example = view(shipped, "example", "en")
    card = next(m.card for m in example.cards if m.role.id == "executive")
    lines = [f"{m.decisions}: {m.action}" for m in card.meetings]
    assert len(set(lines)) == len(lines) == len(example.meetings.calendar)
    boundaries = [m.decisions for m in card.meetings if m.decisions.endswith(" ends")]
    assert boundaries == ["Specification and integration design ends", "Build and testing ends"]


def test_a_card_cover_begins_with_a_capital(shipped):
    example = view(shipped, "example", "fi")
    executive = next(m for m in example.cards if m.role.id == "executive")
    assert executive.person.title == "varhaiskasvatusjohtaja"  # lower case in running text
    assert executive.card.cover.startswith("Varhaiskasvatusjohtaja, ")


def test_governance_follows_the_customer_type(shipped):
    city, foundation = view(shipped, "example"), view(shipped, "foundation")
    assert [t.id for t in city.governance.topics] == [t.id for t in foundation.governance.topics]
    for mine, theirs in zip(city.governance.topics, foundation.governance.topics, strict=True):
        assert mine.card != theirs.card and mine.guide != theirs.guide, mine.id
    assert "säätiön hallitus" in " ".join(r.by for r in foundation.governance.separate)
    assert "viranhaltija" in " ".join(r.by for r in city.governance.separate)


def test_a_method_words_the_governance_block_with_its_own_board(shipped):
    pm2 = view(shipped, "pm2-example")
    first = pm2.governance.topics[0]
    assert first.card.startswith("Ohjauskomitea") and "Ohjausryhmä" not in first.guide


def test_the_glossary_is_sorted_as_the_language_sorts_words(shipped):
    example = view(shipped, "example", "fi")
    names = [t.name for t in example.glossary.terms]
    assert names == sorted(names, key=lambda n: language.collate(n, "fi"))
    assert len(names) >= 60


# --- the incremental build ---------------------------------------------------------------------


def test_an_edit_to_the_glossary_or_the_governance_block_rebuilds_and_is_reported(ws):
    from sggen import pipeline

    request = pipeline.Request(["example", "pm2-example"], formats=("guide",))
    first = pipeline.run(read.workspace(ws), request)
    assert all(o.written for o in first)
    assert not any(o.written for o in pipeline.run(read.workspace(ws), request))
    edit(ws / "roles" / "prince2" / "glossary.yaml", "fi: Kuinka paljon budjetti saa ylittyä",
         "fi: Kuinka paljon budjetti saa kasvaa")
    after = {o.project: o for o in pipeline.run(read.workspace(ws), request)}
    assert after["example"].written and not after["pm2-example"].written
    assert "glossary.cost-tolerance reworded" in after["example"].changes
    edit(ws / "sggen.yaml", "Projektin asiakirjat ovat julkisia, ellei laki",
         "Projektin asiakirjat ovat julkisia, jos laki ei")
    again = {o.project: o for o in pipeline.run(read.workspace(ws), request)}
    assert again["example"].written  # a city department's block changed
    assert "governance.openness reworded" in again["example"].changes
    assert again["pm2-example"].written  # sggen.yaml is every project's input
    assert "governance.openness reworded" not in again["pm2-example"].changes


# --- what the layout makes of a no-break space ---------------------------------------------------


def test_the_table_planners_keep_a_no_break_number_whole():
    from sggen.document import Run, Table
    from sggen.formats.guide import plan as docx_plan
    from sggen.layout import metrics, table

    phone = language.nobreak("+358 40 765 4321")
    assert metrics.text_width(NBSP, 11) == metrics.text_width(" ", 11)
    # a long text beside the number takes the spare room: the number's column gets no more
    # than its longest unbreakable piece needs
    block = Table([[Run("Tehtävä")], [Run("Puhelin")]],
                  [[[Run("soita tähän numeroon arkisin ennen kokousta " * 8)], [Run(phone)]]])
    plan = docx_plan.plan_table(block, 200.0, 300.0)
    assert plan.widths[1] >= metrics.text_width(phone, plan.size)  # the guide's columns
    widths, _ = table._columns(block, 200.0, 11.0)
    assert widths[1] >= metrics.text_width(phone, 11.0)  # the deck's
