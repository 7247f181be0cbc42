"""Writing into the output folder: atomically (a reader sees the old file or the new one, never
half of one) and never through a link below the output folder, however it got there; an
operating system's refusal is a user error naming the path."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import secrets
import stat
from pathlib import Path

from sggen.errors import Location, SggenError

_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line ends
# Windows refuses to replace a file another program holds open (PowerPoint, Word) with the
# same error as an unwritable folder
WINDOWS = os.name == "nt"


def write_atomic(path: Path, data: bytes, inside: Path | None = None) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never a mix; a build killed midway leaves the
    previous file untouched (and at most a stray temporary file, removed on the next write).
    With `inside` (the output folder), every folder below it on the way to `path` is a real
    folder, opened without following links: a link among them is refused, never written
    through, whenever and however it got there.
    """
    try:
        if inside is None:
            _write(path, data)
        elif _AT:
            _write_below(Path(os.path.abspath(path)), data, Path(os.path.abspath(inside)))
        else:  # no folder descriptors (Windows): checked by name, then written
            _check_links(Path(os.path.abspath(path)), Path(os.path.abspath(inside)))
            _write(path, data)
    except OSError as exc:
        raise write_error(exc, path) from None


# Folder descriptors: a folder opened once and everything below it reached from it, so that
# no link swapped into the path between a check and a write is ever followed.
_AT = {os.open, os.mkdir, os.unlink, os.rename, os.stat} <= os.supports_dir_fd and \
    hasattr(os, "O_DIRECTORY") and hasattr(os, "O_NOFOLLOW")
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


def _write_below(path: Path, data: bytes, inside: Path) -> None:
    folder = _open_folder(inside, path.parent.relative_to(inside).parts)
    try:
        _remove_stale_at(folder, path.name)
        temp = _temp_name(path)
        # One try from the file's making to its rename: a Ctrl-C may come just as the file
        # is made, and the name (this process's, with a random part) is ours to remove.
        try:
            while True:
                try:
                    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                                     | _BINARY, 0o666, dir_fd=folder)
                    break
                except FileExistsError:
                    temp = _temp_name(path)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=folder)
            raise
        with contextlib.suppress(OSError):
            os.fsync(folder)  # the rename made durable
    finally:
        os.close(folder)


def _open_folder(inside: Path, parts: tuple[str, ...]) -> int:
    """Return a descriptor of the folder `inside`/`parts`, making what is missing; `inside`
    is opened as named (links followed: the user chose it), each of `parts` never through a
    link."""
    inside.mkdir(parents=True, exist_ok=True)
    folder, where = os.open(inside, _FOLDER), inside
    try:
        for part in parts:
            where = where / part
            try:
                opened = os.open(part, _FOLDER | os.O_NOFOLLOW, dir_fd=folder)
            except FileNotFoundError:
                with contextlib.suppress(FileExistsError):  # made meanwhile by another build
                    os.mkdir(part, 0o777, dir_fd=folder)
                opened = os.open(part, _FOLDER | os.O_NOFOLLOW, dir_fd=folder)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK) and \
                        os.path.islink(where):
                    raise _link_refused(where) from None
                raise
            os.close(folder)
            folder = opened
    except BaseException:
        os.close(folder)
        raise
    return folder


def _check_links(path: Path, inside: Path) -> None:
    """Refuse a link among the folders from `inside` down to `path`'s (checked by name)."""
    where = inside
    for part in path.parent.relative_to(inside).parts:
        where = where / part
        if where.is_symlink():
            raise _link_refused(where)


def _link_refused(where: Path) -> SggenError:
    what = "a broken link" if not where.exists() else "a link"
    return SggenError(f"is {what} to {os.readlink(where)}: sggen writes only into real folders "
                      "below the output folder", Location(where),
                      "remove the link, or name the folder you mean with --output")


def _remove_stale_at(folder: int, name: str) -> None:
    """Remove temporary files of `name` in the open `folder` left by builds that were killed."""
    prefix = f".{name}."
    for entry in os.listdir(folder):
        if entry.startswith(prefix) and entry.endswith(".tmp"):
            pid = entry[len(prefix):].split(".", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry, dir_fd=folder)


