def make(root, outside):
    (outside / "out").write_text("a file where the output folder should be\n")
