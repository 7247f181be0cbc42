"""Document assembly: a project's typed view rendered through its format's template, parsed
into a Document, with the warnings of what the format cannot show and what the file says about
itself (Meta). Nothing here writes a file."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

from sggen import cache, context, names, package
from sggen.document import Document, Meta, Timeline
from sggen.errors import Caution, SggenError
from sggen.formats import REGISTRY, Format
from sggen.pipeline.inputs import shared
from sggen.pipeline.job import Job, Request
from sggen.workspace import Workspace


@dataclass
class Made:
    """One file's document as the writer is given it, with what it was made from."""

    stem: str  # below the project's folder, without language or suffix: cards/executive-…
    view: context.Context
    markdown: str
    warnings: list[Caution]
    document: Document

    def meta(self, fmt: Format) -> Meta:
        """Return what this file of `fmt` says about itself."""
        meta = _meta(self.view, fmt)
        if fmt.each:  # each file is someone's: their name leads its title
            title = _property(f"{self.document.title} – {meta.subject}")
            meta = dataclasses.replace(meta, title=title)
        return meta


@functools.lru_cache(maxsize=4)
def renderer(folder: Path):
    """Return one renderer per templates folder, so each template compiles once per process."""
    from sggen import render

    return render.Renderer(folder, cache.templates())


def made(job: Job, fmt: Format, lang: str) -> list[Made]:
    """Return each file one format writes for the job's project in `lang`: one, or one per
    entry of the format's `each` list (rendered with the entry as `member`), each with what
    the format warns of in it."""
    view = job.view(lang)
    if fmt.index and fmt.index in REGISTRY:
        view.guide = guide_index(job, REGISTRY[fmt.index], view)
    ones = [_whole(job, fmt, lang, view)] if not fmt.each else \
        [_made(job, fmt, stem, view, member)
         for stem, member in zip(stems(fmt, view), getattr(view, fmt.each), strict=True)]
    for one in ones:  # here, not when rendered: the deck's pointers need no guide's warnings
        one.warnings = _warnings(job, fmt, one.document)
    return ones


def guide_index(job: Job, fmt: Format, view: context.Context) -> dict[str, context.GuideSection]:
    """Return where the document `fmt` makes of the same view treats each subject: every
    heading's text with its number and the page it likely falls on ({} when `fmt` has no
    reference to measure pages by, or a reference that cannot be read)."""
    from sggen.errors import ReferenceDocError
    from sggen.formats.guide import reference, writer

    path = fmt.reference(job.ws.templates)
    if path is None or not path.is_file():
        return {}
    document = _whole(job, fmt, view.lang, view).document
    try:
        ref = reference.load(path)
    except ReferenceDocError:
        return {}  # the guide's own build reports it
    return {heading.text: context.GuideSection(number, at)
            for number, heading, at in writer.heading_pages(document, ref)}


def _whole(job: Job, fmt: Format, lang: str, view: context.Context) -> Made:
    """Return the one file of a format without an `each` list, rendered once per job and
    language: the deck reads the guide's headings, and the guide is then written of the same
    rendering."""
    key = ("made", fmt.name, lang)
    if key not in job.memo:
        job.memo[key] = _made(job, fmt, fmt.file_stem, view, None)
    return job.memo[key]


def stems(fmt: Format, view: context.Context) -> list[str]:
    """Return the stems of the files `fmt` writes of `view`: its own, or one per entry of its
    `each` list in the format's folder, each named apart from every other (names.unique):
    two people of one name, or of names that differ only by accents, case or script, never
    share a file."""
    if not fmt.each:
        return [fmt.file_stem]
    entries = getattr(view, fmt.each)
    named = names.unique([_stem(entry) for entry in entries], [_key(e) for e in entries])
    return [f"{fmt.folder}/{stem}" if fmt.folder else stem for stem in named]


def _stem(entry: object) -> str:
    """Return the file stem of one entry of a format's `each` list: a card's is its role and
    its holder's name (executive-outi-saarinen), any other's its slug."""
    role, person = getattr(entry, "role", None), getattr(entry, "person", None)
    if role is None or person is None:
        return names.slug(str(getattr(entry, "slug", entry)))
    return f"{names.slug(role.id)}-{names.slug(person.name, fallback=names.digest(person.name))}"


def _key(entry: object) -> str:
    """Return what tells the entries of a format's `each` list apart: for a card, its role
    and everything said of its holder."""
    role, person = getattr(entry, "role", None), getattr(entry, "person", None)
    return repr((role.id, vars(person))) if role is not None and person is not None \
        else repr(entry)


