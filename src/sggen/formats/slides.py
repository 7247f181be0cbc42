"""The deck as one HTML page of slides: the fitted layout drawn as boxes placed in points."""

from __future__ import annotations

import zipfile
from html import escape
from pathlib import Path
from xml.etree import ElementTree as ET

from sggen import layout
from sggen.document import Document, Meta
from sggen.formats.html import chart_svg, runs_html
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

EMU = 12700  # per point
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
BODY, FOOTERS = "1", ("11", "12")  # placeholder indexes, as the pptx writer finds them
FOOTER_GAP = 6.0

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


def check(reference: Path | None) -> list[str]:
    """Return what the reference deck lacks for the page: nothing, for without a layout the
    page takes the default slide's areas (the .pptx writer's own check names what is missing)."""
    return []


def write(document: Document, reference: Path | None, meta: Meta, floor: float = 14.0) -> bytes:
    """Return the deck's slides as one HTML page, laid out as the .pptx is."""
    geometry = _geometry(reference)
    laid = layout.lay_out(document.slides, geometry["body"], Sizes(floor=floor))
    width, height = geometry["size"]
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
        box = geometry["title"] if isinstance(slide, ContentSlide) else geometry["cover"]
        size = 30.0 if isinstance(slide, ContentSlide) else 40.0
        out.append(f'<h2 class="title" id="{anchor}-title" style="{_place(box)};'
                   f'font-size:{_n(size)}pt">{escape(slide.title)}</h2>')
        if isinstance(slide, TitleSlide):
            sub = geometry["subtitle"]
            lines = "".join(f"<p>{runs_html(ln.runs)}</p>" for ln in slide.subtitle)
            out.append(f'<div class="box" style="{_place(sub)};font-size:22pt">{lines}</div>')
        else:
            out += [_item(item, f"{anchor}-{k}", slide.title)
                    for k, item in enumerate(slide.items)]
            foot = geometry["footer"]
            out.append(f'<p class="footer" style="{_place(foot)}">{escape(meta.footer)} · '
                       f"{number}</p>")
        out.append("</section>")
        if slide.notes:
            notes = "".join(f"<p>{escape(n)}</p>" for n in slide.notes)
            out.append(f'<aside class="notes" aria-label="{escape(slide.title)}">{notes}</aside>')
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def _item(item, anchor: str, title: str) -> str:
    if isinstance(item, TextBox):
        paragraphs = []
        for line in item.lines:
            indent = line.level * 18.0
            bullet = f"{escape(line.bullet)} " if line.bullet and not line.continued else ""
            style = f"padding-left:{_n(indent)}pt;margin-top:{_n(line.space_before)}pt"
            paragraphs.append(f'<p style="{style}">{bullet}{runs_html(line.runs)}</p>')
        pad = f"padding:{_n(INSET_Y)}pt {_n(INSET_X)}pt"
        return (f'<div class="box" style="{_place(Region(item.x, item.y, item.w, item.h))};'
                f'font-size:{_n(item.size)}pt;{pad}">{"".join(paragraphs)}</div>')
    if isinstance(item, TableBox):
        cols = "".join(f'<col style="width:{_n(w)}pt">' for w in item.columns)
        head = "".join(f'<th scope="col">{runs_html(c)}</th>' for c in item.header)
        rows = "".join("<tr>" + "".join(f"<td>{runs_html(c)}</td>" for c in row) + "</tr>"
                       for row in item.rows)
        return (f'<table aria-label="{escape(title)}" style="left:{_n(item.x)}pt;'
                f'top:{_n(item.y)}pt;width:{_n(item.w)}pt;font-size:{_n(item.size)}pt">'
                f"<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
                f"<tbody>{rows}</tbody></table>")
    if isinstance(item, Chart):
        names = "; ".join(f"{b.role} ({', '.join(b.lines)})" if b.lines else b.role
                          for b in item.boxes)
        return chart_svg(item, anchor, title, names, placed=True)
    if isinstance(item, Tiles):
        return "".join(
            f'<div class="box tile" style="{_place(Region(c.x, c.y, c.w, c.h))};'
            f'font-size:{_n(c.small)}pt"><p style="font-size:{_n(c.size)}pt">'
            f"<strong>{escape(c.title)}</strong></p>"
            + (f"<p><em>{escape(c.subtitle)}</em></p>" if c.subtitle else "")
            + "".join(f"<p>• {escape(line)}</p>" for line in c.lines) + "</div>"
            for c in item.cards)
    if isinstance(item, Calendar):
        bars = "".join(f'<div class="box bar" style="{_place(Region(b.x, b.y, b.w, b.h))};'
                       f'font-size:{_n(b.size)}pt"><strong>{escape(b.name)}</strong></div>'
                       for b in item.bars)
        labels = "".join(
            f'<div class="box" style="{_place(Region(m.label.x, m.label.y, m.label.w, m.label.h))}'
            f';font-size:{_n(m.label.size)}pt;text-align:center">'
            + "".join(f"<p>{runs_html(line.runs)}</p>" for line in m.label.lines) + "</div>"
            for m in item.markers)
        return bars + labels
    raise TypeError(f"the slides page cannot draw a {type(item).__name__}")


