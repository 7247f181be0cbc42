def make(root, outside):
    (root / "templates" / "reference.pptx").write_text("not a deck\n")
