"""The master timeline as LibreOffice renders it, for the example and for a long project (four
years of monthly meetings over sixty stages): the deck's calendar slides, the guide's figure and
a role card, each built once, validated and rendered once, then measured: every meeting and
every stage said somewhere, no text outside its box, every character of the timeline at WCAG AA
contrast with what is drawn behind it, and a slide's at 12 pt at least."""

from __future__ import annotations

import re

import pytest
from conftest import copy_workspace
from test_accessibility import contrast
from test_timeline import _monthly_project

from sggen import pipeline, read

pytestmark = pytest.mark.slow

TITLE = "Ohjausryhmän kalenteri"
CONTENT = (108.0, 489.6)  # the reference deck's content area, top to bottom (points)
AA, AA_LARGE = 4.5, 3.0
SLIDE_PT = 12.0
SLACK_PT = 0.3  # sizes in a PDF are rounded
SCALE = 3  # pixels a point in the rasterised pages


@pytest.fixture(scope="module", params=["example", "long"])
def rendered(request, tmp_path_factory) -> dict:
    """Build the deck, the guide and the cards in Finnish, validate them and render the deck,
    the guide and the first card once: what each test measures."""
    from conformance import ooxml_errors, require_tools, to_pdfs

    require_tools()
    root = tmp_path_factory.mktemp(request.param)
    ws = copy_workspace(root / "ws")
    if request.param == "long":
        _monthly_project(ws, stages=60)
    workspace = read.workspace(ws)
    pipeline.run(workspace, pipeline.Request(["example"], ("deck", "guide", "cards"), ["fi"],
                                             output=root / "out"))
    folder = root / "out" / "example"
    files = {"deck": folder / "deck.pptx", "guide": folder / "guide.docx",
             "card": sorted((folder / "cards").glob("*.docx"))[0]}
    pdfs = to_pdfs(list(files.values()), root / "pdf")
    return {"name": request.param, "files": files, "root": root,
            "errors": {kind: ooxml_errors(path) for kind, path in files.items()},
            "pdfs": {kind: pdfs[path.resolve()] for kind, path in files.items()},
            "view": _view(ws)}


def _view(ws):
    """Return the project's Finnish view: its stages and meetings as the documents say them."""
    from sggen import context

    workspace = read.workspace(ws)
    inputs = pipeline.shared(workspace, {"prince2"})
    project = read.project(workspace, inputs, "example", [])
    return context.context("example", project, inputs.libraries["prince2"],
                           workspace.settings, inputs.strings, "fi")


def _pdf(rendered, kind: str):
    path = rendered["pdfs"][kind]
    if isinstance(path, Exception):
        raise path
    import pdfplumber

    return pdfplumber.open(path)


def _timeline_pages(doc, kind: str) -> list:
    """Return the rendered pages that hold the timeline: the deck's calendar slides, the
    guide's page with the month axis, the card."""
    if kind == "deck":
        return [p for p in doc.pages if (p.extract_text() or "").lstrip().startswith(TITLE)]
    if kind == "guide":  # the page with the axis: the most January ticks, and a year
        axis = [p for p in doc.pages if re.search(r"\b20\d\d\b", p.extract_text() or "")]
        ticks = [len(re.findall(r"\btammi\b", p.extract_text() or "")) for p in axis]
        return [axis[ticks.index(max(ticks))]] if ticks and max(ticks) else []
    return list(doc.pages)


def _rgb(colour) -> tuple[float, float, float] | None:
    """Return a PDF fill colour as RGB in 0..1 (grey and CMYK converted), None if unknown."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not all(isinstance(v, (int, float))
                                                        for v in colour):
        return None
    if len(colour) == 1:
        return (float(colour[0]),) * 3
    if len(colour) == 4:
        c, m, y, k = colour
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return tuple(float(v) for v in colour) if len(colour) == 3 else None


def _behind(image, char: dict) -> tuple[float, float, float]:
    """Return the colour most of a character's box is painted in: what it stands on."""
    box = [round(char[k] * SCALE) for k in ("x0", "top", "x1", "bottom")]
    crop = image.crop((box[0], box[1], max(box[2], box[0] + 1), max(box[3], box[1] + 1)))
    _count, rgb = max(crop.getcolors(crop.width * crop.height))
    return tuple(v / 255 for v in rgb[:3])


