"""Accessible by default: every shipped deck in every language, read as a screen reader and a
tagged PDF reader would, and the theme's colours checked for contrast."""

from __future__ import annotations

import colorsys
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from sggen import pipeline, read
from sggen.formats.deck import writer as deck_format
from sggen.formats.guide import writer as guide_format
from sggen.formats.ooxml import units

REPO = Path(__file__).resolve().parent.parent
PROJECTS = ("example", "asukasportaali", "pm2-example")
LANGS = ("fi", "sv", "en")
LOCALES = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("a11y")
    ws = read.workspace(REPO)
    pipeline.run(ws, pipeline.Request(list(PROJECTS), ("deck",), list(LANGS), output=out))
    own = {"example": "fi", "asukasportaali": "fi", "pm2-example": "fi"}
    return {(p, lang): out / p / ("deck.pptx" if lang == own[p] else f"deck.{lang}.pptx")
            for p in PROJECTS for lang in LANGS}


CASES = [(p, lang) for p in PROJECTS for lang in LANGS]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_the_deck_passes_its_own_audit(decks, case) -> None:
    assert deck_format.audit(decks[case], LOCALES[case[1]]) == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_every_text_is_tagged_and_most_in_the_documents_language(decks, case) -> None:
    prs = Presentation(str(decks[case]))
    tagged = own = 0
    for slide in prs.slides:
        for root in (slide._element, slide.notes_slide._element):
            for run in root.iter(qn("a:r")):
                props = run.find(qn("a:rPr"))
                text = run.findtext(qn("a:t")) or ""
                assert props is not None and props.get("lang"), text
                tagged += len(text)
                own += len(text) if props.get("lang") == LOCALES[case[1]] else 0
    assert tagged and own >= 0.8 * tagged
    assert prs.core_properties.language == LOCALES[case[1]]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_drawings_and_tables_are_described_and_lines_decorative(decks, case) -> None:
    prs = Presentation(str(decks[case]))
    chart_seen = False
    for slide in prs.slides:
        for shape in slide.shapes:
            props = shape._element.xpath("./*[1]/p:cNvPr")[0]
            if shape.has_table or shape.shape_type is not None and shape.shape_type == 6:
                assert props.get("descr"), (slide.shapes.title.text, shape.name)
            if shape.shape_type == 6 and "→" in props.get("descr", ""):
                chart_seen = True  # the organisation chart reads its hierarchy
        for line in slide._element.iter(qn("p:sp")):
            geometry = line.find(f"{qn('p:spPr')}/{qn('a:prstGeom')}")
            if geometry is None or geometry.get("prst") != "line":
                continue
            props = line.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}")
            decorative = props.find(qn("a:extLst")) is not None
            assert decorative or props.get("descr")
    assert chart_seen


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_titles_come_first_footers_last_and_titles_are_unique(decks, case) -> None:
    prs = Presentation(str(decks[case]))
    titles = []
    for slide in prs.slides:
        shapes = list(slide.shapes)
        assert shapes[0] == slide.shapes.title
        kinds = [s.placeholder_format.idx if s.is_placeholder else -1 for s in shapes]
        footer = [i for i, k in enumerate(kinds) if k in (11, 12)]
        assert footer == list(range(len(shapes) - len(footer), len(shapes)))
        titles.append(slide.shapes.title.text)
    assert len(titles) == len(set(titles))


# --- contrast ----------------------------------------------------------------------------------


def _theme(reference: Path) -> dict[str, str]:
    with zipfile.ZipFile(reference) as package:
        theme = package.read("ppt/theme/theme1.xml").decode()
    colours = {}
    for slot in ("dk1", "lt1", "dk2", "lt2", *(f"accent{k}" for k in range(1, 7))):
        block = re.search(f"<a:{slot}>(.*?)</a:{slot}>", theme).group(1)
        colours[slot] = re.search(r'(?:val|lastClr)="([0-9A-F]{6})"', block).group(1)
    # the slide master maps the text and background slots onto the theme's
    colours.update(tx1=colours["dk1"], bg1=colours["lt1"], tx2=colours["dk2"],
                   bg2=colours["lt2"])
    return colours


