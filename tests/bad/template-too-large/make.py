def make(root, outside):
    path = root / "templates" / "deck.md.j2"
    path.write_text("{# " + "x" * 1_000_000 + " #}\n" + path.read_text())
