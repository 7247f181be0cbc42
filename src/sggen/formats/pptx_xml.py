"""The deck format written directly: a Document's slides -> .pptx bytes, without an object layer.

Slide and notes XML are written from templates over the reference deck, which is read once per
process (pptx_ref.py); the parts the same in every deck are deflated once. The result is the
normalised package the object-layer writer (pptx.py, the test oracle) gives, part for part.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from sggen import layout, package
from sggen.document import Document, Meta, Run
from sggen.errors import Location, ReferenceDocError
from sggen.formats import pptx_plan, pptx_ref
from sggen.formats.pptx_plan import BODY, EMU, FOOTER, OPTIONAL, THEME_FONT
from sggen.formats.pptx_ref import CT_NOTES, CT_SLIDE, RT, Placeholder, Reference, Rel
from sggen.layout import cards, metrics
from sggen.layout import chart as charts
from sggen.layout import table as tables
from sggen.layout import text as texts
from sggen.layout.boxes import (
    Calendar,
    Chart,
    ContentSlide,
    Line,
    Sizes,
    TableBox,
    TextBox,
    Tiles,
    TitleSlide,
)

_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_NSDECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in pptx_ref.NS.items())
_TEXT_PLACEHOLDERS = {"title", "ctrTitle", "subTitle", "body", "obj"}
# A placeholder's name on a slide (and on a notes slide, where a body holds the notes).
_PH_NAMES = {"clipArt": "ClipArt Placeholder", "body": "Text Placeholder", "ctrTitle": "Title",
             "chart": "Chart Placeholder", "dt": "Date Placeholder",
             "ftr": "Footer Placeholder", "hdr": "Header Placeholder",
             "media": "Media Placeholder", "obj": "Content Placeholder",
             "dgm": "SmartArt Placeholder", "pic": "Picture Placeholder",
             "sldImg": "Slide Image Placeholder", "sldNum": "Slide Number Placeholder",
             "subTitle": "Subtitle", "tbl": "Table Placeholder", "title": "Title"}
_NOTES_NAMES = {**_PH_NAMES, "body": "Notes Placeholder"}
_STYLE = ('<p:style><a:lnRef idx="{0}"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef '
          'idx="{1}"><a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="{2}"><a:schemeClr '
          'val="accent1"/></a:effectRef><a:fontRef idx="minor"><a:schemeClr val="{3}"/>'
          "</a:fontRef></p:style>")
_SHAPE_STYLE = _STYLE.format(1, 3, 2, "lt1")
_LINE_STYLE = _STYLE.format(2, 0, 1, "tx1")
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # Office's Medium Style 2 – Accent 1
_CONTROL = re.compile(r"([\x00-\x08\x0B-\x1F])")


def check(reference: Path) -> list[str]:
    """Return what `reference` lacks that sggen uses (empty when it has everything), read
    through python-pptx: a reference it cannot open is reported here, not in a build."""
    from sggen.formats import pptx  # the object layer: costly to import, needed only here

    return pptx.check(reference)


def audit(path: Path, locale: str) -> list[str]:
    """Return what keeps a written deck from being accessible (see pptx.audit): read back
    through python-pptx, which is loaded only for this."""
    from sggen.formats import pptx  # the object layer: costly to import, needed only here

    return pptx.audit(path, locale)


def write(document: Document, reference: Path, meta: Meta, floor: float = 14.0) -> bytes:
    """Return the deck as normalised .pptx bytes, laid out so that no text leaves its box."""
    ref = pptx_ref.load(reference)
    if ref.missing:
        raise ReferenceDocError(f"reference deck lacks {ref.missing[0]}", Location(reference),
                                "run: sggen template check")
    sizes = Sizes(floor=floor)
    laid = layout.lay_out(document.slides, ref.region, sizes)
    return _package(ref, meta, [_slide(ref, slide, number, meta, sizes)
                                for number, slide in enumerate(laid, 1)])


# --- the package -----------------------------------------------------------------------------


def _package(ref: Reference, meta: Meta, slides: list[tuple[str, list[str], list[str]]]) -> bytes:
    """Return the zip of the reference's parts and the slides, each (layout part, slide XML
    with its links, notes) as python-pptx would relate, order and name them."""
    tagged, presentation = pptx_ref.tagged(ref, meta.language)
    main = next(r.target for r in ref.rels["/"] if r.type == RT + "officeDocument")
    rels = dict(ref.rels)
    made: dict[str, bytes] = {}
    types = dict(ref.types)
    main_rels = list(rels[main])
    ids = []
    notes_master = ref.notes_master if not ref.notes_parts else ""
    count = 0
    for number, (layout_part, (xml, links), notes) in enumerate(slides, 1):
        name = f"/ppt/slides/slide{number}.xml"
        rid = pptx_ref._next_rid(main_rels)
        main_rels.append(Rel(rid, RT + "slide", name))
        ids.append(f'<p:sldId id="{255 + number}" r:id="{rid}"/>')
        own = [Rel("rId1", RT + "slideLayout", layout_part)]
        for url in links:
            own.append(Rel(f"rId{len(own) + 1}", RT + "hyperlink", url, external=True))
        if notes:
            if not notes_master:
                notes_master = ref.notes_master
                main_rels.append(Rel(pptx_ref._next_rid(main_rels), RT + "notesMaster",
                                     notes_master))
                types.update(ref.notes_parts)
            count += 1
            notes_name = f"/ppt/notesSlides/notesSlide{count}.xml"
            own.append(Rel(f"rId{len(own) + 1}", RT + "notesSlide", notes_name))
            rels[notes_name] = [Rel("rId1", RT + "notesMaster", notes_master),
                                Rel("rId2", RT + "slide", name)]
            made[notes_name] = _notes(ref, notes, meta.language)
            types[notes_name] = CT_NOTES
        rels[name] = own
        made[name] = xml
        types[name] = CT_SLIDE
    rels[main] = main_rels
    made[main] = presentation.replace(b"<p:sldIdLst/>", b"<p:sldIdLst>" + "".join(
        ids).encode() + b"</p:sldIdLst>", 1) if ids else presentation
    core = next(r.target for r in ref.rels["/"] if r.type == pptx_ref.RT_CORE)
    made[core] = _core(ref, core, meta)
    order = _walk(rels)
    members = [package.deflate("[Content_Types].xml", pptx_ref.content_types(
        {part: types[part] for part in order}))]
    members.append(ref.member("_rels/.rels", pptx_ref.rels_xml("/", rels["/"])))
    for part in order:
        if part == core:
            members.append((part[1:], made[part]))  # its times are the package's to set
        elif part in made:
            members.append(package.deflate(part[1:], made[part]))
        elif part in tagged:
            members.append(tagged[part])
        elif part in ref.trees:
            members.append(ref.member(part[1:], pptx_ref.xml_bytes(ref.trees[part])))
        else:
            members.append(ref.member(part[1:], ref.blobs[part]))
        if rels.get(part):
            folder, _, leaf = part.rpartition("/")
            name = f"{folder[1:]}/_rels/{leaf}.rels"
            data = pptx_ref.rels_xml(part, rels[part])
            members.append(ref.member(name, data) if rels[part] is ref.rels.get(part)
                           else package.deflate(name, data))
    return package.pack(members)


def _walk(rels: dict[str, list[Rel]]) -> list[str]:
    """Return every part reachable from the package, depth first, as python-pptx saves them."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(source: str) -> None:
        for rel in rels.get(source, ()):
            if rel.external or rel.target in seen:
                continue
            seen.add(rel.target)
            order.append(rel.target)
            visit(rel.target)

    visit("/")
    return order


