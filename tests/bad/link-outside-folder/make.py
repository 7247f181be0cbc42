import shutil


def make(root, outside):
    # the whole method folder is a link out of the workspace
    shutil.move(root / "roles" / "prince2", outside / "prince2")
    (root / "roles" / "prince2").symlink_to(outside / "prince2")
