"""The written decks, guides and cards of every shipped project, and of a foundation's project,
read back with python-pptx and python-docx: the PRINCE2 7 facts they state (who approves an
exception plan, who sets each level's tolerances, who produces what the board gets between
decision points, who appoints each assurance area, no quorum), times and numbers by each
language's convention, a glossary that covers the method's terms they use, and a governance
block that follows the customer's legal form."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import all_shapes, copy_workspace
from docx import Document as open_docx
from pptx import Presentation

from sggen import context, pipeline, read

REPO = Path(__file__).resolve().parent.parent
SHIPPED = ("example", "asukasportaali", "pm2-example")
PROJECTS = (*SHIPPED, "foundation")
LANGS = ("fi", "sv", "en")
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("written") / "ws")
    shutil.copyfile(REPO / "tests" / "foundation.yaml", root / "projects" / "foundation.yaml")
    pipeline.run(read.workspace(root), pipeline.Request(list(PROJECTS), ("deck", "guide", "cards"),
                                                  list(LANGS)))
    return root


def suffix(lang: str) -> str:
    return "" if lang == "fi" else f".{lang}"  # every project here is Finnish first


def view(ws: Path, project_id: str, lang: str) -> context.Context:
    workspace = read.workspace(ws)
    inputs = read.inputs(workspace, set(workspace.methods()))
    project = read.project(workspace, inputs, project_id, [])
    return context.context(project_id, project, inputs.libraries[project.method],
                           workspace.settings, inputs.strings, lang)


# --- reading the files back, every space as written --------------------------------------------


def deck_slides(path: Path) -> list[dict]:
    """Return each slide's title, its shapes' paragraphs, its tables' rows and its notes."""
    out = []
    for slide in Presentation(str(path)).slides:
        shapes, tables = [], []
        for shape in all_shapes(slide.shapes):
            if shape.has_text_frame and shape != slide.shapes.title:
                shapes.append([p.text for p in shape.text_frame.paragraphs if p.text.strip()])
            if shape.has_table:
                tables.append([[c.text for c in row.cells] for row in shape.table.rows])
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        out.append({"title": slide.shapes.title.text if slide.shapes.title else "",
                    "shapes": shapes, "tables": tables, "notes": notes})
    return out


def slide_texts(slide: dict) -> list[str]:
    return [*(p for shape in slide["shapes"] for p in shape),
            *(c for table in slide["tables"] for row in table for c in row)]


