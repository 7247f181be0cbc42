"""Safe YAML loading: plain data, the place of every value, and a clear error for bad files."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

import pytest

from sggen.errors import InputError
from sggen.read import load


def write(tmp_path: Path, text: str | bytes, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error(tmp_path: Path, text: str | bytes) -> InputError:
    with pytest.raises(InputError) as info:
        load.load(write(tmp_path, text))
    return info.value


def place(e: InputError) -> tuple[int, int]:
    return e.where.line, e.where.col


# --- good files ------------------------------------------------------------------------------


def test_plain_data_with_places(tmp_path: Path):
    source = load.load(write(tmp_path, (
        "# comment\n"
        "name: Test\n"
        "people:\n"
        "  executive: {name: Ann, title: Boss}\n"
        "  team:\n"
        "    - name: Bo\n"
        "dates: [2027-01-14, 2027-03-11]\n"
    )))
    assert source.data == {
        "name": "Test",
        "people": {"executive": {"name": "Ann", "title": "Boss"}, "team": [{"name": "Bo"}]},
        "dates": [dt.date(2027, 1, 14), dt.date(2027, 3, 11)],
    }
    assert source.where(("name",)).line == 2
    assert (source.where(("people", "executive", "title")).line,
            source.where(("people", "executive", "title")).col) == (4, 33)
    assert (source.where(("people", "team", 0, "name")).line,
            source.where(("people", "team", 0, "name")).col) == (6, 13)
    assert source.where(("people", "executive"), key=True).col == 3
    assert source.where(("dates", 1)).col == 21


def test_where_falls_back_to_the_nearest_parent(tmp_path: Path):
    source = load.load(write(tmp_path, "a:\n  b: 1\n"))
    assert source.where(("a", "missing", "deeper")).line == 2
    assert (source.where(("nothing",)).line, source.where(("nothing",)).col) == (1, 1)


def test_keys_that_look_like_other_types_stay_words(tmp_path: Path):
    source = load.load(write(tmp_path, "yes: 1\n2027: 2\nnull: 3\n2027-01-01: 4\n"))
    assert source.data == {"yes": 1, "2027": 2, "null": 3, "2027-01-01": 4}


def test_values_keep_their_yaml_types(tmp_path: Path):
    source = load.load(write(tmp_path, "a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: 2027-01-14\n"))
    assert source.data == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "1",
                           "f": dt.date(2027, 1, 14)}


def test_empty_file_is_no_data(tmp_path: Path):
    assert load.load(write(tmp_path, "# only a comment\n")).data is None


def test_byte_order_mark_and_crlf_are_fine(tmp_path: Path):
    source = load.load(write(tmp_path, b"\xef\xbb\xbfa: 1\r\nb: x\r\n"))
    assert source.data == {"a": 1, "b": "x"}
    assert source.where(("b",)).line == 2


def test_aliases_within_the_limit_are_expanded(tmp_path: Path):
    source = load.load(write(tmp_path, "a: &p {name: Ann}\nb: *p\n"))
    assert source.data["b"] == {"name": "Ann"}


def test_tabs_and_unicode_inside_values_are_kept(tmp_path: Path):
    source = load.load(write(tmp_path, 'a: "x\\ty"\nb: Käyttäjä 🚀 שלום\n'))
    assert source.data == {"a": "x\ty", "b": "Käyttäjä 🚀 שלום"}


# --- unsafe or unsound files -----------------------------------------------------------------


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['echo pwned']", "!!python/name:os.system ''",
    "!!python/object/new:type [x, [], {}]", "!!python/module:os ''", "!include other.yaml",
    "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!custom x",
])
def test_tags_are_refused(tmp_path: Path, tag: str):
    e = error(tmp_path, f"name: ok\nvalue: {tag}\n")
    assert "is not allowed" in e.message and e.message.startswith("YAML tag")
    assert place(e) == (2, 8)
    assert e.hint == "sggen reads plain data only"


def test_billion_laughs_fails_fast_in_bounded_memory(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(load, "MAX_NODES", 10_000)  # the same stop, sooner: tracing is slow
    text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for n in range(1, 10):
        text += f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]\n"
    path = write(tmp_path, text)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="values once aliases are expanded"):
            load.load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # the expanded document would hold 9**10 strings


def test_alias_to_itself(tmp_path: Path):
    e = error(tmp_path, "a: &loop\n  b: *loop\n")
    assert "alias to itself" in e.message


def test_deep_nesting(tmp_path: Path):
    e = error(tmp_path, "a: " + "[" * 100 + "]" * 100 + "\n")
    assert "deeper than" in e.message


def test_too_large_file(tmp_path: Path):
    e = error(tmp_path, "# " + "x" * load.MAX_BYTES + "\n")
    assert "larger than the limit" in e.message
    assert place(e) == (1, 1)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_is_not_read_at_all():
    e = pytest.raises(InputError, load.load, Path("/dev/zero")).value
    assert "is a device" in e.message


def test_a_folder_is_not_a_file(tmp_path: Path):
    with pytest.raises(InputError, match="is a folder"):
        load.load(tmp_path)


def test_missing_file_is_a_user_error(tmp_path: Path):
    with pytest.raises(InputError, match="cannot read file"):
        load.load(tmp_path / "nothing.yaml")


def test_duplicate_key(tmp_path: Path):
    e = error(tmp_path, "a:\n  b: 1\n  c: 2\n  b: 3\n")
    assert e.message == "duplicate key 'b', first given on line 2"
    assert place(e) == (4, 3)


def test_merge_key(tmp_path: Path):
    e = error(tmp_path, "base: &b {x: 1}\nother:\n  <<: *b\n")
    assert "merge keys" in e.message and place(e) == (3, 3)


def test_complex_key(tmp_path: Path):
    e = error(tmp_path, "? [a, b]\n: 1\n")
    assert "keys must be plain words" in e.message


@pytest.mark.parametrize(("text", "at", "words"), [
    ("a: 1\n\tb: 2\n", (2, 1), "a tab character cannot indent YAML"),
    ("a:\n  b: 1\n c: 2\n", (3, 2), "not indented like the lines above"),
    ("a:\n  - 1\n - 2\n", (3, 2), "not indented like the lines above"),
    ("a: {b: 1\nc: 2\n", (2, 2), "the '{' on line 1 is not closed"),
    ("a: [1, 2\nb: 3\n", (2, 2), "the '[' on line 1 is not closed"),
    ("a: x: y\n", (1, 5), "a ': ' cannot stand here"),
    ("a: \"open\nb: 2\n", (1, 4), "this quoted text is never closed"),
    ("a: *nothing\n", (1, 4), "alias *nothing is not defined above"),
    ("a: @x\n", (1, 4), "a value cannot start with '@'"),
    ("a: 1\n---\nb: 2\n", (2, 1), "a second YAML document starts here"),
    ("a: 1\nb\nc: 2\n", (2, 1), "expected 'key: value' on this line"),
    ('a: "\\q"\n', (1, 5), "this escape in a quoted text is not valid"),
    ("title: {fi: Rehtori: Kirkonkylä}\n", (1, 20), "a second ': ' in one entry of '{ }'"),
])
def test_syntax_errors_in_plain_words(tmp_path: Path, text: str, at: tuple, words: str):
    e = error(tmp_path, text)
    assert words in e.message
    assert place(e) == at
    assert "\n" not in str(e)


@pytest.mark.parametrize(("char", "at"), [
    ("\x07", (2, 6)), ("\x00", (2, 6)), ("\x1b", (2, 6)), ("\x7f", (2, 6)), ("\x85", (2, 6)),
    ("\ufffe", (2, 6)),
])
def test_control_characters_are_named_with_their_place(tmp_path: Path, char: str, at: tuple):
    e = error(tmp_path, f"a: 1\nb: ab{char}cd\n")
    assert f"U+{ord(char):04X}" in e.message
    assert place(e) == at


def test_non_utf8_byte_is_placed_by_characters_not_bytes(tmp_path: Path):
    e = error(tmp_path, "a: 1\nb: ää".encode() + b"\xe4\n")
    assert e.message == "byte 0xe4 is not UTF-8"
    assert place(e) == (2, 6)
    assert e.hint == "save the file as UTF-8"


def test_utf16_file(tmp_path: Path):
    e = error(tmp_path, "a: 1\n".encode("utf-16"))
    assert "UTF-16" in e.message and e.hint == "save the file as UTF-8"


@pytest.mark.parametrize(("value", "words"), [
    ("2027-02-30", "2027-02-30 is not a date: day is out of range for month"),
    ("2027-13-01", "2027-13-01 is not a date"),
    ("2027-01-14 10:00:00", "has a time of day"),
])
def test_bad_dates(tmp_path: Path, value: str, words: str):
    e = error(tmp_path, f"start: {value}\n")
    assert words in e.message
    assert place(e) == (1, 8)


def test_message_reads_path_line_col_what_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    e = error(tmp_path, "a: 1\nb: ää\xe4\n".encode("latin-1"))
    assert str(e) == "x.yaml:2:4: byte 0xe4 is not UTF-8 (save the file as UTF-8)"


def test_a_comma_in_an_unquoted_text_in_braces_says_to_quote_it(tmp_path: Path):
    e = error(tmp_path, "title: {fi: Rehtori, Kirkonkylän koulu}\n")
    assert e.message.startswith("'Kirkonkylän koulu' has no value: the ',' before it")
    assert place(e) == (1, 22)
    assert e.hint == 'put a text that holds a comma in quotes, e.g. ' \
        '{fi: "Rehtori, Kirkonkylän koulu"}'


def test_a_colon_in_braces_says_to_quote_the_text(tmp_path: Path):
    assert "in quotes" in error(tmp_path, "title: {fi: Rehtori: Kirkonkylä}\n").hint


def test_an_empty_value_after_a_colon_in_braces_is_not_taken_for_a_comma(tmp_path: Path):
    assert load.load(write(tmp_path, "title: {fi: a, sv: }\n")).data == {
        "title": {"fi": "a", "sv": None}}
