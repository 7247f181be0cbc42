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
"""

from __future__ import annotations

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

__all__ = ["MANIFEST", "Dependencies", "Job", "Outcome", "Pages", "Request", "audit",
           "check_all", "documents", "invite", "output_name", "preview", "projects",
           "reference_problems", "required_strings", "requested_formats", "run", "shared",
           "template_problems", "to_pdf", "watch"]
