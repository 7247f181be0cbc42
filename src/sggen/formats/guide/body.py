"""A Word document being written over its reference: paragraphs, runs and fields, sections
turned to landscape and back, then the package with its headers, footers, language and core
properties. The guide and the role cards both write through it."""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

from sggen.document import Meta, Run
from sggen.formats.guide import reference
from sggen.formats.guide.reference import W, q
from sggen.formats.ooxml import opc, xml
from sggen.formats.ooxml.units import half_points
from sggen.formats.ooxml.xml import Template, Xml, el, join

_MARK = "<!--sggen-->"  # where the body's text goes between the section breaks
_CONTROL = re.compile(r"(\t|\r|\n)")
PAGE_BREAK = el("w:br", {"w:type": "page"})


_P = Template("<w:p>{}</w:p>")
_P_PROPS = Template("<w:p><w:pPr>{}</w:pPr>{}</w:p>")
_EMPTY_P = el("w:p")
_RUN = Template("<w:r>{}{}</w:r>")
_RUN_TEXT = Template("<w:r>{}<w:t>{}</w:t></w:r>")
_RUN_SPACED = Template('<w:r>{}<w:t xml:space="preserve">{}</w:t></w:r>')
_T = Template("<w:t>{}</w:t>")
_T_SPACED = Template('<w:t xml:space="preserve">{}</w:t>')
_BREAK = el("w:br")
_TAB = el("w:tab")
_FIELD_CHARS = {kind: el("w:fldChar", {"w:fldCharType": kind})
                for kind in ("begin", "separate", "end")}
_INSTRUCTION = Template('<w:instrText xml:space="preserve">{}</w:instrText>')
_HAIRLINE = '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
_HAIRLINE_MARK = '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'
HAIRLINE_PT = 1.0  # the height of the paragraph that ends a section
_RESTART = Template('<w:num w:numId="{}"><w:abstractNumId w:val="{}"/><w:lvlOverride w:ilvl="0">'
                    '<w:startOverride w:val="1"/></w:lvlOverride></w:num>')


def _p(inner: Xml, props: Xml = Xml("")) -> Xml:
    """Return a paragraph (an empty one as <w:p/>)."""
    if props:
        return _P_PROPS(props, inner)
    return _P(inner) if inner else _EMPTY_P


def content(piece: str) -> Xml:
    """Return a run's content for text `piece`: a tab is a tab mark, a line end a break, the
    rest text (spaces kept when it begins or ends with one)."""
    if not piece:
        return Xml("")
    if not _CONTROL.search(piece):  # most pieces: one text element
        return _T_SPACED(piece) if piece != piece.strip() else _T(piece)
    out = []
    for part in _CONTROL.split(piece):
        if part == "\t":
            out.append(_TAB)
        elif part in ("\r", "\n"):
            out.append(_BREAK)
        elif part:
            space = "preserve" if len(part.strip()) < len(part) else None
            out.append(el("w:t", {"xml:space": space}, part))
    return join(out)


# A document's runs and paragraphs share a few formattings, and every card the same ones.
@functools.lru_cache(maxsize=256)
def _run_props(bold: bool, italic: bool, size: float | None, locale: str) -> Xml:
    return el("w:rPr", None, *((el("w:b"),) if bold else ()), *((el("w:i"),) if italic else ()),
              *((el("w:sz", {"w:val": half_points(size)}),) if size is not None else ()),
              el("w:lang", {"w:val": locale}))


@functools.lru_cache(maxsize=256)
def _style(style_id: str) -> Xml:
    return el("w:pStyle", {"w:val": style_id})


