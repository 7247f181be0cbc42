def make(root, outside):
    (root / "templates" / "reference.pptx").write_bytes(b"")
