"""Office documents read back through python-pptx and python-docx, the only module that
imports them: `template check` of the reference documents, and the accessibility audit of a
written (or hand-edited) deck, guide or card. No document is written here."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from docx import Document as open_docx
from docx.oxml.ns import qn as w_qn
from pptx import Presentation
from pptx.oxml.ns import qn as p_qn

from sggen import package
from sggen.errors import Location, ReferenceDocError, SggenError
from sggen.formats.ooxml.drawing import ADEC
from sggen.formats.ooxml.opc import HINT, document_types

T = TypeVar("T")
# what a screen reader can only read by its alternative text: pictures, groups of drawn
# shapes, and graphic frames (tables, charts, diagrams, embedded objects)
_FILE_NAME = re.compile(r"[^\s/\\]+\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp)", re.IGNORECASE)
_GRAPHICS = {p_qn("p:pic"), p_qn("p:grpSp"), p_qn("p:graphicFrame"), p_qn("p:contentPart")}


def as_document(path: Path) -> io.BytesIO:
    """Return what the document libraries should open for `path`: its parts as the one guarded
    reader read them (package.read_reference), packed again in memory, an Office template
    (.potx, .dotx) as the document it makes. The libraries never open the file itself."""
    parts = package.read_reference(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name, data in parts.items():
            target.writestr(name, document_types(data) if name == "[Content_Types].xml"
                            else data)
    out.seek(0)
    return out


def _opened(path: Path, what: str, read: Callable[[Path], T]) -> T:
    """Return what `read` finds in the document at `path`; whatever the library raises for a
    broken one is a ReferenceDocError naming the file."""
    try:
        return read(path)
    except SggenError:
        raise
    except Exception as exc:  # the libraries raise many kinds for a broken package
        raise ReferenceDocError(f"cannot open {what}: {type(exc).__name__}: {exc}",
                                Location(path), HINT) from None


# --- the deck --------------------------------------------------------------------------------


def deck_layouts(reference: Path) -> list[tuple[str, str, frozenset[int]]]:
    """Return the reference deck's slide layouts as python-pptx reads them: each one's name,
    type and placeholder indexes; a reference python-pptx cannot open is an error."""
    def layouts(path: Path) -> list[tuple[str, str, frozenset[int]]]:
        return [(layout.name, layout._element.get("type", ""),
                 frozenset(ph.placeholder_format.idx for ph in layout.placeholders))
                for layout in Presentation(as_document(path)).slide_layouts]

    return _opened(reference, "reference deck", layouts)


def _untagged(page, locale: str) -> bool:
    roots = [page._element, *([page.notes_slide._element] if page.has_notes_slide else [])]
    for root in roots:
        for run in root.iter(p_qn("a:r")):
            props = run.find(p_qn("a:rPr"))
            if props is None or props.get("lang") != locale:
                return True
    return False


def _order(where: str, page, footer: tuple[int, ...]) -> list[str]:
    """Return the reading-order problems of a slide: its title first, its footer (the
    placeholders of `footer` indexes) last."""
    problems = []
    shapes = list(page.shapes)
    if shapes and shapes[0] != page.shapes.title:
        problems.append(f"{where}: the title is not read first")
    footers = [i for i, s in enumerate(shapes) if s.is_placeholder and
               s.placeholder_format.idx in footer]
    if footers and max(footers) != len(shapes) - 1 or \
            footers and min(footers) != len(shapes) - len(footers):
        problems.append(f"{where}: the footer is not read last")
    return problems


def _unexplained(props) -> bool:
    """Return whether a drawing's properties (p:cNvPr, wp:docPr) give it neither an
    alternative text nor the mark that it is decorative (an image's file name, as an
    application writes it for a picture inserted, is no alternative text)."""
    described = (props.get("descr") or "").strip()
    if described and not _FILE_NAME.fullmatch(described):
        return False
    return not any(mark.get("val") in ("1", "true") for mark in props.iter(f"{{{ADEC}}}decorative"))


def deck_audit(path: Path, locale: str, footer: tuple[int, ...]) -> list[str]:
    """Return what keeps a written deck from being accessible: texts without the document's
    language, pictures, drawings, tables and other graphics without alternative text (or the
    decorative mark), slides without a title, titles not read first or footers (the
    placeholders of `footer` indexes) not last, tables without a header row, titles given
    twice (empty when none)."""
    prs = Presentation(as_document(path))
    problems, titles = [], {}
    for number, page in enumerate(prs.slides, 1):
        where = f"slide {number}"
        if _untagged(page, locale):
            problems.append(f"{where}: a text is not tagged {locale}")
        problems += _order(where, page, footer)
        for shape in page.shapes:
            props = shape._element.xpath("./*[1]/p:cNvPr")
            if shape._element.tag in _GRAPHICS and (not props or _unexplained(props[0])):
                problems.append(f"{where}: '{shape.name}' has no alternative text")
            if shape.has_table and shape.table._tbl.tblPr.get("firstRow") != "1":
                problems.append(f"{where}: table '{shape.name}' does not mark its header row")
        title = page.shapes.title.text if page.shapes.title is not None else ""
        if not title.strip():
            problems.append(f"{where}: the slide has no title")
        elif title in titles:
            problems.append(f"{where}: the title '{title}' is also slide {titles[title]}'s")
        titles.setdefault(title, number)
    return problems


# --- the guide and the cards -----------------------------------------------------------------

_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def style_names(reference: Path) -> set[str]:
    """Return the names of the reference document's styles as python-docx reads them; a
    reference python-docx cannot open is an error."""
    return _opened(reference, "reference document",
                   lambda path: {style.name for style in open_docx(as_document(path)).styles})


def guide_audit(path: Path, locale: str) -> list[str]:
    """Return what keeps a written guide or card from being accessible: a default language or
    a text not tagged with the document's, a table without a header row or alternative text,
    a picture or drawing without alternative text or the decorative mark (empty when none)."""
    doc = open_docx(as_document(path))
    problems = []
    default = doc.styles.element.find(
        f"{w_qn('w:docDefaults')}/{w_qn('w:rPrDefault')}/{w_qn('w:rPr')}/{w_qn('w:lang')}")
    if default is None or default.get(w_qn("w:val")) != locale:
        problems.append(f"the default language is not {locale}")
    for run in doc.element.body.iter(w_qn("w:r")):
        lang = run.find(f"{w_qn('w:rPr')}/{w_qn('w:lang')}")
        if run.findtext(w_qn("w:t")) and (lang is None or lang.get(w_qn("w:val")) != locale):
            problems.append(f"a text is not tagged {locale}: {run.findtext(w_qn('w:t'))[:40]!r}")
            break
    for number, table in enumerate(doc.tables, 1):
        first = table.rows[0]._tr.trPr if table.rows else None
        if first is None or first.find(w_qn("w:tblHeader")) is None:
            problems.append(f"table {number} does not mark its header row")
        if table._tbl.tblPr.find(w_qn("w:tblDescription")) is None:
            problems.append(f"table {number} has no alternative text")
    for number, props in enumerate(doc.element.body.iter(_DOC_PR), 1):
        if _unexplained(props):
            problems.append(f"picture or drawing {number} ('{props.get('name', '')}') has no "
                            "alternative text")
    core = doc.core_properties.language
    if core != locale:
        problems.append(f"the document says its language is {core!r}, not {locale}")
    return problems
