"""Markdown -> the neutral Document of slides or sections that the writers turn into files.

The Markdown is pandoc's dialect: `---` between slides, `::: notes` for speaker notes, and
fenced divs around a nested list for the visuals: `::: orgchart` (the organisation chart),
`::: cards`, `::: flow` and `::: figures` (tiles; a rising sequence; values set large),
`::: timeline` (stages and meetings),
`::: matrix` (a table with its legend of symbols).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Sequence

from markdown_it_pyrs import MarkdownIt

from sggen.document import (
    Block,
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

Lines = Sequence["Location | None"]
"""The template line of each Markdown line (0-based index), where the renderer knows it."""

# --- parsing ---------------------------------------------------------------------------------

_FENCE = re.compile(r"^:{3,}\s*\{?\s*\.?([A-Za-z][\w-]*)\s*\}?\s*$")
_FENCE_END = re.compile(r"^:{3,}\s*$")
_PARSER = MarkdownIt("commonmark").enable("table")
_UNSAFE = re.compile("[\x00\ud800-\udfff]")
_NEWPAGE = b"\\newpage"


def _segments(markdown: str) -> list[tuple[str, str, int]]:
    """Split Markdown into (div class or '', text, index of its first line) at `:::` fences."""
    segments: list[tuple[str, str, int]] = []
    kind, lines, first = "", [], 0
    for number, line in enumerate(markdown.splitlines()):
        opening = _FENCE.match(line)
        if not kind and opening:
            segments.append(("", "\n".join(lines), first))
            kind, lines, first = opening.group(1), [], number + 1
        elif kind and _FENCE_END.match(line):
            segments.append((kind, "\n".join(lines), first))
            kind, lines, first = "", [], number + 1
        else:
            lines.append(line)
    segments.append((kind, "\n".join(lines), first))
    return [(k, t, f) for k, t, f in segments if t.strip()]


def _parse(chunk: str, first: int, lines: Lines) -> list[Block]:
    # NUL becomes U+FFFD, as CommonMark says; so does a lone surrogate, which the parser
    # cannot take (UTF-8 cannot hold it) and the document's XML would replace anyway
    chunk = _UNSAFE.sub("\ufffd", chunk)
    return _Blocks(chunk, first, lines).blocks(_PARSER.tree(chunk).children)


def _fenced(kind: str, parsed: list[Block]) -> list[Block]:
    """Return the blocks of a `::: kind` div: the chart, the cover or the contents it stands
    for, or the blocks themselves for any other div."""
    texts = [b.text for b in parsed if isinstance(b, Paragraph)]
    where = parsed[0].where if parsed else None
    if kind == "orgchart":
        return _orgchart(parsed)
    if kind in ("cards", "flow", "figures"):
        return _cards(parsed, flow=kind == "flow", figures=kind == "figures")
    if kind == "timeline":
        return _timeline(parsed)
    if kind == "matrix":
        return _matrix(parsed)
    if kind == "cover":
        return [Cover(texts, where=where)]
    if kind == "toc":
        return [Toc(" ".join(texts), where=where)]
    return parsed


def parse_guide(markdown: str, lines: Lines = ()) -> Document:
    """Return the guide's document: a flat list of blocks (`\\newpage` breaks a page).

    `lines` gives the template line of each Markdown line, for blocks to carry.
    """
    blocks: list[Block] = []
    for kind, chunk, first in _segments(markdown):
        blocks.extend(_fenced(kind, _parse(chunk, first, lines)))
    title = next((b.lines[0] for b in blocks if isinstance(b, Cover) and b.lines), "")
    return Document(title=title, blocks=blocks)


def parse_deck(markdown: str, lines: Lines = ()) -> Document:
    """Return the deck's document: slides split at `---`, each titled by its first heading."""
    slides: list[Slide] = [Slide(title="")]
    for kind, chunk, first in _segments(markdown):
        target = slides[-1]
        blocks = _parse(chunk, first, lines)
        for block in blocks if kind == "notes" else _fenced(kind, blocks):
            if isinstance(block, PageBreak):
                slides.append(Slide(title=""))
                target = slides[-1]
            elif kind == "notes":
                target.notes.append(block)
            elif isinstance(block, Heading) and not target.title:
                target.title, target.is_title = block.text, block.level == 1
                target.where = block.where
            else:
                target.blocks.append(block)
    slides = [s for s in slides if s.title or s.blocks]
    title = next((s.title for s in slides if s.is_title), slides[0].title if slides else "")
    return Document(title=title, slides=slides)