def _core(ref: Reference, part: str, meta: Meta) -> bytes:
    """Return the core properties with the document's title, subject, author and language."""
    root = copy.deepcopy(ref.trees[part])
    dc, cp = "{http://purl.org/dc/elements/1.1/}", \
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
    for tag, value in ((dc + "title", meta.title), (dc + "subject", meta.subject),
                       (dc + "creator", meta.author), (dc + "language", meta.language),
                       (cp + "keywords", meta.keywords), (cp + "lastModifiedBy", meta.author),
                       (cp + "revision", "1")):
        element = root.find(tag)
        if element is None:
            element = root.makeelement(tag)
            root.append(element)
        element.text = value
    return pptx_ref.xml_bytes(root)


def _notes(ref: Reference, notes: list[str], lang: str) -> bytes:
    """Return a notes slide: the notes master's placeholders, the notes in its body."""
    out = [_HEAD, f"<p:notes {_NSDECLS}><p:cSld><p:spTree><p:nvGrpSpPr>"
           '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr>'
           '<a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
           '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>']
    names: set[str] = set()
    filled = False
    for shape_id, (kind, idx, orient, sz) in enumerate(ref.notes_placeholders, 2):
        name = _unique(_NOTES_NAMES[kind], shape_id, orient, names)
        body = ""
        if kind in _TEXT_PLACEHOLDERS:
            text = "<a:p/>"
            if kind == "body" and not filled:
                filled = True
                text = "".join(_plain_paragraph(p, lang) for p in "\n".join(notes).split("\n"))
            body = f"<p:txBody><a:bodyPr/><a:lstStyle/>{text}</p:txBody>"
        out.append(f"<p:sp>{_ph_props(shape_id, name, kind, idx, orient, sz)}<p:spPr/>"
                   f"{body}</p:sp>")
    out.append("</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"
               "</p:notes>")
    return "".join(out).encode("utf-8")


