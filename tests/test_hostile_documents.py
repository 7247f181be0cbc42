"""Hostile strings in every text and attribute value that reaches a document: each Office
writer, called directly, writes parts that parse and files that python-pptx and python-docx
open (and, in the slow test, LibreOffice renders).

The values are what no validation is trusted to have stopped: quotes, `<`, `&`, `]]>`,
control characters, lone surrogates, U+FFFE, very long words, and a language that would break
out of its attribute (`fi-FI" b="1`). XML 1.0 cannot hold some of them: each such character
is written as U+FFFD (formats/ooxml/xml.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import warnings
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from pptx import Presentation

from sggen import formats
from sggen.document import (
    BulletList,
    Card,
    Cards,
    ChartBox,
    ChartRow,
    Cover,
    Document,
    Heading,
    ListItem,
    Mark,
    Meta,
    OrgChart,
    PageBreak,
    Paragraph,
    Run,
    Slide,
    Span,
    Table,
    Timeline,
    Toc,
)

# On a failure Hypothesis imports libcst to suggest a patch, and libcst warns on import, which
# -W error would turn into an INTERNALERROR that hides the failure: import it quietly now.
with warnings.catch_warnings(), contextlib.suppress(Exception):
    warnings.simplefilter("ignore")
    import hypothesis.extra._patching  # noqa: F401

REPO = Path(__file__).resolve().parent.parent
OFFICE = [name for name, fmt in formats.REGISTRY.items() if fmt.zipped]
HOSTILE = ['"', "'", "<", ">", "&", "&amp;", "]]>", "<![CDATA[", "<!--", "-->", "<w:t>",
           '" b="1', "\x00", "\x01", "\x0b", "\x0c", "\x1f", "\ud800", "\udfff", "\ufffe",
           "\uffff", "\t", "\n", "\r", "\r\n", "\u2028", "\u202e", "\U0001f600", "x" * 300,
           "Työterveyshuoltopalvelujärjestelmäkokonaisuudenhallintaprosessi" * 3, " ", ""]
LOCALE = 'fi-FI" b="1'

# any character at all (surrogates and controls included), and the hostile pieces
texts = st.lists(st.one_of(st.sampled_from(HOSTILE),
                           st.text(st.characters(exclude_categories=()), max_size=12)),
                 min_size=0, max_size=5).map("".join)


def document(t: list[str]) -> tuple[Document, Document, Document]:
    """Return a deck, a guide and a card with the strings `t` (taken in turn) in every text
    of every block kind, its runs, links, cells, legends, chart boxes, tiles and labels."""
    pick = itertools.cycle(t).__next__
    runs = [Run(pick()), Run(pick(), bold=True), Run(pick(), italic=True),
            Run(pick(), link=pick()), Run(pick(), link="https://x.fi/" + pick()),
            Run(pick(), link="mailto:" + pick())]
    blocks = [
        Heading(2, pick()), Paragraph(runs),
        BulletList([ListItem([Run(pick())], [ListItem([Run(pick())])]),
                    ListItem([Run(pick())])], ordered=True),
        Table([[Run(pick())], [Run(pick())]], [[[Run(pick())], [Run("A")]],
                                               [[Run(pick())], [Run(pick())]]],
              symbols=[("A", pick()), (pick() or "B", pick())]),
        OrgChart([ChartRow(pick(), [ChartBox(pick(), [pick(), pick()])],
                           [ChartBox(pick(), [pick()], side=True)]),
                  ChartRow("", [ChartBox(pick(), [pick()])], [])]),
        Cards([Card(pick(), pick(), [pick(), pick()]), Card(pick())], flow=True),
        Cards([Card(pick(), pick(), [pick()])]),
        Timeline([Span(pick(), dt.date(2027, 1, 4), dt.date(2027, 3, 1), pick())],
                 [Mark(dt.date(2027, 1, 14), [pick(), pick()]),
                  Mark(dt.date(2027, 2, 1), [])]),
    ]
    notes = [Paragraph([Run(pick())]), BulletList([ListItem([Run(pick())])])]
    deck = Document(pick(), slides=[
        Slide(pick(), [Paragraph([Run(pick())]), Heading(2, pick())], notes, is_title=True),
        *(Slide(pick(), [block], notes) for block in blocks),
        Slide(pick(), [Paragraph(runs), blocks[3]], notes)])
    guide = Document(pick(), blocks=[Cover([pick(), pick(), pick()]), Toc(pick()),
                                     Heading(1, pick()), *blocks, PageBreak(),
                                     Heading(1, pick()), Paragraph(runs)])
    card = Document(pick(), blocks=[Cover([pick(), pick()]), *blocks[:4], Toc(pick())])
    return deck, guide, card


def meta(t: list[str]) -> Meta:
    """Return a Meta with the strings `t` in every field, and the hostile language."""
    pick = itertools.cycle(t).__next__
    return Meta(title=pick(), subject=pick(), author=pick(), language=LOCALE, footer=pick(),
                keywords=pick(), page_label=pick(), version=pick(), status=pick())


def written(t: list[str], m: list[str]) -> dict[str, bytes]:
    """Return each Office format's file for the hostile document, written directly."""
    documents = dict(zip(("deck", "guide", "cards"), document(t), strict=True))
    out = {}
    for name in OFFICE:
        fmt = formats.get(name)
        out[name] = fmt.writer().write(documents[name], fmt.reference(REPO / "templates"),
                                       meta(m))
    return out


def assert_sound(name: str, data: bytes) -> None:
    """Assert every XML part of the package parses, and the file opens in its library."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    for part in archive.namelist():
        if part.endswith((".xml", ".rels")):
            etree.fromstring(archive.read(part))  # raises on XML that is not well-formed
    if formats.get(name).suffix == ".pptx":
        prs = Presentation(io.BytesIO(data))
        assert [s.shapes.title.text_frame.text for s in prs.slides]
        for slide in prs.slides:
            assert slide.notes_slide.notes_text_frame is not None
    else:
        doc = open_docx(io.BytesIO(data))
        assert doc.paragraphs and doc.core_properties.language == LOCALE


@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
@given(t=st.lists(texts, min_size=1, max_size=12), m=st.lists(texts, min_size=1, max_size=9))
@example(t=HOSTILE, m=HOSTILE)
@example(t=[""], m=[""])
def test_hostile_strings_give_sound_documents(t: list[str], m: list[str]) -> None:
    for name, data in written(t, m).items():
        assert_sound(name, data)


def test_a_replaced_character_is_shown_not_dropped() -> None:
    data = written(["A\x01B"], ["T"])["guide"]
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "A\ufffdB" in body and "\x01" not in body


@pytest.mark.slow  # LibreOffice
def test_libreoffice_renders_hostile_documents(tmp_path) -> None:
    import conformance

    conformance.require_tools()
    paths = []
    for k, t in enumerate([HOSTILE, HOSTILE[::-1]]):
        for name, data in written(t, HOSTILE[k:]).items():
            path = tmp_path / f"{name}-{k}{formats.get(name).suffix}"
            path.write_bytes(data)
            paths.append(path)
    converted = conformance.to_pdfs(paths, tmp_path / "pdf")
    failed = {p: v for p, v in converted.items() if isinstance(v, Exception)}
    assert not failed, failed
    assert all(conformance.pdf_page_count(pdf) >= 1 for pdf in converted.values())
