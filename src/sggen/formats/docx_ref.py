"""A reference .docx read once per version of the file: its parts, style ids and page, the
header and footer parts every written guide or card adds, and the package they are written
into, with the parts no document changes compressed once."""

from __future__ import annotations

import copy
import functools
import importlib.util
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from sggen import package
from sggen.errors import Location, ReferenceDocError
from sggen.formats import as_document, drawing
from sggen.formats.docx_plan import TABLE_STYLES, missing

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CORE_REL = f"{_RELS}/metadata/core-properties"
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# The parts python-docx reads as XML and writes anew (it has a part class for them); it copies
# every other part byte for byte. A written file must hold the same bytes.
_REWRITTEN = {_CORE_TYPE, *(f"{_WML}{kind}+xml" for kind in (
    "document.main", "comments", "footer", "header", "numbering", "settings", "styles"))}
# python-docx's parser: blank text between elements is dropped, no entity is resolved
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
# Word stores the names of these built-in styles in lower case; sggen names them as Word's
# user interface does, as python-docx does
_UI_NAMES = {"caption": "Caption", "header": "Header", "footer": "Footer",
             **{f"heading {n}": f"Heading {n}" for n in range(1, 10)}}
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def q(name: str) -> str:
    """Return the Clark name of `w:name`, `r:name`: {namespace}name."""
    prefix, local = name.split(":")
    return f"{{{ {'w': W, 'r': R}[prefix] }}}{local}"


def xml(root) -> bytes:
    """Return a part's XML as python-docx writes it: UTF-8, declared standalone."""
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def text(value: str) -> str:
    """Return `value` escaped as element text (what lxml refuses, a control character, is
    refused here too)."""
    if _INVALID.search(value):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes "
                         "or control characters")
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """Return `value` escaped as an attribute value in double quotes."""
    return text(value).replace('"', "&quot;")


@dataclass
class Story:
    """A header or footer part of the first section: existing in the reference, or added
    from python-docx's default part as python-docx adds it."""

    kind: str  # headerReference or footerReference
    type: str  # default or first
    name: str  # the part's name in the package
    root: etree._Element
    rid: str = ""  # the relationship added for a new part (else empty)


@dataclass
class Reference:
    """What a written guide or card takes from the reference document."""

    order: list[str]  # the written package's members after [Content_Types].xml
    static: dict[str, package.Member]  # the members no write changes, compressed once
    document: etree._Element  # the main part, its body emptied but for the section properties
    document_name: str
    styles: etree._Element
    styles_name: str
    core: etree._Element
    core_name: str
    stories: list[Story]
    ids: dict[str, str]  # style name -> style id
    table_style: str | None  # the table style's id (None: the document's default table style)
    page: dict[str, int]  # the first section's page and margins, EMU
    colours: dict[str, str]  # the theme's colours by slot, for drawings' text
    _styles: dict[str, package.Member] = field(default_factory=dict)

    def styles_member(self, locale: str) -> package.Member:
        """Return the styles part with its default text language `locale`, compressed (once
        per language)."""
        if locale not in self._styles:
            root = copy.deepcopy(self.styles)
            props = root.find(f"{q('w:docDefaults')}/{q('w:rPrDefault')}/{q('w:rPr')}")
            if props is not None:
                tag_properties(props, locale)
            self._styles[locale] = package.deflate(self.styles_name, xml(root))
        return self._styles[locale]

    def pack(self, written: dict[str, bytes], locale: str) -> bytes:
        """Return the package: the parts in `written` (name -> XML), the styles in `locale`,
        every other part as the reference has it."""
        members: list = [self.static["[Content_Types].xml"]]
        for name in self.order:
            if name in written:
                members.append((name, written[name]))
            elif name == self.styles_name:
                members.append(self.styles_member(locale))
            else:
                members.append(self.static[name])
        return package.pack(members)


