"""The reference deck read once per process and file version, for the fast deck writer.

Holds what python-pptx would load from it (the parts reachable from the package's
relationships, XML parts re-parsed as it parses them), the layouts sggen uses with their
placeholders' inherited geometry, the content area, the footer sizes, the notes master, and
every part that is the same in each deck already deflated.
"""

from __future__ import annotations

import functools
import importlib.util
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from sggen import package
from sggen.errors import Location, ReferenceDocError
from sggen.formats import document_types, pptx_plan
from sggen.layout.boxes import Region

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_A, _P = f"{{{NS['a']}}}", f"{{{NS['p']}}}"
_R_ID = f"{{{NS['r']}}}id"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument."
CT_SLIDE = CT + "presentationml.slide+xml"
CT_NOTES = CT + "presentationml.notesSlide+xml"
CT_NOTES_MASTER = CT + "presentationml.notesMaster+xml"
CT_THEME = CT + "theme+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

# The parts python-pptx parses (and so writes back re-serialised); it keeps the others' bytes.
XML_PARTS = {CT + "presentationml." + kind for kind in (
    "presentation.main+xml", "presentation.macroEnabled.main+xml", "template.main+xml",
    "slideshow.main+xml", "notesMaster+xml", "notesSlide+xml", "slide+xml", "slideLayout+xml",
    "slideMaster+xml")} | {CT_CORE, CT + "drawingml.chart+xml"}
# Extensions whose parts a package names by a Default content type rather than an Override
# (ECMA-376 part 2's usual defaults, as python-pptx writes them).
DEFAULTS = {
    ("bin", CT + "presentationml.printerSettings"), ("bin", CT + "spreadsheetml.printerSettings"),
    ("bin", CT + "wordprocessingml.printerSettings"), ("bmp", "image/bmp"),
    ("emf", "image/x-emf"), ("fntdata", "application/x-fontdata"), ("gif", "image/gif"),
    ("jpe", "image/jpeg"), ("jpeg", "image/jpeg"), ("jpg", "image/jpeg"),
    ("mov", "video/quicktime"), ("mp4", "video/mp4"), ("mpg", "video/mpeg"),
    ("png", "image/png"), ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
    ("tif", "image/tiff"), ("tiff", "image/tiff"), ("vid", "video/unknown"),
    ("wdp", "image/vnd.ms-photo"), ("wmf", "image/x-wmf"), ("wmv", "video/x-ms-wmv"),
    ("xlsx", CT + "spreadsheetml.sheet"), ("xml", "application/xml"),
}
# A placeholder of a layout inherits what it does not set from the master's of this type.
BASE_TYPE = {"body": "body", "chart": "body", "clipArt": "body", "ctrTitle": "title",
             "dgm": "body", "dt": "dt", "ftr": "ftr", "media": "body", "obj": "body",
             "pic": "body", "sldNum": "sldNum", "subTitle": "body", "tbl": "body",
             "title": "title"}
CLONED = {"dt", "ftr", "sldNum"}  # a new slide does not copy these from its layout
PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


@dataclass(frozen=True)
class Rel:
    """One relationship: its id, type and target (a partname, or a URL when external)."""

    rid: str
    type: str
    target: str
    external: bool = False


@dataclass(frozen=True)
class Placeholder:
    """A layout's placeholder: its ph attributes and its geometry in EMU, inherited from the
    master where the layout does not set it."""

    type: str  # "obj" when the element names none
    idx: int
    orient: str
    sz: str
    x: int | None
    y: int | None
    cx: int | None
    cy: int | None
    size: float  # the font size it gives its text


@dataclass(frozen=True)
class Layout:
    """A slide layout: its part and its placeholders in document order."""

    name: str
    part: str
    placeholders: tuple[Placeholder, ...]

    def get(self, idx: int) -> Placeholder:
        """Return the placeholder with `idx`."""
        return next(ph for ph in self.placeholders if ph.idx == idx)


@dataclass(eq=False)  # one per file version (load() caches it), hashed by identity
class Reference:
    """What the fast writer needs of one version of a reference deck."""

    path: Path
    types: dict[str, str]  # partname -> content type, of every reachable part
    rels: dict[str, list[Rel]]  # "/" (the package) or a partname -> its relationships
    blobs: dict[str, bytes]  # parts kept as they are
    trees: dict[str, etree._Element]  # parts python-pptx parses
    layouts: dict[str, Layout]  # by the name sggen uses
    missing: list[str]
    slide_height: float  # points
    region: Region | None  # where content may go (None when a layout is missing)
    notes_master: str  # its partname
    notes_parts: dict[str, str]  # the notes master and theme to add with the first notes
    notes_placeholders: tuple[tuple[str, int, str, str], ...]  # (type, idx, orient, sz)
    members: dict[str, package.Member] = field(default_factory=dict)  # deflated, unchanged

    def member(self, name: str, data: bytes) -> package.Member:
        """Return the part deflated, once per Reference."""
        if name not in self.members:
            self.members[name] = package.deflate(name, data)
        return self.members[name]


