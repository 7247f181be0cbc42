"""The OOXML layer: one escaping route for every value, the package around written parts, and
no writer that builds markup any other way."""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from sggen import formats
from sggen.document import Document, Meta, Paragraph, Run, Slide
from sggen.formats.ooxml import opc, xml
from sggen.formats.ooxml.xml import Template, Xml, el

REPO = Path(__file__).resolve().parent.parent
FORMATS = REPO / "src" / "sggen" / "formats"


def test_text_and_attribute_values_are_escaped() -> None:
    built = el("a:t", {"v": 'a"b<c>&d\te\nf\rg'}, "x<y>&z]]>\r")
    root = etree.fromstring(built.replace("a:t", "t").encode())
    assert root.get("v") == 'a"b<c>&d\te\nf\rg'  # tab and line ends survive as references
    assert root.text == "x<y>&z]]>\r"


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ud800",
                                 "\udfff", "\ufffe", "\uffff"])
def test_a_character_xml_cannot_hold_becomes_the_replacement_character(bad) -> None:
    built = el("t", {"v": f"a{bad}b"}, f"c{bad}d")
    root = etree.fromstring(built.encode("utf-8"))
    assert (root.get("v"), root.text) == ("a\ufffdb", "c\ufffdd")
    element = xml.new("t")
    xml.set_attr(element, "v", f"a{bad}b")
    xml.set_text(element, f"c{bad}d")
    assert etree.fromstring(xml.serialise(element)).text == "c\ufffdd"


def test_markup_joins_markup_only() -> None:
    assert isinstance(el("a") + el("b"), Xml)
    assert el("p", None, el("b"), "<b>") == "<p><b/>&lt;b&gt;</p>"
    with pytest.raises(TypeError):
        el("a") + "<b/>"  # noqa: B018 - the addition is what raises
    with pytest.raises(TypeError):
        "<b/>" + el("a")  # noqa: B018
    assert el("a", {"x": None, "y": 0}) == '<a y="0"/>'


def test_a_template_escapes_every_value_it_is_filled_with() -> None:
    run = Template('<r lang="{}"><p>{}</p>{}', el("x", {"id": "{B6F}"}), "</r>")
    made = run('fi-FI" b="1', "<&>\x01", el("b"))
    root = etree.fromstring(made.encode())
    assert isinstance(made, Xml) and root.get("lang") == 'fi-FI" b="1' and "b" not in root.attrib
    assert root[0].text == "<&>\ufffd" and [e.tag for e in root] == ["p", "b", "x"]
    assert root[2].get("id") == "{B6F}"  # braces of the template's own markup stay
    with pytest.raises(ValueError, match="quoted value"):
        Template("<r {}/>")  # a value could add attributes there
    with pytest.raises(TypeError):
        run("only one")


def test_no_office_writer_builds_markup_in_a_string_of_its_own() -> None:
    # every element of a part is made by xml.el, so every value in it goes through its escaping
    found = []
    for folder in ("ooxml", "deck", "guide", "cards"):
        for path in sorted((FORMATS / folder).glob("*.py")):
            if path.name == "xml.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.JoinedStr):
                    text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                    if "<" in text or '="' in text:
                        found.append(f"{path.name}:{node.lineno}")
    assert found == []


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
META = Meta(title="T", subject="S", author="PMO", language='fi-FI" b="1', footer="F · 1",
            version="1.0", status="draft")


@pytest.mark.parametrize("name", ["deck", "guide", "cards"])
def test_a_hostile_locale_gives_well_formed_parts(name) -> None:
    fmt = formats.get(name)
    document = Document("T", slides=[Slide("Dia", [Paragraph([Run("teksti")])],
                                           [Paragraph([Run("muistiinpano")])])]) \
        if fmt.slides else Document("T", blocks=[Paragraph([Run("teksti")])])
    data = fmt.writer().write(document, fmt.reference(REPO / "templates"), META)
    archive = zipfile.ZipFile(io.BytesIO(data))
    langs = set()
    for part in archive.namelist():
        if part.endswith((".xml", ".rels")):
            root = etree.fromstring(archive.read(part))  # raises if not well-formed
            langs |= {v for e in root.iter() for k, v in e.attrib.items()
                      if k in ("lang", f"{W}val") and "fi-FI" in v}
    assert langs == {'fi-FI" b="1'}


def test_relationships_point_relative_to_their_part() -> None:
    data = opc.rels_xml("/ppt/slides/slide1.xml", [
        opc.Rel("rId1", opc.RT + "slideLayout", "/ppt/slideLayouts/slideLayout2.xml"),
        opc.Rel("rId2", opc.RT + "hyperlink", "https://x.fi/?a=1&b=2", external=True)])
    rels = etree.fromstring(data)
    assert [(r.get("Target"), r.get("TargetMode")) for r in rels] == [
        ("../slideLayouts/slideLayout2.xml", None), ("https://x.fi/?a=1&b=2", "External")]


def test_a_new_relationship_takes_the_first_free_id() -> None:
    rels = [opc.Rel("rId1", "t", "/a"), opc.Rel("rId3", "t", "/b")]
    assert opc.next_rid(rels) == "rId2"
    assert opc.next_rid([]) == "rId1"


def test_content_types_keep_the_references_defaults() -> None:
    root = etree.fromstring(opc.content_types_xml(
        {"/media/a.png": "image/png", "/ppt/slides/slide1.xml": "application/x-slide"},
        {"png": "image/png"}))
    defaults = {e.get("Extension") for e in root if e.tag.endswith("Default")}
    overrides = {e.get("PartName") for e in root if e.tag.endswith("Override")}
    assert defaults == {"png", "rels", "xml"} and overrides == {"/ppt/slides/slide1.xml"}


def test_core_properties_are_set_and_added() -> None:
    reference = xml.parse(b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
                          b'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/'
                          b'dc/elements/1.1/"><dc:title>old</dc:title></cp:coreProperties>')
    root = etree.fromstring(opc.core_properties(reference, [("dc:title", "new <&>"),
                                                            ("cp:revision", "1")]))
    assert [(etree.QName(e).localname, e.text) for e in root] == [("title", "new <&>"),
                                                                  ("revision", "1")]