def guide_parts(path: Path) -> tuple[list, list[list[list[str]]]]:
    """Return the guide's paragraphs as (style, text) and its tables' rows."""
    doc = open_docx(str(path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    paragraphs += [("drawing", "".join(p.itertext())) for box in
                   doc.element.body.iter(f"{w}txbxContent") for p in box.iter(f"{w}p")]
    return paragraphs, [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def written_texts(ws: Path, project_id: str, lang: str, glossary: bool = True
                  ) -> dict[str, list[str]]:
    """Return the shown texts of the project's deck, guide and each card in `lang` (without the
    guide's glossary, its last table, unless `glossary`)."""
    out = ws / "output" / project_id
    texts = {"deck": [t for s in deck_slides(out / f"deck{suffix(lang)}.pptx")
                      for t in slide_texts(s)]}
    paragraphs, tables = guide_parts(out / f"guide{suffix(lang)}.docx")
    tables = tables if glossary else tables[:-1]
    texts["guide"] = [t for _, t in paragraphs] + [c for t in tables for r in t for c in r]
    for card in sorted((out / "cards").glob(f"*{suffix(lang)}.docx")):
        if card.name.count(".") == suffix(lang).count(".") + 1:
            texts[card.name] = [p.text for p in open_docx(str(card)).paragraphs]
    return texts


# --- times and numbers by the language's convention ------------------------------------------

CASES = [(p, lang) for p in PROJECTS for lang in LANGS]
HHMM = re.compile(r"(?<![\d.:])\d{1,2}:\d{2}(?![\d:])")
CLOCK = {"fi": re.compile(r"\bklo\u00a0\d{1,2}\.\d{2}\b"),
         "sv": re.compile(r"\bkl\.\u00a0\d{1,2}\.\d{2}\b"), "en": HHMM}
BREAKABLE = [re.compile(r"\d \d{3}\b"),  # thousands
             re.compile(r"\d [%€]"),  # a number and its unit
             re.compile(r"\d (h|vk|viikkoa|veckor|weeks|työpäivää|arbetsdagar|working days)\b"),
             re.compile(r"\b(klo|kl\.) \d")]  # a time of day and its word


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_times_and_numbers_follow_the_language_and_never_break(ws, case):
    project_id, lang = case
    phones = [p.phone for role in view(ws, project_id, lang).roles for p in role.people
              if p.phone]
    for document, texts in written_texts(ws, project_id, lang).items():
        joined = "\n".join(texts)
        if document in ("deck", "guide"):  # both list the meetings with their times
            assert CLOCK[lang].search(joined), (document, lang)
        if lang != "en":
            assert not HHMM.search(joined), (document, HHMM.search(joined))
        else:
            assert not re.search(r"\b(klo|kl\.)\s", joined), document
        for pattern in BREAKABLE:
            found = pattern.search(joined)
            assert not found, (document, joined[max(0, found.start() - 30):found.end() + 10])
        for phone in phones:  # shown on the contacts and the cards, never with a breakable space
            assert phone.replace(NBSP, " ") not in joined.replace(phone, ""), (document, phone)
    assert any(phone in "\n".join(t) for t in written_texts(ws, project_id, lang).values()
               for phone in phones) or not phones


@pytest.mark.parametrize("lang", LANGS)
def test_the_decks_pointers_into_the_guide_keep_their_words_and_numbers_apart(ws, lang):
    v = view(ws, "example", lang)
    section, page = re.escape(v.t["guide_section"]), re.escape(v.t["page_short"])
    slides = deck_slides(ws / "output" / "example" / f"deck{suffix(lang)}.pptx")
    cells = [c for slide in slides for table in slide["tables"] for row in table for c in row]
    pointers = [c for c in cells if re.match(rf"{section}\W*\d", c)]
    # each role and each decision point of the appendix says where the guide treats it
    assert len(pointers) >= len([r for r in v.roles if r.in_deck]), cells
    for cell in pointers:  # "luku 2.2, s. 8", each word held to its number
        assert re.fullmatch(rf"{section}{NBSP}\d+(\.\d+)*, {page}{NBSP}\d+", cell), cell


@pytest.mark.parametrize("lang", LANGS)
def test_the_guides_table_of_each_members_part_is_headed_for_the_whole_board(ws, lang):
    v = view(ws, "example", lang)
    _, tables = guide_parts(ws / "output" / "example" / f"guide{suffix(lang)}.docx")
    headed = {v.t["meeting_part"], v.t["your_part"]}
    parts = [t[0] for t in tables if len(t[0]) == 3 and t[0][2] in headed]
    # one table per meeting, read by the whole board: not headed with the reader's own "your"
    assert len(parts) == len([m for m in v.meetings.calendar if m.parts]) > 0
    assert all(header == [v.t["name"], v.t["role"], v.t["meeting_part"]] for header in parts)
    assert v.t["meeting_part"] != v.t["your_part"]


# --- the facts, as the documents state them --------------------------------------------------


def names(v: context.Context) -> dict[str, str]:
    return {**{r.id: r.name for r in v.roles}, "board": v.board.name}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_deck_and_the_guide_say_who_sets_each_level_and_approves_its_exception_plan(ws, lang):
    v = view(ws, "example", lang)
    who = names(v)
    expected = {"work-package": ("project-manager", "team-manager", None),
                "stage": ("board", "project-manager", "board"),
                "project": ("corporate-management", "board", "corporate-management"),
                "business-layer": ("corporate-management", "corporate-management", None)}
    levels = {level.id: level.name for level in v.board.levels}
    assert set(levels) == set(expected)
    slides = deck_slides(ws / "output" / "example" / f"deck{suffix(lang)}.pptx")
    # the deck's decision ladder: level, who decides within it, this project's limits, who sets
    ladder = next(s for s in slides if s["title"] == v.t["ladder_slide"])
    steps = {row[0]: row for row in ladder["tables"][0][1:]}
    _, tables = guide_parts(ws / "output" / "example" / f"guide{suffix(lang)}.docx")
    table = next(t for t in tables if t[0][0] == v.t["level"])
    rows = {row[0]: row for row in table[1:]}
    for level_id, (sets, within, approves) in expected.items():
        step = steps[levels[level_id]]
        assert step[3] == who[sets], (level_id, step)  # the slide names who sets the limits
        assert step[1].startswith(who[within]), (level_id, step)  # and who decides within them
        if within == "board":  # the board decides through its chair (lower case in Finnish)
            assert who["executive"].lower() in step[1].lower()
        row = rows[levels[level_id]]
        assert row[1:3] == [who[sets], who[within]], row
        assert row[3] == (who[approves] if approves else "–"), row


def matrix_rows(ws: Path, project_id: str, v: context.Context, lang: str) -> dict[str, dict]:
    """Return the guide's responsibility matrix: row name -> column name -> code."""
    _, tables = guide_parts(ws / "output" / project_id / f"guide{suffix(lang)}.docx")
    table = next(t for t in tables if t[0][0] == v.t["matrix_item"])
    return {row[0]: dict(zip(table[0][1:], row[1:], strict=True)) for row in table[1:]}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_matrix_agrees_with_the_ladder_and_the_manager_produces_the_reports(ws, lang):
    v = view(ws, "example", lang)
    who, docs = names(v), {d.id: d.name for d in v.documents}
    rows = matrix_rows(ws, "example", v, lang)
    approves, reviews, produces = (v.t[f"code_{a}"] for a in ("approves", "reviews", "produces"))
    # the stage's Exception Plan is the board's (its chair takes the decision), the project's
    # the business layer's: the same as the guide's ladder and the deck's escalation slide
    stage, project = rows[docs["exception-plan"]], rows[docs["project-exception-plan"]]
    assert stage[who["executive"]] == approves and stage[who["corporate-management"]] != approves
    assert project[who["corporate-management"]] == approves
    assert project[who["executive"]] != approves
    ad_hoc = rows[next(d.name for d in v.decisions if d.id == "give-ad-hoc-direction")]
    assert ad_hoc[who["project-manager"]] == produces
    assert ad_hoc[who["project-assurance"]] == reviews
    for doc in ("highlight-report", "exception-report", "issue-report"):
        assert rows[docs[doc]][who["project-manager"]] == produces, doc
        assert rows[docs[doc]][who["project-assurance"]] == reviews, doc
    # the Change Authority has its column though the project names it under change_authority
    assert rows[docs["issue-report"]][who["change-authority"]] == approves


def test_the_cards_say_what_each_member_does_at_each_level(ws):
    v = view(ws, "example", "en")
    out = ws / "output" / "example" / "cards"
    executive = "\n".join(p.text for p in open_docx(
        str(out / f"{next(m.slug for m in v.cards if m.role.id == 'executive')}.en.docx"))
        .paragraphs)
    assert "Stage: As the board you set the tolerances and approve the Exception Plan." \
        in executive
    assert "Project: You report a forecast breach at once; as the board you decide within " \
        "the tolerances." in executive
    for member in v.cards:  # nobody on the board approves the project's Exception Plan
        text = "\n".join(p.text for p in open_docx(str(out / f"{member.slug}.en.docx"))
                         .paragraphs)
        project = [line for line in text.splitlines() if line.startswith("Project:")]
        assert all("approve" not in line for line in project), (member.slug, project)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_each_assurance_area_is_appointed_by_the_member_it_serves_in_the_guide(ws, lang):
    v = view(ws, "example", lang)
    paragraphs, _ = guide_parts(ws / "output" / "example" / f"guide{suffix(lang)}.docx")
    role = v.role["project-assurance"]
    start = next(i for i, (s, t) in enumerate(paragraphs) if t == role.label)
    end = next(i for i, (s, _) in enumerate(paragraphs[start + 1:], start + 1)
               if s == paragraphs[start][0])
    section = [t for _, t in paragraphs[start:end]]
    assert not any(t.startswith(v.t["appointed_by"] + ":") for t in section)  # no one appointer
    rule = next(t for t in section if all(
        who in t for who in (v.role[m].name.lower() if lang == "fi" else v.role[m].name
                             for m in ("executive", "senior-user", "senior-supplier"))))
    if lang == "en":
        for area in ("Business", "User", "Supplier"):
            member = {"Business": "executive", "User": "senior-user",
                      "Supplier": "senior-supplier"}[area]
            assert f"{area.lower()} assurance by the {v.role[member].name}" in rule


QUORUM = re.compile(r"quorum|päätösvaltai|beslutför", re.IGNORECASE)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_no_document_names_a_quorum(ws, case):
    project_id, lang = case
    notes = [s["notes"] for s in deck_slides(ws / "output" / project_id /
                                              f"deck{suffix(lang)}.pptx")]
    for document, texts in written_texts(ws, project_id, lang).items():
        assert not QUORUM.search("\n".join(texts)), document
    assert not QUORUM.search("\n".join(notes))


# --- the glossary covers the method's terms the documents use ----------------------------------


def glossary(ws: Path, project_id: str, v: context.Context, lang: str) -> list[list[str]]:
    """Return the rows of the guide's glossary (its last table): the word with the method's
    term in brackets, and the meaning."""
    _, tables = guide_parts(ws / "output" / project_id / f"guide{suffix(lang)}.docx")
    table = tables[-1]
    assert table[0][0] == v.t["term"] and table[0][-1] == v.t["explanation"]
    return table[1:]


def words(text: str, brackets: bool = True) -> set[str]:
    plain = text if brackets else re.sub(r"\(.*?\)", "", text)
    return set(re.findall(r"\w+", plain.casefold()))


def english_terms(rows: list[list[str]], v: context.Context) -> set[str]:
    """Return the method's terms a glossary names: each word's English term and aliases (in
    brackets after the word), and an abbreviation a term gives in brackets (Project Initiation
    Documentation (PID): PID)."""
    found = set()
    for row, term in zip(rows, v.glossary.terms, strict=True):
        assert row[0].startswith(term.name), (row, term.name)
        given = row[0][len(term.name):].strip()[1:-1]  # what stands in the brackets after it
        for part in re.split(rf";\s*{re.escape(v.t['also'])}:\s*|,\s*", given):
            part = part.strip().casefold()
            if part:
                found |= {part, " ".join(re.sub(r"\(.*?\)", "", part).split()),
                          *re.findall(r"\(([^()]+)\)", part)}
    return found


def bracketed(texts: list[str], english: str) -> set[str]:
    """Return the method's English terms that Finnish or Swedish texts put in brackets: what
    stands in brackets in Latin letters and also stands in the English edition."""
    found = set()
    for text in texts:
        for inside in re.findall(r"\(([^()]+)\)", text):
            parts = [" ".join(p.split()) for p in re.split(r",\s*|\s+/\s+", inside)]
            # every part English, or the brackets hold the document's own words
            # ("loggar (risker, problem, beslut)": problem is a Swedish word too)
            if all(re.fullmatch(r"[A-Za-z][A-Za-z²\- ]+", p) and re.search(
                    rf"(?<!\w){re.escape(p.casefold())}(?!\w)", english) for p in parts):
                found |= {p.casefold() for p in parts}
    return found


@pytest.mark.parametrize("case", [(p, lang) for p in PROJECTS for lang in ("fi", "sv")],
                         ids=lambda c: f"{c[0]}-{c[1]}")
def test_the_glossary_covers_every_method_term_the_documents_put_in_brackets(ws, case):
    project_id, lang = case
    v = view(ws, project_id, lang)
    rows = glossary(ws, project_id, v, lang)
    terms = english_terms(rows, v)
    english = "\n".join(t for texts in written_texts(ws, project_id, "en").values()
                        for t in texts).casefold()
    found = bracketed([t for texts in written_texts(ws, project_id, lang, glossary=False)
                       .values() for t in texts], english)
    assert len(found) >= 10, found
    # a term in brackets is the glossary's term, an older name of it, or its first words
    # ("hankintojen (commercial), … hallintatavat": the commercial management approach)
    missing = sorted(t for t in found if t not in terms
                     and not any(term.startswith(t + " ") for term in terms))
    assert not missing, missing


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_the_glossary_names_every_role_document_decision_and_tolerance_the_documents_show(
        ws, case):
    project_id, lang = case
    v = view(ws, project_id, lang)
    entries = [words(row[0], brackets=False) for row in glossary(ws, project_id, v, lang)]
    shown = [v.board.name, *(r.name for r in v.roles if r.people or r.id in v.role and
                             r.name in v.matrix.columns),
             *(d.name for d in v.documents), *(d.name for d in v.decisions),
             *(t.name for t in v.tolerances)]
    missing = [name for name in shown if not any(e and e <= words(name) for e in entries)]
    assert not missing, missing


# --- governance follows the customer's legal form --------------------------------------------


def governance_slide(ws: Path, project_id: str, v: context.Context) -> dict:
    slides = deck_slides(ws / "output" / project_id / "deck.pptx")
    return next(s for s in slides if s["title"] == v.t["governance_slide"])


def test_a_foundation_and_a_city_department_get_their_own_governance_in_every_document(ws):
    city, foundation = view(ws, "example", "fi"), view(ws, "foundation", "fi")
    assert city.project.customer.type != foundation.project.customer.type
    for mine, other in ((city, foundation), (foundation, city)):
        project_id = "example" if mine is city else "foundation"
        # the deck: one slide, with this customer type's separate decisions as a table
        slide = governance_slide(ws, project_id, mine)
        shown = slide_texts(slide)
        assert mine.governance.topics[0].card in shown
        assert [[r.matter, r.by] for r in mine.governance.separate] == slide["tables"][0][1:]
        assert other.governance.topics[0].card not in shown
        # the guide: a chapter with a section per topic, in this type's words
        paragraphs, _ = guide_parts(ws / "output" / project_id / "guide.docx")
        text = [t for _, t in paragraphs]
        assert mine.t["governance"] in text
        for topic, theirs in zip(mine.governance.topics, other.governance.topics, strict=True):
            assert topic.title in text and topic.guide in text
            assert theirs.guide not in text
        # each card: one line of this type's governance block
        lines = {t.card for t in mine.governance.topics}
        for member in mine.cards:
            card = [p.text for p in open_docx(str(ws / "output" / project_id / "cards" /
                                                  f"{member.slug}.docx")).paragraphs]
            assert len([p for p in card if p in lines]) == 1, member.slug
            assert not any(p in {t.card for t in other.governance.topics} for p in card)
