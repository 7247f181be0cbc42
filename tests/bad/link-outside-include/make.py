import os


def make(root, outside):
    (outside / "part.j2").write_text("secret\n")
    os.symlink(outside / "part.j2", root / "templates" / "part.j2")
