import os


def make(root, outside):
    (root / "projects" / "x.yaml").unlink()
    os.symlink("x.yaml", root / "projects" / "x.yaml")
