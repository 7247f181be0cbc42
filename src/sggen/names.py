"""Names in the file system: what a project id may be, and the names of what sggen writes.

A project id is the name of its file under projects/, whatever the file system allowed there
(`päiväkoti`, `Kunta 2027`), as long as it is one name of text: not hidden, no path, no
control character, no byte that is not UTF-8. What sggen writes is named so that it is a
valid name on every common file system (Windows' reserved names and characters, macOS's
normalisation, a case-insensitive disk, 255 bytes) and so that two things never share a file:
a name that had to change, or that would collide with another, gets a short hash of what it
names, which stays the same from build to build.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from sggen.files import is_editor_file

# A slug's bytes in UTF-8 (a person's name rarely has 40 letters), and a portable name's: with
# a role before it, a language and a suffix after it and a temporary file's marks around it,
# it stays well below the 255 bytes a file name may have.
MAX_SLUG, MAX_NAME = 100, 160
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*\u2028\u2029]')
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def id_problem(project_id: str) -> str:
    """Return why `project_id` cannot be a project id (the stem of a file under projects/), in
    words, or '' when it can."""
    if not project_id or not project_id.strip():
        return "it is empty"
    if "/" in project_id or "\\" in project_id:
        return "it names a path"
    if project_id.startswith(".") or is_editor_file(f"{project_id}.yaml"):
        return "a hidden or editor's file is not a project"
    if _CONTROL.search(project_id):
        return "it holds a control character or a byte that is not UTF-8"
    return ""


def shown(text: str) -> str:
    """Return `text` as a message shows a name: each control character as \\xNN, each byte
    that is not UTF-8 as U+FFFD, so that the name stays on one line and reads as it is."""
    return _CONTROL.sub(lambda m: "\ufffd" if "\ud800" <= m[0] <= "\udfff"
                        else f"\\x{ord(m[0]):02x}", text)


def portable(name: str) -> bool:
    """Return whether `name` is a valid file name as it is on every common file system."""
    return (bool(name) and not _UNSAFE.search(name) and not name.endswith((".", " "))
            and not name.startswith((" ", "-")) and len(name.encode("utf-8", "replace")) <= MAX_NAME
            and unicodedata.normalize("NFC", name) == name
            and not _RESERVED.fullmatch(name.split(".", 1)[0].rstrip(" ")))


def slug(text: str, fallback: str = "x") -> str:
    """Return `text` as a portable stem of lower-case letters and digits joined by hyphens:
    accents dropped where a plain letter remains (ä -> a), other scripts kept as they are
    (Cyrillic, Hebrew, CJK), at most MAX_SLUG bytes; `fallback` when nothing is left.
    A slug alone may still be a reserved name (con): `folder` adds a hash, a card its role."""
    letters = []
    for char in unicodedata.normalize("NFKC", text).casefold():
        plain = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in plain if not unicodedata.combining(c))
        letters.append(base if base.isascii() else unicodedata.normalize("NFC", char))
    words = re.sub(r"[^\w]+|_", "-", "".join(letters)).strip("-")
    words = words[:MAX_SLUG]  # a character has a byte at least
    while len(words.encode("utf-8")) > MAX_SLUG:
        words = words[:-1]
    return words.rstrip("-") or fallback


def folder(project_id: str) -> str:
    """Return the name of a project's output folder: its id when that is portable, else a
    portable slug of it with a hash of the id (so that two ids never share a folder)."""
    if portable(project_id):
        return project_id
    return f"{slug(project_id).rstrip('-')}-{digest(project_id)}"


def unique(stems: list[str], names: list[str]) -> list[str]:
    """Return `stems` made distinct as a case-insensitive, normalising file system sees them:
    a stem met again gets a hash of its entry of `names` (what the stem names, e.g. a person's
    role and details) and, when even that repeats, its number."""
    out: list[str] = []
    taken: set[str] = set()
    for number, (stem, name) in enumerate(zip(stems, names, strict=True), 1):
        candidate = stem
        if fold(candidate) in taken:
            candidate = f"{stem}-{digest(name)}"
        if fold(candidate) in taken:
            candidate = f"{stem}-{digest(name)}-{number}"
        taken.add(fold(candidate))
        out.append(candidate)
    return out


def fold(name: str) -> str:
    """Return what two names share if a file system would take them for one (a disk that
    ignores case, macOS's decomposed accents)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).casefold())


def digest(text: str) -> str:
    """Return a short hash of `text`, the same in every build: what tells two names apart."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