def _plain_paragraph(text: str, lang: str) -> str:
    pieces = []
    for k, piece in enumerate(re.split("\n|\v", text)):
        if k:
            pieces.append("<a:br/>")
        if piece:
            pieces.append(f'<a:r><a:rPr lang="{lang}"/><a:t>{_text(piece)}</a:t></a:r>')
    return f"<a:p>{''.join(pieces)}</a:p>" if pieces else "<a:p/>"


# --- one slide -------------------------------------------------------------------------------


class _Page:
    """A slide being written: its shapes in order, shape ids, names and hyperlinks."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.last_id = 1
        self.names: set[str] = set()
        self.links: list[str] = []
        self.shapes: list[str] = []
        self.title = ""
        self.extents: list[list[int]] = []  # of the shapes drawn into the current group

    def extent(self, box: list[int]) -> None:
        """Note a drawn shape's (x, y, cx, cy): a group is sized to hold its shapes."""
        self.extents.append(box)

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def link(self, url: str) -> str:
        """Return the relationship id of a hyperlink (one per address, as python-pptx)."""
        if url not in self.links:
            self.links.append(url)
        return f"rId{self.links.index(url) + 2}"  # rId1 is the layout


def _slide(ref: Reference, slide: TitleSlide | ContentSlide, number: int, meta: Meta,
           sizes: Sizes) -> tuple[str, tuple[bytes, list[str]], list[str]]:
    """Return (layout part, (slide XML, hyperlinks), notes) of one laid-out slide."""
    found = ref.layouts[pptx_plan.layout_for(slide)]
    page = _Page(meta.language)
    slots = [_Slot(page, ph, _PH_NAMES) for ph in found.placeholders
             if ph.type not in pptx_ref.CLONED]
    by_idx: dict[int, _Slot] = {}
    for slot in slots:
        by_idx.setdefault(slot.ph.idx, slot)
    title_slot = by_idx[pptx_plan.TITLE]
    is_title = isinstance(slide, TitleSlide)
    ph = title_slot.ph
    title, size = texts.fit_title(slide.title, ph.cx / EMU, ph.cy / EMU,
                                  40.0 if is_title else 30.0)
    page.title = title  # what a drawn shape without text of its own is described by
    title_slot.body = ('<a:bodyPr wrap="square"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
                       f"<a:p><a:pPr>{_spacing(0.0)}</a:pPr>{_run(page, title, size)}</a:p>")
    if isinstance(slide, TitleSlide):
        sub = by_idx[BODY]
        width, height = sub.ph.cx / EMU, sub.ph.cy / EMU
        size = texts.lines_size([ln.runs for ln in slide.subtitle], width, height,
                                max(22.0, sizes.floor), sizes.floor)
        sub.body = _body({}) + "<a:lstStyle/>" + "".join(
            _paragraph(page, line.runs, size, [("algn", "l")])[0] for line in slide.subtitle)
        if not slide.subtitle:
            sub.body += "<a:p/>"
    else:
        _content(page, slide, by_idx.get(BODY), title)
    for slot in slots:
        page.shapes.insert(slots.index(slot), slot.xml())
    if isinstance(slide, ContentSlide):
        _footer(page, found, meta.footer, number, ref)
    xml = (f"{_HEAD}<p:sld {_NSDECLS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" "
           'name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
           + "".join(page.shapes) + "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/>"
           "</p:clrMapOvr></p:sld>")
    return found.part, (xml.encode("utf-8"), page.links), slide.notes


class _Slot:
    """A placeholder the slide takes from its layout, and what it is filled with."""

    def __init__(self, page: _Page, ph: Placeholder, names: dict[str, str]) -> None:
        self.ph = ph
        self.id = page.next_id()
        self.name = _unique(names[ph.type], self.id, ph.orient, page.names)
        self.xfrm = ""
        # an empty text frame for the kinds that have one, none for the others
        self.body = "<a:bodyPr/><a:lstStyle/><a:p/>" if ph.type in _TEXT_PLACEHOLDERS else ""

    def xml(self) -> str:
        body = f"<p:txBody>{self.body}</p:txBody>" if self.body else ""
        ph = self.ph
        names = _ph_props(self.id, self.name, ph.type, ph.idx, ph.orient, ph.sz)
        shape = f"<p:spPr>{self.xfrm}</p:spPr>" if self.xfrm else "<p:spPr/>"
        return f"<p:sp>{names}{shape}{body}</p:sp>"