def _orgchart(blocks: list[Block]) -> list[Block]:
    """Return the chart that a nested list describes.

    Each top-level item is a row whose text (possibly empty) titles a frame around it; each
    second-level item is a box: **role** for a member, *role* for a box beside the row; the
    lines after the label (hard breaks) are the person.
    """
    rows = []
    for block in blocks:
        if not isinstance(block, BulletList):
            continue
        for item in block.items:
            members, side = [], []
            for child in item.children:
                label = "".join(r.text for r in child.runs if r.bold or r.italic).strip()
                rest = "".join(r.text for r in child.runs if not (r.bold or r.italic))
                lines = [line.strip() for line in rest.split("\n") if line.strip()]
                is_side = any(r.italic and not r.bold for r in child.runs)
                (side if is_side else members).append(ChartBox(label, lines, is_side))
            rows.append(ChartRow(item.text.strip(), members, side))
    # Anything else written inside the fence stays in the document, after the chart.
    others = [b for b in blocks if not isinstance(b, BulletList)]
    return [OrgChart(rows, where=blocks[0].where if blocks else None), *others]


def _lists(blocks: list[Block]) -> tuple[list[ListItem], list[Block]]:
    """Return the items of the lists among `blocks`, and the other blocks."""
    items = [item for b in blocks if isinstance(b, BulletList) for item in b.items]
    return items, [b for b in blocks if not isinstance(b, BulletList)]


def _where(blocks: list[Block]):
    return blocks[0].where if blocks else None


def _cards(blocks: list[Block], flow: bool, figures: bool = False) -> list[Block]:
    """Return the tiles a list describes: each item's bold text is a tile's title, the lines
    after it (hard breaks) its subtitle, and its sub-items the tile's lines (kept with their
    formatting and their own sub-items too)."""
    items, others = _lists(blocks)
    cards = []
    for item in items:
        title = "".join(r.text for r in item.runs if r.bold).strip()
        rest = "".join(r.text for r in item.runs if not r.bold)
        lines = [line.strip() for line in rest.split("\n") if line.strip()]
        cards.append(Card(title or (lines.pop(0) if lines else ""), "\n".join(lines),
                          [child.text.strip() for child in item.children], item.children))
    return [Cards(cards, flow, figures, where=_where(blocks)), *others]


_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+")
_FLAGS = ("today", "faint", "flag")  # a mark's sub-items that are a word alone


def _timeline(blocks: list[Block]) -> list[Block]:
    """Return the timeline a list describes: `start end name` items are stages (a line after a
    hard break is the stage's note; a sub-item `short: …` its short name), `day label` items
    are marks (a label's hard breaks are its lines; sub-items `number: 3`, `long: …` and the
    words `today`, `faint`, `flag` say more of it), and `months: …` names the months, January
    first; dates are ISO (YYYY-MM-DD)."""
    items, others = _lists(blocks)
    spans, marks, months = [], [], []
    for item in items:
        text, days = item.text, []
        while (found := _DAY.match(text)) and len(days) < 2:
            days.append(dt.date.fromisoformat(found.group(1)))
            text = text[found.end():]
        keys, rest = _keys(item.children)
        others.extend(Paragraph(child.runs, where=_where(blocks)) for child in rest)
        if len(days) == 2:
            name, _, note = text.partition("\n")
            spans.append(Span(" ".join(name.split()), *days, " ".join(note.split()),
                              keys.get("short", "")))
        elif days:
            marks.append(_mark(days[0], text, keys))
        elif text.startswith("months:") and not item.children:
            months = text.removeprefix("months:").split()
        else:
            others.append(Paragraph(item.runs, where=_where(blocks)))
    return [Timeline(spans, marks, months, where=_where(blocks)), *others]


def _keys(children: list[ListItem]) -> tuple[dict[str, str], list[ListItem]]:
    """Return the `key: value` sub-items of a timeline's item (a flag word alone is its own
    value), and the sub-items that are neither."""
    keys, rest = {}, []
    for child in children:
        key, colon, value = child.text.partition(":")
        key = key.strip()
        if colon and key in ("short", "number", "long"):
            keys[key] = " ".join(value.split())
        elif not colon and key in _FLAGS:
            keys[key] = key
        else:
            rest.append(child)
    return keys, rest


def _mark(day: dt.date, text: str, keys: dict[str, str]) -> Mark:
    number = keys.get("number", "")
    counted = number.isascii() and number.isdigit() and len(number) < 6
    return Mark(day, [ln.strip() for ln in text.split("\n") if ln.strip()],
                int(number) if counted else 0, keys.get("long", ""),
                *(key in keys for key in _FLAGS))


def _matrix(blocks: list[Block]) -> list[Block]:
    """Return the table of a `::: matrix` div with its legend: list items `**code** meaning`."""
    items, others = _lists(blocks)
    tables = [b for b in others if isinstance(b, Table)]
    symbols = []
    for item in items:
        code = "".join(r.text for r in item.runs if r.bold).strip()
        meaning = "".join(r.text for r in item.runs if not r.bold).strip()
        symbols.append((code, meaning))
    for table in tables:
        table.symbols = symbols
    return others


