"""What one run keeps for the next: the checked role library and the compiled templates.

Everything here is keyed by the hashes of what it was made from and by sggen's own code, so a
stale entry is never used, and the folder is safe to delete at any time. A cache that cannot be
read or written is no error: the run reads and compiles afresh.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

_OFF = ("", "0", "off", "no", "false")


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
    """Return a hash of sggen's own code (its .py files), taken once per process: a changed
    sggen rebuilds and recompiles, even when its version number stayed the same."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()[:16]


def key(*parts: object) -> str:
    """Return the name of an entry made from `parts` (hashes, paths, names)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def load(name: str) -> object | None:
    """Return the entry `name`, or None when there is none (or it cannot be read)."""
    where = folder()
    if where is None:
        return None
    try:
        return pickle.loads((where / f"{name}.pickle").read_bytes())
    except Exception:  # missing, truncated, or written by another Python: read afresh
        return None


def store(name: str, value: object) -> None:
    """Keep `value` as the entry `name`, written atomically; a failure is ignored."""
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=where, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, where / f"{name}.pickle")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a read-only or full disk, or a value that cannot be kept: read afresh next time


def templates() -> Path | None:
    """Return the folder for compiled templates, or None when the cache is off."""
    where = folder()
    return where / "templates" if where is not None else None
