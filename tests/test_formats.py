"""The format registry: every block kind in every format is shown or warned about, a new
format is one module and one line, and branding comes from the reference documents."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from conftest import FINNISH_LAYOUTS, all_shapes, deck_text, guide_text, rebranded_deck
from docx import Document as open_docx
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from typer.testing import CliRunner

from sggen import formats, pipeline, read
from sggen.cli import app
from sggen.document import (
    BLOCKS,
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
from sggen.errors import Location

REPO = Path(__file__).resolve().parent.parent
META = Meta(title="T", subject="S", author="PMO", language="fi", footer="Projekti · X-1")


def _sample(kind: type) -> tuple[object, str]:
    """Return a block of `kind` and a word that shows it was written (or '' if it has none)."""
    where = Location(Path("templates/t.md.j2"), 7)
    samples = {
        Paragraph: (Paragraph([Run("kappaleteksti")], where=where), "kappaleteksti"),
        Heading: (Heading(3, "väliotsikko", where=where), "väliotsikko"),
        BulletList: (BulletList([ListItem([Run("luettelokohta")])], where=where),
                     "luettelokohta"),
        Table: (Table([[Run("otsake")]], [[[Run("solu")]]], where=where), "solu"),
        OrgChart: (OrgChart([ChartRow("", [ChartBox("Omistaja", ["Helena"])], [])],
                            where=where), "Helena"),
        Cards: (Cards([Card("Omistaja", "Helena", ["päättää"])], where=where), "päättää"),
        Timeline: (Timeline([Span("Käynnistys", dt.date(2027, 1, 18), dt.date(2027, 3, 19))],
                            [Mark(dt.date(2027, 1, 14), ["14.1.", "Aloitus"])], where=where),
                   "Aloitus"),
        PageBreak: (PageBreak(where=where), ""),
        Cover: (Cover(["kansilehti"], where=where), "kansilehti"),
        Toc: (Toc("sisällys", where=where), "sisällys"),
    }
    assert set(samples) == set(BLOCKS), "a block kind was added: add a sample of it here"
    return samples[kind]


def _text_of(fmt: formats.Format, path: Path) -> str:
    return deck_text(path) if fmt.suffix == ".pptx" else guide_text(path)


@pytest.mark.parametrize("kind", BLOCKS, ids=lambda k: k.__name__)
@pytest.mark.parametrize("name", ["deck", "guide"])
def test_every_block_kind_is_shown_or_warned_about(name, kind, tmp_path) -> None:
    fmt = formats.get(name)
    block, word = _sample(kind)
    document = (Document("T", slides=[Slide("Dia", [block])]) if fmt.slides
                else Document("T", blocks=[block]))
    unshown = fmt.unshown(document)
    path = tmp_path / f"out{fmt.suffix}"
    path.write_bytes(fmt.writer().write(document, fmt.reference(REPO / "templates"), META))
    if unshown:
        assert unshown == [block]  # and the build turns it into a located warning
    elif word:
        assert word in _text_of(fmt, path), f"the {name} dropped a {kind.__name__}"


def test_a_block_a_format_cannot_show_warns_with_its_template_line(workspace) -> None:
    template = workspace / "templates" / "deck.md.j2"
    lines = template.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("## {{ t.project_brief }}"))
    lines[at + 1:at + 1] = ["", "::: toc", "Sisällys", ":::"]
    template.write_text("\n".join(lines) + "\n")
    outcome = pipeline.run(read.workspace(workspace), pipeline.Request(["example"], ("deck",)))[0]
    assert [w.message for w in outcome.warnings] == ["the deck cannot show a Toc; it is left out"]
    where = outcome.warnings[0].where
    assert where.path == template and lines[where.line - 1] == "Sisällys", where
    result = CliRunner().invoke(app, ["validate", "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    assert f"deck.md.j2:{where.line}: warning: the deck cannot show a Toc" in result.output
    assert "warning(s)" in result.output


def test_a_heading_a_table_and_a_chart_on_one_slide_are_all_shown(workspace) -> None:
    template = workspace / "templates" / "deck.md.j2"
    text = template.read_text()
    chart_end = text.index("\n:::", text.index("\n::: orgchart") + 4) + 1
    extra = ("\n\n### Väliotsikko dialla\n\n| Sarake | Toinen |\n|---|---|\n"
             "| arvo-yksi | arvo-kaksi |\n")
    template.write_text(text[:chart_end + 3] + extra + text[chart_end + 3:])
    outcome = pipeline.run(read.workspace(workspace), pipeline.Request(["example"], ("deck",)))[0]
    assert outcome.warnings == []
    prs = Presentation(str(workspace / "output" / "example" / "deck.pptx"))
    parts = [s for s in prs.slides if s.shapes.title.text.startswith("Projektin organisaatio")]
    shapes = [shape for slide in parts for shape in all_shapes(slide.shapes)]
    # a name is kept on one line by a no-break space
    texts = " ".join(s.text_frame.text for s in shapes if s.has_text_frame).replace("\u00a0", " ")
    cells = " ".join(c.text for s in shapes if s.has_table for r in s.table.rows for c in r.cells)
    assert "Väliotsikko dialla" in texts
    assert "arvo-kaksi" in cells
    assert "Helena Korhonen" in texts  # the chart


TOY = '''"""A plain-text format: each block's text on its own line."""

