"""Visuals as plain blocks: how a page that does not draw one reads it.

The guide writes tiles and a timeline as paragraphs and lists, and so does any consumer of
blocks for a visual it has no drawing of (the HTML page, the page estimate): each takes the
visual's plain form from `TEXT`, one entry per visual.
"""

from __future__ import annotations

from collections.abc import Callable

from sggen.document import Block, BulletList, Cards, ListItem, Paragraph, Run, Timeline


def cards_text(block: Cards) -> list[Block]:
    """Return tiles as text: each tile's title (and subtitle) in a paragraph, its lines as a
    list under it."""
    out: list[Block] = []
    for card in block.cards:
        head = [Run(card.title, bold=True)]
        if card.subtitle:
            head.append(Run(f" – {card.subtitle}"))
        out.append(Paragraph(head))
        if card.lines:
            out.append(BulletList([ListItem([Run(line)]) for line in card.lines]))
    return out


def timeline_text(block: Timeline) -> list[Block]:
    """Return a timeline as a list: its stages, then its marked days in date order."""
    items = [ListItem([Run(span.name, bold=True),
                       Run(f" {span.start.isoformat()} – {span.end.isoformat()}")])
             for span in block.spans]
    for mark in sorted(block.marks, key=lambda m: m.day):
        first, *rest = mark.label or [mark.day.isoformat()]
        items.append(ListItem([Run(first, bold=True), Run(": " + " ".join(rest))
                               if rest else Run("")]))
    return [BulletList(items)] if items else []


TEXT: dict[type[Block], Callable[[Block], list[Block]]] = {
    Cards: cards_text,
    Timeline: timeline_text,
}
"""Each visual that pages read as text, and its plain form."""
