"""A meeting pack's documents of a page or more (the agenda, the minutes' template): a role
card's blocks at their full size flowing from page to page, headings unnumbered and kept with
what follows them, the project in the header and the page number in the footer from the
second page on. The card
writer sets every block (its one table); only the fitting to one page is left out."""

from __future__ import annotations

from pathlib import Path

from sggen.document import Document, Meta
from sggen.formats.cards import writer as card
from sggen.formats.cards.plan import MARGIN
from sggen.formats.guide.body import Body, finish, title_page
from sggen.formats.guide.reference import q
from sggen.formats.ooxml.units import TWIP, points

__all__ = ["audit", "check", "write"]  # read back and checked as the guide is

audit, check = card.audit, card.check


def write(document: Document, reference: Path, meta: Meta, floor: float = 0.0) -> bytes:
    """Return the document as .docx bytes on the reference's pages with a card's margins
    (`floor`, the slides' smallest size, does not apply)."""
    w = Body(reference, meta.language)
    margins = w.section.find(q("w:pgMar"))
    for side in ("left", "right", "top", "bottom"):
        margins.set(q(f"w:{side}"), str(round(MARGIN / TWIP)))
    width = points(w.ref.page["width"] - 2 * MARGIN)
    page = card._Card(w, 1.0, width)
    for block in document.blocks:
        page.write(block)
    title_page(w.first_section())  # the first page names the project on its cover already
    return finish(w, meta, header=(meta.footer, meta.page_label))
