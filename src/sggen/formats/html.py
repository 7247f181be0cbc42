"""The guide as one self-contained, accessible HTML5 page (standard library only)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from html import escape
from importlib import resources
from pathlib import Path

from sggen.document import (
    Block,
    BulletList,
    Cards,
    Cover,
    Document,
    Heading,
    ListItem,
    Meta,
    OrgChart,
    PageBreak,
    Paragraph,
    Run,
    Table,
    Timeline,
    Toc,
)
from sggen.formats.plain import TEXT as PLAIN
from sggen.formats.timeline import figure as timeline_figure
from sggen.layout.boxes import Chart, Region, Sizes
from sggen.layout.chart import lay_out_chart
from sggen.layout.metrics import INSET_X, LINE, wrap

# The page's style sheet; its colours are chosen for contrast on white (see the file)
CSS = resources.files("sggen").joinpath("styles/page.css").read_text(encoding="utf-8").strip()

CHART_REGION = Region(0.0, 0.0, 720.0, 440.0)  # points; the guide's chart, drawn like a slide's
CHART_FONT = "Carlito,Calibri,Arial,sans-serif"
SAFE_LINK = re.compile(r"^(https?:|mailto:|tel:|#)", re.IGNORECASE)


def check(reference: Path | None) -> list[str]:
    """Return what the reference lacks: nothing, for a page needs no reference document."""
    return []


def write(document: Document, reference: Path | None, meta: Meta, floor: float = 0.0) -> bytes:
    """Return the guide as a UTF-8 HTML5 page with its styles inline and no outside resource."""
    ids = _Ids()
    headings = [(ids.new(b.text), b) for b in document.blocks if isinstance(b, Heading)]
    writer = _Page(document, meta, headings, ids)
    return encoded(writer.page())


# what an HTML page may not hold (controls but tab and line ends, lone surrogates,
# noncharacters): each is shown as U+FFFD, so the reader sees that something was there
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                    "\ufffe\uffff]")


def encoded(page: str) -> bytes:
    """Return a page as UTF-8, each character a page may not hold written as U+FFFD (the
    page's own markup has none: only a text can have brought one)."""
    return _UNFIT.sub("\ufffd", page).encode("utf-8")


class _Ids:
    """Unique, readable element ids."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self, text: str, prefix: str = "") -> str:
        """Return an unused id made from `text`."""
        plain = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        slug = re.sub(r"[^\w]+", "-", plain.lower()).strip("-") or "section"
        slug = prefix + slug
        candidate, n = slug, 1
        while candidate in self.used:
            n += 1
            candidate = f"{slug}-{n}"
        self.used.add(candidate)
        return candidate


class _Page:
    """Writes one document's blocks in order, opening a <section> at each heading."""

    def __init__(self, document: Document, meta: Meta, headings: list[tuple[str, Heading]],
                 ids: _Ids):
        self.document = document
        self.meta = meta
        self.headings = headings
        self.heading_ids = {id(h): anchor for anchor, h in headings}
        self.ids = ids
        self.open: list[int] = []  # the levels of the sections open now
        self.label = ""  # the id of the latest heading: what a table or chart is about
        self.label_text = ""
        self.charts = 0

    def page(self) -> str:
        """Return the whole page."""
        blocks = self.document.blocks
        # Cover and contents before the first content block stand above <main>, as the
        # page's banner and navigation; anywhere else they stay in place inside it.
        lead = 0
        while lead < len(blocks) and isinstance(blocks[lead], (Cover, Toc, PageBreak)):
            lead += 1
        title = self.meta.title or self.document.title
        out = ["<!DOCTYPE html>", f'<html lang="{escape(self.meta.language or "und")}">',
               "<head>", '<meta charset="utf-8">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               f"<title>{escape(title)}</title>"]
        for name, value in (("description", self.meta.subject), ("author", self.meta.author),
                            ("keywords", self.meta.keywords)):
            if value:
                out.append(f'<meta name="{name}" content="{escape(value)}">')
        out += [f"<style>\n{CSS}\n</style>", "</head>", "<body>"]
        if not any(isinstance(b, Cover) and b.lines for b in blocks[:lead]):
            # Every page has one top-level heading, even when the template has no cover.
            out.append(f'<header class="cover"><h1>{escape(title)}</h1></header>')
        out += [self.block(b) for b in blocks[:lead]]
        out.append('<main id="main">')
        out += [self.block(b) for b in blocks[lead:]]
        out += self.close(0)
        out.append("</main>")
        if self.meta.footer:
            out.append(f"<footer><p>{escape(self.meta.footer)}</p></footer>")
        out += ["</body>", "</html>", ""]
        return "\n".join(part for part in out if part)

    def block(self, block: Block) -> str:
        """Return one block as HTML."""
        return SHOW[type(block)](self, block)

    def chart(self, block: OrgChart) -> str:
        self.charts += 1
        return chart_figure(block, f"chart-{self.charts}", self.label_text)

    def timeline(self, block: Timeline) -> str:
        self.charts += 1
        return timeline_figure(block, f"timeline-{self.charts}", self.label_text,
                                timeline_html(block))

    def as_text(self, block: Block) -> str:
        """Return a visual the page has no drawing of as its plain form."""
        return "\n".join(self.block(part) for part in PLAIN[type(block)](block))

    def heading(self, block: Heading) -> str:
        level = max(1, min(block.level, 5))
        anchor = self.heading_ids.get(id(block)) or self.ids.new(block.text)
        out = self.close(level)
        self.open.append(level)
        self.label, self.label_text = anchor, block.text
        # One <h1> is the page's title (the cover); the document's headings sit below it.
        # Not labelled: a named section is a landmark, and "Responsibilities" under every
        # role would make many landmarks of one name; the headings are the outline.
        out += [f'<section class="level-{level}">',
                f'<h{level + 1} id="{anchor}">{escape(block.text)}</h{level + 1}>']
        return "\n".join(out)

    def close(self, level: int) -> list[str]:
        """Return the closing tags of the open sections at `level` or deeper."""
        out = []
        while self.open and self.open[-1] >= level:
            self.open.pop()
            out.append("</section>")
        return out

    def table(self, block: Table) -> str:
        if self.label:
            named = f'aria-labelledby="{self.label}"'
        else:
            named = f'aria-label="{escape(self.document.title or self.meta.title)}"'
        out = [f"<table {named}>"]
        if block.header:
            out.append("<thead><tr>" + "".join(f'<th scope="col">{runs_html(c)}</th>'
                                                for c in block.header) + "</tr></thead>")
        out.append("<tbody>")
        for row in block.rows:
            # The first column names the row (a tolerance, a person, a matrix item).
            cells = [f'<th scope="row">{runs_html(c)}</th>' if i == 0 and block.header
                     else f"<td>{runs_html(c)}</td>" for i, c in enumerate(row)]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
        return "\n".join(out)

    def cover(self, block: Cover) -> str:
        if not block.lines:
            return ""
        first, *rest = block.lines
        out = ['<header class="cover">', f"<h1>{escape(first)}</h1>"]
        for n, line in enumerate(rest):
            kind = ' class="subtitle"' if n == 0 else ""
            out.append(f"<p{kind}>{escape(line)}</p>")
        out.append("</header>")
        return "\n".join(out)

    def toc(self, block: Toc) -> str:
        anchor = self.ids.new(block.title or "contents", "toc-")
        title = escape(block.title)
        out = [f'<nav class="toc" aria-labelledby="{anchor}">', f'<h2 id="{anchor}">{title}</h2>']
        # Chapters and their sections, as the Word guide's contents (TOC 1-2).
        entries = [(h.level, a, h.text) for a, h in self.headings if h.level <= 2]
        out.append(_nested(entries))
        out.append("</nav>")
        return "\n".join(out)


def _page_break(page: _Page, block: PageBreak) -> str:
    # Nothing on screen; where the guide turns a page on paper, a printed page breaks.
    return '<div class="page-break" aria-hidden="true"></div>'


SHOW: dict[type[Block], Callable[[_Page, Block], str]] = {
    **{kind: _Page.as_text for kind in PLAIN},
    Heading: _Page.heading,
    Paragraph: lambda page, block: f"<p>{runs_html(block.runs)}</p>",
    BulletList: lambda page, block: list_html(block.items, block.ordered),
    Table: _Page.table,
    OrgChart: _Page.chart,
    Cards: lambda page, block: cards_html(block),
    Timeline: _Page.timeline,
    Cover: _Page.cover,
    Toc: _Page.toc,
    PageBreak: _page_break,
}
"""How the page shows each block kind (a visual it has no drawing of: as its plain form)."""


def cards_html(block: Cards) -> str:
    """Return tiles as a list (numbered when they are a sequence) of titled items."""
    tag = "ol" if block.flow else "ul"
    items = []
    for card in block.cards:
        sub = f' <span class="subtitle">{escape(card.subtitle)}</span>' if card.subtitle else ""
        lines = "".join(f"<li>{escape(line)}</li>" for line in card.lines)
        items.append(f"<li><strong>{escape(card.title)}</strong>{sub}"
                     + (f"<ul>{lines}</ul>" if lines else "") + "</li>")
    return f'<{tag} class="cards">{"".join(items)}</{tag}>'


def timeline_html(block: Timeline) -> str:
    """Return a timeline as a list in date order: the stages, then the marked days with their
    numbers and what they are in full."""
    items = [f'<li><time datetime="{s.start.isoformat()}">{s.start.isoformat()}</time> – '
             f'<time datetime="{s.end.isoformat()}">{s.end.isoformat()}</time>: '
             f"<strong>{escape(s.name)}</strong></li>" for s in block.spans]
    for mark in sorted(block.marks, key=lambda m: m.day):
        first, *rest = mark.label or [mark.day.isoformat()]
        number = f"{mark.number} " if mark.number else ""
        more = " ".join([*rest, *([f"({mark.long})"] if mark.long else [])])
        items.append(f'<li><time datetime="{mark.day.isoformat()}">{escape(number + first)}'
                     "</time>" + (f": {escape(more)}" if more else "") + "</li>")
    return f'<ul class="timeline">{"".join(items)}</ul>'


def _nested(entries: list[tuple[int, str, str]]) -> str:
    """Return (level, id, text) entries as nested ordered lists of links."""
    if not entries:
        return ""
    out, depth = [], 0
    top = min(level for level, _, _ in entries)
    for level, anchor, text in entries:
        level = level - top + 1
        if level > depth:
            out.append("<ol><li>" * (level - depth))
        else:
            out.append("</li></ol>" * (depth - level) + "</li><li>")
        depth = level
        out.append(f'<a href="#{anchor}">{escape(text)}</a>')
    out.append("</li></ol>" * depth)
    return "".join(out)


def runs_html(runs: list[Run]) -> str:
    """Return runs as inline HTML: strong, em, safe links, line breaks."""
    out = []
    for run in runs:
        text = "<br>".join(escape(part) for part in run.text.split("\n"))
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.link and SAFE_LINK.match(run.link):  # never a javascript: or data: link
            text = f'<a href="{escape(run.link)}">{text}</a>'
        out.append(text)
    return "".join(out)


def list_html(items: list[ListItem], ordered: bool = False) -> str:
    """Return list items, with their nested items, as <ul> or <ol>."""
    tag = "ol" if ordered else "ul"
    out = [f"<{tag}>"]
    for item in items:
        inner = runs_html(item.runs)
        if item.children:
            inner += "\n" + list_html(item.children)
        out.append(f"<li>{inner}</li>")
    out.append(f"</{tag}>")
    return "\n".join(out)


# --- the organisation chart ------------------------------------------------------------------


def chart_figure(block: OrgChart, anchor: str, title: str, region: Region = CHART_REGION) -> str:
    """Return the chart as a figure: inline SVG with a title and description, and the same
    chart as a nested list of who reports to whom for those who cannot see it."""
    title = title or "Organisation chart"
    summary = _chart_summary(block)
    svg = chart_svg(lay_out_chart(block, region, Sizes()), anchor, title, summary)
    listing = _chart_list(block.rows)
    return "\n".join([
        f'<figure class="orgchart" aria-labelledby="{anchor}-caption">', svg,
        f'<figcaption id="{anchor}-caption"><details><summary>{escape(title)}</summary>',
        listing, "</details></figcaption>", "</figure>"])


def _chart_summary(block: OrgChart) -> str:
    """Return the chart in one paragraph: each row's roles and people, top to bottom."""
    parts = []
    for row in block.rows:
        boxes = [_box_text(b.role, b.lines) for b in [*row.members, *row.side]]
        text = "; ".join(b for b in boxes if b)
        parts.append(f"{row.title}: {text}" if row.title else text)
    return ". ".join(p for p in parts if p)


def _box_text(role: str, lines: list[str]) -> str:
    return f"{role} ({', '.join(lines)})" if lines else role


def _chart_list(rows) -> str:
    """Return rows as a nested list: each row reports to the row above it; side boxes (the
    assurance and support beside a row) are listed with the row they stand beside."""
    if not rows:
        return ""
    row, rest = rows[0], rows[1:]
    members = [_box_text(b.role, b.lines) for b in row.members]
    side = [_box_text(b.role, b.lines) for b in row.side]
    text = escape("; ".join(members))
    if row.title:
        text = f"<strong>{escape(row.title)}</strong>" + (f": {text}" if text else "")
    inner = [text] if text else []
    if side:
        inner.append("<ul>" + "".join(f"<li><em>{escape(s)}</em></li>" for s in side) + "</ul>")
    if rest:
        inner.append(_chart_list(rest))
    return "<ul><li>" + "\n".join(inner) + "</li></ul>"


def chart_svg(chart: Chart, anchor: str, title: str, summary: str, placed: bool = False) -> str:
    """Return the laid-out chart as inline SVG in points, labelled by its <title> and <desc>;
    `placed` sets it where the layout put it on a slide (CSS left, top, width, height)."""
    right = max([b.x + b.w for b in chart.boxes] + [f.x + f.w for f in chart.frames] + [1.0])
    bottom = max([b.y + b.h for b in chart.boxes] + [f.y + f.h for f in chart.frames] + [1.0])
    left = min([b.x for b in chart.boxes] + [f.x for f in chart.frames] + [0.0])
    top = min([b.y for b in chart.boxes] + [f.y for f in chart.frames] + [0.0])
    box = (left - 2, top - 2, right - left + 4, bottom - top + 4)  # room for the strokes
    view = " ".join(_n(v) for v in box)
    style = (f' style="left:{_n(box[0])}pt;top:{_n(box[1])}pt;width:{_n(box[2])}pt;'
             f'height:{_n(box[3])}pt"' if placed else "")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}"{style} role="img" '
           f'aria-labelledby="{anchor}-title {anchor}-desc" font-family="{CHART_FONT}">',
           f'<title id="{anchor}-title">{escape(title)}</title>',
           f'<desc id="{anchor}-desc">{escape(summary)}</desc>']
    for frame in chart.frames:
        out.append(f'<rect x="{_n(frame.x)}" y="{_n(frame.y)}" width="{_n(frame.w)}" '
                   f'height="{_n(frame.h)}" fill="#e8eef5" stroke="#1f4e79"/>')
        if frame.title:
            out.append(f'<text x="{_n(frame.x + INSET_X)}" y="{_n(frame.y + frame.size * 1.1)}" '
                       f'font-size="{_n(frame.size)}" font-weight="bold" fill="#1f4e79">'
                       f"{escape(frame.title)}</text>")
    for line in chart.connectors:
        dash = ' stroke-dasharray="5 3"' if line.dashed else ""
        out.append(f'<line x1="{_n(line.x1)}" y1="{_n(line.y1)}" x2="{_n(line.x2)}" '
                   f'y2="{_n(line.y2)}" stroke="#4a5a69" stroke-width="1.25"{dash}/>')
    for box in chart.boxes:
        radius = min(box.w, box.h) * 0.08
        fill, ink = ("#ffffff", "#1f4e79") if box.side else ("#1f4e79", "#ffffff")
        dash = ' stroke-dasharray="5 3"' if box.side else ""
        out.append(f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" '
                   f'height="{_n(box.h)}" rx="{_n(radius)}" fill="{fill}" stroke="#1f4e79" '
                   f'stroke-width="1.25"{dash}/>')
        width = box.w - 2 * INSET_X
        small = box.line_size or box.size
        lines = [(t, box.size, True) for t in _wrapped(box.role, width, box.size, True)]
        lines += [(t, small, False) for text in box.lines for t in _wrapped(text, width, small)]
        height = sum(size * LINE for _, size, _ in lines)
        y = box.y + (box.h - height) / 2
        for text, size, bold in lines:
            y += size * LINE
            weight = ' font-weight="bold"' if bold else ""
            # the baseline sits a fifth of a line above the line's bottom (Carlito's descent)
            out.append(f'<text x="{_n(box.x + box.w / 2)}" y="{_n(y - size * LINE * 0.22)}" '
                       f'font-size="{_n(size)}" text-anchor="middle" fill="{ink}"{weight}>'
                       f"{escape(text)}</text>")
    out.append("</svg>")
    return "\n".join(out)


def _wrapped(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    runs = [Run(text, bold=bold)]
    return [text[a:b].strip() for a, b in wrap(runs, width, size) if text[a:b].strip()]


def _n(value: float) -> str:
    """Return a coordinate with at most two decimals: short, and the same on every machine."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
