"""The guide as an HTML page: structure, every block kind, the build and CLI, validators."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import browser
import pytest
from browser import Tree
from typer.testing import CliRunner

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
    Span,
    Table,
    Timeline,
    Toc,
)
from sggen.formats import get
from sggen.formats.html import write

runner = CliRunner()
META = Meta(title="Uusi palvelu – Ohjausryhmän opas", subject="Ohjausryhmän opas",
            author="IT-palvelukeskus", language="fi", footer="Uusi palvelu · IT-1")


def _every_kind() -> Document:
    chart = OrgChart([
        ChartRow("", [ChartBox("Ylempi johto", ["Outi Saarinen"])], []),
        ChartRow("Ohjausryhmä", [ChartBox("Projektin omistaja", ["Helena Korhonen"]),
                                 ChartBox("Käyttäjien edustaja", ["Mikko Laaksonen"])],
                 [ChartBox("Projektin varmistus", ["Pirjo Lehtonen"], side=True)]),
        ChartRow("", [ChartBox("Projektipäällikkö", ["Katja Hämäläinen"])], []),
    ])
    blocks = [
        Cover(["Uusi palvelu", "Ohjausryhmän opas", "Kaupunki"]),
        Toc("Sisällys"),
        Heading(1, "Projekti"),
        Paragraph([Run("Lihava", bold=True), Run(" ja "), Run("kursiivi", italic=True),
                   Run(" <script>alert(1)</script> & "), Run("linkki", link="https://x.fi/"),
                   Run(" vaarallinen", link="javascript:alert(1)"), Run("\ntoinen rivi")]),
        Heading(2, "Organisaatio"),
        chart,
        PageBreak(),
        Heading(2, "Toleranssit"),
        Table([[Run("Toleranssi")], [Run("Arvo")]],
              [[[Run("Aika")], [Run("2 viikkoa")]], [[Run("Kustannus")], [Run("10 %")]]]),
        Heading(3, "Tarkemmin"),
        BulletList([ListItem([Run("yksi")], [ListItem([Run("alakohta")])]),
                    ListItem([Run("kaksi")])]),
        BulletList([ListItem([Run("ensin")]), ListItem([Run("sitten")])], ordered=True),
        Cards([Card("Helena Korhonen", "Projektin omistaja", ["Omistaa perusteen"])]),
        Cards([Card("Vaihe", "", ["Omistaja päättää"]), Card("Projekti")], flow=True),
        Timeline([Span("Käynnistys", dt.date(2027, 1, 18), dt.date(2027, 3, 19))],
                 [Mark(dt.date(2027, 1, 14), ["14.1.2027", "Aloitus"])]),
        Heading(1, "Yhteystiedot"),
        Paragraph([Run("Loppu.")]),
    ]
    return Document("Uusi palvelu", blocks=blocks)


@pytest.fixture(scope="module")
def page() -> str:
    return write(_every_kind(), None, META).decode("utf-8")


def test_the_test_document_holds_every_block_kind():
    # a new block kind must be added here, and so shown by the HTML writer
    assert {type(b) for b in _every_kind().blocks} == set(BLOCKS)


def test_the_page_is_well_formed_html5_in_the_documents_language(page):
    tree = Tree(page)
    assert tree.doctype.lower() == "doctype html"
    assert not tree.problems, tree.problems
    assert tree.find("html")[0].attrs["lang"] == "fi"
    assert tree.find("title")[0].text == META.title
    assert tree.find("meta")[0].attrs == {"charset": "utf-8"}


def test_landmarks_cover_then_contents_then_main(page):
    tree = Tree(page)
    order = [e.tag for e in tree.elements if e.tag in ("header", "nav", "main", "footer")]
    assert order == ["header", "nav", "main", "footer"]
    assert tree.find("h1")[0].text == "Uusi palvelu"
    assert "header" in tree.find("h1")[0].parents
    assert tree.find("footer")[0].text == META.footer


def test_headings_go_down_one_level_at_a_time_under_one_h1(page):
    tree = Tree(page)
    levels = [int(e.tag[1]) for e in tree.elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    texts = [e.text for e in tree.elements if re.fullmatch(r"h[2-6]", e.tag)]
    assert texts == ["Sisällys", "Projekti", "Organisaatio", "Toleranssit", "Tarkemmin",
                     "Yhteystiedot"]


def test_sections_nest_as_the_headings_do(page):
    tree = Tree(page)
    h4 = next(e for e in tree.find("h4") if e.text == "Tarkemmin")
    # chapter > section > subsection, all within main
    assert h4.parents[-4:] == ["main", "section", "section", "section"]


def test_the_contents_link_to_every_chapter_and_section(page):
    tree = Tree(page)
    links = [e for e in tree.find("a") if "nav" in e.parents]
    ids = {e.attrs.get("id") for e in tree.elements}
    assert [a.text for a in links] == ["Projekti", "Organisaatio", "Toleranssit",
                                       "Yhteystiedot"]
    assert all(a.attrs["href"][1:] in ids for a in links)
    nav = tree.find("nav")[0]
    assert nav.attrs["aria-labelledby"] in ids


def test_tables_are_named_and_their_headers_scoped(page):
    tree = Tree(page)
    table = tree.find("table")[0]
    label = table.attrs.get("aria-labelledby")
    assert next(e for e in tree.elements if e.attrs.get("id") == label).text == "Toleranssit"
    heads = tree.find("th")
    assert [(h.attrs["scope"], h.text) for h in heads] == [
        ("col", "Toleranssi"), ("col", "Arvo"), ("row", "Aika"), ("row", "Kustannus")]
    assert [e.text for e in tree.find("td")] == ["2 viikkoa", "10 %"]


def test_lists_keep_their_kind_and_nesting(page):
    tree = Tree(page)
    sub = next(e for e in tree.find("li") if e.text == "alakohta")
    assert sub.parents[-3:] == ["ul", "li", "ul"]
    ordered = [e.text for e in tree.find("li") if e.parents[-1] == "ol" and "main" in e.parents
               and not e.text.startswith(("Vaihe", "Projekti"))]  # the flow of tiles
    assert ordered == ["ensin", "sitten"]


def test_inline_formatting_is_kept_and_text_is_escaped(page):
    tree = Tree(page)
    assert [e.text for e in tree.find("strong")][:1] == ["Lihava"]
    assert "kursiivi" in [e.text for e in tree.find("em")]
    assert not tree.find("script")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    hrefs = [e.attrs["href"] for e in tree.find("a") if "nav" not in e.parents]
    assert hrefs == ["https://x.fi/"]  # the javascript: link is shown as plain text
    assert "vaarallinen" in page and len(tree.find("br")) == 1


def test_the_chart_is_an_svg_image_with_a_title_a_description_and_a_list(page):
    tree = Tree(page)
    svg = tree.find("svg")[0]
    assert svg.attrs["role"] == "img"
    labels = svg.attrs["aria-labelledby"].split()
    named = {e.attrs.get("id"): e for e in tree.elements}
    assert [named[i].tag for i in labels] == ["title", "desc"]
    assert named[labels[0]].text == "Organisaatio"
    assert "Projektin omistaja (Helena Korhonen)" in named[labels[1]].text
    # the SVG is XML by itself: every box is drawn, its text readable
    source = page[page.index("<svg"):page.index("</svg>") + 6]
    root = ET.fromstring(source)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert {"Ylempi johto", "Projektipäällikkö", "Helena Korhonen", "Ohjausryhmä"} <= set(texts)
    assert len([r for r in root.iter(f"{ns}rect") if r.get("rx")]) == 5  # five boxes
    # who reports to whom: the project manager is listed inside the board, inside management
    pm = next(e for e in tree.find("li") if e.text.startswith("Projektipäällikkö"))
    assert pm.parents.count("li") == 2 and "figure" in pm.parents


def test_a_page_break_shows_nothing(page):
    tree = Tree(page)
    breaks = [e for e in tree.elements if "page-break" in e.attrs.get("class", "")]
    assert len(breaks) == 1 and breaks[0].text == "" and breaks[0].attrs["aria-hidden"] == "true"


def test_the_page_needs_nothing_from_outside(page):
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.replace(
        'href="https://x.fi/"', ""))
    assert "<link" not in page and "@import" not in page and "<script" not in page
    assert "@media print" in page


def test_a_document_without_cover_gets_its_title_as_the_h1():
    text = write(Document("", blocks=[Heading(1, "Luku"), Paragraph([Run("x")])]), None,
                 META).decode()
    tree = Tree(text)
    assert [e.text for e in tree.find("h1")] == [META.title]
    assert [e.text for e in tree.find("h2")] == ["Luku"]


def test_the_format_is_registered_as_the_guide_in_html():
    fmt = get("html")
    assert (fmt.template, fmt.suffix, fmt.file_stem, fmt.references) == \
        ("guide.md.j2", ".html", "guide", ())


# --- the build and the command line ----------------------------------------------------------


def test_format_html_writes_the_guide_page_and_the_manifest_tracks_it(workspace):
    args = ["guide", "-p", "example", "--format", "md,html", "-w", str(workspace)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    out = workspace / "output" / "example"
    page = (out / "guide.html").read_text()
    assert "<html lang=\"fi-FI\">" in page and "Projektin omistaja" in page
    assert (out / "guide.docx").is_file() and (out / "guide.md").is_file()
    manifest = json.loads((out / ".sggen.json").read_text())
    entry = manifest["outputs"]["guide.html"]
    assert entry["files"][-1] == "guide.html"
    assert "templates/reference.docx" not in entry["inputs"]
    assert "templates/guide.md.j2" in entry["inputs"]

    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "wrote" not in again.output  # up to date

    role = workspace / "roles" / "prince2" / "executive.yaml"
    role.write_text(role.read_text().replace("liiketoimintaperusteen",
                                             "muutetun-liiketoimintaperusteen"))
    third = runner.invoke(app, args)
    assert "guide.html" in third.output
    assert "muutetun-liiketoimintaperusteen" in (out / "guide.html").read_text()


def test_format_md_alone_still_writes_no_page(workspace):
    result = runner.invoke(app, ["guide", "-p", "example", "--format", "md", "-w",
                                 str(workspace)])
    assert result.exit_code == 0, result.output
    assert not (workspace / "output" / "example" / "guide.html").exists()


def test_an_unknown_format_is_an_error_naming_the_known_ones(workspace):
    result = runner.invoke(app, ["guide", "-p", "example", "--format", "odt", "-w",
                                 str(workspace)])
    assert result.exit_code == 2
    assert "--format 'odt' is not known" in result.output and "html" in result.output


@pytest.mark.slow  # the W3C checker and a browser
def test_the_shipped_guide_page_passes_the_html_checker_and_axe(workspace, tmp_path):
    browser.require_validator()
    browser.require_browser()
    result = runner.invoke(app, ["build", "-p", "example", "--lang", "fi,en", "--format",
                                 "html", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    pages = [workspace / "output" / "example" / n for n in ("guide.html", "guide.en.html")]
    for path in pages:
        assert browser.validate_html(path) == [], path
    with browser.chromium() as chromium:
        view = chromium.new_page()
        for path in pages:
            view.goto(path.as_uri())
            assert browser.axe_violations(view) == [], path
            view.emulate_media(media="print")
            assert browser.axe_violations(view) == [], f"{path} (print)"
            view.emulate_media(media="screen")


@pytest.mark.slow  # the W3C checker and a browser
def test_the_checker_and_axe_catch_a_bad_page(tmp_path):
    # the checks above can fail: a page without lang, with an unlabelled chart, low contrast
    browser.require_validator()
    browser.require_browser()
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head><title>x</title></head><body><main>"
                   "<p style='color:#bbb'>faint</p><svg role='img'></svg><table><tr><td>1"
                   "</td></tr></table><section><h4>skipped</h4></section><div><li>x</li></div>"
                   "</main></body></html>")
    assert browser.validate_html(bad)
    with browser.chromium() as chromium:
        view = chromium.new_page()
        view.goto(bad.as_uri())
        found = {v["id"] for v in browser.axe_violations(view)}
    assert {"html-has-lang", "color-contrast", "svg-img-alt"} <= found


# --- the deck's slides as a page -------------------------------------------------------------


def test_the_slides_page_has_the_decks_slides_as_laid_out(workspace):
    from pptx import Presentation

    result = runner.invoke(app, ["deck", "-p", "example", "--format", "html", "-w",
                                 str(workspace)])
    assert result.exit_code == 0, result.output
    out = workspace / "output" / "example"
    tree = Tree((out / "deck.html").read_text())
    assert not tree.problems, tree.problems
    slides = [e for e in tree.find("section") if "slide" in e.attrs["class"].split()]
    deck = Presentation(str(out / "deck.pptx"))
    assert len(slides) == len(deck.slides)  # the same fitted model: the same slides
    titles = [e.text for e in tree.find("h2")]
    assert titles == [s.shapes.title.text_frame.text for s in deck.slides]
    assert all(s.attrs["style"] == "width:959.98pt;height:540pt" for s in slides)
    assert tree.find("svg")[0].attrs["role"] == "img"
    assert [e.attrs["scope"] for e in tree.find("th")][:1] == ["col"]
    assert not (out / "guide.html").exists()  # `deck --format html` is the deck alone


@pytest.mark.slow  # the W3C checker and a browser
def test_the_slides_page_passes_the_html_checker_and_axe(workspace):
    browser.require_validator()
    browser.require_browser()
    result = runner.invoke(app, ["deck", "-p", "example", "--format", "html", "-w",
                                 str(workspace)])
    assert result.exit_code == 0, result.output
    path = workspace / "output" / "example" / "deck.html"
    assert browser.validate_html(path) == []
    with browser.chromium() as chromium:
        view = chromium.new_page()
        view.goto(path.as_uri())
        assert browser.axe_violations(view) == []


def test_the_slides_page_finds_localised_layouts_by_type(workspace):
    from conftest import FINNISH_LAYOUTS, rebranded_deck

    result = runner.invoke(app, ["deck", "-p", "example", "--format", "html", "-w",
                                 str(workspace)])
    assert result.exit_code == 0, result.output
    out = workspace / "output" / "example" / "deck.html"
    english = out.read_text()
    reference = workspace / "templates" / "reference.pptx"
    rebranded_deck(reference, workspace / "templates" / "fi.pptx", FINNISH_LAYOUTS)
    (workspace / "templates" / "fi.pptx").replace(reference)
    result = runner.invoke(app, ["deck", "-p", "example", "--format", "html", "-w",
                                 str(workspace)])
    assert result.exit_code == 0, result.output
    # the same places as with the English names: found by type, no stand-in areas
    assert out.read_text() == english
    footer = Tree(english).find("p")
    assert any("footer" in e.attrs.get("class", "") for e in footer)


def test_the_slides_page_names_a_missing_layout(workspace):
    reference = workspace / "templates" / "reference.pptx"
    data = reference.read_bytes()
    import io
    import zipfile

    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename.startswith("ppt/slideLayouts/slideLayout"):
                part = part.replace(b'type="titleOnly"', b'type="cust"').replace(
                    b'name="Title Only"', b'name="Vain otsikko"')
            out.writestr(item, part)
    reference.write_bytes(target.getvalue())
    result = runner.invoke(app, ["deck", "-p", "example", "--format", "html", "-w",
                                 str(workspace)])
    assert result.exit_code == 2
    assert "slide layout 'Title Only'" in result.output
