"""Reproducible Office packages: same input, same bytes; and the one guarded reader of an Office
package (a reference document, or a written one read back). Writing files: sggen.output."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from sggen import files
from sggen.errors import Location, ReferenceDocError, SggenError

_FLOOR = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # the earliest time a zip can hold
_STAMP = re.compile(rb"<(dcterms:(?:created|modified))\b[^>]*>[^<]*</\1>|<cp:lastPrinted>[^<]*"
                    rb"</cp:lastPrinted>")


_CEILING = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.timezone.utc)  # and the latest


def build_time() -> dt.datetime | None:
    """Return the time from SOURCE_DATE_EPOCH, or None when it is not set.

    Times before 1980 are written as 1980 (zip cannot hold earlier ones); a negative value or
    one after 2107 (zip cannot hold later ones) is an error, not a silently different date.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    shown = value if len(value) <= 30 else value[:27] + "..."
    if not value.isdigit() and not (value.startswith("-") and value[1:].isdigit()):
        raise SggenError(f"SOURCE_DATE_EPOCH={shown!r} is not a number of seconds",
                         hint="unset it or give seconds since 1970")
    if value.startswith("-"):
        raise SggenError(f"SOURCE_DATE_EPOCH={shown} is negative",
                         hint="give seconds since 1970, e.g. $(git log -1 --format=%ct)")
    if len(value) > 12 or int(value) > _CEILING.timestamp():
        raise SggenError(f"SOURCE_DATE_EPOCH={shown} is after 2107, the latest time a "
                         "document package can hold", hint="give seconds since 1970, e.g. "
                         "$(git log -1 --format=%ct)")
    return max(dt.datetime.fromtimestamp(int(value), dt.timezone.utc), _FLOOR)


# --- reference documents ---------------------------------------------------------------------

MAX_REFERENCE_BYTES = 50_000_000  # the file; Office's own templates are well below 5 MB
MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 50_000_000  # one part, uncompressed
MAX_UNPACKED_BYTES = 200_000_000  # all parts, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for parts above 1 MB: more is a zip bomb
_XML_PARTS = (".xml", ".rels", ".vml")
_HINT = "save the reference document again from PowerPoint or Word, or restore the shipped one"


def check_reference(path: Path, inside: Path | None = None) -> None:
    """Raise ReferenceDocError naming `path` unless it is a sound Office package (see
    `read_reference`)."""
    read_reference(path, inside)


def read_reference(path: Path, inside: Path | None = None) -> dict[str, bytes]:
    """Return the parts of the Office package at `path` by name: the one reader of a reference
    (or written) document. Raise ReferenceDocError naming `path` and the part unless it is a
    regular file (inside `inside`) of bounded size, a zip of few, bounded, not over-compressed,
    unencrypted, uniquely named parts that all unpack without error, whose XML parts are
    well-formed and declare no DTD or entities. Read once per process for each version of the
    file; the mapping returned is shared: do not change it."""
    info = files.check(path, inside)
    return _parts(str(path), info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=4)  # a few documents' parts: a deck and a guide, with their pages
def _parts(name: str, mtime: int, size: int) -> dict[str, bytes]:
    path = Path(name)
    raw = files.read(path, MAX_REFERENCE_BYTES,
                     hint="a reference document holds layouts and styles, a few hundred kB")
    where = Location(path)
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
        members = package.infolist()
    except Exception as exc:  # untrusted bytes: any failure to open them is the file's
        raise ReferenceDocError(f"is not an Office document (not a zip package: {exc})", where,
                                _HINT) from None
    _check_members(members, where)
    parts: dict[str, bytes] = {}
    for member in members:
        try:
            data = package.read(member)
        except Exception as exc:  # a damaged part fails in many ways (zlib, CRC, an unknown
            # compression method, a cut end): each is the file's fault, never sggen's
            raise ReferenceDocError(f"part {member.filename} cannot be read: {exc}", where,
                                    _HINT) from None
        if member.filename.lower().endswith(_XML_PARTS):
            _check_xml(data, member.filename, where)
        parts[member.filename] = data
    return parts


def _check_members(members: list[zipfile.ZipInfo], where: Location) -> None:
    """Refuse a package of too many parts, of parts too large or over-compressed (a zip
    bomb), of an encrypted part, or of two parts of one name (which one a reader takes
    differs)."""
    if len(members) > MAX_MEMBERS:
        raise ReferenceDocError(f"holds {len(members):,} parts, more than the limit of "
                                f"{MAX_MEMBERS:,}", where, _HINT)
    total, names = 0, set()
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_MEMBER_BYTES or total > MAX_UNPACKED_BYTES or \
                (member.file_size > 1_000_000 and ratio > MAX_RATIO):
            raise ReferenceDocError(f"part {member.filename} unpacks to {member.file_size:,} "
                                    "bytes, too large for a reference document (a zip bomb?)",
                                    where, _HINT)
        if member.flag_bits & 0x1:
            raise ReferenceDocError(f"part {member.filename} is encrypted", where, _HINT)
        if member.filename.lower() in names:
            raise ReferenceDocError(f"holds two parts named {member.filename}", where, _HINT)
        names.add(member.filename.lower())


