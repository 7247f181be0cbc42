"""A kickoff deck measured as LibreOffice renders it: how long its story is, how much of each of
its boxes the text fills, how much of a slide continued from another is inked, and each
character's size and its contrast with what is drawn behind it.

The boxes come from the overflow check's marked rendering (conformance.marked_render); sizes,
colours and ink from the deck's own PDF, rasterised at one pixel a point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from conformance import EMU_PER_PT, Placed, Rect

MAX_MAIN_SLIDES = 16
MAX_WORDS = 89  # every main slide under 90 body words
MAX_APPENDIX = 10  # the appendix, its divider included
MIN_FILL = 0.5  # a box's text uses at least half its height
MIN_INK = 0.4  # a slide continued from another is at least 40 % inked
MIN_PT = 12.0  # main-slide text
AA, AA_LARGE = 4.5, 3.0  # WCAG 2.1 AA: normal text, large text (18 pt, or 14 pt bold)
SLACK_PT = 0.3  # PDF sizes are rounded
SPLIT = re.compile(r"\((\d+)/(\d+)\)\s*$")


@dataclass
class SlideFacts:
    """What the file says of one slide: where it stands in the deck and where its frame is."""

    no: int
    title: str
    main: bool  # before the appendix's divider
    cover: bool  # a title slide (the cover or a divider)
    split: bool  # one of the slides a long content was split over: "(2/3)"
    words: int  # words of the body, without the title, footer and slide number
    frames: list[Rect]  # the title, footer, slide number and date
    footers: list[Rect]  # the footer, slide number and date
    body: Rect  # between the title and the footer


def facts(pptx_path: str | Path) -> list[SlideFacts]:
    """Return the facts of every slide of a deck."""
    from conftest import all_shapes
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    prs = Presentation(str(pptx_path))
    width, height = prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT
    titles = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    footers = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)
    out, main = [], True
    for no, slide in enumerate(prs.slides, start=1):
        cover = slide.slide_layout.name == "Title Slide"
        main = main and not (cover and no > 1)
        boxes = {kind: [_box(s) for s in slide.shapes if _kind(s) in kind]
                 for kind in (titles, footers)}
        body = [s for s in all_shapes(slide.shapes) if _kind(s) not in (*titles, *footers)]
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        top = max((b[3] for b in boxes[titles]), default=0.0)
        bottom = min((b[1] for b in boxes[footers]), default=height)
        left = min((b[0] for b in boxes[titles]), default=0.0)
        out.append(SlideFacts(no, title, main, cover, bool(SPLIT.search(title)), _words(body),
                              boxes[titles] + boxes[footers], boxes[footers],
                              (left, top, width - left, bottom)))
    return out


def _kind(shape):
    return shape.placeholder_format.type if shape.is_placeholder else None


def _box(shape) -> Rect:
    x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
    return (x, y, x + shape.width / EMU_PER_PT, y + shape.height / EMU_PER_PT)


def _words(shapes: Iterable) -> int:
    count = 0
    for shape in shapes:
        if shape.has_text_frame:
            count += len(shape.text_frame.text.split())
        if getattr(shape, "has_table", False):
            count += sum(len(c.text.split()) for row in shape.table.rows for c in row.cells)
    return count


# --- the story -------------------------------------------------------------------------------


def story(slides: list[SlideFacts]) -> list[str]:
    """Return what makes the deck too long: too many main slides, too many words on one, too
    many slides in the appendix."""
    main = [s for s in slides if s.main]
    problems = [f"{len(main)} main slides (at most {MAX_MAIN_SLIDES})"] \
        if len(main) > MAX_MAIN_SLIDES else []
    problems += [f"slide {s.no} {s.title!r}: {s.words} body words (under {MAX_WORDS + 1})"
                 for s in main if s.words > MAX_WORDS]
    appendix = len(slides) - len(main)
    if appendix > MAX_APPENDIX:
        problems.append(f"{appendix} appendix slides (at most {MAX_APPENDIX})")
    return problems


# --- how the text fills its boxes (the marked rendering) -------------------------------------


def thin_boxes(slides: list[SlideFacts], placed: Placed) -> list[str]:
    """Return each box of a main slide (a text box, a tile, a table row) whose rendered text
    uses under half of its height. A diagram's boxes (the chart's, the timeline's) are drawn to
    the diagram's measure and are not counted."""
    by_no = {s.no: s for s in slides}
    problems = []
    for no, targets in placed:
        slide = by_no[no]
        if not slide.main or slide.cover:
            continue
        rows: dict[tuple, list] = {}
        for target in targets:
            if target.frame or target.diagram or not target.chars:
                continue
            if target.table:
                rows.setdefault((target.table, target.box[1], target.box[3]), []).append(target)
                continue
            used = _extent(target.chars) / max(target.box[3] - target.box[1], 1.0)
            if used < MIN_FILL:
                problems.append(f"slide {no} {slide.title!r}, {target.label} "
                                f"{_short(target.text)!r}: its text uses {used:.0%} of its height")
        for (table, top, bottom), cells in rows.items():
            used = max(_extent(c.chars) for c in cells) / max(bottom - top, 1.0)
            if used < MIN_FILL:
                problems.append(f"slide {no} {slide.title!r}, {table} row "
                                f"{_short(cells[0].text)!r}: its text uses {used:.0%} of its "
                                "height")
    return problems


