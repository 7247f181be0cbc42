import os


def make(root, outside):
    (root / "projects" / "x.yaml").unlink()
    os.symlink("/dev/zero", root / "projects" / "x.yaml")
