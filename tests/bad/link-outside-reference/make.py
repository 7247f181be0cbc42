import os
import shutil


def make(root, outside):
    target = root / "templates/reference.pptx"
    copy = outside / target.name
    shutil.copyfile(target, copy)
    target.unlink()
    os.symlink(copy, target)
