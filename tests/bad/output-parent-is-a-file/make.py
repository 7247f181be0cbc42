def make(root, outside):
    (outside / "file").write_text("x\n")
