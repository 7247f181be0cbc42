import os


def make(root, outside):
    (root / "output").mkdir()
    os.symlink("gone", root / "output" / "x")
