"""No reference deck: validate says so as the build does, once for the deck and its page."""


def make(root, outside):
    (root / "templates" / "reference.pptx").unlink()
