"""The reference deck, read once per process and file version: its package, the layouts sggen
draws on with their placeholders' inherited geometry, the content area and the notes master.

The deck writer and the slides page both find their layouts here, by name or else by type.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
from pathlib import Path
from typing import NamedTuple

from sggen import package
from sggen.errors import Location, ReferenceDocError
from sggen.formats.deck import plan
from sggen.formats.ooxml import opc, xml
from sggen.formats.ooxml.opc import CT, RT, Rel
from sggen.formats.ooxml.units import points
from sggen.layout.boxes import Region

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_A, _P = f"{{{NS['a']}}}", f"{{{NS['p']}}}"
_R_ID = f"{{{NS['r']}}}id"
CT_SLIDE = CT + "presentationml.slide+xml"
CT_NOTES = CT + "presentationml.notesSlide+xml"
CT_MASTER = CT + "presentationml.slideMaster+xml"
CT_LAYOUT = CT + "presentationml.slideLayout+xml"
# The parts read as trees: the ones a deck changes (tagging them with its language) or reads.
PARSED = {CT + "presentationml." + kind for kind in (
    "presentation.main+xml", "presentation.macroEnabled.main+xml", "template.main+xml",
    "slideshow.main+xml", "notesMaster+xml", "notesSlide+xml", "slide+xml", "slideLayout+xml",
    "slideMaster+xml")} | {opc.CT_CORE, CT + "drawingml.chart+xml"}
# A placeholder of a layout inherits what it does not set from the master's of this type.
BASE_TYPE = {"body": "body", "chart": "body", "clipArt": "body", "ctrTitle": "title",
             "dgm": "body", "dt": "dt", "ftr": "ftr", "media": "body", "obj": "body",
             "pic": "body", "sldNum": "sldNum", "subTitle": "body", "tbl": "body",
             "title": "title"}
CLONED = {"dt", "ftr", "sldNum"}  # a new slide does not copy these from its layout


# Named tuples and a plain class, not dataclasses: defining a dataclass costs most of a
# millisecond, on the path of every deck.
class Placeholder(NamedTuple):
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

    @property
    def region(self) -> Region:
        """Return where the placeholder stands, in points."""
        return Region(*(points(v or 0) for v in (self.x, self.y, self.cx, self.cy)))


class Layout(NamedTuple):
    """A slide layout: its part and its placeholders in document order."""

    name: str
    part: str
    placeholders: tuple[Placeholder, ...]

    def get(self, idx: int) -> Placeholder | None:
        """Return the placeholder with `idx` (None when the layout has none)."""
        return next((ph for ph in self.placeholders if ph.idx == idx), None)


class Reference:
    """What a deck takes from one version of a reference deck (one per file version, as
    load() caches it; hashed by identity)."""

    def __init__(self, package: opc.Package, layouts: dict[str, Layout], missing: list[str],
                 slide_size: tuple[float, float], region: Region | None,
                 notes: tuple[str, bool, tuple[tuple[str, int, str, str], ...]]) -> None:
        self.package = package
        self.layouts = layouts  # by the name sggen uses
        self.missing = missing
        self.slide_size = slide_size  # points
        self.region = region  # where content may go (None when a layout is missing)
        # the notes master's partname, whether the reference relates it (else it is added
        # with the first notes), and its placeholders (type, idx, orient, sz)
        self.notes_master, self.own_notes, self.notes_placeholders = notes


def load(path: Path) -> Reference:
    """Return the reference deck at `path`, read once per process for each version of it."""
    info = path.stat()
    return _load(str(path), info.st_size, info.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load(name: str, size: int, mtime_ns: int) -> Reference:
    path = Path(name)
    try:
        return _read(opc.read(path, PARSED))
    except ReferenceDocError:
        raise
    except Exception as exc:  # a broken package fails in many ways
        raise ReferenceDocError(f"cannot open reference deck: {exc}", Location(path)) from None


def _read(found: opc.Package) -> Reference:
    presentation = found.trees[found.main]
    _drop_slides(presentation, found.rels[found.main])
    layouts, missing = _layouts(found)
    size = presentation.find(f"{_P}sldSz")
    slide = (points(int(size.get("cx"))), points(int(size.get("cy")))) if size is not None \
        else (0.0, 0.0)
    region = None
    if "Title and Content" in layouts:
        content = layouts["Title and Content"]
        body = content.get(plan.BODY)
        region = plan.content_area((body.x, body.y, body.cx, body.cy),
                                   [ph.y for ph in content.placeholders
                                    if ph.idx in plan.OPTIONAL], slide[1])
    notes = found.target(found.main, "/notesMaster")
    own = notes is not None
    if not own:
        notes = _default_notes_master(found)
    notes_placeholders = tuple(
        (ph.get("type", "obj"), int(ph.get("idx", "0")), ph.get("orient", "horz"),
         ph.get("sz", "full")) for ph in _ph_elements(found.trees[notes])
        if ph.get("type", "obj") in ("sldImg", "body", "sldNum"))
    return Reference(found, layouts, missing, slide, region, (notes, own, notes_placeholders))


def _layouts(found: opc.Package) -> tuple[dict[str, Layout], list[str]]:
    """Return the layouts sggen uses, by the names it uses, and what the reference lacks."""
    master = found.target(found.main, "/slideMaster")
    masters = _placeholders(found.trees[master])
    parts = [r.target for r in found.rels[master] if r.type == RT + "slideLayout"]
    read = [_layout(found.trees[part], part, masters) for part in parts]
    chosen, missing = plan.choose_layouts([
        plan.Found(layout.name, found.trees[layout.part].get("type", ""),
                   frozenset(ph.idx for ph in layout.placeholders)) for layout in read])
    return {name: read[at] for name, at in chosen.items()}, missing


def _drop_slides(presentation: xml.Element, rels: list[Rel]) -> None:
    """Forget the reference's own slides (only its layouts are used), leaving an empty list
    where the new slides go."""
    ids = presentation.find(f"{_P}sldIdLst")
    if ids is None:
        ids = xml.new(f"{_P}sldIdLst")
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


def _ph_elements(root: xml.Element) -> list[xml.Element]:
    return list(root.iterfind(f"{_P}cSld/{_P}spTree/*/*/{_P}nvPr/{_P}ph"))


def _geometry(sp: xml.Element) -> list[int | None]:
    xfrm = sp.find(f"{_P}spPr/{_A}xfrm")
    off = xfrm.find(f"{_A}off") if xfrm is not None else None
    ext = xfrm.find(f"{_A}ext") if xfrm is not None else None
    return [int(off.get("x")) if off is not None else None,
            int(off.get("y")) if off is not None else None,
            int(ext.get("cx")) if ext is not None else None,
            int(ext.get("cy")) if ext is not None else None]


def _text_size(sp: xml.Element) -> float | None:
    for path in (f"{_A}lstStyle/{_A}lvl1pPr/{_A}defRPr", f"{_A}p/{_A}pPr/{_A}defRPr"):
        found = sp.find(f"{_P}txBody/{path}")
        if found is not None and found.get("sz"):
            return int(found.get("sz")) / 100
    return None


def _placeholders(master: xml.Element) -> list[tuple[str, list[int | None], float | None]]:
    """Return the master's placeholders as (type, geometry, text size)."""
    out = []
    for ph in _ph_elements(master):
        sp = ph.getparent().getparent().getparent()
        out.append((ph.get("type", "obj"), _geometry(sp), _text_size(sp)))
    return out


