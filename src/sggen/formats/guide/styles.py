"""What the reference document's styles set that takes room on a page, resolved through their
`basedOn` chains and the document defaults: type size, line spacing, space before and after,
indents, and what keeps a paragraph together or with the next; the table style's cell
spacing and margins; how far a heading's number hangs to the left of the text column. The
page estimate measures with these, so a re-branded reference is measured as it is."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sggen.formats.ooxml import xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class Spacing:
    """A paragraph style as it takes room: lengths in points."""

    size: float = 10.0  # the type size
    line: float = 1.0  # the line spacing, as a multiple of single (rule auto)
    exact: float = 0.0  # or a line height in points (rule exact, or the least for atLeast)
    at_least: bool = False
    before: float = 0.0
    after: float = 0.0
    contextual: bool = False  # no space between paragraphs of the same style
    keep_next: bool = False
    keep_lines: bool = False
    widows: bool = False  # widow and orphan control: two lines at least on each page
    page_break: bool = False  # starts a page
    left: float = 0.0  # the indent of every line but the first
    right: float = 0.0
    first: float = 0.0  # the first line's indent from `left` (negative: it hangs)
    bold: bool = False


def _twips(element, attr: str) -> float | None:
    value = element.get(_q(attr)) if element is not None else None
    return None if value is None else int(round(float(value))) / 20.0


def _on(element) -> bool | None:
    """Return a toggle element's value (w:b, w:keepNext …): None when it is absent."""
    if element is None:
        return None
    return element.get(_q("val"), "1") not in ("0", "false", "off")


def _paragraph(props, found: dict) -> None:
    """Read the paragraph properties `props` into `found` (what they set)."""
    if props is None:
        return
    spacing = props.find(_q("spacing"))
    if spacing is not None:
        for attr, key in (("before", "before"), ("after", "after")):
            value = _twips(spacing, attr)
            if value is not None:
                found[key] = value
        line, rule = spacing.get(_q("line")), spacing.get(_q("lineRule"), "auto")
        if line is not None:
            if rule == "auto":
                found.update(line=int(line) / 240.0, exact=0.0, at_least=False)
            else:
                found.update(exact=int(line) / 20.0, at_least=rule == "atLeast", line=1.0)
    for tag, key in (("contextualSpacing", "contextual"), ("keepNext", "keep_next"),
                     ("keepLines", "keep_lines"), ("widowControl", "widows"),
                     ("pageBreakBefore", "page_break")):
        value = _on(props.find(_q(tag)))
        if value is not None:
            found[key] = value
    _indent(props.find(_q("ind")), found)


