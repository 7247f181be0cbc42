"""The deck as one HTML page of slides: the fitted layout drawn as boxes placed in points, on
the layouts the deck writer finds in the same reference deck (by name, or else by type)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from sggen import layout
from sggen.document import Document, Meta
from sggen.errors import Location, ReferenceDocError
from sggen.formats.deck import plan, reference
from sggen.formats.deck.visuals import DRAW
from sggen.formats.html import chart_svg, encoded, runs_html
from sggen.formats.timeline import calendar_svg
from sggen.layout import text as texts
from sggen.layout.boxes import (
    Calendar,
    Chart,
    ContentSlide,
    Region,
    Sizes,
    TableBox,
    TextBox,
    Tiles,
    TitleSlide,
)
from sggen.layout.metrics import INSET_X, INSET_Y

CSS = """
*{box-sizing:border-box}
html{font-family:Carlito,Calibri,Arial,sans-serif;color:#1a1a1a;background:#d9dde2}
body{margin:0;padding:1rem}
h1.deck{font-size:1.1rem;margin:0 0 1rem;color:#1a1a1a}
section.slide{position:relative;background:#fff;margin:0 auto 1.5rem;overflow:hidden;
box-shadow:0 1px 4px rgba(0,0,0,.3)}
.box{position:absolute;margin:0;overflow:hidden}
.box p{margin:0;line-height:1.221}
h2.title{position:absolute;margin:0;color:#1f4e79;line-height:1.1;display:flex;
align-items:flex-end}
.title-slide h2.title{align-items:center}
.slide table{position:absolute;border-collapse:collapse;table-layout:fixed}
.slide th,.slide td{border:1px solid #7a8a99;padding:3.6pt 7.2pt;text-align:left;
vertical-align:top;line-height:1.221}
.slide thead th{background:#1f4e79;color:#fff}
.slide svg{position:absolute;left:0;top:0}
.footer{position:absolute;color:#4a4a4a;font-size:10pt}
aside.notes{max-width:60rem;margin:-1rem auto 2rem;font-size:.95rem}
@media print{body{padding:0;background:#fff}section.slide{box-shadow:none;
break-after:page;margin:0}aside.notes{display:none}h1.deck{display:none}}
""".strip()


@dataclass(frozen=True)
class _Where:
    """Where an item is drawn: its element id, the slide's title, the content area."""

    anchor: str
    title: str
    region: Region


def check(reference_path: Path) -> list[str]:
    """Return what the reference deck lacks for the page: what it lacks for the deck."""
    from sggen.formats.deck import writer

    return writer.check(reference_path)


def cautions(document: Document, reference_path: Path, floor: float = 14.0) -> list:
    """Return what the page has to warn of: what the deck has, laid out the same."""
    from sggen.formats.deck import writer

    return writer.cautions(document, reference_path, floor)


def write(document: Document, reference_path: Path, meta: Meta, floor: float = 14.0) -> bytes:
    """Return the deck's slides as one HTML page, laid out as the .pptx is."""
    ref = reference.load(reference_path)
    if ref.missing:
        raise ReferenceDocError(f"reference deck lacks {ref.missing[0]}",
                                Location(reference_path), "run: sggen template check")
    sizes = Sizes(floor=floor)
    laid = layout.lay_out(document.slides, ref.region, sizes)
    width, height = ref.slide_size
    title = meta.title or document.title
    out = ["<!DOCTYPE html>", f'<html lang="{escape(meta.language or "und")}">', "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title)}</title>", f"<style>\n{CSS}\n</style>", "</head>", "<body>",
           "<main>", f'<h1 class="deck">{escape(title)}</h1>']
    for number, slide in enumerate(laid, 1):
        anchor = f"slide-{number}"
        kind = "slide title-slide" if isinstance(slide, TitleSlide) else "slide"
        out.append(f'<section class="{kind}" id="{anchor}" aria-labelledby="{anchor}-title" '
                   f'style="width:{_n(width)}pt;height:{_n(height)}pt">')
        out += _slide(ref, slide, anchor, number, meta, sizes)
        out.append("</section>")
        if slide.notes:
            notes = "".join(f"<p>{escape(n)}</p>" for n in slide.notes)
            out.append(f'<aside class="notes" aria-label="{escape(slide.title)}">{notes}</aside>')
    out += ["</main>", "</body>", "</html>", ""]
    return encoded("\n".join(out))


def _slide(ref: reference.Reference, slide: TitleSlide | ContentSlide, anchor: str,
           number: int, meta: Meta, sizes: Sizes) -> list[str]:
    """Return one slide's title, content and footer, where its layout puts them."""
    found = ref.layouts[plan.layout_for(slide)]
    box = found.get(plan.TITLE).region
    base = plan.TITLE_SIZES["title" if isinstance(slide, TitleSlide) else "content"]
    title, size = texts.fit_title(slide.title, box.w, box.h, base)
    out = [f'<h2 class="title" id="{anchor}-title" style="{_place(box)};'
           f'font-size:{_n(size)}pt">{escape(title)}</h2>']
    if isinstance(slide, TitleSlide):
        sub = found.get(plan.BODY).region
        size = texts.lines_size([ln.runs for ln in slide.subtitle], sub.w, sub.h,
                                max(22.0, sizes.floor), sizes.floor)
        lines = "".join(f"<p>{runs_html(ln.runs)}</p>" for ln in slide.subtitle)
        out.append(f'<div class="box" style="{_place(sub)};font-size:{_n(size)}pt">{lines}</div>')
        return out
    out += [ITEMS[type(item)](item, _Where(f"{anchor}-{k}", title, ref.region))
            for k, item in enumerate(slide.items)]
    footer = found.get(plan.FOOTER)
    if footer is not None:  # as on the deck's slides: where the layout has a footer
        out.append(f'<p class="footer" style="{_place(footer.region)}">{escape(meta.footer)}'
                   f" · {number}</p>")
    return out


def _text(item: TextBox, where: _Where) -> str:
    paragraphs = []
    for line in item.lines:
        indent = line.level * 18.0
        bullet = f"{escape(line.bullet)} " if line.bullet and not line.continued else ""
        style = f"padding-left:{_n(indent)}pt;margin-top:{_n(line.space_before)}pt"
        paragraphs.append(f'<p style="{style}">{bullet}{runs_html(line.runs)}</p>')
    pad = f"padding:{_n(INSET_Y)}pt {_n(INSET_X)}pt"
    return (f'<div class="box" style="{_place(Region(item.x, item.y, item.w, item.h))};'
            f'font-size:{_n(item.size)}pt;{pad}">{"".join(paragraphs)}</div>')


def _table(item: TableBox, where: _Where) -> str:
    cols = "".join(f'<col style="width:{_n(w)}pt">' for w in item.columns)
    head = "".join(f'<th scope="col">{runs_html(c)}</th>' for c in item.header)
    rows = "".join("<tr>" + "".join(f"<td>{runs_html(c)}</td>" for c in row) + "</tr>"
                   for row in item.rows)
    return (f'<table aria-label="{escape(where.title)}" style="left:{_n(item.x)}pt;'
            f'top:{_n(item.y)}pt;width:{_n(item.w)}pt;font-size:{_n(item.size)}pt">'
            f"<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _chart(item: Chart, where: _Where) -> str:
    names = "; ".join(f"{b.role} ({', '.join(b.lines)})" if b.lines else b.role
                      for b in item.boxes)
    return chart_svg(item, where.anchor, where.title, names, placed=True)


def _tiles(item: Tiles, where: _Where) -> str:
    return "".join(
        f'<div class="box tile" style="{_place(Region(c.x, c.y, c.w, c.h))};'
        f'font-size:{_n(c.small)}pt"><p style="font-size:{_n(c.size)}pt">'
        f"<strong>{escape(c.title)}</strong></p>"
        + (f"<p><em>{escape(c.subtitle)}</em></p>" if c.subtitle else "")
        + "".join(f"<p>• {escape(line)}</p>" for line in c.lines) + "</div>"
        for c in item.cards)


def _calendar(item: Calendar, where: _Where) -> str:
    return calendar_svg(item, where.anchor, where.title, placed=True)


def _described(item, where: _Where) -> str:
    """Show an item the page has no drawing of as what the deck says of it to a screen
    reader, in the slide's content area."""
    return (f'<div class="box" role="img" aria-label="{escape(where.title)}" '
            f'style="{_place(where.region)}"><p>'
            f"{escape(DRAW[type(item)].describe(where.title, item))}</p></div>")


ITEMS: dict[type, Callable[[object, _Where], str]] = {
    **{kind: _described for kind in DRAW},
    TextBox: _text, TableBox: _table, Chart: _chart, Tiles: _tiles, Calendar: _calendar,
}
"""How the page shows each laid-out item kind (one it has no drawing of: as the deck
describes it)."""


def _place(region: Region) -> str:
    return (f"left:{_n(region.x)}pt;top:{_n(region.y)}pt;width:{_n(region.w)}pt;"
            f"height:{_n(region.h)}pt")


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