class Body:
    """A document being written: its body's XML, in pieces between section breaks, over the
    reference's emptied main part."""

    def __init__(self, reference_path: Path, locale: str) -> None:
        self.ref = reference.load(reference_path)
        self.root = copy.deepcopy(self.ref.document)
        self.section = self.root.find(f"{q('w:body')}/{q('w:sectPr')}")  # the last section's
        self.breaks: list[xml.Element] = []  # the section properties ending each piece
        self.pieces: list[list[Xml]] = [[]]
        self.add = self.pieces[0].append
        self.locale = locale
        self.numbering: xml.Element | None = None  # the reference's, once a list restarts

    def numbered(self, style: str) -> Xml:
        """Return the numbering properties of a new list of `style` that counts from one
        (the style's own numbering, restarted); none where the reference numbers no such
        style."""
        styles = self.ref.package.trees[self.ref.styles]
        found = styles.find(f"{q('w:style')}[@{q('w:styleId')}='{self.ref.ids.get(style)}']"
                            f"/{q('w:pPr')}/{q('w:numPr')}/{q('w:numId')}")
        if found is None or self.ref.numbering is None:
            return Xml("")
        if self.numbering is None:
            self.numbering = copy.deepcopy(self.ref.package.trees[self.ref.numbering])
        nums = self.numbering.findall(q("w:num"))
        base = next((n for n in nums if n.get(q("w:numId")) == found.get(q("w:val"))), None)
        if base is None:
            return Xml("")
        number = 1 + max(int(n.get(q("w:numId"))) for n in nums)
        made = xml.fragment(_RESTART(number, base.find(q("w:abstractNumId")).get(q("w:val"))),
                            {"w": reference.W})[0]
        nums[-1].addnext(made)
        return el("w:numPr", None, el("w:ilvl", {"w:val": 0}), el("w:numId", {"w:val": number}))

    def para(self, style: str = "Normal", inner: Xml = Xml(""), props: Xml = Xml("")) -> None:
        """Add a paragraph of `style` holding `inner` (runs), `props` after its style."""
        if style != "Normal":
            props = _style(self.ref.ids[style]) + props
        self.add(_p(inner, props))

    def run(self, piece: str = "", bold: bool = False, italic: bool = False,
            size: float | None = None, inner: Xml = Xml("")) -> Xml:
        """Return a run of text `piece` (tabs and line ends as Word marks them), or of
        `inner` (markup), tagged with the document's language."""
        props = _run_props(bold, italic, size, self.locale)
        if inner or not piece or _CONTROL.search(piece):
            return _RUN(props, inner or content(piece))
        # most runs: one piece of text
        return _RUN_SPACED(props, piece) if piece != piece.strip() else _RUN_TEXT(props, piece)

    def runs(self, runs: list[Run], size: float | None = None) -> Xml:
        """Return the runs of a paragraph, a line break between a text's lines."""
        out = []
        for part in runs:
            for k, piece in enumerate(part.text.split("\n")):
                if k:
                    out.append(self.run(size=size, inner=_BREAK))
                if piece:
                    out.append(self.run(piece, part.bold, part.italic, size))
        return join(out)

    def field(self, kind: str, value: str = "") -> Xml:
        """Return a run of a field: its begin, instruction, separator, result text or end."""
        if kind in _FIELD_CHARS:
            return self.run(inner=_FIELD_CHARS[kind])
        if kind == "instr":
            return self.run(inner=_INSTRUCTION(value))
        if kind == "tab":
            return self.run(inner=_TAB)
        return self.run(inner=_T_SPACED(value))

    def turn(self, landscape: bool) -> None:
        """End the section here and start one on a new page, turned as asked (headers,
        footers and page numbers carry on from the first section)."""
        section = self.section
        ended = copy.deepcopy(section)
        ended.attrib.clear()
        self.breaks.append(ended)
        for ref in section.findall(q("w:headerReference")) + section.findall(
                q("w:footerReference")):
            section.remove(ref)
        start = section.find(q("w:type"))
        if start is not None:  # a new page is the default start
            section.remove(start)
        size = section.find(q("w:pgSz"))
        width, height = int(size.get(q("w:w"))), int(size.get(q("w:h")))
        if (width > height) != landscape:
            size.set(q("w:w"), str(height))
            size.set(q("w:h"), str(width))
        if landscape:
            size.set(q("w:orient"), "landscape")
        elif q("w:orient") in size.attrib:
            del size.attrib[q("w:orient")]
        self.pieces.append([])
        self.add = self.pieces[-1].append

    def first_section(self) -> xml.Element:
        """Return the first section's properties."""
        return self.breaks[0] if self.breaks else self.section

    def xml(self) -> bytes:
        """Return the main part's XML."""
        for ended in self.breaks:
            self.section.addprevious(xml.comment("sggen"))
            paragraph = xml.new(q("w:p"))
            # the paragraph that ends a section is a hairline: after a table that fills its
            # page it never spills onto a page of its own
            props = xml.sub(paragraph, q("w:pPr"))
            props.append(xml.fragment(_HAIRLINE, {"w": reference.W})[0])
            props.append(xml.fragment(_HAIRLINE_MARK, {"w": reference.W})[0])
            props.append(ended)
            self.section.addprevious(paragraph)
        self.section.addprevious(xml.comment("sggen"))
        skeleton = xml.serialise(self.root).decode().split(_MARK)
        out = [skeleton[0]]
        for piece, after in zip(self.pieces, skeleton[1:], strict=True):
            out += [*piece, after]
        return "".join(out).encode()


