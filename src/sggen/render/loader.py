"""Where templates come from: one folder of bounded regular files, and the compiled templates
kept for the next process."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from sggen import files
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



class Compiled(jinja2.FileSystemBytecodeCache):
    """Jinja2's bytecode cache, for which a folder that cannot be written is no error."""

    def __init__(self, directory: Path):
        super().__init__(str(directory))
        self.usable = True
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            self.usable = False

    def load_bytecode(self, bucket) -> None:
        if self.usable:
            try:
                super().load_bytecode(bucket)
            except OSError:
                self.usable = False  # e.g. a file where the folder should be
            except Exception:  # a truncated entry Jinja2 cannot unpickle: compile afresh
                bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        if self.usable:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                self.usable = False  # read-only or full: compile in memory from now on

