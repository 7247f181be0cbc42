"""What a guide's LibreOffice rendering shows of it as a printed handbook: the page each
contents entry's heading stands on, and how much of each page's text area is used."""

from __future__ import annotations

import re
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
    # a heading's no-break spaces (in a date: "2 February 2027") are plain in the PDF's text
    plain = {" ".join(k.split()): k for k in entries}
    with pdfplumber.open(str(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            lines = [x.strip() for x in (page.extract_text() or "").splitlines()]
            for i in range(len(lines)):
                for n in range(1, WRAPS + 1):
                    text = " ".join(" ".join(lines[i:i + n]).split())
                    if text in plain:
                        found.setdefault(plain[text], number)
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


JOINED = re.compile(r"[^\s\u00a0]+(?:\u00a0[^\s\u00a0]+)+")  # words a no-break space holds
# a number's groups, a number and its unit, a telephone number: joined by ordinary spaces
LOOSE = re.compile(r"\d \d{3}\b|\d (?:%|€|h\b|h/|pv\b|k€|M€|§)|\+\d{1,3}(?: \d+)+")


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs] + [
        c.text for t in doc.tables for row in t.rows for c in row.cells]


def loose_numbers(doc) -> list[str]:
    """Return the numbers, amounts and telephone numbers of an opened guide written with an
    ordinary space where the language puts a space (a line may break there)."""
    return [m.group(0) for text in _texts(doc) for m in LOOSE.finditer(text)]


def split_across_lines(pdf: Path, doc) -> tuple[list[str], int]:
    """Return the words a no-break space joins in an opened guide that the rendering sets on
    two lines, and how many of them it was found to set at all."""
    import pdfplumber

    wanted = {m.group(0).replace("\u00a0", " ").strip(".,;:)(")
              for text in _texts(doc) for m in JOINED.finditer(text)}
    split, seen = set(), set()
    with pdfplumber.open(str(pdf)) as document:
        for page in document.pages:
            stream, owner = "", []  # the page's letters; the glyph each comes from
            for c in page.chars:  # a glyph may set several letters (a ligature)
                text = " " if c["text"] in " \u00a0" else c["text"]
                stream += text
                owner += [c] * len(text)
            for phrase in wanted:
                for m in re.finditer(re.escape(phrase), stream):
                    seen.add(phrase)
                    tops = {round(c["top"]) for c in owner[m.start():m.end()]
                            if c["text"].strip()}
                    if max(tops) - min(tops) > 2:
                        split.add(phrase)
    return sorted(split), len(seen)


def measure(pdf: Path, docx: Path, size: float) -> list[int]:
    """Return the characters of each full line of body text (type of `size` points, from
    the text column's left edge to near its right) on the rendering's upright pages."""
    import pdfplumber

    section = open_docx(str(docx)).sections[0]
    left = section.left_margin.pt
    width = section.page_width.pt - left - section.right_margin.pt
    out = []
    with pdfplumber.open(str(pdf)) as document:
        for page in document.pages:
            if page.width > page.height:
                continue
            for line in page.extract_text_lines():
                sizes = {round(c["size"], 1) for c in line["chars"]}
                if sizes == {size} and abs(line["x0"] - left) < 1.5 \
                        and line["x1"] > left + 0.9 * width:
                    out.append(len(line["text"]))
    return out


def repeated_titles(entries: dict[str, int]) -> list[str]:
    """Return the sections of the contents whose title repeats their chapter's."""
    chapters = {k.split(" ", 1)[0]: k.split(" ", 1)[1] for k in entries
                if "." not in k.split(" ", 1)[0]}
    return [k for k in entries if "." in k.split(" ", 1)[0]
            and k.split(" ", 1)[1] == chapters.get(k.split(".", 1)[0])]


def lines_in(pdf: Path, size: float) -> list[str]:
    """Return the rendering's lines set wholly in type of `size` points (a heading style's)."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as document:
        return [line["text"] for page in document.pages for line in page.extract_text_lines()
                if {round(c["size"], 1) for c in line["chars"]} == {size}]
