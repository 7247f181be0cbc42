"""The deck format: a Document's slides -> .pptx bytes, laid out so that no text leaves its box.

Slides and notes are written as XML over the reference deck, which is read once per process
(reference.py); the parts the same in every deck are deflated once. Each laid-out item is
drawn through one table (visuals.DRAW).
"""

from __future__ import annotations

import functools
from pathlib import Path

from sggen import layout
from sggen.document import Block, Document, Meta, Run, Timeline
from sggen.errors import Location, ReferenceDocError
from sggen.formats.deck import plan, reference
from sggen.formats.deck.plan import BODY, FOOTER, OPTIONAL, THEME_FONT
from sggen.formats.deck.reference import CT_NOTES, CT_SLIDE, RT, Layout, Placeholder, Reference
from sggen.formats.deck.slide import (
    EMPTY,
    LIST_STYLE,
    NOTES_NAMES,
    NSDECLS,
    PH_NAMES,
    TEXT_PLACEHOLDERS,
    TREE_START,
    Page,
    Para,
    body,
    paragraph,
    ph_props,
    plain_paragraph,
    run,
    spacing,
    text_frame,
    unique,
    xfrm,
)
from sggen.formats.deck.visuals import DRAW
from sggen.formats.ooxml import opc, xml
from sggen.formats.ooxml.opc import Rel
from sggen.formats.ooxml.units import points
from sggen.formats.ooxml.xml import Template, Xml, el, join
from sggen.layout import metrics
from sggen.layout import text as texts
from sggen.layout.boxes import Calendar, ContentSlide, Sizes, TextBox, TitleSlide

_FIXED = el("a:bodyPr", {"wrap": "square"}, el("a:noAutofit"))  # a title's and a footer's
_NO_FRAME = el("p:grpSpPr", None, el("a:xfrm", None, el("a:off", {"x": 0, "y": 0}),
                                     el("a:ext", {"cx": 0, "cy": 0}),
                                     el("a:chOff", {"x": 0, "y": 0}),
                                     el("a:chExt", {"cx": 0, "cy": 0})))
_COLOURS = el("p:clrMapOvr", None, el("a:masterClrMapping"))
_EMPTY_TEXT = el("a:bodyPr") + LIST_STYLE + EMPTY
_PLACEHOLDER = Template("<p:sp>{}<p:spPr>{}</p:spPr></p:sp>")
_TEXT_PLACEHOLDER = Template("<p:sp>{}<p:spPr>{}</p:spPr><p:txBody>{}</p:txBody></p:sp>")
_SLIDE = Template("<p:sld", xml.attributes(NSDECLS), "><p:cSld><p:spTree>", TREE_START,
                  el("p:grpSpPr"), "{}</p:spTree></p:cSld>", _COLOURS, "</p:sld>")
_NOTES = Template("<p:notes", xml.attributes(NSDECLS), "><p:cSld><p:spTree>", TREE_START,
                  _NO_FRAME, "{}</p:spTree></p:cSld>", _COLOURS, "</p:notes>")
_TITLE = Template(_FIXED, LIST_STYLE, "<a:p><a:pPr>", spacing(0.0), "</a:pPr>{}</a:p>")
_FOOTER = Template(_FIXED, "<a:p><a:r>{}<a:t>{}</a:t></a:r></a:p>")
_NUMBER = Template(el("a:bodyPr"), '<a:p><a:fld id="', plan.SLIDE_NUMBER_FIELD,
                   '" type="slidenum">{}<a:t>{}</a:t></a:fld></a:p>')


def check(reference_path: Path) -> list[str]:
    """Return what the reference deck lacks that sggen uses (empty when it has everything),
    read through python-pptx: a reference it cannot open is reported here, not in a build."""
    from sggen.formats.ooxml import audit  # python-pptx: costly to import, needed only here

    return plan.choose_layouts([plan.Found(*found)
                                for found in audit.deck_layouts(reference_path)])[1]


def audit(path: Path, locale: str) -> list[str]:
    """Return what keeps a written deck from being accessible, read back through python-pptx
    (loaded only for this)."""
    from sggen.formats.ooxml import audit as reader

    return reader.deck_audit(path, locale, OPTIONAL)


def write(document: Document, reference_path: Path, meta: Meta, floor: float = 14.0) -> bytes:
    """Return the deck as .pptx bytes, laid out so that no text leaves its box."""
    ref = reference.load(reference_path)
    if ref.missing:
        raise ReferenceDocError(f"reference deck lacks {ref.missing[0]}",
                                Location(reference_path), "run: sggen template check")
    sizes = Sizes(floor=floor)
    laid = layout.lay_out(document.slides, ref.region, sizes)
    return _package(ref, meta, [_slide(ref, slide, number, meta, sizes)
                                for number, slide in enumerate(laid, 1)])


