import os


def make(root, outside):
    (root / "roles" / "prince2" / "team-manager.yaml").unlink()
    os.symlink("nowhere.yaml", root / "roles" / "prince2" / "team-manager.yaml")