def tag_properties(props, locale: str) -> None:
    """Set the language of run properties `props` to `locale`, where the schema puts it."""
    for old in props.findall(q("w:lang")):
        props.remove(old)
    lang = etree.SubElement(props, q("w:lang"))
    lang.set(q("w:val"), locale)
    # the language comes after every formatting element but these three
    later = [props.find(q(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
    later = [e for e in later if e is not None]
    if later:
        later[0].addprevious(lang)


def tag_language(root, locale: str) -> None:
    """Tag every run of a part with `locale`."""
    for run in root.iter(q("w:r")):
        props = run.find(q("w:rPr"))
        if props is None:
            props = etree.Element(q("w:rPr"))
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
        return _read(path, zipfile.ZipFile(as_document(path)))
    except ReferenceDocError:
        raise
    except Exception as exc:  # a broken package fails in many ways, as in python-docx
        raise ReferenceDocError(f"cannot open reference document: {exc}",
                                Location(path)) from None


def _read(path: Path, source: zipfile.ZipFile) -> Reference:
    types = etree.fromstring(source.read("[Content_Types].xml"), _PARSER)
    defaults = {e.get("Extension").lower(): e.get("ContentType")
                for e in types.iter(f"{{{_TYPES}}}Default")}
    overrides = {e.get("PartName").lower(): e.get("ContentType")
                 for e in types.iter(f"{{{_TYPES}}}Override")}
    kinds: dict[str, str] = {}  # partname -> content type

    # Every part reachable from the package's relationships, each read once.
    rels: dict[str, list[list[str]]] = {}  # source -> [id, type, partname or URL, mode]
    parts: dict[str, bytes | etree._Element] = {}
    pending = ["/"]
    while pending:
        owner = pending.pop()
        found = rels[owner] = []
        name = _rels_name(owner)
        if name in source.namelist():
            for e in etree.fromstring(source.read(name), _PARSER):
                mode = e.get("TargetMode", "Internal")
                target = e.get("Target") if mode == "External" else posixpath.normpath(
                    posixpath.join(posixpath.dirname(owner), e.get("Target")))
                found.append([e.get("Id"), e.get("Type"), target, mode])
        for _, _, part, mode in found:
            if mode != "External" and part not in parts:
                kinds[part] = overrides.get(part.lower()) or \
                    defaults[posixpath.splitext(part)[1][1:].lower()]
                raw = source.read(part[1:])
                parts[part] = etree.fromstring(raw, _PARSER) if kinds[part] in _REWRITTEN \
                    else raw
                pending.append(part)
    main = _target(rels["/"], "/officeDocument")
    relations = rels[main]
    styles_name = _target(relations, "/styles")
    if styles_name is None:
        raise ReferenceDocError("reference document lacks paragraph style 'Normal'",
                                Location(path), "run: sggen template check")
    ids, table_style = _styles(parts[styles_name])
    lacking = missing(set(ids))
    if lacking:
        raise ReferenceDocError(f"reference document lacks {lacking[0]}", Location(path),
                                "run: sggen template check")
    document = parts[main]
    body = document.find(q("w:body"))
    for child in list(body):
        if child.tag != q("w:sectPr"):
            body.remove(child)
    section = body.find(q("w:sectPr"))

    core_name = _target(rels["/"], "/metadata/core-properties")
    if core_name is None:
        # python-docx adds default core properties (their time is dropped when normalised)
        core_name = "/docProps/core.xml"
        rels["/"].append([_next_id(rels["/"]), _CORE_REL, core_name, "Internal"])
        core = etree.fromstring(f'<cp:coreProperties xmlns:cp="{_CP}" xmlns:dc="{_DC}" '
                                'xmlns:dcterms="http://purl.org/dc/terms/"/>')
        for tag, value in ((f"{{{_DC}}}title", "Word Document"),
                           (f"{{{_CP}}}lastModifiedBy", "python-docx"),
                           (f"{{{_CP}}}revision", "1")):
            etree.SubElement(core, tag).text = value
        parts[core_name], kinds[core_name] = core, _CORE_TYPE
    stories = []
    for kind, type_ in (("headerReference", "default"), ("footerReference", "default"),
                        ("headerReference", "first"), ("footerReference", "first")):
        story = kind[: -len("Reference")]
        ref = section.find(f"{q('w:' + kind)}[@{q('w:type')}='{type_}']")
        if ref is not None:
            name = next(t for i, _, t, _ in relations if i == ref.get(q("r:id")))
            stories.append(Story(kind, type_, name[1:], parts[name]))
            continue
        # not in the reference: python-docx adds its own empty part, the next of its kind
        name = next(f"/word/{story}{n}.xml" for n in range(1, len(parts) + 2)
                    if f"/word/{story}{n}.xml" not in parts)
        rid = _next_id(relations)
        relations.append([rid, f"{R}/{story}", name, "Internal"])
        parts[name] = etree.fromstring(_library_part(f"default-{story}.xml"), _PARSER)
        kinds[name] = f"{_WML}{story}+xml"
        rels[name] = []
        stories.append(Story(kind, type_, name[1:], parts[name], rid))

    # The parts depth first in their relationships' order, each part's relationships after
    # it: the order python-docx writes them in.
    order, static = [], {}
    written = {main, styles_name, core_name, *(f"/{s.name}" for s in stories)}
    for part in _walk(rels):
        if part != "/":
            order.append(part[1:])
            if part not in written:
                data = parts[part]
                data = xml(data) if isinstance(data, etree._Element) else data
                static[part[1:]] = package.deflate(part[1:], data)
        if rels[part]:
            order.append(_rels_name(part))
            static[_rels_name(part)] = package.deflate(_rels_name(part),
                                                       _rels_xml(rels[part], part))
    static["[Content_Types].xml"] = package.deflate("[Content_Types].xml",
                                                    _types_xml(kinds, defaults))
    size, margins = section.find(q("w:pgSz")), section.find(q("w:pgMar"))
    page = {"width": _emu(size.get(q("w:w"))), "height": _emu(size.get(q("w:h")))}
    for side in ("left", "right", "top", "bottom"):
        page[side] = _emu(margins.get(q(f"w:{side}")))
    theme = _target(relations, "/theme")
    theme_xml = parts.get(theme) if theme else None
    colours = drawing.palette(xml(theme_xml) if isinstance(theme_xml, etree._Element)
                              else theme_xml)
    return Reference(order, static, document, main[1:], parts[styles_name],
                     styles_name[1:], parts[core_name], core_name[1:], stories, ids,
                     table_style, page, colours)


def _rels_name(part: str) -> str:
    """Return the member holding the relationships of `part` ("/" is the package)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels").lstrip("/")


def _walk(rels: dict[str, list[list[str]]]) -> list[str]:
    """Return the package ("/") and its parts, depth first in the relationships' order."""
    out = ["/"]

    def visit(owner: str) -> None:
        for _, _, part, mode in rels[owner]:
            if mode != "External" and part not in out:
                out.append(part)
                visit(part)

    visit("/")
    return out


def _target(relations: list[list[str]], suffix: str) -> str | None:
    """Return the part the first relationship of a type ending with `suffix` points to."""
    return next((part for _, kind, part, mode in relations
                 if kind.endswith(suffix) and mode != "External"), None)


def _next_id(relations: list[list[str]]) -> str:
    """Return the first free rIdN, as python-docx numbers a new relationship."""
    used = {r[0] for r in relations}
    return next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)


def _rels_xml(relations: list[list[str]], source: str) -> bytes:
    root = etree.Element(f"{{{_RELS}}}Relationships", nsmap={None: _RELS})
    folder = posixpath.dirname(source)
    for rid, kind, target, mode in relations:
        e = etree.SubElement(root, f"{{{_RELS}}}Relationship")
        e.set("Id", rid)
        e.set("Type", kind)
        # python-docx writes every part's target relative to its source's folder
        e.set("Target", target if mode == "External" else target[1:] if folder == "/"
              else posixpath.relpath(target, folder))
        if mode == "External":
            e.set("TargetMode", "External")
    return xml(root)


def _types_xml(kinds: dict[str, str], defaults: dict[str, str]) -> bytes:
    """Return [Content_Types].xml for parts of `kinds` (partname -> content type): a type the
    reference gives by extension stays a default, any other is named for its part."""
    found = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
             "xml": "application/xml"}
    named = {}
    for part, kind in kinds.items():
        extension = posixpath.splitext(part)[1][1:].lower()
        if defaults.get(extension) == kind:
            found[extension] = kind
        else:
            named[part] = kind
    root = etree.Element(f"{{{_TYPES}}}Types", nsmap={None: _TYPES})
    for extension in sorted(found):
        e = etree.SubElement(root, f"{{{_TYPES}}}Default")
        e.set("Extension", extension)
        e.set("ContentType", found[extension])
    for part in sorted(named):
        e = etree.SubElement(root, f"{{{_TYPES}}}Override")
        e.set("PartName", part)
        e.set("ContentType", named[part])
    return xml(root)


def _styles(styles) -> tuple[dict[str, str], str | None]:
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


def _emu(twips: str | None) -> int:
    """Return a length in twips as EMU (a twip is 635)."""
    return int(round(float(twips))) * 635


def _library_part(name: str) -> bytes:
    """Return one of the default parts python-docx ships (read, not imported: the document
    library loads only in the object-layer writers)."""
    spec = importlib.util.find_spec("docx")
    return (Path(next(iter(spec.submodule_search_locations))) / "templates" / name).read_bytes()
