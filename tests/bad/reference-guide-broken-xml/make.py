"""The case's reference document, made hostile by tests/corpus.py."""

from corpus import rewrite_part


def make(root, outside):
    rewrite_part(root / "templates" / "reference.docx",
                 "word/styles.xml", lambda data: data.replace(b"</w:styles>", b"</w:stiles>"))
