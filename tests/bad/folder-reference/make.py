def make(root, outside):
    target = root / "templates/reference.docx"
    target.unlink()
    target.mkdir()
    (target / "inside.yaml").write_text("a: 1\n")