def _place(region: Region) -> str:
    return (f"left:{_n(region.x)}pt;top:{_n(region.y)}pt;width:{_n(region.w)}pt;"
            f"height:{_n(region.h)}pt")


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --- the reference deck's geometry, read with the standard library ---------------------------


def _geometry(reference: Path | None) -> dict:
    """Return the slide size and the title, body, subtitle and footer areas in points: from
    the reference deck's layouts where it has them, else those of sggen's own deck."""
    size = (960.0, 540.0)
    found: dict[str, Region] = {}
    try:
        with zipfile.ZipFile(reference) as package:  # type: ignore[arg-type]
            sld = ET.fromstring(package.read("ppt/presentation.xml")).find("p:sldSz", NS)
            if sld is not None:
                size = (int(sld.get("cx")) / EMU, int(sld.get("cy")) / EMU)
            for name in package.namelist():
                if name.startswith("ppt/slideLayouts/") and name.endswith(".xml"):
                    _read_layout(ET.fromstring(package.read(name)), found)
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile, ET.ParseError):
        pass  # a preview shows the default areas rather than nothing
    w, h = size
    body = found.get("body", Region(w * 0.045, h * 0.2, w * 0.91, h * 0.706))
    footer = found.get("footer", Region(body.x, h * 0.927, body.w, h * 0.047))
    if footer.y > body.y:  # content ends above the footer, as the .pptx writer's does
        body = Region(body.x, body.y, body.w, min(body.h, footer.y - FOOTER_GAP - body.y))
    return {"size": size, "body": body, "footer": footer,
            "title": found.get("title", Region(body.x, h * 0.047, body.w, h * 0.127)),
            "cover": found.get("cover", Region(body.x, h * 0.253, body.w, h * 0.213)),
            "subtitle": found.get("subtitle", Region(body.x, h * 0.493, body.w, h * 0.347))}


def _read_layout(root: ET.Element, found: dict[str, Region]) -> None:
    name = root.find("p:cSld", NS)
    name = name.get("name", "") if name is not None else ""
    for shape in root.iter(f"{{{NS['p']}}}sp"):
        ph = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
        off = shape.find("p:spPr/a:xfrm/a:off", NS)
        ext = shape.find("p:spPr/a:xfrm/a:ext", NS)
        if ph is None or off is None or ext is None:
            continue
        region = Region(int(off.get("x")) / EMU, int(off.get("y")) / EMU,
                        int(ext.get("cx")) / EMU, int(ext.get("cy")) / EMU)
        kind, idx = ph.get("type", ""), ph.get("idx", "")
        if name == "Title and Content":
            if kind == "title":
                found["title"] = region
            elif idx == BODY:
                found["body"] = region
            elif idx == FOOTERS[0]:
                found["footer"] = region
        elif name == "Title Slide":
            if kind == "ctrTitle":
                found["cover"] = region
            elif kind == "subTitle" or idx == BODY:
                found["subtitle"] = region