def _extent(chars: list[dict]) -> float:
    return max(c["bottom"] for c in chars) - min(c["top"] for c in chars)


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- sizes, contrast and ink (the deck's own PDF) --------------------------------------------


def rendered(pdf_path: str | Path, slides: list[SlideFacts]) -> dict[str, list[str]]:
    """Return, by measure, what the rendered deck fails: "contrast" (a word under AA against
    the pixels behind it), "small" (main-slide text under 12 pt, the footer aside) and "ink"
    (a split slide under 40 % inked)."""
    import pdfplumber

    problems: dict[str, list[str]] = {"contrast": [], "small": [], "ink": []}
    with pdfplumber.open(str(pdf_path)) as pdf:
        for page, slide in zip(pdf.pages, slides, strict=True):
            image = page.to_image(resolution=72).original.convert("RGB")
            scale = image.width / float(page.width)
            words = _words_of(page.chars)
            problems["contrast"] += _contrast(slide, words, image, scale)
            if slide.main:
                problems["small"] += _small(slide, words)
            if slide.split:
                problems["ink"] += _ink(slide, image, scale)
    return problems


@dataclass
class _Word:
    text: str
    box: Rect
    size: float  # the largest size of its characters, in points
    bold: bool
    colour: tuple[float, float, float] | None


def _words_of(chars: list[dict]) -> list[_Word]:
    """Return the rendered characters joined into words: same line, same colour, no gap."""
    words: list[_Word] = []
    last = None
    for char in chars:
        if not char["text"].strip():
            last = None
            continue
        colour = _rgb(char.get("non_stroking_color"))
        bold = "bold" in char.get("fontname", "").lower()
        box = (char["x0"], char["top"], char["x1"], char["bottom"])
        size = _size(char)
        joins = last is not None and last.colour == colour and \
            abs(box[1] - last.box[1]) < char["size"] / 2 and \
            -1.0 <= box[0] - last.box[2] < char["size"] * 0.15
        if joins:
            last.text += char["text"]
            last.box = (last.box[0], min(last.box[1], box[1]), box[2], max(last.box[3], box[3]))
            last.size, last.bold = max(last.size, size), last.bold or bold
        else:
            last = _Word(char["text"], box, size, bold, colour)
            words.append(last)
    return words


def _size(char: dict) -> float:
    """Return a character's type size; an upright (turned) character's box is as wide as its
    type is high, where its height is its advance."""
    return char["size"] if char.get("upright", True) else char["x1"] - char["x0"]


def _rgb(colour) -> tuple[float, float, float] | None:
    """Return a PDF fill colour as RGB in 0..1 (grey and CMYK converted), None if unknown."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or \
            not all(isinstance(v, (int, float)) for v in colour):
        return None
    if len(colour) == 1:
        return (float(colour[0]),) * 3
    if len(colour) == 3:
        return tuple(float(v) for v in colour)
    if len(colour) == 4:
        c, m, y, k = colour
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _contrast(slide: SlideFacts, words: list[_Word], image, scale: float) -> list[str]:
    out = []
    for word in words:
        if word.colour is None:
            out.append(f"slide {slide.no} {slide.title!r}: {word.text!r} has no colour we read")
            continue
        behind = _behind(image, word.box, scale)
        ratio = contrast(word.colour, behind)
        large = word.size >= 18 - SLACK_PT or (word.bold and word.size >= 14 - SLACK_PT)
        need = AA_LARGE if large else AA
        if ratio < need:
            out.append(f"slide {slide.no} {slide.title!r}: {word.text!r} at {ratio:.2f}:1 "
                       f"(needs {need}:1)")
    return out


def _behind(image, box: Rect, scale: float) -> tuple[float, float, float]:
    """Return the colour most of a word's box is painted in: what the word stands on (the
    glyphs cover far less of their box than the ground around them)."""
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    crop = image.crop((x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)))
    _count, rgb = max(crop.getcolors(crop.width * crop.height))
    return tuple(v / 255 for v in rgb)


def contrast(a, b) -> float:
    """Return the WCAG contrast ratio of two RGB colours (0..1)."""
    def luminance(rgb) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = map(channel, rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _small(slide: SlideFacts, words: list[_Word]) -> list[str]:
    out = []
    for word in words:
        cx, cy = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
        in_footer = any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in slide.footers)
        if not in_footer and word.size < MIN_PT - SLACK_PT:
            out.append(f"slide {slide.no} {slide.title!r}: {word.text!r} at {word.size:.1f} pt")
    return out


def _ink(slide: SlideFacts, image, scale: float) -> list[str]:
    """Return a message if the inked part of the slide's body (the box around everything drawn
    between the title and the footer) covers under 40 % of it."""
    from PIL import ImageChops

    x0, y0, x1, y1 = (round(v * scale) for v in slide.body)
    body = image.crop((x0, y0, x1, y1))
    ground = image.getpixel((1, image.height // 2))  # the slide's own background
    ink = ImageChops.difference(body, _filled(body, ground)).convert("L").point(
        lambda v: 255 if v > 24 else 0)
    box = ink.getbbox()
    share = 0.0 if box is None else \
        (box[2] - box[0]) * (box[3] - box[1]) / max(body.width * body.height, 1)
    return [] if share >= MIN_INK else \
        [f"slide {slide.no} {slide.title!r}: {share:.0%} of its body inked"]


def _filled(like, colour):
    from PIL import Image

    return Image.new("RGB", like.size, colour)


# --- one rendering each, many measures -------------------------------------------------------


def marked_measures(pptx_path: str | Path, workdir: str | Path) -> dict[str, list[str]]:
    """Return the measures of the marked rendering: "overflow" (conformance.overflow's),
    "thin" (thin_boxes) and "story" (story, from the file)."""
    from conformance import marked_render

    slides = facts(pptx_path)
    problems, placed = marked_render(pptx_path, workdir)
    return {"overflow": problems, "thin": thin_boxes(slides, placed), "story": story(slides)}


def pdf_measures(pptx_path: str | Path, pdf_path: str | Path) -> dict[str, list[str]]:
    """Return the measures of the deck's own PDF (rendered): contrast, small, ink."""
    return rendered(pdf_path, facts(pptx_path))