def _indent(ind, found: dict) -> None:
    if ind is None:
        return
    for attr, key in (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right")):
        value = _twips(ind, attr)
        if value is not None:
            found[key] = value
    hanging, first = _twips(ind, "hanging"), _twips(ind, "firstLine")
    if hanging is not None:
        found["first"] = -hanging
    elif first is not None:
        found["first"] = first


def _run(props, found: dict) -> None:
    if props is None:
        return
    size = props.find(_q("sz"))
    if size is not None:
        found["size"] = int(size.get(_q("val"))) / 2.0
    bold = _on(props.find(_q("b")))
    if bold is not None:
        found["bold"] = bold


@dataclass(frozen=True)
class Styles:
    """The resolved paragraph styles by name, the table style's cell spacing, the hang of a
    heading's number, and the indents of each list style's numbering."""

    paragraphs: dict[str, Spacing]
    cell: Spacing  # a table cell's paragraph: Normal under the table style
    cell_margins: tuple[float, float, float, float]  # top, left, bottom, right
    border: float  # the width of a table's lines
    hang: float  # how far Heading 1's number stands left of the column
    lists: dict[str, tuple[float, float]]  # list style -> (left, first) of its level

    def get(self, name: str) -> Spacing:
        """Return the style `name`, or Normal where the reference lacks it."""
        return self.paragraphs.get(name) or self.paragraphs["Normal"]


def read(styles: xml.Element, numbering: xml.Element | None, names: dict[str, str],
         table_style: str | None) -> Styles:
    """Return the styles of the styles part `styles` (with `numbering`, the numbering part)
    that sggen uses; `names` maps a style's name to its id."""
    by_id = {s.get(_q("styleId")): s for s in styles.iter(_q("style"))}
    defaults = {}
    _paragraph(styles.find(f"{_q('docDefaults')}/{_q('pPrDefault')}/{_q('pPr')}"), defaults)
    _run(styles.find(f"{_q('docDefaults')}/{_q('rPrDefault')}/{_q('rPr')}"), defaults)

    def resolve(style_id: str | None, seen: tuple = (), start: dict | None = None) -> dict:
        style = by_id.get(style_id)
        if style is None or style_id in seen:
            return dict(defaults if start is None else start)
        base = style.find(_q("basedOn"))
        found = resolve(base.get(_q("val")) if base is not None else None, (*seen, style_id),
                        start)
        _paragraph(style.find(_q("pPr")), found)
        _run(style.find(_q("rPr")), found)
        return found

    paragraphs = {name: Spacing(**resolve(sid)) for name, sid in names.items()
                  if by_id.get(sid) is not None and by_id[sid].get(_q("type")) == "paragraph"}
    table = by_id.get(table_style or "")
    if table is None:  # the document's default table style
        table = next((s for s in by_id.values() if s.get(_q("type")) == "table"
                      and s.get(_q("default")) in ("1", "true")), None)
    cell = dict(defaults)
    margins, border = (0.0, 5.4, 0.0, 5.4), 0.0
    if table is not None:
        chain, current = [], table
        while current is not None and current not in chain:
            chain.insert(0, current)
            base = current.find(_q("basedOn"))
            current = by_id.get(base.get(_q("val"))) if base is not None else None
        for style in chain:
            _paragraph(style.find(_q("pPr")), cell)
            _run(style.find(_q("rPr")), cell)
            margins = _margins(style.find(f"{_q('tblPr')}/{_q('tblCellMar')}"), margins)
            border = _border(style.find(f"{_q('tblPr')}/{_q('tblBorders')}"), border)
    # what Normal itself sets outranks the table style, which outranks the defaults
    cell = resolve(names.get("Normal"), start=cell)
    return Styles(paragraphs, replace(Spacing(**cell), keep_next=False, page_break=False),
                  margins, border, _hang(by_id, names, numbering),
                  _lists(by_id, names, numbering))


def _margins(found, margins: tuple) -> tuple:
    if found is None:
        return margins
    out = list(margins)
    for k, side in enumerate(("top", ("left", "start"), "bottom", ("right", "end"))):
        for name in (side,) if isinstance(side, str) else side:
            value = _twips(found.find(_q(name)), "w")
            if value is not None:
                out[k] = value
    return tuple(out)


def _border(found, border: float) -> float:
    if found is None:
        return border
    sizes = [int(e.get(_q("sz"), "0")) / 8.0 for e in found
             if e.get(_q("val")) not in (None, "nil", "none")]
    return max(sizes, default=0.0)


def _level(numbering, num_id: str, level: str = "0"):
    """Return the numbering level `level` of list `num_id`, or None."""
    if numbering is None:
        return None
    num = numbering.find(f"{_q('num')}[@{_q('numId')}='{num_id}']")
    ref = num.find(_q("abstractNumId")) if num is not None else None
    if ref is None:
        return None
    abstract = numbering.find(f"{_q('abstractNum')}[@{_q('abstractNumId')}='{ref.get(_q('val'))}']")
    if abstract is None:
        return None
    return abstract.find(f"{_q('lvl')}[@{_q('ilvl')}='{level}']")


def _numbered(style) -> tuple[str, str] | None:
    props = style.find(f"{_q('pPr')}/{_q('numPr')}") if style is not None else None
    if props is None:
        return None
    num, level = props.find(_q("numId")), props.find(_q("ilvl"))
    if num is None or num.get(_q("val")) == "0":
        return None
    return num.get(_q("val")), level.get(_q("val")) if level is not None else "0"


def _hang(by_id: dict, names: dict[str, str], numbering) -> float:
    """Return how far Heading 1's number stands left of the text (0 when it does not)."""
    numbered = _numbered(by_id.get(names.get("Heading 1")))
    level = _level(numbering, *numbered) if numbered else None
    found: dict = {}
    _indent(level.find(f"{_q('pPr')}/{_q('ind')}") if level is not None else None, found)
    return max(-(found.get("left", 0.0) + found.get("first", 0.0)), 0.0)


def _lists(by_id: dict, names: dict[str, str], numbering) -> dict[str, tuple[float, float]]:
    out = {}
    for name in ("List Bullet", "List Bullet 2", "List Number"):
        numbered = _numbered(by_id.get(names.get(name)))
        level = _level(numbering, *numbered) if numbered else None
        found: dict = {}
        _indent(level.find(f"{_q('pPr')}/{_q('ind')}") if level is not None else None, found)
        out[name] = (found.get("left", 0.0), found.get("first", 0.0))
    return out