def cautions(document: Document, reference_path: Path, floor: float = 14.0
             ) -> list[tuple[Block, str]]:
    """Return what the deck has to warn of in `document`, block by block: a timeline whose
    slide has no room for some labels (its legend names them)."""
    ref = reference.load(reference_path)
    out = []
    for slide in document.slides:
        for block in slide.blocks:
            if not isinstance(block, Timeline) or ref.missing:
                continue
            laid = layout.lay_out([slide], ref.region, Sizes(floor=floor))
            left = [entry for page in laid if isinstance(page, ContentSlide)
                    for item in page.items if isinstance(item, Calendar)
                    for entry in item.left_out]
            if left:
                out.append((block, f"the slide '{slide.title}' has no room for {len(left)} "
                                   f"of the timeline's labels; its legend names them"))
    return out


# --- the package -----------------------------------------------------------------------------


def _package(ref: Reference, meta: Meta, slides: list[tuple[str, bytes, list[str], list[str]]]
             ) -> bytes:
    """Return the package of the reference's parts and the slides, each (layout part, slide
    XML, its hyperlinks, its notes)."""
    found = ref.package
    members, presentation = reference.tagged(ref, meta.language)
    written: dict = dict(members)
    rels, types = dict(found.rels), dict(found.types)
    main_rels = list(rels[found.main])
    ids = []
    notes_master = ref.notes_master if ref.own_notes else ""
    count = 0
    for number, (layout_part, data, links, notes) in enumerate(slides, 1):
        name = f"/ppt/slides/slide{number}.xml"
        rid = opc.next_rid(main_rels)
        main_rels.append(Rel(rid, RT + "slide", name))
        ids.append(el("p:sldId", {"id": 255 + number, "r:id": rid}))
        own = [Rel("rId1", RT + "slideLayout", layout_part)]
        own += [Rel(f"rId{k}", RT + "hyperlink", url, external=True)
                for k, url in enumerate(links, 2)]
        if notes:
            if not notes_master:
                notes_master = ref.notes_master
                main_rels.append(Rel(opc.next_rid(main_rels), RT + "notesMaster", notes_master))
            count += 1
            notes_name = f"/ppt/notesSlides/notesSlide{count}.xml"
            own.append(Rel(f"rId{len(own) + 1}", RT + "notesSlide", notes_name))
            rels[notes_name] = [Rel("rId1", RT + "notesMaster", notes_master),
                                Rel("rId2", RT + "slide", name)]
            written[notes_name] = _notes(ref, notes, meta.language)
            types[notes_name] = CT_NOTES
        rels[name], written[name], types[name] = own, data, CT_SLIDE
    rels[found.main] = main_rels
    written[found.main] = presentation.replace(b"<p:sldIdLst/>", b"<p:sldIdLst>" + "".join(
        ids).encode() + b"</p:sldIdLst>", 1) if ids else presentation
    core = found.target("/", "/metadata/core-properties")
    written[core] = opc.core_properties(found.trees[core], [
        ("dc:title", meta.title), ("dc:subject", meta.subject), ("dc:creator", meta.author),
        ("dc:language", meta.language), ("cp:keywords", meta.keywords),
        ("cp:lastModifiedBy", meta.author), ("cp:revision", "1")])
    return opc.pack(found, opc.frame(found, opc.walk(rels), rels, types), written)


def _notes(ref: Reference, notes: list[str], lang: str) -> bytes:
    """Return a notes slide: the notes master's placeholders, the notes in its body."""
    shapes = []
    names: set[str] = set()
    filled = False
    for shape_id, (kind, idx, orient, sz) in enumerate(ref.notes_placeholders, 2):
        ph = Placeholder(kind, idx, orient, sz, None, None, None, None, 0.0)
        name = unique(NOTES_NAMES[kind], shape_id, orient, names)
        if kind not in TEXT_PLACEHOLDERS:
            shapes.append(_PLACEHOLDER(ph_props(shape_id, name, ph), Xml("")))
            continue
        lines = EMPTY
        if kind == "body" and not filled:
            filled = True
            lines = join(plain_paragraph(p, lang) for p in "\n".join(notes).split("\n"))
        shapes.append(_TEXT_PLACEHOLDER(ph_props(shape_id, name, ph), Xml(""),
                                        el("a:bodyPr") + LIST_STYLE + lines))
    return xml.part(_NOTES(join(shapes)))


