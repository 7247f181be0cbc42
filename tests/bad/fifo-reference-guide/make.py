import os


def make(root, outside):
    target = root / "templates/reference.docx"
    if target.is_dir():
        import shutil
        shutil.rmtree(target)
    else:
        target.unlink(missing_ok=True)
    os.mkfifo(target)