def _content(page: _Page, slide: ContentSlide, body_slot: _Slot | None, title: str) -> None:
    """Draw a content slide's items; the first text box fills the layout's body placeholder."""
    body = slide.first(TextBox)
    for item in slide.items:
        if isinstance(item, TextBox):
            if item is body and body_slot is not None:
                body_slot.xfrm = _xfrm(item.x, item.y, item.w, item.h)
                body_slot.body = _text_frame(page, item)
            else:
                page.shapes.append(_textbox(page, item.x, item.y, item.w, item.h,
                                            _text_frame(page, item), _frame_text(item), title))
        elif isinstance(item, TableBox):
            _table(page, item, pptx_plan.description(title, item), title)
        elif isinstance(item, Chart):
            page.shapes.append(_group(page, pptx_plan.description(title, item),
                                      _chart, item))
        elif isinstance(item, Tiles):
            page.shapes.append(_group(page, pptx_plan.description(title, item),
                                      _tiles, item))
        elif isinstance(item, Calendar):
            page.shapes.append(_group(page, pptx_plan.description(title, item),
                                      _calendar, item))
        else:
            raise TypeError(f"the deck writer cannot draw a {type(item).__name__}")


def _footer(page: _Page, found: pptx_ref.Layout, text: str, number: int, ref: Reference) -> None:
    """Put the layout's footer and slide-number placeholders on the slide, filled in; the
    footer's text is set at the size the layout gives it and kept to one line."""
    size = next((ph.size for ph in found.placeholders if ph.idx == FOOTER), pptx_plan.DEFAULT_SIZE)
    for ph in found.placeholders:
        if ph.idx not in OPTIONAL:
            continue
        slot = _Slot(page, ph, _PH_NAMES)
        font = f'<a:rPr lang="{page.lang}"><a:latin typeface="{THEME_FONT}"/></a:rPr>'
        if ph.idx == FOOTER:
            # One line, always: a long project name loses its end, never its code.
            width = ph.cx / EMU - 2 * metrics.INSET_X
            short = metrics.shorten(text, width, size)
            slot.body = (f'<a:bodyPr wrap="square"><a:noAutofit/></a:bodyPr><a:p><a:r>{font}'
                         f"{_t(short)}</a:r></a:p>")
        else:
            # A slide-number field: PowerPoint and LibreOffice keep it current when slides move.
            slot.body = (f'<a:bodyPr/><a:p><a:fld id="{pptx_plan.SLIDE_NUMBER_FIELD}" '
                         f'type="slidenum">{font}<a:t>{number}</a:t></a:fld></a:p>')
        page.shapes.append(slot.xml())


# --- text ------------------------------------------------------------------------------------


def _t(text: str) -> str:
    return f"<a:t>{_text(text)}</a:t>" if text else "<a:t/>"


def _size(size: float) -> int:
    """Return a run's size in hundredths of a point, as python-pptx converts Pt()."""
    return int(size * 12700) // 127


def _run(page: _Page, text: str, size: float, bold: bool = False, italic: bool = False,
         colour: str = "", link: str = "") -> str:
    attrs = f' sz="{_size(size)}"' + (' b="1"' if bold else "") + (' i="1"' if italic else "")
    inner = f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>' if colour else ""
    if link:
        inner += f'<a:hlinkClick r:id="{page.link(link)}"/>'
    props = f'<a:rPr{attrs} lang="{page.lang}">{inner}</a:rPr>' if inner else \
        f'<a:rPr{attrs} lang="{page.lang}"/>'
    return f"<a:r>{props}{_t(text)}</a:r>"


def _spacing(before: float) -> str:
    """Return single line spacing and the space before, as fit measured them."""
    return (f'<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts '
            f'val="{int(round(before * 100))}"/></a:spcBef><a:spcAft><a:spcPts val="0"/>'
            "</a:spcAft>")


def _paragraph(page: _Page, runs: list[Run], size: float, attrs: list[tuple[str, str]],
               before: float = 0.0, bullet: str = "", colour: str = "") -> tuple[str, str]:
    """Return a paragraph's XML (properties `attrs`, spacing, `bullet`, the runs and the end
    mark at `size`) and its text as python-pptx reads it back."""
    pieces, text = [], []
    for part in runs:
        for k, piece in enumerate(part.text.split("\n")):
            if k:
                pieces.append("<a:br/>")
                text.append("\v")
            if not piece:
                continue
            link = part.link if part.link.startswith(("mailto:", "http://", "https://")) else ""
            pieces.append(_run(page, piece, size, part.bold, part.italic, colour, link))
            text.append(piece)
    props = "".join(f' {k}="{v}"' for k, v in attrs)
    # An empty paragraph still has a height: that of its end mark, which must be ours too.
    end = f'<a:endParaRPr sz="{int(round(size * 100))}" lang="{page.lang}"/>'
    return (f"<a:p><a:pPr{props}>{_spacing(before)}{bullet}</a:pPr>{''.join(pieces)}{end}"
            "</a:p>", "".join(text))


