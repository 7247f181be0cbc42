"""The package of an Office document (Open Packaging Conventions): its parts, relationships,
content types and core properties, read from a reference once and written around new parts.

A written document is its reference's package with some parts written anew (slides, the main
document, headers, core properties) and the rest as the reference has them, each of those
deflated once per process. Parts go depth first in their relationships' order, each part's
relationships right after it, [Content_Types].xml first.
"""

from __future__ import annotations

import copy
import functools
import posixpath
from collections.abc import Collection
from pathlib import Path
from typing import NamedTuple

from sggen import package
from sggen.errors import Location, ReferenceDocError
from sggen.formats.ooxml import xml
from sggen.formats.ooxml.xml import Element, Template

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CT = "application/vnd.openxmlformats-officedocument."
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE = "/docProps/core.xml"  # where a package without core properties gets them
CORE_NS = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
           "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
           "dcmitype": "http://purl.org/dc/dcmitype/",
           "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
HINT = "save the reference document again from PowerPoint or Word, or restore the shipped one"
# Office templates (.potx, .dotx) are documents whose main part has another content type.
_TEMPLATE_TYPES = {
    "presentationml.template.main+xml": "presentationml.presentation.main+xml",
    "wordprocessingml.template.main+xml": "wordprocessingml.document.main+xml",
}


class Rel(NamedTuple):
    """One relationship: its id, type and target (a partname, or a URL when external)."""

    rid: str
    type: str
    target: str
    external: bool = False


class Parts(dict):
    """The parts of a package by partname: asking for one it lacks (or for the None of a
    relationship it lacks) is the reference's error, naming what is missing, never a
    KeyError deep in a writer."""

    def __init__(self, owner: Package, what: str) -> None:
        super().__init__()
        self.owner, self.what = owner, what

    def __missing__(self, part: object):
        if part is None and self.owner.missed:
            source, kind = self.owner.missed
            wanted = f"a {kind.strip('/')} relationship from {source}"
        else:
            wanted = f"the {self.what} of {part or 'a part'}"
        raise ReferenceDocError(f"lacks {wanted}", Location(self.owner.path), HINT)


class Package:
    """A reference document's package: every part reachable from its relationships (one per
    file version, hashed by identity)."""

    def __init__(self, path: Path, defaults: dict[str, str]) -> None:
        self.path = path
        self.missed: tuple[str, str] | None = None  # the last relationship `target` lacked
        self.types: dict[str, str] = Parts(self, "content type")  # partname -> content type
        self.defaults = defaults  # extension -> content type, as the reference names them
        # "/" (the package) or a partname -> its rels
        self.rels: dict[str, list[Rel]] = Parts(self, "relationships")
        self.blobs: dict[str, bytes] = Parts(self, "bytes")  # the parts kept as bytes
        # the XML parts a writer reads or changes
        self.trees: dict[str, Element] = Parts(self, "XML")
        self._static: dict[str, package.Member] = {}

    def target(self, source: str, kind: str) -> str | None:
        """Return the part the first relationship of `source` whose type ends with `kind`
        points to (None when it has none: a part then asked for by that None names it)."""
        found = next((r.target for r in self.rels.get(source, ()) if r.type.endswith(kind)
                      and not r.external), None)
        if found is None:
            self.missed = (source, kind)
        return found

    @property
    def main(self) -> str:
        """Return the main part's name (/ppt/presentation.xml, /word/document.xml)."""
        return self.target("/", "/officeDocument")

    def add(self, part: str, content_type: str, data: Element | bytes) -> None:
        """Add a part of the reference that a written document needs and it lacks."""
        self.types[part] = content_type
        self.rels.setdefault(part, [])
        if isinstance(data, bytes):
            self.blobs[part] = data
        else:
            self.trees[part] = data

    def static(self, part: str) -> package.Member:
        """Return a part as the reference has it, deflated (once per Package)."""
        if part not in self._static:
            data = self.blobs[part] if part in self.blobs else xml.serialise(self.trees[part])
            self._static[part] = package.deflate(part[1:], data)
        return self._static[part]


