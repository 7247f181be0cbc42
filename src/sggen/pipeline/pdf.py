"""PDF through LibreOffice: tagged PDF/UA, one LibreOffice start per kind of document, each
PDF declaring its document's language."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sggen import output
from sggen.errors import ToolError

# LibreOffice's export filter per document kind, with tagging (a structure tree, the language,
# alternative texts) and PDF/UA: the PDF a public body may publish.
_FILTERS = {".pptx": "impress_pdf_Export", ".docx": "writer_pdf_Export"}
_OPTIONS = json.dumps({"UseTaggedPDF": {"type": "boolean", "value": "true"},
                       "PDFUACompliance": {"type": "boolean", "value": "true"}})
_LANG = re.compile(rb"/Lang\((\w\w-\w\w)\)")


def office() -> str:
    """Return the LibreOffice program, or raise saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ToolError("--pdf needs LibreOffice, which is not installed",
                        hint="apt-get install libreoffice-impress-nogui libreoffice-writer-nogui")
    return found


def to_pdf(paths: list[Path], languages: list[str] | None = None,
           inside: Path | None = None) -> list[Path]:
    """Convert written files to tagged PDFs beside them (below the output folder `inside`,
    never through a link), with one LibreOffice start for each kind of document, each PDF
    declaring its document's language (a tag such as fi-FI); return the PDFs' paths in the
    order given."""
    languages = languages or [""] * len(paths)
    program = office()
    out: dict[Path, Path] = {}
    for suffix in sorted({p.suffix for p in paths}):
        group = [(p, lang) for p, lang in zip(paths, languages, strict=True) if p.suffix == suffix]
        out.update(_convert(program, group, inside))
    return [out[p] for p in paths]


def _convert(program: str, group: list[tuple[Path, str]],
             inside: Path | None) -> dict[Path, Path]:
    """Convert documents of one kind (path, language) in one LibreOffice start; return each
    one's PDF."""
    suffix = group[0][0].suffix
    out = {}
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as outdir:
        target = f"pdf:{_FILTERS[suffix]}:{_OPTIONS}" if suffix in _FILTERS else "pdf"
        # as_uri() escapes spaces and other characters a file:// URL cannot hold as they are
        command = [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--convert-to", target, "--outdir", outdir,
                   *(str(path) for path, _ in group)]
        try:
            subprocess.run(command, capture_output=True, timeout=300 * len(group),
                           check=False, env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired:
            raise ToolError(f"LibreOffice took too long converting {group[0][0].name}") from None
        for path, language in group:
            produced = Path(outdir) / (path.stem + ".pdf")
            if not produced.is_file() or produced.stat().st_size == 0:
                raise ToolError(f"LibreOffice could not convert {path.name} to PDF")
            out[path] = path.with_suffix(".pdf")
            output.write_atomic(out[path], declare(produced.read_bytes(), language), inside)
    return out


def declare(data: bytes, language: str) -> bytes:
    """Return the PDF declaring `language`: LibreOffice writes its own default (en-US) into
    the catalog whatever the document's texts are tagged. The tag is replaced in place only
    when it is the same length, so that every byte offset in the file stays right."""
    found = _LANG.findall(data)
    if len(found) != 1 or len(language) != len(found[0]):
        return data
    return _LANG.sub(f"/Lang({language})".encode(), data)