def _bullet(line: Line, start: int = 0) -> tuple[list[tuple[str, str]], str]:
    """Return the paragraph's indent attributes and bullet element, as fit measured them."""
    indent = texts.line_indent(line)
    attrs = [("marL", str(int(indent * EMU))),
             ("indent", str(int(-texts.BULLET_INDENT * EMU) if line.bullet else 0))]
    if not line.bullet:
        return attrs, "<a:buNone/>"
    if line.bullet[0].isdigit():
        at = f' startAt="{start}"' if start else ""
        return attrs, f'<a:buAutoNum type="arabicPeriod"{at}/>'
    return attrs, f'<a:buChar char="{_attr(line.bullet)}"/>'


def _text_frame(page: _Page, box: TextBox) -> str:
    """Return the text frame of a text box: fixed, wrapping, its lines and bullets."""
    out = [_body({}, "t"), "<a:lstStyle/>"]
    numbered = False
    for line in box.lines:
        # A numbered list continued from the previous slide goes on counting.
        start = line.number if line.number > 1 and not numbered and line.bullet else 0
        numbered = numbered or bool(line.number and line.bullet)
        attrs, bullet = _bullet(line, start)
        level = [("lvl", str(line.level))] if line.level else []
        out.append(_paragraph(page, line.runs, box.size, level + attrs, line.space_before,
                              bullet)[0])
    if not box.lines:
        out.append("<a:p/>")
    return "".join(out)


def _frame_text(box: TextBox) -> str:
    return "\n".join("".join(r.text.replace("\n", "\v") for r in line.runs)
                     for line in box.lines)


def _body(initial: dict[str, str], anchor: str = "", inset_x: float = metrics.INSET_X,
          inset_y: float = metrics.INSET_Y) -> str:
    """Return a bodyPr set to what fit measured: wrapping, fixed size, the insets and the
    anchor, over the `initial` attributes of a new shape's text (kept in their place)."""
    attrs = {**initial, "wrap": "square"}
    for key, value, default in (("lIns", inset_x, 91440), ("rIns", inset_x, 91440),
                                ("tIns", inset_y, 45720), ("bIns", inset_y, 45720)):
        emu = int(value * EMU)
        if emu != default:  # python-pptx leaves out an inset that is the default
            attrs[key] = str(emu)
    if anchor:
        attrs["anchor"] = anchor
    props = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f"<a:bodyPr{props}><a:noAutofit/></a:bodyPr>"


_NEW_SHAPE = {"rtlCol": "0", "anchor": "ctr"}  # a new autoshape's text: centred


# --- shapes ----------------------------------------------------------------------------------


def _emu(*values: float) -> list[int]:
    return [int(v * EMU) for v in values]


def _xfrm(x: float, y: float, w: float, h: float) -> str:
    x_, y_, w_, h_ = _emu(x, y, w, h)
    return f'<a:xfrm><a:off x="{x_}" y="{y_}"/><a:ext cx="{w_}" cy="{h_}"/></a:xfrm>'


def _descr(text: str, fallback: str) -> str:
    return _attr(" ".join(text.split()) or fallback)


def _textbox(page: _Page, x: float, y: float, w: float, h: float, frame: str, text: str,
             title: str) -> str:
    shape_id = page.next_id()
    page.extent(_emu(x, y, w, h))
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="TextBox {shape_id - 1}" '
            f'descr="{_descr(text, title)}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr>{_xfrm(x, y, w, h)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f"<a:noFill/></p:spPr><p:txBody>{frame}</p:txBody></p:sp>")


_KINDS = {"rect": "Rectangle", "roundRect": "Rounded Rectangle", "diamond": "Diamond"}


def _fill(colour: str, tint: tuple[float, float] | None = None) -> str:
    """Return a fill with a theme colour, lightened by (lumMod, lumOff) when `tint` is given."""
    if tint is None:
        return f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'
    mod, off = (int(v * 100000) for v in tint)
    return (f'<a:solidFill><a:schemeClr val="{colour}"><a:lumMod val="{mod}"/>'
            f'<a:lumOff val="{off}"/></a:schemeClr></a:solidFill>')


def _ln(colour: str, width: float, extra: str = "") -> str:
    return (f'<a:ln w="{int(width * EMU)}"><a:solidFill><a:schemeClr val="{colour}"/>'
            f"</a:solidFill>{extra}</a:ln>")


