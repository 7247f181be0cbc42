import io
import zipfile


def make(root, outside):
    path = root / "templates" / "reference.pptx"
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "none":
                data = change(data)
            target.writestr(info.filename, data)
        extra(target)
    path.write_bytes(out.getvalue())


def change(data):
    return data


def extra(target):
    target.writestr("ppt/media/bomb.bin", bytes(40_000_000))
