def make(root, outside):
    path = root / "templates" / "reference.docx"
    path.write_bytes(path.read_bytes()[:5000])
