"""What one run keeps for the next: the checked role library and the compiled templates.

Everything here is keyed by the hashes of what it was made from and by sggen's own code, so a
stale entry is never used, and the folder is safe to delete at any time. A cache that cannot be
read or written is no error: the run reads and compiles afresh.

An entry is read back only from a private folder (a folder, not a link, owned by this user and
writable by no one else, below folders that only this user or the system can change) and only
if it is a regular file of this user's, no larger than `MAX_ENTRY`: a compiled template runs as
code when it is used, so an entry that another user could have planted is never read at all.
The library's entries are unpickled by an unpickler that builds only sggen's own dataclasses and
enums and a few plain types, so even an entry that passes these checks calls no other code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import io
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

_OFF = ("", "0", "off", "no", "false")
MAX_ENTRY = 64 << 20  # the example's library is about 0.5 MB
_HEADER = b"sggen cache entry\n"
_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_PLAIN = {
    "builtins": {"set", "frozenset", "bytearray", "complex"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
    "pathlib": {"Path", "PosixPath", "WindowsPath", "PurePath", "PurePosixPath",
                "PureWindowsPath"},
    "collections": {"OrderedDict"},
}


def folder() -> Path | None:
    """Return the cache folder, or None when SGGEN_CACHE_DIR switches the cache off.

    SGGEN_CACHE_DIR names the folder; otherwise it is the platform's cache folder for users
    (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%).
    """
    given = os.environ.get("SGGEN_CACHE_DIR")
    if given is not None:
        return None if given.strip().lower() in _OFF else Path(given) / code_hash()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "sggen" / code_hash()


@functools.cache
def code_hash() -> str:
    """Return a hash of sggen's own code (its .py and .css files), taken once per process: a
    changed sggen rebuilds and recompiles, even when its version number stayed the same."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.css")]):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()[:16]


def key(*parts: object) -> str:
    """Return the name of an entry made from `parts` (hashes, paths, names)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def private(where: Path) -> bool:
    """Return whether `where` is, or has just been made, a folder only this user can change.

    The folder itself must be a folder (not a link) owned by this user and writable by no one
    else; every folder above it must be owned by this user or the system and writable by no one
    else, or sticky (as /tmp, where no one may rename another's files). Folders made here are
    made for this user alone.
    """
    if not hasattr(os, "geteuid"):
        return True  # no POSIX owners (Windows): the user's own profile folder holds the cache
    try:
        for made in reversed([where, *where.parents]):
            if not os.path.lexists(made):
                os.mkdir(made, 0o700)  # (makedirs gives its mode to the last folder only)
        own = os.lstat(where)
    except (OSError, ValueError):
        return False
    me = os.geteuid()
    if not stat.S_ISDIR(own.st_mode) or own.st_uid != me or own.st_mode & 0o022:
        return False
    for above in Path(os.path.realpath(where)).parents:
        try:
            info = os.stat(above)
        except OSError:
            return False
        if info.st_uid not in (me, 0):
            return False
        if info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX:
            return False
    return True


def read_entry(path: Path, limit: int = MAX_ENTRY) -> bytes | None:
    """Return the bytes of the cache entry `path` if it is a regular file of this user's that
    no one else may write, at most `limit` bytes, in a private folder; otherwise None. Never
    follows a link, never waits on a pipe, never reads past `limit`."""
    if not private(path.parent):
        return None
    try:
        handle = os.open(path, _FLAGS)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(handle)
        if (not stat.S_ISREG(info.st_mode) or info.st_size > limit
                or (hasattr(os, "geteuid") and info.st_uid != os.geteuid())
                or info.st_mode & 0o022):
            return None
        data = os.read(handle, limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(handle)


def write_entry(path: Path, data: bytes) -> None:
    """Write the cache entry `path` atomically, readable by this user alone, into a private
    folder; a folder that is not private, or any failure to write, is ignored."""
    if not private(path.parent):
        return
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if not isinstance(exc, OSError):
            raise


class _Unpickler(pickle.Unpickler):
    """Builds only sggen's own dataclasses and enums and a few plain types: a name of any
    other module (os.system, builtins.eval, …) is refused before it is looked up."""

    def find_class(self, module: str, name: str):
        if module in _PLAIN and name in _PLAIN[module]:
            return super().find_class(module, name)
        if module == "sggen" or module.startswith("sggen."):
            found = super().find_class(module, name)
            if isinstance(found, type) and (dataclasses.is_dataclass(found)
                                            or issubclass(found, enum.Enum)):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not kept in the cache")


def load(name: str) -> object | None:
    """Return the entry `name`, or None when there is none (or it cannot be read, was not
    written by this code, or names anything but sggen's own data)."""
    where = folder()
    if where is None:
        return None
    data = read_entry(where / f"{name}.pickle")
    header = _HEADER + code_hash().encode() + b"\n"
    if data is None or not data.startswith(header):
        return None  # none, another user's, or written by another version of sggen
    try:
        return _Unpickler(io.BytesIO(data[len(header):])).load()
    except Exception:  # truncated, or naming what is not kept: read afresh
        return None


def store(name: str, value: object) -> None:
    """Keep `value` as the entry `name`, written atomically; a failure is ignored."""
    where = folder()
    if where is None:
        return
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return  # a value that cannot be kept: read afresh next time
    write_entry(where / f"{name}.pickle", _HEADER + code_hash().encode() + b"\n" + data)


def templates() -> Path | None:
    """Return the folder for compiled templates, or None when the cache is off."""
    where = folder()
    return where / "templates" if where is not None else None