def read(path: Path, parsed: Collection[str]) -> Package:
    """Return the package at `path` with the parts of the content types `parsed` as trees
    (an Office template is read as the document it makes), read through the one guarded
    reader (package.read_reference); anything it lacks or cannot parse is a ReferenceDocError
    naming the file and the part."""
    raw = package.read_reference(path)
    try:
        return _package(path, raw, parsed)
    except ReferenceDocError:
        raise
    except Exception as exc:  # a part that lxml refuses (too deep, too large), a wrong value
        raise ReferenceDocError(f"cannot be read as an Office package: {exc}", Location(path),
                                HINT) from None


def _package(path: Path, raw: dict[str, bytes], parsed: Collection[str]) -> Package:
    where = Location(path)
    if "[Content_Types].xml" not in raw:
        raise ReferenceDocError("has no part [Content_Types].xml", where, HINT)
    root = xml.parse(document_types(raw["[Content_Types].xml"]))
    defaults = {(e.get("Extension") or "").lower(): e.get("ContentType")
                for e in root.iter(f"{{{TYPES_NS}}}Default")}
    overrides = {(e.get("PartName") or "").lower(): e.get("ContentType")
                 for e in root.iter(f"{{{TYPES_NS}}}Override")}
    found = Package(path, defaults)

    def visit(source: str) -> None:
        found.rels[source] = _rels(raw, source, where)
        for rel in found.rels[source]:
            if rel.external or rel.target in found.types:
                continue
            extension = posixpath.splitext(rel.target)[1][1:].lower()
            kind = overrides.get(rel.target.lower()) or defaults.get(extension)
            data = raw.get(rel.target[1:])
            if data is None or kind is None:
                lacks = "the part" if data is None else "a content type for"
                raise ReferenceDocError(f"lacks {lacks} {rel.target}, which {source} relates",
                                        where, HINT)
            found.types[rel.target] = kind
            if kind in parsed:
                found.trees[rel.target] = xml.parse(data)
            else:
                found.blobs[rel.target] = data
            visit(rel.target)

    visit("/")
    if found.main is None:
        raise ReferenceDocError("has no main part (no officeDocument relationship)", where, HINT)
    if not any(r.type == RT_CORE for r in found.rels["/"]):
        found.rels["/"].append(Rel(next_rid(found.rels["/"]), RT_CORE, CORE))
        found.add(CORE, CT_CORE, xml.new(f"{{{CORE_NS['cp']}}}coreProperties", CORE_NS))
    return found


def document_types(content_types: bytes) -> bytes:
    """Return an Office template's [Content_Types].xml as a document's (others unchanged)."""
    for old, new in _TEMPLATE_TYPES.items():
        content_types = content_types.replace(old.encode(), new.encode())
    return content_types


