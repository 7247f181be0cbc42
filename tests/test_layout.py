"""Unit tests of layout: measuring, wrapping, shrinking, splitting, tables, the chart."""

from __future__ import annotations

import itertools

import pytest

from sggen import layout
from sggen.document import (
    BulletList,
    ChartRow,
    ListItem,
    OrgChart,
    Paragraph,
    Run,
    Slide,
    Table,
)
from sggen.document import (
    ChartBox as Box,
)
from sggen.layout import boxes, chart, metrics, stack
from sggen.layout import table as tables
from sggen.layout import text as texts
from sggen.layout.boxes import TableBox, TextBox

AREA = boxes.Region(43.2, 108.0, 873.6, 375.6)  # the reference deck's body, above the footer
SETTINGS = boxes.Sizes()
COMPOUND = "työterveyshuoltopalvelujärjestelmäkokonaisuudenhallintaprosessi"
LONG_ITEM = ("Omistaa liiketoimintaperusteen ja " + COMPOUND + "n hyötytavoitteet; tämä koskee "
             "myös kaupunkiympäristötoimialan ja sosiaali- ja terveydenhuoltotoimialan yhteisiä "
             "palvelukokonaisuuksia, joiden päätöksenteko- ja hyväksymismenettelyt kirjataan "
             "käynnistysasiakirjaan, ja jokaisesta poikkeamasta tehdään erillinen merkintä.")


