"""The case's reference document, made hostile by tests/corpus.py."""

from corpus import rewrite_part


def make(root, outside):
    rewrite_part(root / "templates" / "reference.pptx",
                 "ppt/presentation.xml", lambda data: data[: len(data) // 2])
