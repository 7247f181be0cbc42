import io
import zipfile


def make(root, outside):
    path = root / "templates" / "reference.docx"
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = change(data)
            target.writestr(info.filename, data)
        extra(target)
    path.write_bytes(out.getvalue())


def extra(target):
    pass


def change(data):
    head = (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'\n')
    return head + data.split(b"?>", 1)[1]