def rels_name(part: str) -> str:
    """Return the member holding the relationships of `part` ("/" is the package)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels").lstrip("/")


def _rels(raw: dict[str, bytes], source: str, where: Location) -> list[Rel]:
    name = rels_name(source)
    if name not in raw:
        return []
    folder = posixpath.dirname(source)
    out = []
    for rel in xml.parse(raw[name]).iter(f"{{{RELS_NS}}}Relationship"):
        external = rel.get("TargetMode") == "External"
        target, rid, kind = rel.get("Target"), rel.get("Id"), rel.get("Type")
        if not (target and rid and kind):
            raise ReferenceDocError(f"part {name} holds a relationship without its Id, Type "
                                    "or Target", where, HINT)
        if not external:
            # a target is a partname inside the package: never above its root
            target = posixpath.normpath(posixpath.join(folder, target))
            if not target.startswith("/") or target.startswith("//"):
                target = "/" + target.lstrip("/")
        out.append(Rel(rid, kind, target, external))
    return out


def next_rid(rels: list[Rel]) -> str:
    """Return the first relationship id not taken: rId1, rId2 …"""
    used = {r.rid for r in rels}
    return next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)


def walk(rels: dict[str, list[Rel]]) -> list[str]:
    """Return the package ("/") and every part reachable from it, depth first."""
    order = ["/"]
    seen = {"/"}

    def visit(source: str) -> None:
        for rel in rels.get(source, ()):
            if not rel.external and rel.target not in seen:
                seen.add(rel.target)
                order.append(rel.target)
                visit(rel.target)

    visit("/")
    return order


_RELATIONSHIPS = Template('<Relationships xmlns="', RELS_NS, '">{}</Relationships>')
_INTERNAL = Template('<Relationship Id="{}" Type="{}" Target="{}"/>')
_EXTERNAL = Template('<Relationship Id="{}" Type="{}" Target="{}" TargetMode="External"/>')
_TYPES = Template('<Types xmlns="', TYPES_NS, '">{}</Types>')
_DEFAULT = Template('<Default Extension="{}" ContentType="{}"/>')
_OVERRIDE = Template('<Override PartName="{}" ContentType="{}"/>')


def rels_xml(source: str, rels: list[Rel]) -> bytes:
    """Return the relationships part of `source`, each target relative to its folder."""
    folder = posixpath.dirname(source)
    return xml.part(_RELATIONSHIPS(xml.join(
        _EXTERNAL(rel.rid, rel.type, rel.target) if rel.external
        else _INTERNAL(rel.rid, rel.type, _relative(rel.target, folder))
        for rel in rels)))


def _relative(target: str, folder: str) -> str:
    """Return the partname `target` relative to `folder` (both absolute): ../slideLayouts/…"""
    steps, there = folder.strip("/").split("/") if folder != "/" else [], target[1:].split("/")
    common = 0
    while common < min(len(steps), len(there) - 1) and steps[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(steps) - common) + there[common:])


def content_types_xml(types: dict[str, str], defaults: dict[str, str]) -> bytes:
    """Return [Content_Types].xml for parts of `types`: a type the reference names by the
    part's extension stays a default, any other is named for its part."""
    found = {"rels": CT_RELS, "xml": "application/xml"}
    named = {}
    for part, kind in types.items():
        extension = posixpath.splitext(part)[1][1:].lower()
        if defaults.get(extension) == kind:
            found[extension] = kind
        else:
            named[part] = kind
    return xml.part(_TYPES(xml.join([*(_DEFAULT(e, found[e]) for e in sorted(found)),
                                     *(_OVERRIDE(p, named[p]) for p in sorted(named))])))


def core_properties(reference: Element, values: list[tuple[str, str]]) -> bytes:
    """Return the core properties part: the reference's, with each (prefix:name, value) of
    `values` set (an element the reference lacks is added at the end)."""
    root = copy.deepcopy(reference)
    for name, value in values:
        prefix, tag = name.split(":")
        qualified = f"{{{CORE_NS[prefix]}}}{tag}"
        element = root.find(qualified)
        if element is None:
            element = xml.sub(root, qualified)
        xml.set_text(element, value)
    return xml.serialise(root)


# A package's relationships and content types mostly repeat from one document to the next:
# each distinct one is written and deflated once.
@functools.lru_cache(maxsize=512)
def _rels_member(source: str, rels: tuple[Rel, ...]) -> package.Member:
    return package.deflate(rels_name(source), rels_xml(source, list(rels)))


@functools.lru_cache(maxsize=64)
def _types_member(types: tuple[tuple[str, str], ...],
                  defaults: tuple[tuple[str, str], ...]) -> package.Member:
    return package.deflate("[Content_Types].xml", content_types_xml(dict(types), dict(defaults)))


def frame(reference: Package, order: list[str], rels: dict[str, list[Rel]],
          types: dict[str, str]) -> list[str | package.Member]:
    """Return the members of a package of the parts `order` (from `walk`): its content types
    and relationships deflated, and in their places the names of its parts."""
    out: list[str | package.Member] = [_types_member(
        tuple((p, types[p]) for p in order if p != "/"), tuple(reference.defaults.items()))]
    for part in order:
        if part != "/":
            out.append(part)
        if rels.get(part):
            out.append(_rels_member(part, tuple(rels[part])))
    return out


def pack(reference: Package, members: list[str | package.Member],
         written: dict[str, bytes | package.Member]) -> bytes:
    """Return the package of `members` (from `frame`): each part named there as `written`
    gives it (bytes, or already deflated), or else as the reference has it."""
    out: list = []
    for member in members:
        if member.__class__ is not str:
            out.append(member)
            continue
        data = written.get(member)
        out.append(reference.static(member) if data is None else data
                   if isinstance(data, package.Member) else (member[1:], data))
    return package.pack(out)
