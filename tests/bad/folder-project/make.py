def make(root, outside):
    target = root / "projects/x.yaml"
    target.unlink()
    target.mkdir()
    (target / "inside.yaml").write_text("a: 1\n")