def _made(job: Job, fmt: Format, stem: str, view: context.Context, member: object) -> Made:
    from sggen import outline  # not needed to decide that outputs are up to date

    variables = view.variables() if member is None else {**view.variables(), "member": member}
    rendered = renderer(job.ws.templates).render(fmt.template, variables)
    parse = outline.parse_deck if fmt.slides else outline.parse_guide
    return Made(stem, view, rendered.markdown, [], parse(rendered.markdown, rendered.lines))


def _warnings(job: Job, fmt: Format, document: Document) -> list[Caution]:
    """Return what `fmt` warns of in `document`: a block it cannot show, a slide's visual that
    cannot show everything, a timeline too dense to label."""
    found = left_out(fmt, document)
    if fmt.slides:
        found += crowded(job, fmt, document)
    return found + _cautions(job, fmt, document)


def left_out(fmt: Format, document: Document, name: str = "") -> list[Caution]:
    """Return a warning at the template line of each block of `document` that `fmt` cannot
    show and leaves out (`name`: what the warning calls the format, by default its name)."""
    return [Caution(f"the {name or fmt.name} cannot show {_kind(block)}; it is left out",
                    block.where, "move it to where the format shows it, or remove it")
            for block in fmt.unshown(document)]


def crowded(job: Job, fmt: Format, document: Document) -> list[Caution]:
    """Return a warning at the template line of each visual that cannot show everything on
    a slide of the reference deck's content area (a reference that cannot be read: none, the
    writer says why)."""
    from sggen.formats.deck import reference
    from sggen.layout import VISUALS
    from sggen.layout.boxes import Sizes
    from sggen.layout.crowding import crowded as losses

    if not any(type(b) in VISUALS for slide in document.slides for b in slide.blocks):
        return []
    try:
        region = reference.load(fmt.reference(job.ws.templates)).region
    except SggenError:
        return []
    return [Caution(lost, block.where, "the guide shows every entry; show fewer on the slide "
                    "or split the visual in the template") for block, lost in
            losses(document.slides, region, Sizes(floor=job.floor))]


def _cautions(job: Job, fmt: Format, document: Document) -> list[Caution]:
    """Return what the format's writer warns of in the document (a timeline too dense to
    label in full), where it has something to say: a document with a timeline."""
    if not any(isinstance(b, Timeline) for b in document.all_blocks()):
        return []
    said = getattr(fmt.writer(), "cautions", None)
    reference = fmt.reference(job.ws.templates)
    if said is None or reference is None or not reference.is_file():
        return []
    try:
        found = said(document, reference, job.floor)
    except SggenError:
        return []  # a reference the writer cannot use is its error to report, when it writes
    hint = ("fewer meetings, or a wider layout in the reference deck; the guide and the "
            "notes say every meeting") if fmt.slides else \
        "fewer meetings or stages; the tables of stages and meetings say every one"
    return [Caution(message, block.where, hint) for block, message in found]


def _kind(block: object) -> str:
    """Return a block kind in words: 'a Table', 'an OrgChart'."""
    name = type(block).__name__
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name}"


def file_bytes(job: Job, fmt: Format, one: Made) -> bytes:
    """Return the bytes of one file, written by the format's writer from its reference."""
    data = fmt.writer().write(one.document, fmt.reference(job.ws.templates), one.meta(fmt),
                              job.floor)
    return data if fmt.prezipped or not fmt.zipped else package.normalise(data)


def documents(ws: Workspace, project_id: str, fmt: Format,
              lang: str | None = None) -> list[tuple[str, Document, Meta]]:
    """Return (file stem, document, meta) of each file `fmt` writes for a project in `lang`
    (its own language by default): what the writer is given, writing nothing."""
    job, _ = Job.read(shared(ws, set(ws.methods())), Request([project_id]), project_id)
    return [(one.stem, one.document, one.meta(fmt)) for one in made(job, fmt, lang or job.own)]


def _meta(view: context.Context, fmt: Format) -> Meta:
    """Return what a document says about itself: core properties, footer and page label."""
    name, code = view.project.name, view.project.code
    subject = view.t.get(fmt.subject, "")
    return Meta(title=_property(f"{name} – {subject}"), subject=_property(subject),
                author=_property(view.organisation), language=view.locale,
                footer=f"{name} · {code}" if code else name,
                keywords=_property(f"{view.method}, {view.project.id}"),
                page_label=view.t.get("page", ""), version=_property(view.stamp.version),
                status=_property(view.stamp.status))


def _property(text: str, limit: int = 255) -> str:
    """Return `text` cut to what a core property may hold (Office's limit is 255 characters)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