def _tinted(hex_colour: str, tint) -> tuple[float, float, float]:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    if tint is None:
        return r, g, b
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    return colorsys.hls_to_rgb(h, min(1.0, light * tint[0] + tint[1]), s)


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """Return the WCAG contrast ratio of two colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_text_colour_on_its_fill_meets_wcag_aa() -> None:
    theme = _theme(REPO / "templates" / "reference.pptx")
    for text, fill, tint in units.CONTRAST_PAIRS:
        ratio = contrast(_tinted(theme[text], None), _tinted(theme[fill], tint))
        assert ratio >= 4.5, (text, fill, tint, round(ratio, 2))


def test_the_contrast_check_fails_for_a_poor_pair() -> None:
    assert contrast(_tinted("FFFFFF", None), _tinted("E07A10", None)) < 4.5  # white on orange


# --- tagged PDF ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_pdfs_are_tagged_in_the_documents_language_and_figures_have_alt(workspace) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed: bash scripts/install-test-tools.sh")
    ws = read.workspace(workspace)
    pipeline.run(ws, pipeline.Request(["example"], ("deck", "guide", "cards"), ["fi", "en"],
                                      pdf=True))
    import pdfplumber

    cards = sorted((workspace / "output" / "example" / "cards").glob("*.pdf"))
    assert len(cards) > 10
    for path in cards:  # the card's title (the name), then headings of the first level only
        kinds = re.findall(rb"/S\s*/(Title|H\d?)\b", path.read_bytes())
        assert kinds[0] == b"Title" and set(kinds[1:]) == {b"H1"}, (path.name, kinds)
    for name, locale in (("deck.pdf", "fi-FI"), ("deck.en.pdf", "en-GB"),
                         ("guide.pdf", "fi-FI"),
                         *((f"cards/{p.name}", "en-GB" if p.name.endswith(".en.pdf") else
                            "fi-FI") for p in cards)):
        path = workspace / "output" / "example" / name
        with pdfplumber.open(str(path)) as pdf:
            catalog = pdf.doc.catalog
            assert catalog.get("Lang") == locale.encode(), name
            assert "StructTreeRoot" in catalog and catalog["MarkInfo"]["Marked"]
        objects = path.read_bytes().split(b"endobj")
        figures = [o for o in objects if b"/S/Figure" in o]
        assert all(b"/Alt" in o for o in figures), name


# --- the guide, the cards and the audit itself -----------------------------------------------


@pytest.fixture(scope="module")
def guides(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("a11y-guides")
    ws = read.workspace(REPO)
    pipeline.run(ws, pipeline.Request(list(PROJECTS), ("guide", "cards"), list(LANGS), output=out))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_guides_and_cards_are_tagged_in_their_language(guides, lang) -> None:
    suffix = ".docx" if lang == "fi" else f".{lang}.docx"
    files = [p for p in guides.rglob(f"*{suffix}") if lang != "fi" or p.suffixes == [".docx"]]
    assert any(p.parent.name == "cards" for p in files) and any(p.name.startswith("guide")
                                                                  for p in files)
    for path in files:
        assert guide_format.audit(path, LOCALES[lang]) == [], path


def test_the_audit_finds_a_text_without_its_language(decks, tmp_path) -> None:
    from docx import Document as open_docx

    prs = Presentation(str(decks["example", "fi"]))
    run = next(prs.slides[1]._element.iter(qn("a:r")))
    del run.find(qn("a:rPr")).attrib["lang"]
    broken = tmp_path / "deck.pptx"
    prs.save(str(broken))
    assert deck_format.audit(broken, "fi-FI") == ["slide 2: a text is not tagged fi-FI"]
    plain = tmp_path / "plain.docx"
    document = open_docx()
    document.add_paragraph("Ohjausryhmä")
    document.save(str(plain))
    assert any("not tagged fi-FI" in p for p in guide_format.audit(plain, "fi-FI"))


def test_sggen_check_reports_the_built_files_problems(workspace) -> None:
    from typer.testing import CliRunner

    from sggen.cli import app

    runner = CliRunner()
    runner.invoke(app, ["build", "-p", "example", "-w", str(workspace)])
    ok = runner.invoke(app, ["check", "-p", "example", "-w", str(workspace)])
    assert ok.exit_code == 0 and "accessible" in ok.output, ok.output
    # a template that writes the same slide title twice is reported, once the deck is built
    template = workspace / "templates" / "deck.md.j2"
    text = template.read_text()
    template.write_text(text.replace("## {{ t.how_we_meet }}", "## {{ t.calendar }}", 1))
    runner.invoke(app, ["deck", "-p", "example", "-w", str(workspace)])
    bad = runner.invoke(app, ["check", "-p", "example", "-w", str(workspace)])
    assert bad.exit_code == 2 and "is also slide" in bad.output, bad.output
