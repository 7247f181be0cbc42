"""Output formats: one module per format, and the registry that build, manifest and CLI iterate.

A format names its template, its reference document, its file suffix and the module that writes
it. The module is imported only when a file is written, so deciding that outputs are up to date
never loads a document library. Adding a format is one module with `write` and `check`
functions, and one `register` line (see docs/architecture.md).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from sggen.document import (
    BLOCKS,
    Block,
    BulletList,
    Cover,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    Timeline,
    Toc,
)


@dataclass(frozen=True)
class Format:
    """One kind of output file."""

    name: str  # the command and, unless `stem` says otherwise, the file's stem: deck.pptx
    template: str  # under templates/
    suffix: str
    module: str  # the writer: write(document, reference, meta, options) and check(reference)
    references: tuple[str, ...] = ()  # under templates/, the first that exists is used
    slides: bool = False  # the Markdown is a deck (--- between slides) rather than a flow
    shows: tuple[type[Block], ...] = BLOCKS  # the block kinds the writer can show
    subject: str = ""  # the strings.yaml key of the document's subject
    zipped: bool = False  # an Office package: the build normalises it for reproducible bytes
    # ... unless the writer returns it normalised itself (the XML writers: one zip pass); a
    # writer built on a document library (a plug-in) leaves this off
    prezipped: bool = False
    stem: str = ""  # the file's stem when it is not the name: the guide as HTML is guide.html
    pdf: bool = True  # LibreOffice makes a PDF of it with --pdf (a browser prints a page)
    # A list of the context to write one file per entry of, each rendered with the entry as
    # `member` and named by its `slug` in the folder `folder`: cards/executive-outi-saarinen.docx
    each: str = ""
    folder: str = ""
    # the format whose headings this one's template points to, by number and page (the deck's
    # appendix into the guide): the view's `guide` holds them, and that format's reference is
    # an input of this one
    index: str = ""

    @property
    def file_stem(self) -> str:
        """Return the stem of the file this format writes: deck for deck.pptx, deck.en.pptx."""
        return self.stem or self.name

    def writer(self) -> ModuleType:
        """Return the writing module, imported now (with whatever library it writes with)."""
        return importlib.import_module(self.module)

    def reference(self, templates: Path) -> Path | None:
        """Return the reference document in `templates`: the first name that exists, else the
        first name (so that an error can name it), or None for a format without one."""
        if not self.references:
            return None
        found = [templates / n for n in self.references if (templates / n).is_file()]
        return found[0] if found else templates / self.references[0]

    def unshown(self, document: Document) -> list[Block]:
        """Return the blocks of `document` that this format cannot show."""
        out = [b for b in document.blocks if not isinstance(b, self.shows)]
        for slide in document.slides:
            allowed = TITLE_SHOWS if slide.is_title else self.shows
            out.extend(b for b in slide.blocks if not isinstance(b, allowed))
        return out


TITLE_SHOWS = (Paragraph, Heading, BulletList)  # a title slide holds text only
PAGE_ONLY = (PageBreak, Cover, Toc)  # what only a page of paper has
SLIDE_SHOWS = tuple(kind for kind in BLOCKS if kind not in PAGE_ONLY)  # a new visual too
# a card is text on a page a side (a page break begins its back), and the holder's strip of
# the master timeline
CARD_SHOWS = (Cover, Heading, Paragraph, BulletList, Table, Timeline, PageBreak)

REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add `fmt` to the registry (replacing one of the same name); return it."""
    REGISTRY[fmt.name] = fmt
    return fmt


register(Format("deck", "deck.md.j2", ".pptx", "sggen.formats.deck.writer",
                ("reference.pptx", "reference.potx"), slides=True, shows=SLIDE_SHOWS,
                subject="deck_subtitle", zipped=True, prezipped=True, index="guide"))
register(Format("guide", "guide.md.j2", ".docx", "sggen.formats.guide.writer",
                ("reference.docx", "reference.dotx"), subject="guide_title", zipped=True,
                prezipped=True))
# The guide as a page for a browser: no reference document, the same template as guide.docx.
register(Format("html", "guide.md.j2", ".html", "sggen.formats.html", subject="guide_title",
                stem="guide", pdf=False))
# The deck's slides as a page, laid out from the same reference deck as deck.pptx.
register(Format("slides", "deck.md.j2", ".html", "sggen.formats.slides",
                ("reference.pptx", "reference.potx"), slides=True, shows=SLIDE_SHOWS,
                subject="deck_subtitle", stem="deck", pdf=False, index="guide"))

# A one-page role card for each person on the board or invited to its meetings.
register(Format("cards", "card.md.j2", ".docx", "sggen.formats.cards.writer",
                ("reference.docx", "reference.dotx"), shows=CARD_SHOWS, subject="card_subject",
                zipped=True, prezipped=True, each="cards", folder="cards"))


def get(name: str) -> Format:
    """Return the registered format `name`."""
    return REGISTRY[name]


# A board meeting's pack (`sggen meeting`): written for one meeting at a time into
# meetings/<date>/, each rendered with the meeting's `pack` beside the project's view, so not
# among the project's documents that `build` and `validate` iterate.
_DOCX, _PPTX = ("reference.docx", "reference.dotx"), ("reference.pptx", "reference.potx")
PACK: dict[str, Format] = {fmt.name: fmt for fmt in (
    # the agenda and the minutes as a card's blocks that run on over pages (formats/pack.py)
    Format("agenda", "meeting/agenda.md.j2", ".docx", "sggen.formats.pack", _DOCX,
           shows=CARD_SHOWS, subject="meeting_agenda", zipped=True, prezipped=True),
    # one page per member, fitted as a role card is; `each` names them as cards are named
    Format("preread", "meeting/preread.md.j2", ".docx", "sggen.formats.cards.writer", _DOCX,
           shows=CARD_SHOWS, subject="meeting_preread", zipped=True, prezipped=True,
           each="prereads", folder="pre-reads"),
    Format("brief", "meeting/brief.md.j2", ".pptx", "sggen.formats.deck.writer", _PPTX,
           slides=True, shows=SLIDE_SHOWS, subject="meeting_brief", zipped=True,
           prezipped=True),
    Format("minutes", "meeting/minutes.md.j2", ".docx", "sggen.formats.pack", _DOCX,
           shows=CARD_SHOWS, subject="meeting_minutes", zipped=True, prezipped=True),
)}

# One person's view across every project (sggen member): a one-page .docx written as a role
# card is, and the same document as a page. Not in the registry, which holds what a project's
# build writes: these are rendered with a person's view, not a project's.
MEMBER_FORMATS = (
    Format("member", "member.md.j2", ".docx", "sggen.formats.cards.writer",
           ("reference.docx", "reference.dotx"), shows=CARD_SHOWS, subject="member_subject",
           zipped=True, prezipped=True),
    Format("member-page", "member.md.j2", ".html", "sggen.formats.html",
           subject="member_subject", stem="member", pdf=False),
)
