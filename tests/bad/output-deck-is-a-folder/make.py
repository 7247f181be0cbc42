def make(root, outside):
    (root / "output" / "x" / "deck.pptx").mkdir(parents=True)