def _text(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def _bullets(texts: list[str], title: str = "Vastuut") -> Slide:
    return Slide(title, [BulletList([ListItem([Run(t)]) for t in texts])])


def _joined(lines: list[boxes.Line]) -> str:
    """Return the text of laid-out lines with a continued paragraph glued back to its start."""
    out: list[str] = []
    for line in lines:
        if line.continued and out:
            out[-1] += _text(line.runs)
        else:
            out.append(_text(line.runs))
    return "\n".join(out)


# --- measuring and wrapping ------------------------------------------------------------------


def test_text_width_scales_with_size_and_bold_is_wider() -> None:
    double = 2 * metrics.text_width("Ohjausryhmä", 10)
    assert metrics.text_width("Ohjausryhmä", 20) == pytest.approx(double)
    assert metrics.text_width("Ohjausryhmä", 20, bold=True) > metrics.text_width("Ohjausryhmä", 20)
    assert metrics.text_width("", 20) == 0


def test_wrap_breaks_at_spaces_and_every_line_fits() -> None:
    runs = [Run("Ohjausryhmä ohjaa projektia asiakkaan puolesta ja päättää sen jatkosta.")]
    lines = metrics.wrap(runs, 200, 18)
    assert len(lines) > 1
    text = _text(runs)
    for start, end in lines:
        assert metrics.text_width(text[start:end].rstrip(), 18) <= 200
        # A line ends at a word boundary, never inside a word.
        assert end == len(text) or text[end - 1] == " " or text[end] == " "
    assert " ".join(text[s:e].strip() for s, e in lines) == text


def test_wrap_breaks_a_word_longer_than_the_line_between_letters() -> None:
    lines = metrics.wrap([Run(COMPOUND)], 150, 18)
    assert len(lines) >= 3
    assert "".join(COMPOUND[s:e] for s, e in lines) == COMPOUND
    assert all(metrics.text_width(COMPOUND[s:e], 18) <= 150 for s, e in lines)


def test_wrap_honours_hard_breaks_and_breaks_after_hyphens() -> None:
    assert len(metrics.wrap([Run("yksi\nkaksi")], 500, 18)) == 2
    text = "sosiaali-ja-terveydenhuolto-palvelu-kokonaisuus"
    lines = metrics.wrap([Run(text)], metrics.text_width("sosiaali-ja-terveyden", 18) + 5, 18)
    assert text[lines[0][0]:lines[0][1]].endswith("-")


def test_shorten_keeps_the_code_and_fits_one_line() -> None:
    footer = "Työterveyshuoltopalvelujärjestelmäkokonaisuudenhallintaprosessin ja sosiaali- ja " \
             "terveydenhuollon asiakastietojärjestelmien uudistus · IT-2027-099"
    short = metrics.shorten(footer, 500, 12)
    assert short.endswith("… · IT-2027-099")
    assert metrics.text_width(short, 12) <= 500
    assert metrics.shorten("Lyhyt nimi · IT-1", 500, 12) == "Lyhyt nimi · IT-1"


# --- titles ----------------------------------------------------------------------------------


def test_a_title_of_120_characters_fits_the_title_placeholder() -> None:
    title = ("Työterveyshuoltopalvelujärjestelmäkokonaisuudenhallintaprosessin ja sosiaali- ja "
             "terveydenhuollon asiakastietojärjestelmien uudistus")
    assert len(title) >= 120
    text, size = texts.fit_title(title, 873.6, 68.4, 30.0)
    assert text == title
    assert 16.0 <= size < 30.0
    lines = metrics.wrap([Run(text, bold=True)], 873.6 - 2 * metrics.INSET_X, size)
    assert len(lines) * size * metrics.LINE <= 68.4 - 2 * metrics.INSET_Y


def test_a_title_too_long_for_any_size_is_cut_but_keeps_its_page_number() -> None:
    text, size = texts.fit_title("Pitkä otsikko " * 60 + "(2/3)", 873.6, 68.4, 30.0)
    assert size == 16.0
    assert text.endswith("… (2/3)")
    lines = metrics.wrap([Run(text, bold=True)], 873.6 - 2 * metrics.INSET_X, size)
    assert len(lines) * size * metrics.LINE <= 68.4 - 2 * metrics.INSET_Y


# --- text slides -----------------------------------------------------------------------------


def _text_fits(box: boxes.TextBox) -> bool:
    return texts.text_height(box.lines, box.w, box.size) <= box.h + 0.01


def test_short_text_is_set_larger_than_the_base_size_on_one_slide() -> None:
    laid = layout.lay_out([_bullets(["Yksi", "Kaksi"])], AREA, SETTINGS)
    assert [s.title for s in laid] == ["Vastuut"]
    # little on a slide: set up to GROW larger, its box as high as its lines
    box = laid[0].first(TextBox)
    assert box.size == SETTINGS.base + stack.GROW
    assert box.h == pytest.approx(texts.text_height(box.lines, box.w, box.size) + texts.SLACK)


def test_text_shrinks_before_it_splits_but_not_below_the_floor() -> None:
    items = [f"Vastuu {i}: " + "sanoja ja lauseita " * 8 for i in range(9)]
    laid = layout.lay_out([_bullets(items)], AREA, SETTINGS)
    assert len(laid) == 1
    assert SETTINGS.floor <= laid[0].first(TextBox).size < SETTINGS.base
    assert _text_fits(laid[0].first(TextBox))


@pytest.mark.parametrize("floor", [14.0, 15.0, 18.0])
def test_overflowing_text_continues_on_numbered_slides_at_or_above_the_floor(floor) -> None:
    settings = boxes.Sizes(floor=floor)
    items = [LONG_ITEM.replace("Omistaa", f"Vastuu {i}:") for i in range(17)]
    laid = layout.lay_out([_bullets(items, "Projektin omistaja")], AREA, settings)
    count = len(laid)
    assert count > 1
    assert [s.title for s in laid] == [f"Projektin omistaja ({i}/{count})"
                                       for i in range(1, count + 1)]
    for slide in laid:
        assert slide.first(TextBox).size >= floor
        assert _text_fits(slide.first(TextBox))
    # Nothing lost, nothing repeated, the order kept.
    assert _joined([ln for s in laid for ln in s.first(TextBox).lines]) == "\n".join(items)


def test_continuation_slides_are_evenly_filled() -> None:
    items = [LONG_ITEM] * 9
    laid = layout.lay_out([_bullets(items)], AREA, SETTINGS)
    boxes_ = [s.first(TextBox) for s in laid]
    heights = [texts.text_height(b.lines, b.w, b.size) for b in boxes_]
    assert len(heights) > 1
    # The last slide is not left with a scrap while the others are full.
    assert min(heights) > 0.5 * max(heights)


def test_a_single_item_taller_than_a_slide_wraps_and_continues() -> None:
    huge = " ".join([LONG_ITEM] * 12)
    laid = layout.lay_out([_bullets([huge])], AREA, SETTINGS)
    assert len(laid) > 1
    first, *rest = [ln for s in laid for ln in s.first(TextBox).lines]
    assert first.bullet == "•" and not first.continued
    # The rest of the item hangs at the same indent, without a bullet of its own.
    assert all(ln.continued and not ln.bullet for ln in rest)
    assert all(texts.line_indent(ln) == texts.line_indent(first) for ln in rest)
    for slide in laid:
        assert _text_fits(slide.first(TextBox))
        assert slide.first(TextBox).size >= SETTINGS.floor
    assert "".join(_text(ln.runs) for ln in [first, *rest]) == huge


def test_a_numbered_list_keeps_counting_across_slides() -> None:
    items = [LONG_ITEM] * 8
    slide = Slide("Esityslista", [BulletList([ListItem([Run(t)]) for t in items], ordered=True)])
    laid = layout.lay_out([slide], AREA, SETTINGS)
    numbers = [ln.number for s in laid for ln in s.first(TextBox).lines if ln.bullet]
    assert numbers == list(range(1, 9))


def test_notes_go_with_every_continuation_slide() -> None:
    slide = _bullets([LONG_ITEM] * 12)
    slide.notes = [Paragraph([Run("Kerro tästä.")])]
    laid = layout.lay_out([slide], AREA, SETTINGS)
    assert len(laid) > 1
    assert all(s.notes == ["Kerro tästä."] for s in laid)


def test_a_title_only_slide_is_kept() -> None:
    laid = layout.lay_out([Slide("Kiitos!")], AREA, SETTINGS)
    assert [(s.title, s.items) for s in laid] == [("Kiitos!", [])]


# --- tables ----------------------------------------------------------------------------------


def _matrix(rows: int, columns: int = 9) -> Table:
    header = [[Run("Päätös tai asiakirja")]] + [[Run(name)] for name in itertools.islice(
        itertools.cycle(["Projektin omistaja", "Käyttäjien edustaja", "Projektipäällikkö",
                         "Tiiminvetäjä", "Projektituki", "Muutosten hyväksyjä"]), columns)]
    body = [[[Run(f"Päätöspiste {r}: vaiheen tai poikkeamasuunnitelman hyväksyminen")]] +
            [[Run("HALT"[(r + c) % 4])] for c in range(columns)] for r in range(rows)]
    return Table(header, body)


def _table_fits(box: boxes.TableBox, room: float) -> None:
    assert sum(box.heights) <= room + 0.01
    assert sum(box.columns) == pytest.approx(box.w, abs=0.5)
    for row, height in zip([box.header, *box.rows], box.heights, strict=True):
        for cell, width in zip(row, box.columns, strict=True):
            lines = metrics.wrap(cell, width - 2 * tables.CELL_X, box.size)
            assert len(lines) * box.size * metrics.LINE + 2 * tables.CELL_Y <= height + 0.01


def test_a_small_table_stays_on_one_slide_larger_than_the_table_base_size() -> None:
    slide = Slide("Vaiheet", [_matrix(3, 2)])
    laid = layout.lay_out([slide], AREA, SETTINGS)
    assert len(laid) == 1
    # a table alone is set two steps under the text it would stand beside
    assert laid[0].first(TableBox).size == SETTINGS.base + stack.GROW - 2
    _table_fits(laid[0].first(TableBox), AREA.h)


def test_a_long_matrix_splits_by_rows_with_the_header_repeated() -> None:
    table = _matrix(16)
    legend = Paragraph([Run("H", bold=True), Run(" hyväksyy · A arvioi · L laatii")])
    laid = layout.lay_out([Slide("Vastuumatriisi", [table, legend])], AREA, SETTINGS)
    count = len(laid)
    assert count > 1
    assert [s.title for s in laid] == [f"Vastuumatriisi ({i}/{count})" for i in
                                       range(1, count + 1)]
    rows = []
    for slide in laid:
        box = slide.first(TableBox)
        assert box.header == table.header
        assert box.size >= SETTINGS.floor
        # A short text such as a legend stands above the table on every slide.
        legend = slide.first(TextBox)
        assert legend is not None and "hyväksyy" in _text(legend.lines[0].runs)
        assert box.y >= legend.y + legend.h
        _table_fits(box, AREA.y + AREA.h - box.y)
        rows.extend(box.rows)
    assert rows == table.rows
    # Rows are spread evenly rather than leaving a scrap on the last slide.
    counts = [len(s.first(TableBox).rows) for s in laid]
    assert max(counts) - min(counts) <= 2


def test_columns_fit_their_longest_words_when_the_table_is_wide_enough() -> None:
    table = _matrix(4, 4)
    columns, broken = tables._columns(table, AREA.w, 16)
    assert broken == 0
    assert sum(columns) == pytest.approx(AREA.w)
    words = [w for cell in table.header for w in _text(cell).split()]
    for c, cell in enumerate(table.header):
        for word in _text(cell).split():
            assert metrics.text_width(word, 16, True) <= columns[c] - 2 * tables.CELL_X
    assert words


def test_a_table_too_wide_takes_room_from_short_columns_not_from_the_text() -> None:
    table = _matrix(8, 9)
    columns, broken = tables._columns(table, AREA.w, 14)
    assert sum(columns) == pytest.approx(AREA.w, abs=0.5)
    assert broken > 0
    # The column that holds the text stays the widest.
    assert columns[0] == max(columns)


def test_a_giant_cell_is_cut_between_its_lines_onto_several_rows() -> None:
    table = Table([[Run("Toleranssi")], [Run("Merkitys")]],
                  [[[Run("Aika")], [Run(" ".join([LONG_ITEM] * 10))]]])
    laid = layout.lay_out([Slide("Toleranssit", [table])], AREA, SETTINGS)
    assert len(laid) > 1
    for slide in laid:
        _table_fits(slide.first(TableBox), AREA.h)
        assert slide.first(TableBox).size >= SETTINGS.floor
    pieces = [_text(row[1]) for s in laid for row in s.first(TableBox).rows]
    assert "".join(pieces) == " ".join([LONG_ITEM] * 10)


# --- organisation chart ----------------------------------------------------------------------


def _chart(senior_users: int, title: str) -> OrgChart:
    people = [Box("Käyttäjien edustaja", [f"Henkilö {i}", title]) for i in range(senior_users)]
    return OrgChart([
        ChartRow("", [Box("Ylempi johto", ["Outi Saarinen", "Toimialajohtaja"])], []),
        ChartRow("Ohjausryhmä",
                 [Box("Projektin omistaja", ["Helena Korhonen", title]), *people,
                  Box("Toimittajan edustaja", ["Jari Nieminen", title])],
                 [Box("Projektin varmistus", ["Pirjo Lehtonen (Liiketoiminnan varmistus)",
                                              "Anu Mäkelä (Käyttäjävarmistus)"], True)]),
        ChartRow("", [Box("Projektipäällikkö", ["Katja Hämäläinen", "Projektipäällikkö"])],
                 [Box("Projektituki", ["Eeva Lindholm"], True)]),
        ChartRow("", [Box("Tiiminvetäjä", ["Antti Järvinen", "Integraatiotiimin vetäjä"]),
                      Box("Tiiminvetäjä", ["Riikka Koskinen", "Käyttöönoton vetäjä"])], []),
    ])


def _inside(inner, outer) -> bool:
    return (inner.x >= outer.x - 0.01 and inner.y >= outer.y - 0.01 and
            inner.x + inner.w <= outer.x + outer.w + 0.01 and
            inner.y + inner.h <= outer.y + outer.h + 0.01)


def _overlap(a: boxes.ChartNode, b: boxes.ChartNode) -> bool:
    return (a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h)


@pytest.mark.parametrize(("senior_users", "title"), [
    (2, "Asiakaspalvelupäällikkö"),
    (6, "Työterveyshuoltopalvelujärjestelmäkokonaisuudenhallintaprosessin omistaja"),
])
def test_chart_stays_in_its_area_with_text_that_fits_each_box(senior_users, title) -> None:
    layout = chart.lay_out_chart(_chart(senior_users, title), AREA, SETTINGS)
    assert layout.boxes and layout.frames and layout.connectors
    for box in [*layout.boxes, *layout.frames]:
        assert _inside(box, AREA), box
    for a, b in itertools.combinations(layout.boxes, 2):
        assert not _overlap(a, b), (a.role, b.role)
    for box in layout.boxes:
        assert box.size >= SETTINGS.chart_min and box.line_size >= SETTINGS.chart_min
        need = chart._box_height(box.role, box.lines, box.w, box.size, SETTINGS.chart_min)
        assert need <= box.h + 0.01, box
    for line in layout.connectors:
        assert AREA.x <= min(line.x1, line.x2) and max(line.x1, line.x2) <= AREA.x + AREA.w
        assert AREA.y <= min(line.y1, line.y2) and max(line.y1, line.y2) <= AREA.y + AREA.h


def test_many_board_members_wrap_onto_a_second_line_of_boxes() -> None:
    layout = chart.lay_out_chart(_chart(6, "Aluepäällikkö"), AREA, SETTINGS)
    frame = layout.frames[0]
    members = [b for b in layout.boxes if not b.side and _inside(b, frame)]
    assert len(members) == 8
    tops = sorted({round(b.y, 1) for b in members})
    assert len(tops) == 2
    # Balanced: four and four rather than five and three.
    assert [sum(1 for b in members if round(b.y, 1) == t) for t in tops] == [4, 4]


def test_a_roomy_chart_uses_a_comfortable_size() -> None:
    layout = chart.lay_out_chart(_chart(1, "Päällikkö"), AREA, SETTINGS)
    assert min(b.size for b in layout.boxes) >= SETTINGS.floor


def test_side_boxes_stand_to_the_right_with_dashed_connectors() -> None:
    layout = chart.lay_out_chart(_chart(2, "Päällikkö"), AREA, SETTINGS)
    side = [b for b in layout.boxes if b.side]
    main = [b for b in layout.boxes if not b.side]
    assert len(side) == 2
    assert min(b.x for b in side) > max(b.x + b.w for b in main)
    assert sum(1 for c in layout.connectors if c.dashed) == 2


def test_chart_boxes_keep_words_whole_and_drop_titles_that_cannot_be() -> None:
    roomy = chart.lay_out_chart(_chart(2, "Asiakaspalvelupäällikkö"), AREA, SETTINGS)
    assert all(len(b.lines) == 2 for b in roomy.boxes if not b.side)
    # A title that is one word wider than any box is left out rather than cut.
    title = "Työterveyshuoltopalvelujärjestelmäkokonaisuudenhallintaprosessin omistaja"
    crowded = chart.lay_out_chart(_chart(6, title), AREA, SETTINGS)
    assert all(b.lines == b.lines[:1] for b in crowded.boxes if not b.side)
    for laid in (roomy, crowded):
        for box in laid.boxes:
            assert not chart._cuts_a_word(box.role, box.lines, box.w, box.size, SETTINGS.chart_min)


def test_the_figures_of_a_block_share_the_size_of_the_longest() -> None:
    from sggen.document import Card, Cards
    from sggen.layout import cards as tiles

    block = Cards([Card("€480,000", "Budget"), Card("€62,000 a year", "Running cost"),
                   Card("10 December 2027", "Done by")], figures=True)
    laid = tiles.place(block, AREA, SETTINGS.base)
    sizes = {box.size for box in laid.cards}
    assert len(sizes) == 1
    # the longest value is set as large as its column lets it be on one line, and no larger
    alone = tiles.figure_size(block.cards[2], laid.cards[2].w, SETTINGS.base)
    assert sizes == {alone} and alone < tiles.figure_size(block.cards[0], laid.cards[0].w,
                                                          SETTINGS.base)


def test_a_slide_is_laid_out_once_per_content_and_room(monkeypatch) -> None:
    made = []
    pages = layout._pages
    monkeypatch.setattr(layout, "_pages", lambda *args: made.append(args) or pages(*args))
    layout._LAID.clear()
    words = BulletList([ListItem([Run(LONG_ITEM)]), ListItem([Run("Hyväksyy vaiheen")])])
    first = Slide("Omistaja", [words])
    again = Slide("Omistaja", [words], where=None)  # equal content, another slide
    assert layout.lay_out([first], AREA, SETTINGS) == layout.lay_out([again], AREA, SETTINGS)
    assert len(made) == 1
    # another room, another size or other words: laid out anew
    layout.lay_out([first], boxes.Region(43.2, 108.0, 600.0, 375.6), SETTINGS)
    layout.lay_out([first], AREA, boxes.Sizes(floor=18.0))
    layout.lay_out([Slide("Omistaja", [Paragraph([Run("Toinen")])])], AREA, SETTINGS)
    assert len(made) == 4


def test_a_memo_forgets_everything_when_full_so_memory_stays_flat() -> None:
    from sggen.layout.memo import Memo

    memo: Memo[int] = Memo(3)
    for k in range(10):
        assert memo.get(k, lambda k=k: k * k) == k * k
        assert len(memo.made) <= 3
    assert memo.get(9, lambda: -1) == 81  # still held: made last


def test_a_memo_hands_out_what_it_made_even_if_another_thread_empties_it_meanwhile() -> None:
    from sggen.layout.memo import Memo

    class Emptied(dict):  # as when the preview's other build empties the memo at that moment
        def __setitem__(self, key, value) -> None:
            super().__setitem__(key, value)
            self.clear()

    memo: Memo[int | None] = Memo(4)
    memo.made = Emptied()
    assert memo.get("strip", lambda: 5) == 5
    assert memo.get("left out", lambda: None) is None  # None is a value like any other