def make_folders(paths: list[Path], inside: Path) -> None:
    """Make the folders of `paths` below the output folder `inside`, refusing a link among
    them, or a folder where a file goes, before anything is written: a build then writes all
    of its files or none."""
    for path in paths:
        if os.path.isdir(path) and not os.path.islink(path):
            raise write_error(IsADirectoryError(errno.EISDIR, "is a folder"), Path(path))
    for parent in dict.fromkeys(Path(os.path.abspath(p)).parent for p in paths):
        try:
            if _AT:
                os.close(_open_folder(Path(os.path.abspath(inside)),
                                      parent.relative_to(os.path.abspath(inside)).parts))
            else:
                _check_links(parent / "x", Path(os.path.abspath(inside)))
        except OSError as exc:
            raise write_error(exc, parent / "x") from None


def remove(path: Path, inside: Path) -> None:
    """Delete the file `path` below the output folder `inside`, never through a link; a file
    that is no longer there is no error."""
    if not _AT:
        _check_links(Path(os.path.abspath(path)), Path(os.path.abspath(inside)))
        if not path.is_dir() or path.is_symlink():
            path.unlink(missing_ok=True)
        return
    path, inside = Path(os.path.abspath(path)), Path(os.path.abspath(inside))
    try:
        folder = _open_folder(inside, path.parent.relative_to(inside).parts)
    except (FileNotFoundError, SggenError):
        return  # a folder gone, or a link: nothing of this build's to delete there
    try:
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISDIR(os.stat(path.name, dir_fd=folder, follow_symlinks=False).st_mode):
                os.unlink(path.name, dir_fd=folder)  # a link itself, never what it leads to
    finally:
        os.close(folder)


def write_error(exc: OSError, path: Path) -> SggenError:
    """Return the user error for an OSError met while writing `path`: what happened to which
    path, in plain words, and what to do."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return SggenError("no space left on device while writing it; earlier files kept",
                          Location(path), "free some space, then build again")
    blocked = _not_a_folder(path.parent)
    if blocked is not None:
        what = "a broken link" if blocked.is_symlink() and not blocked.exists() else \
            "a file, not a folder"
        return SggenError(f"cannot write {Location(path)}: {Location(blocked)} is {what}",
                          Location(blocked), "remove or rename it, or choose another --output")
    if code == errno.EISDIR or path.is_dir():
        return SggenError("is a folder, so the file cannot be written", Location(path),
                          "remove the folder, or choose another --output")
    if code in (errno.EACCES, errno.EPERM):
        hint = "close it where it is open (PowerPoint, Word), or choose another --output" \
            if WINDOWS and path.exists() else "choose a folder you may write to with --output"
        return SggenError(f"permission denied writing in {Location(path.parent)}",
                          Location(path), hint)
    if code == errno.EROFS:
        return SggenError(f"{Location(path.parent)} is on a read-only file system",
                          Location(path), "choose another folder with --output")
    return SggenError(f"cannot write the file: {exc.strerror or exc}", Location(path),
                      "check the output folder")


def _not_a_folder(folder: Path) -> Path | None:
    """Return the first of `folder` and its parents that exists (or is a link) but is not a
    folder, or None."""
    for part in reversed((folder, *folder.parents)):
        if part.is_symlink() and not part.exists():
            return part
        if part.exists() and not part.is_dir():
            return part
    return None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(path)
    temp = path.parent / _temp_name(path)
    try:  # as in _write_below: from the file's making to its rename
        while True:
            try:
                handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
                break
            except FileExistsError:
                temp = path.parent / _temp_name(path)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _temp_name(path: Path) -> str:
    """Return a new name for the temporary file of `path`, beside it. Not mkstemp: its files
    are private (0600); an output is as readable as any file the user creates, so the umask
    decides. The pid in the name tells stale files from live ones."""
    return f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def _remove_stale(path: Path) -> None:
    """Remove temporary files of `path` left by builds that were killed."""
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = temp.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            temp.unlink(missing_ok=True)


def sweep(folder: Path) -> None:
    """Remove the temporary files below `folder` that processes which have ended left (a
    worker stopped in the middle of a write); the files they were for are untouched."""
    if not os.path.isdir(folder) or os.path.islink(folder):
        return
    for base, _, names in os.walk(folder):  # never follows a link to a folder
        for name in names:
            parts = name.split(".")
            if name.startswith(".") and name.endswith(".tmp") and len(parts) >= 5 \
                    and parts[-3].isdigit() and not _alive(int(parts[-3])):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(base, name))


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
