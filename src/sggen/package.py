"""Reproducible Office packages and atomic writes: same input, same bytes; never half a file."""

from __future__ import annotations

import datetime as dt
import glob
import io
import os
import re
import secrets
import zipfile
from pathlib import Path

from sggen.errors import SggenError

_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line ends
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never a mix; a build killed midway leaves the
    previous file untouched (and at most a stray temporary file, removed on the next write).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(path)
    # Not mkstemp: its files are private (0600); an output is as readable as any file the
    # user creates, so the umask decides. The pid in the name tells stale files from live ones.
    while True:
        temp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _remove_stale(path: Path) -> None:
    """Remove temporary files of `path` left by builds that were killed."""
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = temp.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            temp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    """Return whether process `pid` may still be writing (when unsure: yes)."""
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); without it a power cut could undo it."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