def _shape(page: _Page, prst: str, box: tuple[float, float, float, float], fill: str, line: str,
           body: str, text: str, title: str, adjust: float | None = None) -> str:
    """Return an autoshape: its geometry, fill, outline and text body (without its txBody)."""
    shape_id = page.next_id()
    page.extent(_emu(*box))
    gd = f'<a:gd name="adj" fmla="val {int(adjust * 100000)}"/>' if adjust is not None else ""
    av = f"<a:avLst>{gd}</a:avLst>" if gd else "<a:avLst/>"
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{_KINDS[prst]} {shape_id - 1}" '
            f'descr="{_descr(text, title)}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
            f'{_xfrm(*box)}<a:prstGeom prst="{prst}">{av}</a:prstGeom>{fill}{line}<a:effectLst/>'
            f"</p:spPr>{_SHAPE_STYLE}<p:txBody>{body}</p:txBody></p:sp>")


def _connector(page: _Page, x1: float, y1: float, x2: float, y2: float, line: str,
               title: str) -> str:
    """Return a straight line, written as a plain shape marked decorative: none is glued to a
    box, and LibreOffice's tagged PDF keeps a shape's description but drops a connector's."""
    shape_id = page.next_id()
    bx, by, ex, ey = _emu(x1, y1, x2, y2)
    x, y, cx, cy = min(bx, ex), min(by, ey), abs(ex - bx), abs(ey - by)
    page.extent([x, y, cx, cy])
    flip = (' flipH="1"' if bx > ex else "") + (' flipV="1"' if by > ey else "")
    decorative, adec = pptx_plan.DECORATIVE, pptx_plan.ADEC
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Connector {shape_id - 1}" '
            f'descr="{_attr(title)}"><a:extLst><a:ext uri="{decorative}"><adec:decorative '
            f'xmlns:adec="{adec}" val="1"/></a:ext></a:extLst></p:cNvPr><p:cNvSpPr/>'
            f'<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm{flip}><a:off x="{x}" y="{y}"/><a:ext '
            f'cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
            f"{line}</p:spPr>{_LINE_STYLE}</p:sp>")


def _group(page: _Page, description: str, draw, item) -> str:
    """Return a group of the shapes `draw` makes of `item`, sized to hold them all."""
    shape_id = page.next_id()
    outer = page.extents
    page.extents = []
    children = draw(page, item, page.title)
    inner, page.extents = page.extents, outer
    if inner:
        x, y = min(e[0] for e in inner), min(e[1] for e in inner)
        cx = max(e[0] + e[2] for e in inner) - x
        cy = max(e[1] + e[3] for e in inner) - y
    else:
        x = y = cx = cy = 0
    page.extent([x, y, cx, cy])
    return (f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{shape_id}" name="Group {shape_id - 1}" '
            f'descr="{_attr(description)}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr>'
            f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/><a:chOff x="{x}" '
            f'y="{y}"/><a:chExt cx="{cx}" cy="{cy}"/></a:xfrm></p:grpSpPr>{"".join(children)}'
            "</p:grpSp>")


def _table(page: _Page, box: TableBox, description: str, title: str) -> None:
    symbols = pptx_plan.SYMBOLS
    codes = {code: symbols[i % len(symbols)] for i, (code, _) in enumerate(box.symbols)}
    height = sum(box.heights)
    shape_id = page.next_id()
    x, y = _emu(box.x, box.y)
    # the frame is as wide and tall as its columns and rows, as python-pptx keeps it
    w, h = sum(_emu(*box.columns)), sum(_emu(*box.heights))
    margins = (f'marL="{int(tables.CELL_X * EMU)}" marR="{int(tables.CELL_X * EMU)}" '
               f'marT="{int(tables.CELL_Y * EMU)}" marB="{int(tables.CELL_Y * EMU)}"')
    rows = []
    for r, cells in enumerate([box.header, *box.rows]):
        out = [f'<a:tr h="{int(box.heights[r] * EMU)}">']
        for c in range(len(box.header)):
            runs = cells[c] if c < len(cells) else []
            colour = codes.get("".join(run.text for run in runs).strip())
            fill, attrs = "", []
            if colour is not None:
                # a matrix symbol: bold on its own tint, the same as in the legend
                fill = _fill(colour, pptx_plan.SYMBOL_TINT)
                attrs = [("algn", "ctr")]
                runs = [Run(run.text, bold=True) for run in runs]
            paragraph = _paragraph(page, runs, box.size, attrs)[0]
            out.append(f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{paragraph}</a:txBody>"
                       f'<a:tcPr anchor="t" {margins}>{fill}</a:tcPr></a:tc>'
                       if fill else
                       f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{paragraph}</a:txBody>"
                       f'<a:tcPr anchor="t" {margins}/></a:tc>')
        out.append("</a:tr>")
        rows.append("".join(out))
    grid = "".join(f'<a:gridCol w="{int(width * EMU)}"/>' for width in box.columns)
    page.extent([x, y, w, h])
    page.shapes.append(
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="Table '
        f'{shape_id - 1}" descr="{_attr(description)}"/><p:cNvGraphicFramePr><a:graphicFrameLocks'
        f' noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off '
        f'x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></p:xfrm><a:graphic><a:graphicData '
        f'uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr '
        f'firstRow="1" bandRow="1"><a:tableStyleId>{_TABLE_STYLE}</a:tableStyleId></a:tblPr>'
        f"<a:tblGrid>{grid}</a:tblGrid>{''.join(rows)}</a:tbl></a:graphicData></a:graphic>"
        "</p:graphicFrame>")
    if box.symbols:
        _legend(page, box, box.y + height + pptx_plan.TABLE_GAP, title)


