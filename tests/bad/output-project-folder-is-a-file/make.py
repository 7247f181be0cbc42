def make(root, outside):
    (root / "output").mkdir()
    (root / "output" / "x").write_text("a file\n")