from __future__ import annotations


def write(document, reference, meta, floor=0.0):
    """Return the document's text."""
    lines = [meta.title]
    for block in document.blocks:
        lines.append(getattr(block, "text", "") or type(block).__name__)
    return ("\\n".join(lines) + "\\n").encode()


def check(reference):
    """A text file needs no reference."""
    return []
'''


def test_a_new_format_is_one_module_and_one_line(workspace, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "toytext.py").write_text(TOY)
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setattr(formats, "REGISTRY", dict(formats.REGISTRY))
    monkeypatch.delitem(sys.modules, "toytext", raising=False)

    formats.register(formats.Format("text", "guide.md.j2", ".txt", "toytext"))

    ws = read.workspace(workspace)
    outcome = pipeline.run(ws, pipeline.Request(["example"], ("text",)))[0]
    target = workspace / "output" / "example" / "text.txt"
    assert outcome.written == [target]
    assert "Ohjausryhmä" in target.read_text()
    assert pipeline.run(ws, pipeline.Request(["example"], ("text",)))[0].unchanged == [target]


@pytest.mark.parametrize("suffix", [".pptx", ".potx"])
def test_a_finnish_template_with_its_own_theme_brands_the_chart(workspace, suffix) -> None:
    templates = workspace / "templates"
    shipped = templates / "reference.pptx"
    rebranded_deck(shipped, templates / f"reference.tmp{suffix}", FINNISH_LAYOUTS, "C8102E")
    shipped.unlink()
    (templates / f"reference.tmp{suffix}").rename(templates / f"reference{suffix}")
    result = CliRunner().invoke(app, ["template", "check", "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    pipeline.run(read.workspace(workspace), pipeline.Request(["example"], ("deck",)))
    prs = Presentation(str(workspace / "output" / "example" / "deck.pptx"))
    assert {s.slide_layout.name for s in prs.slides} <= set(FINNISH_LAYOUTS.values())
    theme = next(p for p in prs.part.package.iter_parts() if "theme" in str(p.partname))
    assert b'<a:accent1><a:srgbClr val="C8102E"/>' in theme.blob
    chart = next(s for s in prs.slides if s.shapes.title.text == "Projektin organisaatio")
    boxes = [s for s in all_shapes(chart.shapes) if s.has_text_frame and "Helena\u00a0Korhonen"
             in s.text_frame.text]
    assert boxes and all(b.fill.fore_color.theme_color == MSO_THEME_COLOR.ACCENT_1
                         for b in boxes)
    assert not any("srgbClr" in shape._element.xml for shape in chart.shapes
                   if not shape.is_placeholder)


def _contents_pages(path: Path) -> list[int]:
    doc = open_docx(str(path))
    return [int(p.text.split()[-1]) for p in doc.paragraphs
            if p.style.name.startswith("TOC ") and p.text.split()[-1:] != []
            and p.text.split()[-1].isdigit()]


def test_the_guide_takes_its_page_size_from_the_reference(workspace) -> None:
    from docx.shared import Mm

    target = workspace / "output" / "example" / "guide.docx"
    pipeline.run(read.workspace(workspace), pipeline.Request(["example"], ("guide",)))
    a4 = _contents_pages(target)
    reference = workspace / "templates" / "reference.docx"
    doc = open_docx(str(reference))
    doc.sections[0].page_width, doc.sections[0].page_height = Mm(148), Mm(210)  # A5
    doc.save(str(reference))
    pipeline.run(read.workspace(workspace), pipeline.Request(["example"], ("guide",)))
    assert round(open_docx(str(target)).sections[0].page_width.mm) == 148
    a5 = _contents_pages(target)
    # The same contents on smaller pages: each chapter starts later.
    assert len(a5) == len(a4) and a5[-1] > a4[-1], (a4, a5)
