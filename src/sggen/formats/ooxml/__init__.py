"""The OOXML layer the Office writers share: xml (building parts, the one escaping route),
opc (the package: parts, relationships, content types, core properties), drawing (DrawingML
shapes), units (units, gaps, tints) and audit (reading documents back, through python-pptx and
python-docx)."""