def _layout(root: xml.Element, part: str, masters: list) -> Layout:
    placeholders = []
    for ph in _ph_elements(root):
        sp = ph.getparent().getparent().getparent()
        kind = ph.get("type", "obj")
        own = _geometry(sp)
        base = next((g for t, g, _ in masters if t == BASE_TYPE.get(kind)), [None] * 4)
        geometry = [v if v is not None else b for v, b in zip(own, base, strict=True)]
        sizes = [_text_size(sp), *(s for t, _, s in masters if t == kind)]
        size = next((s for s in sizes if s is not None), plan.DEFAULT_SIZE)
        placeholders.append(Placeholder(kind, int(ph.get("idx", "0")),
                                        ph.get("orient", "horz"), ph.get("sz", "full"),
                                        *geometry, size))
    return Layout(root.find(f"{_P}cSld").get("name", ""), part, tuple(placeholders))


def _default_notes_master(found: opc.Package) -> str:
    """Add the notes master (and its theme) a deck with notes needs when the reference has
    none, from python-pptx's templates (read as data, not imported); return its partname."""
    spec = importlib.util.find_spec("pptx")
    folder = Path(spec.origin).parent / "templates"  # type: ignore[union-attr, arg-type]
    themes = {p for p in found.types if p.startswith("/ppt/theme/theme")}
    theme = next(f"/ppt/theme/theme{n}.xml" for n in range(len(themes) + 1, 0, -1)
                 if f"/ppt/theme/theme{n}.xml" not in themes)
    notes = "/ppt/notesMasters/notesMaster1.xml"
    found.add(notes, CT + "presentationml.notesMaster+xml",
              xml.parse((folder / "notesMaster.xml").read_bytes()))
    found.add(theme, CT + "theme+xml", xml.parse((folder / "theme.xml").read_bytes()))
    found.rels[notes] = [Rel("rId1", RT + "theme", theme)]
    return notes


def tag(root: xml.Element, locale: str) -> None:
    """Tag every text default, run, field and paragraph end in `root` with `locale`."""
    for default in root.iter(f"{_A}defRPr"):
        xml.set_attr(default, "lang", locale)
    for run in root.iter(f"{_A}r", f"{_A}fld"):
        props = run.find(f"{_A}rPr")
        if props is None:
            props = xml.new(f"{_A}rPr")
            run.insert(0, props)
        xml.set_attr(props, "lang", locale)
    for end in root.iter(f"{_A}endParaRPr"):
        xml.set_attr(end, "lang", locale)


@functools.lru_cache(maxsize=32)
def tagged(reference: Reference, locale: str) -> tuple[dict[str, package.Member], bytes]:
    """Return the master and layout parts tagged with `locale`, deflated, and the tagged
    presentation part's XML (with its empty slide list still to fill)."""
    found = reference.package
    members = {}
    for part, kind in found.types.items():
        if kind in (CT_MASTER, CT_LAYOUT):
            root = copy.deepcopy(found.trees[part])
            tag(root, locale)
            members[part] = package.deflate(part[1:], xml.serialise(root))
    root = copy.deepcopy(found.trees[found.main])
    tag(root, locale)
    return members, xml.serialise(root)
