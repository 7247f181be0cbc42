import os
import shutil


def make(root, outside):
    target = root / "templates/guide.md.j2"
    copy = outside / target.name
    shutil.copyfile(target, copy)
    target.unlink()
    os.symlink(copy, target)
