def make(root, outside):
    target = root / "roles/prince2/senior-supplier.yaml"
    target.unlink()
    target.mkdir()
    (target / "inside.yaml").write_text("a: 1\n")
