"""The incremental record (.sggen.json) is read as untrusted data: anything but the shape a
build writes, at any level, is no record at all, never an error."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from sggen.pipeline import manifest


def good() -> dict:
    """Return a record of the shape a build writes."""
    return {
        "project": "0f" * 32, "method": "prince2", "language": "fi",
        "content": {"executive.business-case": "1a2b"},
        "outputs": {
            "deck.pptx": {"options": "0.1.0|deck|fi", "inputs": {"sggen.yaml": "ab"},
                          "files": ["deck.md", "deck.pptx"],
                          "hashes": {"deck.md": "cd", "deck.pptx": "ef"},
                          "stats": {"deck.md": [10, 1700000000000000000], "deck.pptx": None}},
            "cards/executive-outi-saarinen.docx": {
                "options": "o", "inputs": {}, "files": ["cards/executive-outi-saarinen.docx"]},
        },
    }


def write(folder: Path, data: object) -> Path:
    path = folder / manifest.MANIFEST
    path.write_text(json.dumps(data))
    return path


def test_a_record_of_the_right_shape_is_read(tmp_path):
    write(tmp_path, good())
    assert manifest.read(tmp_path) == good()


def _set(path: tuple, value: object):
    def change(data: dict) -> None:
        *parents, last = path
        for key in parents:
            data = data[key]
        if value is KeyError:
            del data[last]
        else:
            data[last] = value
    return change


DECK = ("outputs", "deck.pptx")
WRONG = {
    "project a number": _set(("project",), 1),
    "method a list": _set(("method",), ["prince2"]),
    "language null": _set(("language",), None),
    "content a list": _set(("content",), []),
    "content of numbers": _set(("content", "executive.business-case"), 1),
    "outputs a list": _set(("outputs",), []),
    "an output a text": _set(DECK, "deck.pptx"),
    "options missing": _set((*DECK, "options"), KeyError),
    "options a number": _set((*DECK, "options"), 3),
    "inputs missing": _set((*DECK, "inputs"), KeyError),
    "inputs of numbers": _set((*DECK, "inputs", "sggen.yaml"), 1),
    "files a text": _set((*DECK, "files"), "deck.pptx"),
    "files empty": _set((*DECK, "files"), []),
    "a file a number": _set((*DECK, "files"), [1]),
    "a file up and out": _set((*DECK, "files"), ["../../victim.txt"]),
    "a file up inside": _set((*DECK, "files"), ["cards/../../x"]),
    "a file absolute": _set((*DECK, "files"), ["/etc/passwd"]),
    "a file on a drive": _set((*DECK, "files"), ["C:x.pptx"]),
    "a file with a backslash": _set((*DECK, "files"), ["..\\x.pptx"]),
    "a file empty": _set((*DECK, "files"), [""]),
    "a file with a NUL": _set((*DECK, "files"), ["deck\0.pptx"]),
    "a file a lone surrogate": _set((*DECK, "files"), ["\ud800.pptx"]),
    "hashes a list": _set((*DECK, "hashes"), []),
    "hashes of numbers": _set((*DECK, "hashes", "deck.md"), 1),
    "stats a list": _set((*DECK, "stats"), []),
    "a stat of one number": _set((*DECK, "stats", "deck.md"), [1]),
    "a stat of texts": _set((*DECK, "stats", "deck.md"), ["1", "2"]),
    "a stat a number": _set((*DECK, "stats", "deck.md"), 5),
}


@pytest.mark.parametrize("wrong", sorted(WRONG))
def test_a_record_wrong_at_any_level_is_no_record(tmp_path, wrong):
    data = copy.deepcopy(good())
    WRONG[wrong](data)
    write(tmp_path, data)
    assert manifest.read(tmp_path) == {}


@pytest.mark.parametrize("data", [[], None, 1, "text", [good()]])
def test_a_record_that_is_not_an_object_is_no_record(tmp_path, data):
    write(tmp_path, data)
    assert manifest.read(tmp_path) == {}


@pytest.mark.parametrize("text", [
    "[" * 200_000 + "]" * 200_000,  # deeper than the parser's recursion limit
    '{"outputs": {"deck.pptx": {"options": ' + "[" * 200_000 + "]" * 200_000 + "}}}",
    '{"project": ' + "9" * 10_000 + "}",  # more digits than Python turns into an int
    "{", "", "NaN garbage",
])
def test_a_record_that_is_not_json_or_too_deep_is_no_record(tmp_path, text):
    (tmp_path / manifest.MANIFEST).write_text(text)
    assert manifest.read(tmp_path) == {}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "latin-1"])
def test_a_record_not_in_utf8_is_no_record(tmp_path, encoding):
    data = copy.deepcopy(good())
    data["language"] = "fi-ÅÄÖ"  # so that latin-1 differs from UTF-8
    (tmp_path / manifest.MANIFEST).write_bytes(json.dumps(data, ensure_ascii=False)
                                               .encode(encoding))
    assert manifest.read(tmp_path) == {}


def test_a_huge_record_is_no_record_and_is_not_read(tmp_path):
    path = tmp_path / manifest.MANIFEST
    with path.open("wb") as out:
        out.truncate(manifest.LIMIT + 1)  # sparse: the size alone refuses it
    assert manifest.read(tmp_path) == {}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="links")
@pytest.mark.parametrize("target", ["elsewhere", "inside"])
def test_a_record_that_is_a_link_is_no_record(tmp_path, target):
    folder = tmp_path / "project"
    folder.mkdir()
    real = write(tmp_path if target == "elsewhere" else folder, good())
    if target == "inside":
        real = real.rename(folder / "record.json")
    (folder / manifest.MANIFEST).symlink_to(real)
    assert manifest.read(folder) == {}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_record_that_is_a_pipe_or_a_folder_is_no_record(tmp_path):
    os.mkfifo(tmp_path / manifest.MANIFEST)  # nobody writes to it: never waited for
    assert manifest.read(tmp_path) == {}
    (tmp_path / manifest.MANIFEST).unlink()
    (tmp_path / manifest.MANIFEST).mkdir()
    assert manifest.read(tmp_path) == {}
