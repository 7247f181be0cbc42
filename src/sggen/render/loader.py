"""Where templates come from: one folder of bounded regular files, and the compiled templates
kept for the next process."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import jinja2
from jinja2 import bccache

from sggen import cache, files
from sggen.errors import SggenError
from sggen.render import limits


class Loader(jinja2.FileSystemLoader):
    """Loads templates from one folder only: a link that leads out of it, a pipe, a device or
    an oversized file is refused with its path (and never opened or waited for)."""

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        folder = self.searchpath[0]
        filename = os.path.join(folder, *pieces)
        if not os.path.lexists(filename):
            raise jinja2.TemplateNotFound(template)
        try:
            raw = files.read(Path(filename), limits.MAX_TEMPLATE_BYTES, Path(folder),
                             "a template is a few kB; split it with {% include %}")
        except SggenError as exc:
            raise RefusedTemplate(template, exc) from None
        contents = raw.decode("utf-8")
        environment.sggen_sizes[os.path.normpath(filename)] = len(contents)
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate


class RefusedTemplate(jinja2.TemplateNotFound):
    """A template file that exists but may not be read (see Loader)."""

    def __init__(self, name: str, error: SggenError):
        super().__init__(name, error.message)
        self.error = error



class Compiled(jinja2.BytecodeCache):
    """The compiled templates kept for the next process, one file per template.

    A compiled template is code that runs when the template is used, so its file is read only
    through `cache.read_entry` (a private folder, a regular file of this user's, bounded) and
    holds no pickle: Jinja2's magic and the source's checksum, then the code. A folder that
    cannot be used, or an entry that is not one, means compiling afresh.
    """

    def __init__(self, directory: Path):
        self.directory = directory
        self.usable = cache.private(directory)

    def _entry(self, bucket) -> Path:
        return self.directory / f"__jinja2_{bucket.key}.cache"

    def _header(self, bucket) -> bytes:
        return bccache.bc_magic + bucket.checksum.encode() + b"\n"

    def load_bytecode(self, bucket) -> None:
        data = cache.read_entry(self._entry(bucket)) if self.usable else None
        header = self._header(bucket)
        if data is None or not data.startswith(header):
            return  # none, stale, another user's or another Jinja2's: compile afresh
        try:
            bucket.code = marshal.loads(data[len(header):])
        except (EOFError, ValueError, TypeError):  # cut short: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        if self.usable:
            code = marshal.dumps(bucket.code)
            cache.write_entry(self._entry(bucket), self._header(bucket) + code)
