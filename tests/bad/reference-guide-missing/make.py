"""No reference document: validate says so as the build does, once for the guide and the
cards that are written on it."""


def make(root, outside):
    (root / "templates" / "reference.docx").unlink()
