"""The cache between runs: used when its inputs are the same, never when they changed, and
never a reason for a run to fail."""

from __future__ import annotations

from pathlib import Path

from sggen import cache, pipeline, read
from sggen.pipeline import assemble


def _build(ws_path: Path) -> list[pipeline.Outcome]:
    assemble.renderer.cache_clear()  # as in a new process: templates come from the cache
    ws = read.workspace(ws_path)
    return pipeline.run(ws, pipeline.Request(["example"], force=True, formats=("guide",)))


def test_a_second_run_takes_the_library_from_the_cache(workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("SGGEN_CACHE_DIR", str(tmp_path / "cache"))
    _build(workspace)
    assert list((tmp_path / "cache").rglob("*.pickle")), "the first run keeps the library"
    assert list((tmp_path / "cache").rglob("__jinja2_*.cache")), "and the compiled templates"

    def unread(*args, **kwargs):
        raise AssertionError("the library was read again")

    monkeypatch.setattr(read, "inputs", unread)
    assert _build(workspace)[0].written


def test_a_changed_role_is_read_again(workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("SGGEN_CACHE_DIR", str(tmp_path / "cache"))
    _build(workspace)
    role = workspace / "roles" / "prince2" / "executive.yaml"
    role.write_text(role.read_text() + "\n# changed\n")
    calls = []
    original = read.inputs
    monkeypatch.setattr(read, "inputs", lambda *a, **k: calls.append(1) or original(*a, **k))
    _build(workspace)
    assert calls == [1]


def test_a_cache_that_cannot_be_written_is_no_error(workspace, monkeypatch, tmp_path):
    blocked = tmp_path / "a-file"  # a folder cannot be made there, not even by root
    blocked.write_text("")
    monkeypatch.setenv("SGGEN_CACHE_DIR", str(blocked))
    assert _build(workspace)[0].written
    assert blocked.read_text() == ""


def test_a_cache_entry_that_is_not_one_is_read_afresh(workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("SGGEN_CACHE_DIR", str(tmp_path / "cache"))
    _build(workspace)
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"not what it was")
    assert _build(workspace)[0].written
    assert not _build(workspace)[0].error


def test_the_cache_can_be_switched_off(workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("SGGEN_CACHE_DIR", "off")
    assert cache.folder() is None and cache.templates() is None
    assert _build(workspace)[0].written
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("SGGEN_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert str(cache.folder()).startswith(str(tmp_path / ".cache" / "sggen"))


def test_a_compiled_template_cut_short_is_compiled_afresh(workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("SGGEN_CACHE_DIR", str(tmp_path / "cache"))
    _build(workspace)
    compiled = list((tmp_path / "cache").rglob("__jinja2_*.cache"))
    from jinja2.bccache import bc_magic

    for entry in compiled:  # its header kept, the rest cut off inside the checksum
        entry.write_bytes(entry.read_bytes()[:len(bc_magic) + 3])
    assert compiled and _build(workspace)[0].written


def test_a_value_that_cannot_be_kept_is_no_error(monkeypatch, tmp_path):
    monkeypatch.setenv("SGGEN_CACHE_DIR", str(tmp_path / "cache"))
    cache.store("unpicklable", lambda: None)
    assert cache.load("unpicklable") is None
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]  # no stray file


def _fresh_calendar() -> None:
    """Forget what this process learnt of holidays, as a new process would."""
    from sggen.read import calendar

    calendar._holidays.cache_clear()
    calendar.known_country.cache_clear()


def test_holidays_come_from_the_cache_without_the_holiday_rules(monkeypatch, tmp_path):
    import datetime as dt
    import sys

    from sggen.read.calendar import Days, known_country

    monkeypatch.setenv("SGGEN_CACHE_DIR", str(tmp_path / "cache"))
    _fresh_calendar()
    independence, weekday = dt.date(2027, 12, 6), dt.date(2027, 12, 7)
    first = (known_country("FI"), known_country("XX"), Days("FI").holiday(independence),
             Days("FI").working(weekday), Days("FI").working(independence))
    assert first == (True, False, "Independence Day", True, False)
    _fresh_calendar()
    monkeypatch.setitem(sys.modules, "holidays", None)  # importing it now fails
    again = (known_country("FI"), known_country("XX"), Days("FI").holiday(independence),
             Days("FI").working(weekday), Days("FI").working(independence))
    assert again == first
    _fresh_calendar()