def _poor_contrast(page, top: float = 0.0, bottom: float = 1e9) -> list[str]:
    """Return each character between `top` and `bottom` below AA contrast with its ground."""
    image = page.to_image(resolution=72 * SCALE).original.convert("RGB")
    out = []
    for char in page.chars:
        if not char["text"].strip() or not top <= char["top"] <= bottom:
            continue
        ink = _rgb(char.get("non_stroking_color"))
        if ink is None:
            out.append(f"{char['text']!r} has no colour read")
            continue
        bold = "bold" in char["fontname"].lower()
        size = char["size"]
        need = AA_LARGE if size >= 18 - SLACK_PT or (bold and size >= 14 - SLACK_PT) else AA
        ratio = contrast(ink, _behind(image, char))
        if ratio < need:
            out.append(f"{char['text']!r} at ({char['x0']:.0f}, {char['top']:.0f}) "
                       f"{ratio:.2f}:1 < {need}")
    return out


def _words(pages) -> list[str]:
    """Return the rendered words of the pages."""
    return [w["text"] for p in pages for w in p.extract_words()]


def _has(words: list[str], text: str) -> bool:
    """Return whether every word of `text` is rendered (a label wraps, and the words of one
    baseline of several labels read as one line)."""
    return set(text.split()) <= set(words)


def _numbers(pages) -> set[str]:
    """Return the words of the pages that are whole numbers: the meetings' circles and the
    legend's entries (a date is one word of its own, 15.1.2027)."""
    return {w["text"] for p in pages for w in p.extract_words() if w["text"].isdigit()}


def test_each_document_passes_the_open_xml_validator(rendered) -> None:
    assert rendered["errors"] == {"deck": [], "guide": [], "card": []}


def test_the_deck_says_every_meeting_and_every_stage_on_its_calendar_slides(rendered) -> None:
    view = rendered["view"]
    with _pdf(rendered, "deck") as doc:
        pages = _timeline_pages(doc, "deck")
        words = _words(pages)
        numbers = _numbers(pages[:1])
    assert pages and (len(pages) == 1) == (rendered["name"] == "example")
    assert {str(m.number) for m in view.meetings.calendar} <= numbers
    for stage in view.stages:  # in its bar (whole or short), or a line of the legend
        assert any(_has(words, name) for name in (stage.name, stage.short) if name), stage.name
    assert _has(words, view.deadline.text)


def test_the_calendar_slides_keep_their_text_inside_the_boxes(rendered) -> None:
    from conformance import overflow

    deck = rendered["files"]["deck"]
    with _pdf(rendered, "deck") as doc:
        numbers = {n for n, p in enumerate(doc.pages, 1)
                   if (p.extract_text() or "").lstrip().startswith(TITLE)}
    found = [m for m in overflow(deck, rendered["root"] / "overflow")
             if int(m.split(",")[0].split()[1]) in numbers]
    assert found == []


@pytest.mark.parametrize("kind", ["deck", "guide", "card"])
def test_every_character_of_the_timeline_meets_wcag_aa_as_rendered(rendered, kind) -> None:
    with _pdf(rendered, kind) as doc:
        pages = _timeline_pages(doc, kind)
        assert pages
        top, bottom = CONTENT if kind == "deck" else (0.0, 1e9)
        poor = [f"page {p.page_number}: {c}" for p in pages
                for c in _poor_contrast(p, top, bottom)]
    assert poor == []


def test_the_calendar_slides_set_no_text_below_12_pt(rendered) -> None:
    with _pdf(rendered, "deck") as doc:
        small = [f"page {p.page_number}: {c['text']!r} {c['size']:.1f} pt"
                 for p in _timeline_pages(doc, "deck") for c in p.chars
                 if c["text"].strip() and CONTENT[0] <= c["top"] <= CONTENT[1]
                 and c["size"] < SLIDE_PT - SLACK_PT]
    assert small == []


def test_the_guide_figure_and_the_card_show_every_meeting_number(rendered) -> None:
    view = rendered["view"]
    expected = {str(m.number) for m in view.meetings.calendar}
    with _pdf(rendered, "guide") as doc:
        pages = _timeline_pages(doc, "guide")
        assert pages
        assert expected <= _numbers(pages)
    with _pdf(rendered, "card") as doc:
        assert len(doc.pages) == 2  # a card is its two sides, its strip lighter where it must be
        numbers, words = _numbers(doc.pages), set(_words(doc.pages))
    # every meeting on the card: numbered in its strip, or dated in its list of meetings
    listed = all(m.day in words for m in view.meetings.calendar)
    assert expected <= numbers or listed
    assert listed or rendered["name"] == "long"  # only a long project's list is shortened
