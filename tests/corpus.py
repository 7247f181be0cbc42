"""What the bad-input corpus's make.py scripts share: hostile pieces of XML, and a way to
rewrite one part of a reference package."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'
                  b'&lol2;">]>\n')
EXTERNAL_ENTITY = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def body(xml: bytes) -> bytes:
    """Return an XML part without its declaration."""
    return xml.split(b"?>", 1)[1]


def rewrite_part(path: Path, part: str | None = None, change=None,
                 extra: list[tuple[str, bytes]] = ()) -> None:
    """Rewrite the zip package at `path` with `change` applied to `part`, and `extra` parts
    added."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == part else data)
        for name, data in extra:
            target.writestr(name, data)
    path.write_bytes(out.getvalue())


def damage_part(path: Path, part: str) -> None:
    """Overwrite the start of the compressed bytes of `part` in the zip package at `path`
    (its directory stays intact: the damage shows only when the part is unpacked)."""
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(part)
    name, extra = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28],
                                 "little"), \
        int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name + extra
    data[start:start + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))


def drop_relationship(path: Path, rels: str, kind: str) -> None:
    """Remove from the relationships part `rels` of the package at `path` every relationship
    whose type ends with `kind`."""
    import re

    pattern = re.compile(rb"<Relationship [^>]*Type=\"[^\"]*" + re.escape(kind.encode()) +
                         rb"\"[^>]*/>")
    rewrite_part(path, rels, lambda data: pattern.sub(b"", data))
