"""A reference document whose main part no longer relates its styles."""

from corpus import drop_relationship


def make(root, outside):
    drop_relationship(root / "templates" / "reference.docx", "word/_rels/document.xml.rels",
                      "/styles")