def finish(w: Body, meta: Meta, header: tuple[str, str] | None = None) -> bytes:
    """Return the document as bytes: its headers and footers (the guide's `header`: the
    header's text and the word before the footer's page number), its texts tagged with its
    language and its core properties (title, language, version, status …) from `meta`."""
    first = w.first_section()
    for story in w.ref.stories:
        if story.rid:
            ref = xml.new(q(f"w:{story.kind}"))
            ref.set(q("w:type"), story.type)
            ref.set(q("r:id"), story.rid)
            # after the section's other header and footer references
            others = first.findall(q("w:headerReference")) + first.findall(
                q("w:footerReference"))
            if others:
                max(others, key=list(first).index).addnext(ref)
            else:
                first.insert(0, ref)
    written = {w.ref.package.main: w.xml()}
    if w.numbering is not None:
        written[w.ref.numbering] = xml.serialise(w.numbering)
    for story in w.ref.stories:
        root = copy.deepcopy(story.root)
        if header is not None and story.type == "default":
            _header_footer(w, root, story.kind, *header)
        reference.tag_language(root, w.locale)
        written[story.name] = xml.serialise(root)
    written[w.ref.core] = opc.core_properties(w.ref.package.trees[w.ref.core], [
        ("dc:title", meta.title), ("dc:subject", meta.subject), ("dc:creator", meta.author),
        ("dc:language", meta.language), ("cp:keywords", meta.keywords),
        ("cp:lastModifiedBy", meta.author), ("cp:revision", "1"), ("cp:version", meta.version),
        ("cp:contentStatus", meta.status)])
    return w.ref.pack(written, meta.language)


def title_page(section: xml.Element) -> None:
    """Give the section's first page a header and footer of its own: the cover stays clean."""
    mark = section.find(q("w:titlePg"))
    if mark is None:
        mark = xml.new(q("w:titlePg"))
        later = [section.find(q(t)) for t in ("w:textDirection", "w:bidi", "w:rtlGutter",
                                              "w:docGrid", "w:printerSettings",
                                              "w:sectPrChange")]
        later = [e for e in later if e is not None]
        if later:
            min(later, key=list(section).index).addprevious(mark)
        else:
            section.append(mark)
    mark.attrib.pop(q("w:val"), None)  # on is the default


def _header_footer(w: Body, root: xml.Element, kind: str, title: str, page_label: str) -> None:
    """Write the header's text, or the footer's page number after its label, into the first
    paragraph of the part `root`."""
    paragraph = root.find(q("w:p"))
    for child in list(paragraph):
        if child.tag != q("w:pPr"):
            paragraph.remove(child)
    if kind == "headerReference":
        runs = w.run(title)
    else:
        runs = join((w.run(), w.run(f"{page_label} "), w.field("begin"),
                     w.field("instr", " PAGE "), w.field("separate"), w.field("text", "1"),
                     w.field("end")))
    paragraph.extend(xml.fragment(runs, {"w": W}))
