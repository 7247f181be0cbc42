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


def test_inline_markup_becomes_runs_with_their_bold_italic_and_link():
    (para,) = outline.parse_guide("**Bold *both*** plain [*link*](https://example.fi/ä) "
                                  "`code` &amp;\\\nnext\nsoft\n").blocks
    assert [(r.text, r.bold, r.italic, r.link) for r in para.runs] == [
        ("Bold ", True, False, ""), ("both", True, True, ""), (" plain ", False, False, ""),
        ("link", False, True, "https://example.fi/%C3%A4"),
        (" code &\nnext soft", False, False, "")]


def test_a_list_item_keeps_its_text_its_code_and_its_sublist_whatever_the_list_spacing():
    tight = outline.parse_guide("- one\n  ```\n  code\n  ```\n- two\n  - deep\n").blocks
    loose = outline.parse_guide("- one\n\n  ```\n  code\n  ```\n\n- two\n\n  - deep\n").blocks
    for (items,) in (tight, loose):
        assert [i.text for i in items.items] == ["one\ncode", "two"]
        assert [c.text for c in items.items[1].children] == ["deep"]


def test_a_quote_s_blocks_stand_as_the_documents_own_and_html_is_left_out():
    blocks = outline.parse_guide("> ## Quoted\n> text\n\n<div>raw</div>\n\nafter\n").blocks
    assert [(type(b).__name__, b.text) for b in blocks] == [
        ("Heading", "Quoted"), ("Paragraph", "text"), ("Paragraph", "after")]


def test_nul_and_a_lone_surrogate_become_the_replacement_character():
    (para,) = outline.parse_guide("a\x00b \ud800 c\n").blocks
    assert para.text == "a\ufffdb \ufffd c"


def test_each_block_knows_its_line_after_lines_of_any_script():
    lines = [f"line {k}" for k in range(12)]
    doc = outline.parse_guide("Ääkköset ja €\n\n## Otsikko\n\n- kohta\n\n| a |\n|---|\n| b |\n",
                              lines)
    assert [b.where for b in doc.blocks] == ["line 0", "line 2", "line 4", "line 6"]
