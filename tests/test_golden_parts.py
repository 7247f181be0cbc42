"""The Office writers against golden packages, part by part (pandoc's way of testing OOXML).

Each golden file holds one written package: the list of its parts in order, and the canonical
XML (C14N, one element a line) of every part a writer makes or changes — slides, notes,
the presentation part, the main document, headers and footers, core properties, content types
and relationships. The parts a writer copies from the reference or only tags with the
language (masters, layouts, themes, images, settings) are listed by a hash of their canonical
form, so a change to one fails too, without a copy of it here.

After an intended change, look at the test's diff, then regenerate with
`SGGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_parts.py` and review what changed.
The files are gzipped text (`gzip -dc tests/golden/parts/NAME.gz` shows one; with
`git config diff.gzip.textconv "gzip -dc"`, git diff shows the change as text).
"""

from __future__ import annotations

import datetime as dt
import difflib
import gzip
import hashlib
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import REPO
from lxml import etree
from typer.testing import CliRunner

from sggen import formats
from sggen.cli import app
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

GOLDEN = Path(__file__).resolve().parent / "golden" / "parts"
# The parts a writer makes or changes: stored whole, as canonical XML.
WRITTEN = re.compile(r"^(\[Content_Types\]\.xml|.*\.rels|docProps/core\.xml|ppt/presentation\.xml"
                     r"|ppt/slides/slide\d+\.xml|ppt/notesSlides/notesSlide\d+\.xml"
                     r"|word/document\.xml|word/(header|footer)\d+\.xml)$")
# Large reference parts a writer changes in one place: that element is stored, the rest hashed.
EXCERPTS = {"word/styles.xml": "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
                               "docDefaults"}
# Times that are the build's, not the document's (none unless SOURCE_DATE_EPOCH is set).
_VOLATILE = ("{http://purl.org/dc/terms/}created", "{http://purl.org/dc/terms/}modified",
             "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
             "lastPrinted")
_TOKEN = re.compile(r"(<[^>]*>)")


def canonical(data: bytes, name: str = "") -> str:
    """Return an XML part in canonical form, one element a line, indented by depth;
    whitespace between elements (insignificant in these parts) is left out. Inclusive C14N
    1.0: attribute order, quoting and empty-element forms stop mattering, while namespace
    declarations still count (mc:Ignorable names prefixes that must stay declared)."""
    root = etree.fromstring(data)
    if name == "docProps/core.xml":
        for element in [e for tag in _VOLATILE for e in root.iter(tag)]:
            element.getparent().remove(element)
    text = _c14n(root).decode("utf-8")
    tokens = [t for t in _TOKEN.split(text) if t]
    lines: list[str] = []
    line, depth = None, 0
    for i, token in enumerate(tokens):
        if token.startswith("</"):
            depth -= 1
            lines.append(line + token if line is not None else "  " * depth + token)
            line = None
        elif token.startswith("<"):
            if line is not None:
                lines.append(line)
            line, depth = "  " * depth + token, depth + 1
        elif token.strip() or (line is not None and tokens[i + 1].startswith("</")):
            # text, or the blank text of an element that holds nothing else (it may matter)
            if line is None:
                lines.append("  " * depth + token)
            else:
                line += token
    return "\n".join(lines) + "\n"


def _c14n(root) -> bytes:
    return etree.tostring(root, method="c14n")


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def dump(package: bytes) -> dict[str, str]:
    """Return a package as its golden sections: "parts" (each part's name, and for a part not
    stored whole the hash of its canonical form or bytes), then each stored part's XML."""
    archive = zipfile.ZipFile(io.BytesIO(package))
    listing, sections = [], {}
    for name in archive.namelist():
        data = archive.read(name)
        if WRITTEN.match(name):
            sections[name] = canonical(data, name)
            listing.append(name)
        elif name.endswith((".xml", ".rels")):
            listing.append(f"{name} xml:{_hash(_c14n(etree.fromstring(data)))}")
            if name in EXCERPTS:
                found = etree.fromstring(data).find(EXCERPTS[name])
                sections[f"{name} {EXCERPTS[name].split('}')[1]}"] = canonical(
                    etree.tostring(found)) if found is not None else "(none)\n"
        else:
            listing.append(f"{name} bytes:{_hash(data)}")
    return {"parts": "\n".join(listing) + "\n", **sections}


