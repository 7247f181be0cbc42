"""What a guide's LibreOffice rendering shows of it as a printed handbook: the page each
contents entry's heading stands on, and how much of each page's text area is used."""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_docx

WRAPS = 3  # a heading may wrap over this many lines of the rendering


def contents(doc) -> list[tuple[str, int]]:
    """Return the contents' entries of an opened guide: number and title as one text, page."""
    out = []
    for p in doc.paragraphs:
        if p.style.name.startswith("TOC ") and "\t" in p.text:
            *heading, page = p.text.split("\t")
            out.append((" ".join(x for x in heading if x), int(page)))
    return out


def heading_pages(pdf: Path, entries: dict[str, int]) -> dict[str, int]:
    """Return the page each entry's heading stands on in the rendering, found as whole lines
    (a wrapped heading as consecutive lines); the contents' own lines end in a page number,
    so they never match."""
    import pdfplumber

    found: dict[str, int] = {}
    with pdfplumber.open(str(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            lines = [x.strip() for x in (page.extract_text() or "").splitlines()]
            for i in range(len(lines)):
                for n in range(1, WRAPS + 1):
                    text = " ".join(lines[i:i + n])
                    if text in entries:
                        found.setdefault(text, number)
    return found


def page_fill(pdf: Path, docx: Path) -> list[float]:
    """Return, for each page, how far down its text area (between the top and bottom
    margins of the guide's sections) the lowest text or drawing reaches, as a part of it."""
    import pdfplumber

    doc = open_docx(str(docx))
    top = min(s.top_margin.pt for s in doc.sections)
    bottom = min(s.bottom_margin.pt for s in doc.sections)
    out = []
    with pdfplumber.open(str(pdf)) as document:
        for page in document.pages:
            low, high = top - 2, page.height - bottom + 2  # inside the text area
            marks = [w["bottom"] for w in page.extract_words() if w["top"] >= low
                     and w["bottom"] <= high]
            marks += [o["bottom"] for o in (*page.rects, *page.curves, *page.images,
                                            *page.lines)
                      if o["top"] >= low and o["bottom"] <= high]
            out.append(max((m - top) / (high - low) for m in marks) if marks else 0.0)
    return out