def _legend(page: _Page, box: TableBox, top: float, title: str) -> None:
    """Draw a matrix's legend under it: each symbol on its tint, then its meaning."""
    size = layout.legend_size(Sizes(floor=box.size))
    x = box.x
    height = size * metrics.LINE + 2 * metrics.INSET_Y
    for i, (code, meaning) in enumerate(box.symbols):
        chip_w = metrics.text_width(code, size, True) / metrics.SAFETY + 2 * metrics.INSET_X + 6
        paragraph, text = _paragraph(page, [Run(code, bold=True)], size, [("algn", "ctr")],
                                     colour="tx1")
        page.shapes.append(_shape(
            page, "rect", (x, top, chip_w, height),
            _fill(pptx_plan.SYMBOLS[i % len(pptx_plan.SYMBOLS)], pptx_plan.SYMBOL_TINT),
            "<a:ln><a:noFill/></a:ln>",
            _body(_NEW_SHAPE) + "<a:lstStyle/>"
            + paragraph, text, title))
        x += chip_w + 4
        text_w = metrics.text_width(meaning, size) / metrics.SAFETY + 2 * metrics.INSET_X + 2
        paragraph, text = _paragraph(page, [Run(meaning)], size, [])
        page.shapes.append(_textbox(page, x, top, text_w, height,
                                    _body({}) + "<a:lstStyle/>" + paragraph,
                                    text, title))
        x += text_w + 14


def _chart(page: _Page, chart: Chart, title: str) -> list[str]:
    """Draw the organisation chart in native shapes that stay editable in PowerPoint."""
    out = []
    for frame in chart.frames:
        paragraph, text = _paragraph(page, [Run(frame.title, bold=True)], frame.size,
                                     [("algn", "l")], colour="tx2")
        out.append(_shape(page, "rect", (frame.x, frame.y, frame.w, frame.h),
                          _fill("accent1", pptx_plan.FRAME_TINT), _ln("accent1", 1.0),
                          _body(_NEW_SHAPE, "t")
                          + "<a:lstStyle/>" + paragraph, text, title))
    for line in chart.connectors:
        dash = '<a:prstDash val="dash"/>' if line.dashed else ""
        out.append(_connector(page, line.x1, line.y1, line.x2, line.y2,
                              _ln("accent4", 1.25, dash), title))
    for box in chart.boxes:
        colour = "tx2" if box.side else "bg1"
        paragraphs = [_paragraph(page, [Run(box.role, bold=True)], box.size, [("algn", "ctr")],
                                 colour=colour)]
        paragraphs += [_paragraph(page, [Run(line)], box.line_size or box.size,
                                  [("algn", "ctr")], colour=colour) for line in box.lines]
        dash = '<a:prstDash val="dash"/>' if box.side else ""
        out.append(_shape(page, "roundRect", (box.x, box.y, box.w, box.h),
                          _fill("bg1" if box.side else "accent1"), _ln("accent1", 1.25, dash),
                          _body(_NEW_SHAPE)
                          + "<a:lstStyle/>" + "".join(p for p, _ in paragraphs),
                          "\n".join(t for _, t in paragraphs), title, charts.CORNER))
    return out