def _serialise(sections: dict[str, str]) -> bytes:
    text = "".join(f"=== {name}\n{body}" for name, body in sections.items())
    return gzip.compress(text.encode("utf-8"), mtime=0)


def _parse(data: bytes) -> dict[str, str]:
    sections: dict[str, str] = {}
    name = None
    for line in gzip.decompress(data).decode("utf-8").splitlines(keepends=True):
        if line.startswith("=== "):
            name = line[4:].rstrip("\n")
            sections[name] = ""
        else:
            sections[name] += line
    return sections


def differences(expected: dict[str, str], actual: dict[str, str], limit: int = 80) -> str:
    """Return a readable diff of two dumps, section by section (empty: the same)."""
    out = []
    for name in dict.fromkeys([*expected, *actual]):
        old, new = expected.get(name, ""), actual.get(name, "")
        if old != new:
            diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"golden {name}",
                                             f"written {name}", n=2, lineterm=""))
            shown = diff[:limit] + ([f"... {len(diff) - limit} more lines"]
                                    if len(diff) > limit else [])
            out.append("\n".join(shown))
    return "\n\n".join(out)


def assert_golden(name: str, package: bytes) -> None:
    """Compare a package with its golden file (or write that file, with SGGEN_UPDATE_GOLDEN)."""
    path = GOLDEN / f"{name}.gz"
    actual = dump(package)
    if os.environ.get("SGGEN_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _serialise(actual)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
    assert path.is_file(), f"no golden file {path.name}: run with SGGEN_UPDATE_GOLDEN=1"
    found = differences(_parse(path.read_bytes()), actual)
    if found:
        pytest.fail(f"{name} differs from its golden parts:\n{found}", pytrace=False)


# --- the shipped projects, built as a user builds them ----------------------------------------

CARDS = ("executive-helena-korhonen", "project-manager-katja-hamalainen")
SHIPPED = [
    "example/deck.pptx", "example/deck.en.pptx", "example/guide.docx", "example/guide.en.docx",
    *(f"example/cards/{card}{lang}.docx" for card in CARDS for lang in ("", ".en")),
    "pm2-example/deck.pptx", "stress/deck.pptx",
]


def _build(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Return the output folder of the example (fi, en), pm2-example and stress builds."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        out = tmp_path_factory.mktemp("golden-parts")
        _build(["build", "-p", "example", "-l", "fi,en", "-o", str(out), "-w", str(REPO)])
        _build(["deck", "-p", "pm2-example", "-o", str(out), "-w", str(REPO)])
        # the stress workspace with the shipped templates, as the conformance test builds it
        stress = out / "stress-ws"
        shutil.copytree(REPO / "tests" / "stress", stress,
                        ignore=shutil.ignore_patterns("output", "templates"))
        shutil.copytree(REPO / "templates", stress / "templates")
        _build(["deck", "-p", "stress", "-o", str(out), "-w", str(stress)])
    return out


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_document_matches_its_golden_parts(built, name) -> None:
    assert_golden(name.replace("/", "."), (built / name).read_bytes())


# --- a hand-made document: every block kind, links, a list continued on the next slide -------

META = Meta(title="Golden <&> \"title\"", subject="Subject", author="PMO", language="en-GB",
            footer="Golden project · G-1", keywords="golden, parts", page_label="Page",
            version="1.0", status="draft")


def _runs() -> list[Run]:
    return [Run("Plain, "), Run("bold", bold=True), Run(" and "), Run("italic", italic=True),
            Run(" with a "), Run("link", link="https://example.org/a?b=1&c=2"), Run(", "),
            Run("mail", link="mailto:pmo@example.org"), Run(" and a\nline break.")]


def _blocks() -> list:
    items = [ListItem([Run(f"Numbered item {n} that is long enough to take a line or two of "
                           "the slide's width, so that the list continues on the next slide")])
             for n in range(1, 25)]
    return [
        Paragraph(_runs()),
        BulletList([ListItem([Run("First")], [ListItem([Run("nested")])]),
                    ListItem([Run("Second")])]),
        Heading(3, "A heading in the text"),
        BulletList(items, ordered=True),
        Table([[Run("Decision")], [Run("Executive")], [Run("Senior User")]],
              [[[Run("Approve the plan")], [Run("A")], [Run("C")]],
               [[Run("Close the project")], [Run("R")], []]],
              symbols=[("A", "approves"), ("R", "responsible"), ("C", "consulted")]),
        OrgChart([ChartRow("Board", [ChartBox("Executive", ["Ann Able"]),
                                     ChartBox("Senior User", ["Bob Baker", "Cid Cole"])],
                           [ChartBox("Assurance", ["Dan Dale"], side=True)]),
                  ChartRow("", [ChartBox("Project Manager", ["Eve Eng"])], [])]),
        Cards([Card("Stage", "tolerance", ["time", "cost"]), Card("Board", "", ["exception"])],
              flow=True),
        Cards([Card("Tile", "one", ["a line"]), Card("Tile", "two", [])]),
        Timeline([Span("Start-up", dt.date(2027, 1, 4), dt.date(2027, 2, 26), "Jan–Feb"),
                  Span("Delivery", dt.date(2027, 3, 1), dt.date(2027, 9, 30))],
                 [Mark(dt.date(2027, 1, 14), ["14 Jan", "Kick-off"]),
                  Mark(dt.date(2027, 3, 11), ["11 Mar", "Stage end"])]),
    ]


def synthetic(name: str) -> Document:
    """Return the hand-made document for format `name`."""
    if name == "deck":
        return Document("Golden", slides=[
            Slide("Golden <deck> & \"quotes\"", [Paragraph([Run("Subtitle")])],
                  [Paragraph([Run("Notes of the cover.")])], is_title=True),
            *(Slide(f"Slide {k}", [block], [Paragraph([Run(f"Notes {k}\nsecond line")])])
              for k, block in enumerate(_blocks(), 1))])
    if name == "cards":
        return Document("Card", blocks=[Cover(["Ann Able", "Executive", "Golden project"]),
                                        Heading(2, "Responsibilities"), *_blocks()[:2],
                                        _blocks()[4]])
    return Document("Guide", blocks=[Cover(["Golden guide", "Subtitle", "Version 1.0"]),
                                     Toc("Contents"), Heading(1, "Chapter"),
                                     Heading(2, "Section"), *_blocks()[:5], PageBreak(),
                                     Heading(1, "Visuals"), *_blocks()[5:]])


@pytest.mark.parametrize("name", ["deck", "guide", "cards"])
def test_a_hand_made_document_matches_its_golden_parts(name, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    fmt = formats.get(name)
    document = synthetic(name)
    shown = Document(document.title, [b for b in document.blocks if isinstance(b, fmt.shows)],
                     document.slides)
    data = fmt.writer().write(shown, fmt.reference(REPO / "templates"), META)
    assert_golden(f"synthetic.{name}{fmt.suffix}", data)


def test_the_comparison_shows_what_changed() -> None:
    old = {"parts": "a.xml\nb.xml\n", "a.xml": "<a>\n  <t>one</t>\n</a>\n"}
    new = {"parts": "a.xml\nb.xml\n", "a.xml": "<a>\n  <t>two</t>\n</a>\n"}
    found = differences(old, new)
    assert "-  <t>one</t>" in found and "+  <t>two</t>" in found and "parts" not in found
    assert differences(old, old) == ""


def test_canonical_form_ignores_serialisation_but_not_text() -> None:
    one = b"<?xml version='1.0'?><a xmlns='urn:x' b=\"1\" c='2'><t> x </t><e/></a>"
    two = b'<a c="2" b="1" xmlns="urn:x">\n  <t> x </t>\n  <e></e>\n</a>'
    assert canonical(one) == canonical(two)
    assert canonical(one) != canonical(one.replace(b" x ", b"x"))
