"""A reference deck whose presentation no longer relates its slide master."""

from corpus import drop_relationship


def make(root, outside):
    drop_relationship(root / "templates" / "reference.pptx", "ppt/_rels/presentation.xml.rels",
                      "/slideMaster")
