"""The reference document (.docx, .dotx), read once per version of the file: its package, the
ids of the styles sggen uses, its page and theme colours, and the header and footer parts
every written guide or card fills (added when the reference has none)."""

from __future__ import annotations

import copy
import functools
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from sggen import package
from sggen.errors import Location, ReferenceDocError
from sggen.formats.guide import styles as measured
from sggen.formats.guide.plan import TABLE_STYLES, missing
from sggen.formats.ooxml import opc, xml
from sggen.formats.ooxml.opc import CT, RT, Rel
from sggen.formats.ooxml.units import twips_to_emu

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WML = CT + "wordprocessingml."
# The parts read as trees: those a guide writes anew or changes, and those it reads.
PARSED = {opc.CT_CORE, *(f"{_WML}{kind}+xml" for kind in (
    "document.main", "comments", "footer", "header", "numbering", "settings", "styles"))}
# Word stores the names of these built-in styles in lower case; sggen names them as Word's
# user interface does
_UI_NAMES = {"caption": "Caption", "header": "Header", "footer": "Footer",
             **{f"heading {n}": f"Heading {n}" for n in range(1, 10)}}
_HINT = "run: sggen template check"


def q(name: str) -> str:
    """Return the Clark name of `w:name`, `r:name`: {namespace}name."""
    prefix, local = name.split(":")
    return f"{{{ {'w': W, 'r': R}[prefix] }}}{local}"


@dataclass
class Story:
    """A header or footer part of the first section: the reference's, or one added."""

    kind: str  # headerReference or footerReference
    type: str  # default or first
    name: str  # its partname
    root: xml.Element
    rid: str = ""  # the relationship added for a new part (else empty)


@dataclass(eq=False)  # one per file version (load() caches it), hashed by identity
class Reference:
    """What a written guide or card takes from the reference document."""

    package: opc.Package
    members: list  # the package's members as opc.frame gives them: the same for every file
    document: xml.Element  # the main part, its body emptied but for the section properties
    styles: str  # the styles part's name
    core: str  # the core properties part's name
    stories: list[Story]
    ids: dict[str, str]  # style name -> style id
    table_style: str | None  # the table style's id (None: the document's default table style)
    page: dict[str, int]  # the first section's page and margins, EMU
    colours: dict[str, str]  # the theme's colours by slot, for drawings' text
    measures: measured.Styles  # what the styles set that takes room on a page
    numbering: str | None  # the numbering part's name (None: the reference has none)
    _styles: dict[str, package.Member] = field(default_factory=dict)

    def styles_member(self, locale: str) -> package.Member:
        """Return the styles part with its default text language `locale`, deflated (once
        per language)."""
        if locale not in self._styles:
            root = copy.deepcopy(self.package.trees[self.styles])
            props = root.find(f"{q('w:docDefaults')}/{q('w:rPrDefault')}/{q('w:rPr')}")
            if props is not None:
                tag_properties(props, locale)
            self._styles[locale] = package.deflate(self.styles[1:], xml.serialise(root))
        return self._styles[locale]

    def pack(self, written: dict[str, bytes], locale: str) -> bytes:
        """Return the package: the parts in `written` (partname -> XML), the styles in
        `locale`, every other part as the reference has it."""
        return opc.pack(self.package, self.members,
                        {**written, self.styles: self.styles_member(locale)})


