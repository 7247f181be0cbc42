"""A part of the reference document whose compressed bytes are damaged: the guide and the
cards are written on it, and the error is said once."""

from corpus import damage_part


def make(root, outside):
    damage_part(root / "templates" / "reference.docx", "word/styles.xml")