def _tiles(page: _Page, tiles: Tiles, title: str) -> list[str]:
    """Draw tiles as rounded boxes in the theme's colours; a flow's steps darken upwards."""
    out = []
    for arrow in tiles.arrows:
        out.append(_connector(page, arrow.x1, arrow.y1, arrow.x2, arrow.y2,
                              _ln("accent1", 2.5, '<a:tailEnd type="triangle"/>'), title))
    count = max(len(tiles.cards), 1)
    for card in tiles.cards:
        top = tiles.flow and card.step == count - 1 and count > 1
        if top:
            fill = _fill("accent1")  # the top of the ladder: the accent itself
        elif tiles.flow:
            fill = _fill("accent1", pptx_plan.flow_tint(card.step, count))
        else:
            fill = _fill("accent1", pptx_plan.FRAME_TINT)
        ink = "bg1" if top else "tx2"
        # the first paragraph keeps the centring a new shape's text has
        paragraphs = [_paragraph(page, [Run(card.title, bold=True)], card.size,
                                 [("algn", "ctr")], colour=ink)]
        if card.subtitle:
            paragraphs.append(_paragraph(page, [Run(card.subtitle, italic=True)], card.small,
                                         [], colour=ink))
        for line in card.lines:
            attrs, bullet = _bullet(Line([], bullet="•"))
            paragraphs.append(_paragraph(page, [Run(line)], card.small, attrs,
                                         card.small * 0.35, bullet, ink))
        body = _body(_NEW_SHAPE, "t", metrics.INSET_X + cards.PAD, metrics.INSET_Y + cards.PAD)
        out.append(_shape(page, "roundRect", (card.x, card.y, card.w, card.h), fill,
                          _ln("accent1", 1.25), body + "<a:lstStyle/>"
                          + "".join(p for p, _ in paragraphs),
                          "\n".join(t for _, t in paragraphs), title, cards.CORNER))
    return out


def _calendar(page: _Page, calendar: Calendar, title: str) -> list[str]:
    """Draw the timeline: the axis, stages as bars, meetings as diamonds with labels."""
    out = [_connector(page, calendar.x, calendar.axis_y, calendar.x + calendar.w,
                      calendar.axis_y, _ln("accent4", 1.5), title)]
    for bar in calendar.bars:
        shown = [(line, bold) for line, bold in ((bar.name, True), (bar.note, False)) if line]
        paragraphs = [_paragraph(page, [Run(line, bold=bold)], bar.size, [("algn", "ctr")],
                                 colour="bg1") for line, bold in shown]
        text = "".join(p for p, _ in paragraphs) or '<a:p><a:pPr algn="ctr"/></a:p>'
        # white on both, dark enough for it: the accent and the theme's dark text colour
        out.append(_shape(page, "rect", (bar.x, bar.y, bar.w, bar.h),
                          _fill("tx2" if bar.shade else "accent1"), _ln("bg1", 1.5),
                          _body(_NEW_SHAPE)
                          + "<a:lstStyle/>" + text, "\n".join(t for _, t in paragraphs),
                          title))
    for marker in calendar.markers:
        label = marker.label
        edge = label.y + label.h if marker.above else label.y
        out.append(_connector(page, marker.x, marker.y, marker.x, edge,
                              _ln("accent2", 1.25, '<a:prstDash val="dash"/>'), title))
        half = 9.0
        out.append(_shape(page, "diamond", (marker.x - half, marker.y - half, 2 * half,
                                            2 * half), _fill("accent2"), _ln("bg1", 1.5),
                          '<a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr '
                          'algn="ctr"/></a:p>', "", title))
        paragraphs = [_paragraph(page, line.runs, label.size, [("algn", "ctr")], colour="tx2")
                      for line in label.lines]
        body = _body({}, "b" if marker.above else "t")
        out.append(_textbox(page, label.x, label.y, label.w, label.h,
                            body + "<a:lstStyle/>" + ("".join(p for p, _ in paragraphs)
                                                      or "<a:p/>"),
                            "\n".join(t for _, t in paragraphs), title))
    return out


def _unique(base: str, shape_id: int, orient: str, names: set[str]) -> str:
    """Return the placeholder's name: its kind and number, unique on the slide."""
    if orient == "vert":
        base = f"Vertical {base}"
    number = shape_id - 1
    while f"{base} {number}" in names:
        number += 1
    names.add(f"{base} {number}")
    return f"{base} {number}"


def _ph_props(shape_id: int, name: str, kind: str, idx: int, orient: str, sz: str) -> str:
    attrs = "".join(f' {k}="{v}"' for k, v, default in (
        ("type", kind, "obj"), ("idx", idx, 0), ("orient", orient, "horz"), ("sz", sz, "full"))
        if v != default)
    return (f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="{_attr(name)}"/><p:cNvSpPr>'
            f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph{attrs}/></p:nvPr></p:nvSpPr>')


def _text(text: str) -> str:
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\r", "&#13;")


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;") \
        .replace("\t", "&#9;")
