"""The case's reference document, made hostile by tests/corpus.py."""

from corpus import EXTERNAL_ENTITY, body, rewrite_part


def make(root, outside):
    rewrite_part(root / "templates" / "reference.docx",
                 "word/document.xml", lambda data: EXTERNAL_ENTITY + body(data))
