import os


def make(root, outside):
    (root / "projects" / "x.yaml").unlink()
    os.symlink("gone.yaml", root / "projects" / "x.yaml")
