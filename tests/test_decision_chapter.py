"""The guide's decision-point chapter is this project's: every meeting with its date, its
resolutions in the deck's words and each member's part at it, read back from the written
guide."""

from __future__ import annotations

import pytest
from docx import Document as open_docx
from test_written import LANGS, suffix, view, ws  # noqa: F401  (ws: the written workspace)

PROJECTS = ("example", "pm2-example")


def chapter(path, title: str) -> tuple[list[str], list[list[str]]]:
    """Return the paragraphs and the table rows of the chapter headed `title`, in order."""
    doc = open_docx(str(path))
    body = doc.element.body
    paragraphs = {p._p: p for p in doc.paragraphs}
    tables = {t._tbl: t for t in doc.tables}
    texts, rows, inside = [], [], False
    for child in body.iterchildren():
        if child in paragraphs:
            p = paragraphs[child]
            if p.style.name == "Heading 1":
                inside = p.text == title
            if inside:
                texts.append(p.text)
        elif child in tables and inside:
            rows += [[c.text for c in row.cells] for row in tables[child].rows]
    return texts, rows


@pytest.mark.parametrize("project_id", PROJECTS)
@pytest.mark.parametrize("lang", LANGS)
def test_each_meeting_has_its_date_resolutions_and_members_parts(ws, project_id, lang):  # noqa: F811
    v = view(ws, project_id, lang)
    texts, rows = chapter(ws / "output" / project_id / f"guide{suffix(lang)}.docx",
                          v.t["decision_points"])
    assert texts and v.meetings.calendar
    headings = [t for t in texts if any(t.startswith(m.day + ":") for m in v.meetings.calendar)]
    assert len(headings) == len(v.meetings.calendar)
    assert all(m.day in h for m, h in zip(v.meetings.calendar, headings, strict=True))
    for meeting in v.meetings.calendar:
        assert meeting.resolutions
        for resolution in meeting.resolutions:
            assert resolution.text in texts, resolution.text
    # the first meeting's resolutions are the deck's, word for word
    assert v.meetings.calendar[0].resolutions == v.resolutions
    parts = {row[2] for row in rows}
    for member in v.cards:
        for line in member.card.meetings:
            if line.own:
                assert line.action in parts, (member.person.name, line.action)