def tag_properties(props: xml.Element, locale: str) -> None:
    """Set the language of run properties `props` to `locale`, where the schema puts it."""
    for old in props.findall(q("w:lang")):
        props.remove(old)
    lang = xml.sub(props, q("w:lang"))
    xml.set_attr(lang, q("w:val"), locale)
    # the language comes after every formatting element but these three
    later = [props.find(q(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
    later = [e for e in later if e is not None]
    if later:
        later[0].addprevious(lang)


def tag_language(root: xml.Element, locale: str) -> None:
    """Tag every run of a part with `locale`."""
    for run in root.iter(q("w:r")):
        props = run.find(q("w:rPr"))
        if props is None:
            props = xml.new(q("w:rPr"))
            run.insert(0, props)
        tag_properties(props, locale)


def load(path: Path) -> Reference:
    """Return the reference document at `path`, read once per version of the file."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ReferenceDocError(f"cannot open reference document: {exc.strerror or exc}",
                                Location(path)) from None
    return _load(str(path), info.st_size, info.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load(name: str, size: int, mtime: int) -> Reference:
    path = Path(name)
    try:
        return _read(opc.read(path, PARSED))
    except ReferenceDocError:
        raise
    except Exception as exc:  # a broken package fails in many ways
        raise ReferenceDocError(f"cannot open reference document: {exc}",
                                Location(path)) from None


def _read(found: opc.Package) -> Reference:
    main = found.main
    styles = found.target(main, "/styles")
    if styles is None:
        raise ReferenceDocError("reference document lacks paragraph style 'Normal'",
                                Location(found.path), _HINT)
    ids, table_style = _styles(found.trees[styles])
    lacking = missing(set(ids))
    if lacking:
        raise ReferenceDocError(f"reference document lacks {lacking[0]}", Location(found.path),
                                _HINT)
    document = found.trees[main]
    body = document.find(q("w:body"))
    for child in list(body):
        if child.tag != q("w:sectPr"):
            body.remove(child)
    section = body.find(q("w:sectPr"))
    stories = _stories(found, section)
    size, margins = section.find(q("w:pgSz")), section.find(q("w:pgMar"))
    page = {"width": twips_to_emu(size.get(q("w:w"))),
            "height": twips_to_emu(size.get(q("w:h")))}
    for side in ("left", "right", "top", "bottom"):
        page[side] = twips_to_emu(margins.get(q(f"w:{side}")))
    theme = found.target(main, "/theme")
    colours = palette(found.blobs.get(theme) if theme else None)
    numbering = found.target(main, "/numbering")
    measures = measured.read(found.trees[styles], found.trees.get(numbering) if numbering
                             else None, ids, table_style)
    return Reference(found, opc.frame(found, opc.walk(found.rels), found.rels, found.types),
                     document, styles,
                     found.target("/", "/metadata/core-properties"), stories, ids, table_style,
                     page, colours, measures, numbering)


def _stories(found: opc.Package, section: xml.Element) -> list[Story]:
    """Return the first section's headers and footers, default and first page, adding an
    empty part (python-docx's default, read as data) for each the reference lacks."""
    relations = found.rels[found.main]
    out = []
    for kind, type_ in (("headerReference", "default"), ("footerReference", "default"),
                        ("headerReference", "first"), ("footerReference", "first")):
        story = kind[: -len("Reference")]
        ref = section.find(f"{q('w:' + kind)}[@{q('w:type')}='{type_}']")
        if ref is not None:
            name = next(r.target for r in relations if r.rid == ref.get(q("r:id")))
            out.append(Story(kind, type_, name, found.trees[name]))
            continue
        name = next(f"/word/{story}{n}.xml" for n in range(1, len(found.types) + 2)
                    if f"/word/{story}{n}.xml" not in found.types)
        rid = opc.next_rid(relations)
        relations.append(Rel(rid, RT + story, name))
        found.add(name, f"{_WML}{story}+xml", xml.parse(_library_part(f"default-{story}.xml")))
        out.append(Story(kind, type_, name, found.trees[name], rid))
    return out


def _styles(styles: xml.Element) -> tuple[dict[str, str], str | None]:
    """Return the style ids by name, and the id the guide's tables take (None when that style
    is the document's default table style, which a table need not name)."""
    ids, first = {}, {}
    for style in styles.iter(q("w:style")):
        name = style.find(q("w:name"))
        name = None if name is None else _UI_NAMES.get(name.get(q("w:val")),
                                                        name.get(q("w:val")))
        ids[name] = style.get(q("w:styleId"))
        first.setdefault(name, style)
    chosen = next((first[n] for n in TABLE_STYLES if n in first), None)
    if chosen is None:
        return ids, None
    default = styles.xpath("w:style[@w:type='table' and @w:default='1']", namespaces={"w": W})
    return ids, None if default and default[-1] is chosen else chosen.get(q("w:styleId"))


def palette(theme: bytes | None) -> dict[str, str]:
    """Return the theme's colours by slot (dk1, lt1, dk2, accent1 …) as RRGGBB, from the
    theme part's bytes; Office's defaults stand in for what it lacks."""
    found = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "1F497D", "lt2": "EEECE1",
             "accent1": "4F81BD"}
    if theme:
        scheme = xml.parse(theme).find(f".//{{{A}}}clrScheme")
        for slot in scheme if scheme is not None else ():
            colour = next(iter(slot), None)
            value = None if colour is None else colour.get("lastClr") or colour.get("val")
            if value and len(value) == 6:
                found[xml.local(slot)] = value.upper()
    return found


def _library_part(name: str) -> bytes:
    """Return one of the default parts python-docx ships (read, not imported: the document
    library loads only to read documents back)."""
    spec = importlib.util.find_spec("docx")
    return (Path(next(iter(spec.submodule_search_locations))) / "templates" / name).read_bytes()