# the block kinds of markdown-it's tree; anything else under a list item is its inline text
# (a tight list's paragraph has no node of its own)
_BLOCK_NODES = frozenset({"paragraph", "heading", "lheading", "hr", "bullet_list", "ordered_list",
                          "table", "fence", "code_block", "blockquote", "html_block"})


class _Blocks:
    """Walks markdown-it's syntax tree of one chunk into blocks."""

    def __init__(self, chunk: str, first: int = 0, lines: Lines = ()):
        self.source = chunk.encode("utf-8")  # the tree's source map counts bytes
        self.starts = [0, *(m.end() for m in re.finditer(b"\n", self.source))]
        self.first = first  # the chunk's first line in the whole Markdown
        self.lines = lines

    def _where(self, node) -> Location | None:
        """Return the template line of the block `node`, where known."""
        if not node.srcmap:
            return None
        line = self.first + bisect.bisect_right(self.starts, node.srcmap[0]) - 1
        return self.lines[line] if line < len(self.lines) else None

    def blocks(self, nodes) -> list[Block]:
        out: list[Block] = []
        for node in nodes:
            kind, where = node.name, self._where(node)
            if kind in ("heading", "lheading"):
                out.append(Heading(node.meta["level"], _plain(_runs(node.children)), where=where))
            elif kind == "paragraph":
                # the source, not the decoded text: an escaped value "\\newpage" stays text
                start, end = node.srcmap or (0, 0)
                out.append(PageBreak(where=where) if self.source[start:end].strip() == _NEWPAGE
                           else Paragraph(_runs(node.children), where=where))
            elif kind == "hr":
                out.append(PageBreak(where=where))
            elif kind in ("bullet_list", "ordered_list"):
                out.append(BulletList([self._item(item) for item in node.children],
                                      kind == "ordered_list", where=where))
            elif kind == "table":
                out.append(self._table(node, where))
            elif kind in ("fence", "code_block"):
                out.append(Paragraph([Run(node.meta["content"].rstrip("\n"))], where=where))
            elif kind != "html_block":  # a quote's blocks stand as the document's own
                out.extend(self.blocks(node.children))
        return out

    def _item(self, item) -> ListItem:
        runs: list[Run] = []
        children: list[ListItem] = []
        for block in self._item_blocks(item.children):
            if isinstance(block, Paragraph):
                runs.extend([Run("\n")] if runs else [])
                runs.extend(block.runs)
            elif isinstance(block, BulletList):
                children.extend(dataclasses.replace(child, ordered=block.ordered)
                                for child in block.items)
        return ListItem(runs, children)

    def _item_blocks(self, nodes) -> list[Block]:
        """Return the blocks of a list item: its own text (a tight list's) as a paragraph."""
        out: list[Block] = []
        for inline, group in itertools.groupby(nodes, lambda n: n.name not in _BLOCK_NODES):
            part = list(group)
            out.extend([Paragraph(_runs(part))] if inline else self.blocks(part))
        return out

    def _table(self, node, where: Location | None) -> Table:
        rows = [[_runs(cell.children) for cell in row.children]
                for part in node.children for row in part.children]
        return Table(rows[0] if rows else [], rows[1:], where=where)


def _runs(nodes) -> list[Run]:
    """Return inline nodes as runs; soft breaks become spaces, hard breaks newlines."""
    runs: list[Run] = []
    _inline(nodes, runs, Run(""))
    return runs


_BREAKS = {"softbreak": " ", "hardbreak": "\n"}


def _inline(nodes, runs: list[Run], style: Run) -> None:
    """Add the runs of `nodes` to `runs`, each set as `style` is (bold, italic, a link)."""
    for node in nodes:
        kind = node.name
        if kind in ("text", "text_special", "html_inline"):
            _append(runs, Run(node.meta["content"], style.bold, style.italic, style.link))
        elif kind in _BREAKS:
            _append(runs, Run(_BREAKS[kind], style.bold, style.italic, style.link))
        elif kind == "strong":
            _inline(node.children, runs, Run("", True, style.italic, style.link))
        elif kind == "em":
            _inline(node.children, runs, Run("", style.bold, True, style.link))
        elif kind in ("link", "autolink"):
            _inline(node.children, runs, Run("", style.bold, style.italic,
                                             str(node.meta.get("url", ""))))
        elif kind == "code_inline":
            _inline(node.children, runs, style)


def _append(runs: list[Run], run: Run) -> None:
    """Add `run`, merging it into the previous run when the formatting is the same."""
    last = runs[-1] if runs else None
    if last and (last.bold, last.italic, last.link) == (run.bold, run.italic, run.link):
        last.text += run.text
    else:
        runs.append(run)


def _plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs).strip()
