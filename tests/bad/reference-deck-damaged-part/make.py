"""A part of the reference deck whose compressed bytes are damaged."""

from corpus import damage_part


def make(root, outside):
    damage_part(root / "templates" / "reference.pptx", "ppt/slideMasters/slideMaster1.xml")
