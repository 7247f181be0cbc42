"""The pipeline: composes the stages (read, context, render, outline, formats, package) into
builds. One module per job:

job          the request, the outcome, and the job value one project's build is handed
inputs       what a project's outputs are made from, defined once; hashes; shared inputs
manifest     the incremental record: inputs, files, the content digest and the change report
assemble     a format's template rendered and parsed into a Document, with its Meta
project      one project's build: every document made, then all written, then recorded
portfolio    a run over many projects: the up-to-date check, worker processes, Ctrl-C
pdf          PDF through LibreOffice
invitations  the meeting invitation (.ics) and the e-mail draft (.eml)
pages        the live preview's pages, in memory
watcher      rebuild on save
validate     the whole-workspace check and the reference documents' check
accessibility  the audit (`sggen check`) of the documents as they are on disk
catalogue    what `sggen list` shows of the role libraries
report       what a run says: warnings, files written, failures, the change report
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# What the pipeline offers, by the module that holds it; each module is imported when one of
# its names is first asked for, so that `list` or an up-to-date build loads only what it uses.
_HOME = {
    "MANIFEST": "manifest", "Dependencies": "inputs", "shared": "inputs",
    "required_strings": "inputs", "Job": "job", "Outcome": "job", "Request": "job",
    "output_name": "job", "projects": "job", "requested_formats": "job", "run": "portfolio",
    "documents": "assemble", "audit": "accessibility", "invite": "invitations",
    "Pages": "pages", "preview": "pages", "to_pdf": "pdf", "check_all": "validate",
    "reference_problems": "validate", "template_problems": "validate", "watch": "watcher",
}
__all__ = ["MANIFEST", "Dependencies", "Job", "Outcome", "Pages", "Request", "audit",
           "check_all", "documents", "invite", "output_name", "preview", "projects",
           "reference_problems", "required_strings", "requested_formats", "run", "shared",
           "template_problems", "to_pdf", "watch"]  # the names of _HOME

if TYPE_CHECKING:
    from sggen.pipeline.accessibility import audit
    from sggen.pipeline.assemble import documents
    from sggen.pipeline.inputs import Dependencies, required_strings, shared
    from sggen.pipeline.invitations import invite
    from sggen.pipeline.job import Job, Outcome, Request, output_name, projects, requested_formats
    from sggen.pipeline.manifest import MANIFEST
    from sggen.pipeline.pages import Pages, preview
    from sggen.pipeline.pdf import to_pdf
    from sggen.pipeline.portfolio import run
    from sggen.pipeline.validate import check_all, reference_problems, template_problems
    from sggen.pipeline.watcher import watch


def __getattr__(name: str) -> object:
    """Return one of the pipeline's names, importing the module that holds it."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value  # asked for once
    return value