class _Refused(Exception):
    pass


def _check_xml(data: bytes, part: str, where: Location) -> None:
    """Parse one XML part without loading anything it refers to; a DTD, an entity declaration
    or a reference to an external entity (billion laughs, XXE) is refused, as is broken XML."""
    parser = expat.ParserCreate()

    def refuse(*_args) -> None:
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except _Refused:
        raise ReferenceDocError(f"part {part} line {parser.CurrentLineNumber} declares a DTD "
                                "or entities, which an Office document never does", where,
                                _HINT) from None
    except expat.ExpatError as exc:
        raise ReferenceDocError(f"part {part} line {exc.lineno} is not well-formed XML: "
                                f"{expat.ErrorString(exc.code)}", where, _HINT) from None


def normalise(data: bytes) -> bytes:
    """Return the package with fixed entry times and order and no wall-clock timestamps.

    Core properties get SOURCE_DATE_EPOCH as their created/modified time when it is set, and
    no such time otherwise, so the same inputs always give the same bytes.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    return pack([(name, source.read(name)) for name in source.namelist()])


@dataclass(frozen=True)
class Member:
    """One part of a package, compressed once: its name, CRC-32, size and deflated bytes."""

    name: str
    crc: int
    size: int
    data: bytes


def deflate(name: str, content: bytes) -> Member:
    """Return `content` as the package member `name`, compressed as `normalise` compresses."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, zlib.crc32(content), len(content),
                  compressor.compress(content) + compressor.flush())


def pack(members: list[Member | tuple[str, bytes]]) -> bytes:
    """Return the package of `members` (compressed ones, or (name, content) pairs) in one
    pass: [Content_Types].xml first, as Office writes it, the rest in the given order; every
    entry dated SOURCE_DATE_EPOCH or 1980, the core properties' times set the same way.

    A writer that keeps its reference's unchanged parts compressed hands them in as they are;
    only what it wrote is compressed here.
    """
    when = build_time()
    year, month, day, hour, minute, second = (when or _FLOOR).timetuple()[:6]
    date = (year - 1980) << 9 | month << 5 | day
    time = hour << 11 | minute << 5 | second // 2
    members = sorted(members, key=lambda m: (m.name if isinstance(m, Member) else m[0])
                     != "[Content_Types].xml")
    local, central = [], []
    offset = 0
    for item in members:
        if not isinstance(item, Member):
            name, content = item
            if name == "docProps/core.xml":
                content = _core_times(content, when)
            item = deflate(name, content)
        name = item.name.encode("utf-8")
        flags = 0 if item.name.isascii() else 0x800  # the name is UTF-8
        # version 2.0 (deflate) to extract, made on MS-DOS, read-write for the owner: what
        # zipfile writes for `normalise`
        fields = (flags, zipfile.ZIP_DEFLATED, time, date, item.crc, len(item.data),
                  item.size, len(name))
        local += [struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, *fields, 0), name,
                  item.data]
        central += [struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, *fields, 0, 0,
                                0, 0, 0o600 << 16, offset), name]
        offset += 30 + len(name) + len(item.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(directory), offset, 0)
    return b"".join(local) + directory + end


def _core_times(xml: bytes, when: dt.datetime | None) -> bytes:
    if when is None:
        return _STAMP.sub(b"", xml)
    text = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    stamps = b"".join(b"<dcterms:" + tag + b' xsi:type="dcterms:W3CDTF">' + text +
                      b"</dcterms:" + tag + b">" for tag in (b"created", b"modified"))
    # Drop whatever times the writer left, then give both, so none is ever the wall clock.
    xml = _STAMP.sub(b"", xml)
    if b"xmlns:xsi=" not in xml:
        xml = xml.replace(b"<cp:coreProperties ", b'<cp:coreProperties xmlns:xsi='
                          b'"http://www.w3.org/2001/XMLSchema-instance" ', 1)
    if b"xmlns:dcterms=" not in xml:
        xml = xml.replace(b"<cp:coreProperties ", b'<cp:coreProperties xmlns:dcterms='
                          b'"http://purl.org/dc/terms/" ', 1)
    return xml.replace(b"</cp:coreProperties>", stamps + b"</cp:coreProperties>", 1)