def load(path: Path) -> Reference:
    """Return the reference deck at `path`, read once per process for each version of it."""
    info = path.stat()
    return _load(str(path), info.st_size, info.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load(name: str, size: int, mtime_ns: int) -> Reference:
    path = Path(name)
    try:
        return _read(path)
    except ReferenceDocError:
        raise
    except Exception as exc:  # a broken package fails in many ways, as it does for python-pptx
        raise ReferenceDocError(f"cannot open reference deck: {exc}", Location(path)) from None


def _read(path: Path) -> Reference:
    with zipfile.ZipFile(path) as source:
        raw = {info.filename: source.read(info) for info in source.infolist()}
    types = _content_types(document_types(raw["[Content_Types].xml"]))
    rels: dict[str, list[Rel]] = {}
    blobs: dict[str, bytes] = {}
    trees: dict[str, etree._Element] = {}
    found: dict[str, str] = {}

    def visit(source: str) -> None:
        rels[source] = _rels(raw, source)
        for rel in rels[source]:
            if rel.external or rel.target in found:
                continue
            ext = rel.target.rsplit(".", 1)[-1].lower()
            found[rel.target] = types["override"].get(rel.target.lower()) or \
                types["default"][ext]
            data = raw[rel.target[1:]]
            if found[rel.target] in XML_PARTS:
                trees[rel.target] = etree.fromstring(data, PARSER)
            else:
                blobs[rel.target] = data
            visit(rel.target)

    visit("/")
    main = next(r.target for r in rels["/"] if r.type == RT + "officeDocument")
    presentation = trees[main]
    _drop_slides(presentation, rels[main])
    master = next(r.target for r in rels[main] if r.type == RT + "slideMaster")
    masters = _placeholders(trees[master])
    layouts = [r.target for r in rels[master] if r.type == RT + "slideLayout"]
    chosen, missing = pptx_plan.choose_layouts([pptx_plan.Found(
        trees[part].find(f"{_P}cSld").get("name", ""), trees[part].get("type", ""),
        frozenset(ph.idx for ph in _layout(trees[part], masters).placeholders))
        for part in layouts])
    named = {name: Layout(trees[layouts[at]].find(f"{_P}cSld").get("name", ""), layouts[at],
                          _layout(trees[layouts[at]], masters).placeholders)
             for name, at in chosen.items()}
    size = presentation.find(f"{_P}sldSz")
    height = int(size.get("cy")) / pptx_plan.EMU if size is not None else 0.0
    region = None
    if "Title and Content" in named:
        content = named["Title and Content"]
        body = content.get(pptx_plan.BODY)
        region = pptx_plan.content_area((body.x, body.y, body.cx, body.cy),
                                   [ph.y for ph in content.placeholders
                                    if ph.idx in pptx_plan.OPTIONAL], height)
    notes = next((r.target for r in rels[main] if r.type == RT + "notesMaster"), None)
    notes_parts = {}
    if notes is None:
        notes, notes_parts = _default_notes_master(found, trees, rels)
    notes_placeholders = tuple(
        (ph.get("type", "obj"), int(ph.get("idx", "0")), ph.get("orient", "horz"),
         ph.get("sz", "full")) for ph in _ph_elements(trees[notes])
        if ph.get("type", "obj") in ("sldImg", "body", "sldNum"))
    if not any(r.type == RT_CORE for r in rels["/"]):
        # python-pptx adds the core properties a package lacks
        rels["/"].append(Rel(_next_rid(rels["/"]), RT_CORE, "/docProps/core.xml"))
        found["/docProps/core.xml"] = CT_CORE
        trees["/docProps/core.xml"] = etree.fromstring(_DEFAULT_CORE, PARSER)
        rels["/docProps/core.xml"] = []
    return Reference(path, found, rels, blobs, trees, named, missing, height, region, notes,
                     notes_parts, notes_placeholders)


_DEFAULT_CORE = (
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcmitype="http://'
    b'purl.org/dc/dcmitype/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://'
    b'www.w3.org/2001/XMLSchema-instance"><dc:title>PowerPoint Presentation</dc:title>'
    b"<cp:lastModifiedBy>python-pptx</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    b"</cp:coreProperties>")


def _content_types(data: bytes) -> dict[str, dict[str, str]]:
    root = etree.fromstring(data, PARSER)
    return {"default": {e.get("Extension").lower(): e.get("ContentType")
                        for e in root.iter(f"{{{TYPES_NS}}}Default")},
            "override": {e.get("PartName").lower(): e.get("ContentType")
                         for e in root.iter(f"{{{TYPES_NS}}}Override")}}


def _rels(raw: dict[str, bytes], source: str) -> list[Rel]:
    folder, name = posixpath.split(source)
    path = posixpath.join(folder, "_rels", name + ".rels")[1:] if source != "/" else \
        "_rels/.rels"
    if path not in raw:
        return []
    out = []
    for rel in etree.fromstring(raw[path], PARSER).iter(f"{{{RELS_NS}}}Relationship"):
        external = rel.get("TargetMode") == "External"
        target = rel.get("Target")
        if not external:
            target = posixpath.normpath(posixpath.join(folder, target))
        out.append(Rel(rel.get("Id"), rel.get("Type"), target, external))
    return out


def _next_rid(rels: list[Rel]) -> str:
    """Return python-pptx's next id: the highest free one up to one more than the count."""
    used = {r.rid for r in rels}
    return next(f"rId{n}" for n in range(len(rels) + 1, 0, -1) if f"rId{n}" not in used)


def _drop_slides(presentation: etree._Element, rels: list[Rel]) -> None:
    """Forget the reference's own slides (only its layouts are used), leaving an empty list
    where the new slides go."""
    ids = presentation.find(f"{_P}sldIdLst")
    if ids is None:
        ids = etree.Element(f"{_P}sldIdLst")
        before = [presentation.find(f"{_P}{tag}") for tag in
                  ("sldMasterIdLst", "notesMasterIdLst", "handoutMasterIdLst")]
        anchor = [e for e in before if e is not None]
        if anchor:
            anchor[-1].addnext(ids)
        else:
            presentation.insert(0, ids)
    for entry in list(ids):
        rid = entry.get(_R_ID)
        count = sum(1 for e in presentation.iter() for k, v in e.attrib.items()
                    if k == _R_ID and v == rid)
        if count < 2:
            rels[:] = [r for r in rels if r.rid != rid]
        ids.remove(entry)


def _ph_elements(root: etree._Element) -> list[etree._Element]:
    return [ph for ph in root.iterfind(f"{_P}cSld/{_P}spTree/*/*/{_P}nvPr/{_P}ph")]


def _geometry(sp: etree._Element) -> list[int | None]:
    xfrm = sp.find(f"{_P}spPr/{_A}xfrm")
    off = xfrm.find(f"{_A}off") if xfrm is not None else None
    ext = xfrm.find(f"{_A}ext") if xfrm is not None else None
    return [int(off.get("x")) if off is not None else None,
            int(off.get("y")) if off is not None else None,
            int(ext.get("cx")) if ext is not None else None,
            int(ext.get("cy")) if ext is not None else None]


def _text_size(sp: etree._Element) -> float | None:
    for path in (f"{_A}lstStyle/{_A}lvl1pPr/{_A}defRPr", f"{_A}p/{_A}pPr/{_A}defRPr"):
        found = sp.find(f"{_P}txBody/{path}")
        if found is not None and found.get("sz"):
            return int(found.get("sz")) / 100
    return None


def _placeholders(master: etree._Element) -> list[tuple[str, list[int | None], float | None]]:
    """Return the master's placeholders as (type, geometry, text size)."""
    out = []
    for ph in _ph_elements(master):
        sp = ph.getparent().getparent().getparent()
        out.append((ph.get("type", "obj"), _geometry(sp), _text_size(sp)))
    return out


def _layout(root: etree._Element, masters: list) -> Layout:
    placeholders = []
    for ph in _ph_elements(root):
        sp = ph.getparent().getparent().getparent()
        kind = ph.get("type", "obj")
        own = _geometry(sp)
        base = next((g for t, g, _ in masters if t == BASE_TYPE.get(kind)), [None] * 4)
        geometry = [v if v is not None else b for v, b in zip(own, base, strict=True)]
        sizes = [_text_size(sp), *(s for t, _, s in masters if t == kind)]
        size = next((s for s in sizes if s is not None), pptx_plan.DEFAULT_SIZE)
        placeholders.append(Placeholder(kind, int(ph.get("idx", "0")),
                                        ph.get("orient", "horz"), ph.get("sz", "full"),
                                        *geometry, size))
    return Layout(root.find(f"{_P}cSld").get("name", ""), "", tuple(placeholders))


def _default_notes_master(found: dict, trees: dict, rels: dict) -> tuple[str, dict[str, str]]:
    """Read the notes master (and its theme) python-pptx makes when the reference has none,
    from python-pptx's own templates; return its partname and the parts' content types."""
    spec = importlib.util.find_spec("pptx")
    folder = Path(spec.origin).parent / "templates"  # type: ignore[union-attr, arg-type]
    themes = {p for p in found if p.startswith("/ppt/theme/theme")}
    theme = next(f"/ppt/theme/theme{n}.xml" for n in range(len(themes) + 1, 0, -1)
                 if f"/ppt/theme/theme{n}.xml" not in themes)
    notes = "/ppt/notesMasters/notesMaster1.xml"
    trees[notes] = etree.fromstring((folder / "notesMaster.xml").read_bytes(), PARSER)
    trees[theme] = etree.fromstring((folder / "theme.xml").read_bytes(), PARSER)
    rels[notes] = [Rel("rId1", RT + "theme", theme)]
    rels[theme] = []
    return notes, {notes: CT_NOTES_MASTER, theme: CT_THEME}


def tag(root: etree._Element, locale: str) -> None:
    """Tag every text default, run, field and paragraph end in `root` with `locale`."""
    for default in root.iter(f"{_A}defRPr"):
        default.set("lang", locale)
    for run in root.iter(f"{_A}r", f"{_A}fld"):
        props = run.find(f"{_A}rPr")
        if props is None:
            props = etree.Element(f"{_A}rPr")
            run.insert(0, props)
        props.set("lang", locale)
    for end in root.iter(f"{_A}endParaRPr"):
        end.set("lang", locale)


def xml_bytes(root: etree._Element) -> bytes:
    """Return a part's XML as python-pptx writes it."""
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def rels_xml(source: str, rels: list[Rel]) -> bytes:
    """Return the .rels part of `source`'s relationships, in numerical order of their ids,
    targets relative to the source."""
    folder = posixpath.dirname(source) if source != "/" else "/"
    ordered = sorted(rels, key=lambda r: (int(r.rid[3:]) if r.rid.startswith("rId") and
                                          r.rid[3:].isdigit() else 0, r.rid))
    out = ["<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n",
           f'<Relationships xmlns="{RELS_NS}">']
    for rel in ordered:
        target = rel.target if rel.external else posixpath.relpath(rel.target, folder)
        mode = ' TargetMode="External"' if rel.external else ""
        out.append(f'<Relationship Id="{rel.rid}" Type="{rel.type}" '
                   f'Target="{_attr(target)}"{mode}/>')
    out.append("</Relationships>")
    return "".join(out).encode("utf-8")


def content_types(types: dict[str, str]) -> bytes:
    """Return [Content_Types].xml for parts of these types, as python-pptx writes it."""
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                "xml": "application/xml"}
    overrides = {}
    for name, kind in types.items():
        ext = name.rsplit(".", 1)[-1]
        if (ext.lower(), kind) in DEFAULTS:
            defaults[ext] = kind
        else:
            overrides[name] = kind
    out = ["<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n",
           f'<Types xmlns="{TYPES_NS}">']
    out += [f'<Default Extension="{ext}" ContentType="{defaults[ext]}"/>'
            for ext in sorted(defaults)]
    out += [f'<Override PartName="{name}" ContentType="{overrides[name]}"/>'
            for name in sorted(overrides)]
    out.append("</Types>")
    return "".join(out).encode("utf-8")


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;")


@functools.lru_cache(maxsize=32)
def tagged(reference: Reference, locale: str) -> tuple[dict[str, package.Member], bytes]:
    """Return the master and layout parts tagged with `locale`, deflated, and the tagged
    presentation part's XML (with its empty slide list still to fill)."""
    main = next(r.target for r in reference.rels["/"] if r.type == RT + "officeDocument")
    members = {}
    for part, kind in reference.types.items():
        if kind in (CT + "presentationml.slideMaster+xml", CT + "presentationml.slideLayout+xml"):
            root = etree.fromstring(xml_bytes(reference.trees[part]), PARSER)
            tag(root, locale)
            members[part] = package.deflate(part[1:], xml_bytes(root))
    root = etree.fromstring(xml_bytes(reference.trees[main]), PARSER)
    tag(root, locale)
    return members, xml_bytes(root)
