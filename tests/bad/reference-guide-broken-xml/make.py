import io
import zipfile


def make(root, outside):
    path = root / "templates" / "reference.docx"
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                data = change(data)
            target.writestr(info.filename, data)
        extra(target)
    path.write_bytes(out.getvalue())


def extra(target):
    pass


def change(data):
    return data.replace(b"</w:styles>", b"</w:stiles>")