# --- one slide -------------------------------------------------------------------------------


class _Slot:
    """A placeholder the slide takes from its layout, and what it is filled with."""

    def __init__(self, page: Page, ph: Placeholder) -> None:
        self.ph = ph
        self.id = page.next_id()
        self.name = unique(PH_NAMES[ph.type], self.id, ph.orient, page.names)
        self.xfrm = Xml("")
        # an empty text frame for the kinds that have one, none for the others
        self.body = _EMPTY_TEXT if ph.type in TEXT_PLACEHOLDERS else Xml("")

    def xml(self) -> Xml:
        """Return the placeholder's shape."""
        props = ph_props(self.id, self.name, self.ph)
        if self.body:
            return _TEXT_PLACEHOLDER(props, self.xfrm, self.body)
        return _PLACEHOLDER(props, self.xfrm)


def _slide(ref: Reference, slide: TitleSlide | ContentSlide, number: int, meta: Meta,
           sizes: Sizes) -> tuple[str, bytes, list[str], list[str]]:
    """Return (layout part, slide XML, hyperlinks, notes) of one laid-out slide."""
    found = ref.layouts[plan.layout_for(slide)]
    page = Page(meta.language)
    slots = [_Slot(page, ph) for ph in found.placeholders if ph.type not in reference.CLONED]
    by_idx: dict[int, _Slot] = {}
    for slot in slots:
        by_idx.setdefault(slot.ph.idx, slot)
    _title(page, by_idx[plan.TITLE], slide)
    if isinstance(slide, TitleSlide):
        _subtitle(page, by_idx[BODY], slide, sizes)
    else:
        _content(page, slide, by_idx.get(BODY))
    page.shapes[:0] = [slot.xml() for slot in slots]
    if isinstance(slide, ContentSlide):
        _footer(page, found, meta.footer, number)
    data = xml.part(_SLIDE(join(page.shapes)))
    return found.part, data, page.links, slide.notes


def _title(page: Page, slot: _Slot, slide: TitleSlide | ContentSlide) -> None:
    ph = slot.ph
    base = plan.TITLE_SIZES["title" if isinstance(slide, TitleSlide) else "content"]
    title, size = texts.fit_title(slide.title, points(ph.cx), points(ph.cy), base)
    page.title = title  # what a drawn shape without text of its own is described by
    slot.body = _TITLE(run(page, Run(title), size))


def _subtitle(page: Page, slot: _Slot, slide: TitleSlide, sizes: Sizes) -> None:
    width, height = points(slot.ph.cx), points(slot.ph.cy)
    size = texts.lines_size([ln.runs for ln in slide.subtitle], width, height,
                            max(22.0, sizes.floor), sizes.floor)
    lines = [paragraph(page, Para(line.runs, size, {"algn": "l"}))[0] for line in slide.subtitle]
    slot.body = body({}) + LIST_STYLE + (xml.join(lines) if lines else EMPTY)


def _content(page: Page, slide: ContentSlide, body_slot: _Slot | None) -> None:
    """Draw a content slide's items; the first text box fills the layout's body placeholder."""
    first = slide.first(TextBox)
    for item in slide.items:
        if item is first and body_slot is not None:
            body_slot.xfrm = xfrm(item.x, item.y, item.w, item.h)
            body_slot.body = text_frame(page, item)
        else:
            DRAW[type(item)].draw(page, item)


@functools.lru_cache(maxsize=32)
def _footer_font(lang: str) -> Xml:
    return el("a:rPr", {"lang": lang}, el("a:latin", {"typeface": THEME_FONT}))


def _footer(page: Page, found: Layout, text: str, number: int) -> None:
    """Put the layout's footer and slide-number placeholders on the slide, filled in; the
    footer's text is set at the size the layout gives it and kept to one line."""
    footer = found.get(FOOTER)
    size = footer.size if footer is not None else plan.DEFAULT_SIZE
    for ph in found.placeholders:
        if ph.idx not in OPTIONAL:
            continue
        slot = _Slot(page, ph)
        font = _footer_font(page.lang)
        if ph.idx == FOOTER:
            # One line, always: a long project name loses its end, never its code.
            short = metrics.shorten(text, points(ph.cx) - 2 * metrics.INSET_X, size)
            slot.body = _FOOTER(font, short)
        else:
            # A slide-number field: PowerPoint and LibreOffice keep it current when slides move.
            slot.body = _NUMBER(font, str(number))
        page.shapes.append(slot.xml())
