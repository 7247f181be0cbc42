"""The case's reference document, made hostile by tests/corpus.py."""

from corpus import BILLION_LAUGHS, body, rewrite_part


def make(root, outside):
    rewrite_part(root / "templates" / "reference.docx",
                 "word/styles.xml", laughs)


def laughs(data: bytes) -> bytes:
    """Return the part with a billion laughs declared and used."""
    return BILLION_LAUGHS + body(data).replace(b">", b">&lol3;", 1)
