"""Reading user files safely: regular files inside the workspace, never blocking, bounded."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sggen.errors import InputError, Location

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | \
    getattr(os, "O_BINARY", 0)


def _kind(mode: int) -> str:
    """Return what a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse(path: Path, message: str, hint: str = "") -> InputError:
    return InputError(message, Location(path), hint)


def check(path: Path, inside: Path | None = None, links: bool = True) -> os.stat_result:
    """Return the status of `path` if it is a regular file (inside the folder `inside`, after
    following links; not a link at all unless `links`); raise InputError naming the path
    otherwise. Never opens the file."""
    try:
        info = os.stat(path) if links else os.lstat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise _refuse(path, f"is a broken link to {os.readlink(path)}",
                          "point it at an existing file, or remove it") from None
        raise _refuse(path, "cannot read file: no such file") from None
    except OSError as exc:
        raise _refuse(path, f"cannot read file: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise _refuse(path, "is a link, not a file", "replace it with a regular file")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, f"is {_kind(info.st_mode)}, not a file",
                      "replace it with a regular file")
    if inside is not None and not _below(os.path.realpath(path), os.path.realpath(inside)):
        raise _refuse(path, f"links to {os.path.realpath(path)}, outside "
                      f"{Location(Path(inside))}",
                      "copy the file into the workspace instead of linking to it")
    return info


def _below(real: str, base: str) -> bool:
    """Return whether the resolved path `real` is the folder `base` or lies below it (as text:
    the up-to-date check of a portfolio asks this for every input)."""
    real, base = os.path.normcase(real), os.path.normcase(base)
    return real == base or real.startswith(os.path.join(base, ""))


def read(path: Path, limit: int, inside: Path | None = None, hint: str = "",
         links: bool = True) -> bytes:
    """Return the bytes of the regular file `path`, at most `limit` of them; raise InputError
    naming the path if it is not a regular file (inside `inside`; not a link unless `links`),
    or is larger."""
    info = check(path, inside, links)
    if info.st_size > limit:
        raise _too_large(path, limit, hint)
    try:
        # without links, a link put in its place since the check is refused as it is opened
        handle = os.open(path, _FLAGS if links else _FLAGS | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise _refuse(path, f"cannot read file: {exc.strerror}") from None
    try:
        # Checked again on the open file: the name may have been replaced since the stat.
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise _refuse(path, f"is {_kind(mode)}, not a file", "replace it with a regular file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise _refuse(path, "is a folder, not a file") from None
        raise _refuse(path, f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(handle)
    if size > limit:
        raise _too_large(path, limit, hint)
    return b"".join(chunks)


def _too_large(path: Path, limit: int, hint: str) -> InputError:
    return InputError(f"file is larger than the limit of {limit:,} bytes", Location(path, 1, 1),
                      hint or "remove what is not needed")


def is_editor_file(name: str) -> bool:
    """Return whether a file name is an editor's temporary, backup or lock file (or hidden)."""
    return (name.startswith((".", "#")) or name.endswith(("~", "#"))
            or name.endswith((".swp", ".swo", ".swx", ".tmp", ".bak", ".orig")))
