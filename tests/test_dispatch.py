"""Every consumer of blocks or laid-out items maps every kind to what it does with it: a kind
added to document.BLOCKS or to layout/boxes.py and forgotten somewhere fails here, not in a
document that silently lacks it."""

from __future__ import annotations

import pytest

from sggen import layout
from sggen.document import BLOCKS
from sggen.formats import html, plain, slides
from sggen.formats.cards import plan as card_plan
from sggen.formats.cards import writer as card_writer
from sggen.formats.deck import visuals
from sggen.formats.guide import pages as guide_pages
from sggen.formats.guide import writer as guide_writer
from sggen.layout import boxes

ITEMS = boxes.Item.__subclasses__()  # every laid-out item kind a content slide holds

BLOCK_TABLES = {
    "the guide writer": guide_writer.WRITE,
    "the card writer": card_writer.WRITE,
    "card fitting": card_plan.MEASURE,
    "the HTML page": html.SHOW,
    "the guide's page estimate": guide_pages.ESTIMATE,
    "layout's slide paging": layout.PAGING,
    "layout's text of a slide": layout.LINES,
    "layout's speaker notes": layout.NOTES,
}
ITEM_TABLES = {
    "the deck writer": visuals.DRAW,
    "the slides page": slides.ITEMS,
}


@pytest.mark.parametrize("name", BLOCK_TABLES)
def test_a_consumer_of_blocks_maps_every_block_kind(name) -> None:
    assert set(BLOCK_TABLES[name]) == set(BLOCKS), name


@pytest.mark.parametrize("name", ITEM_TABLES)
def test_a_consumer_of_laid_out_items_maps_every_item_kind(name) -> None:
    assert set(ITEM_TABLES[name]) == set(ITEMS), name


@pytest.mark.parametrize("kind", plain.TEXT, ids=lambda k: k.__name__)
def test_a_plain_form_is_of_a_visual_and_made_of_text(kind) -> None:
    from test_formats import _sample

    assert kind in layout.VISUALS
    block, word = _sample(kind)
    parts = plain.TEXT[kind](block)
    assert parts and not any(type(part) in layout.VISUALS for part in parts)
    assert word in " ".join(r.text for part in parts for r in getattr(part, "runs", []) or [
        run for item in part.items for run in item.runs])
