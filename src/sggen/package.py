"""Reproducible Office packages and atomic writes: same input, same bytes; never half a file."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

from sggen.errors import SggenError

_FLOOR = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # the earliest time a zip can hold
_STAMP = re.compile(rb"<(dcterms:(?:created|modified))\b[^>]*>[^<]*</\1>|<cp:lastPrinted>[^<]*"
                    rb"</cp:lastPrinted>")


def build_time() -> dt.datetime | None:
    """Return the time from SOURCE_DATE_EPOCH, or None when it is not set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return max(dt.datetime.fromtimestamp(int(value), dt.timezone.utc), _FLOOR)
    except (ValueError, OverflowError, OSError):
        raise SggenError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds",
                         hint="unset it or give seconds since 1970") from None


def normalise(data: bytes) -> bytes:
    """Return the package with fixed entry times and order and no wall-clock timestamps.

    Core properties get SOURCE_DATE_EPOCH as their created/modified time when it is set, and
    no such time otherwise, so the same inputs always give the same bytes.
    """
    when = build_time()
    stamp = (when or _FLOOR).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    # [Content_Types].xml first, as Office writes it; the rest in the writer's (fixed) order.
    names.sort(key=lambda n: n != "[Content_Types].xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name in names:
            content = source.read(name)
            if name == "docProps/core.xml":
                content = _core_times(content, when)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, content)
    return out.getvalue()


def _core_times(xml: bytes, when: dt.datetime | None) -> bytes:
    if when is None:
        return _STAMP.sub(b"", xml)
    text = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def fixed(match: re.Match) -> bytes:
        tag = match.group(1)
        if tag is None:
            return b""
        return b"<" + tag + b' xsi:type="dcterms:W3CDTF">' + text + b"</" + tag + b">"

    return _STAMP.sub(fixed, xml)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never a mix; a build killed midway leaves the
    previous file untouched (and at most a stray temporary file, removed on the next write).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
