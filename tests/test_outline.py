"""Markdown -> neutral Document: slides, notes, tables, the org chart, cover and contents."""

from __future__ import annotations

from sggen import document, outline

DECK = """# Title

Subtitle line

::: notes
Say hello.
:::

---

## Roles

Lead paragraph with **bold**.

- First
  - Nested
- Second

::: notes
Notes here.
:::

---

## Matrix

| Item | A | B |
|---|:-:|:-:|
| Row \\| one | x | |

---

## Chart

::: orgchart
-
  - **Corporate**\\
    Chief
- Board
  - **Executive**\\
    Liisa\\
    Director
  - *Assurance*\\
    Pirjo
:::
"""


def test_deck_splits_slides_at_rules_and_titles_them():
    doc = outline.parse_deck(DECK)
    assert [s.title for s in doc.slides] == ["Title", "Roles", "Matrix", "Chart"]
    assert doc.slides[0].is_title and not doc.slides[1].is_title
    assert doc.title == "Title"


def test_notes_are_kept_apart_from_the_slide_body():
    slides = outline.parse_deck(DECK).slides
    assert document.Paragraph in {type(b) for b in slides[0].notes}
    assert slides[1].notes[0].text == "Notes here."
    assert all("Notes here." not in getattr(b, "text", "") for b in slides[1].blocks)


def test_lists_keep_nesting_and_inline_bold():
    roles = outline.parse_deck(DECK).slides[1]
    paragraph, bullets = roles.blocks
    assert any(r.bold and r.text == "bold" for r in paragraph.runs)
    assert [i.text for i in bullets.items] == ["First", "Second"]
    assert bullets.items[0].children[0].text == "Nested"


def test_tables_keep_header_rows_and_escaped_pipes():
    table = outline.parse_deck(DECK).slides[2].blocks[0]
    assert isinstance(table, document.Table)
    assert [document.Paragraph(c).text for c in table.header] == ["Item", "A", "B"]
    assert document.Paragraph(table.rows[0][0]).text == "Row | one"


def test_orgchart_rows_members_and_side_boxes():
    chart = outline.parse_deck(DECK).slides[3].blocks[0]
    assert isinstance(chart, document.OrgChart)
    top, board = chart.rows
    assert top.title == "" and top.members[0].role == "Corporate"
    assert top.members[0].lines == ["Chief"]
    assert board.title == "Board"
    assert board.members[0].lines == ["Liisa", "Director"]
    assert board.side[0].role == "Assurance" and board.side[0].side


def test_guide_has_cover_contents_and_headings():
    text = "::: cover\nThe title\n\nSub\n:::\n\n::: toc\nContents\n:::\n\n# One\n\n## Two\n\nText\n"
    doc = outline.parse_guide(text)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Cover", "Toc", "Heading", "Heading", "Paragraph"]
    assert doc.title == "The title"
    assert doc.blocks[0].lines == ["The title", "Sub"]
    assert [b.level for b in doc.blocks if isinstance(b, document.Heading)] == [1, 2]
