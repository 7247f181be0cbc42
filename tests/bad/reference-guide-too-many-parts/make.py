"""The case's reference document, made hostile by tests/corpus.py."""

from corpus import rewrite_part


def make(root, outside):
    rewrite_part(root / "templates" / "reference.docx",
                 extra=[(f"word/media/p{i}.bin", b"") for i in range(2100)])
