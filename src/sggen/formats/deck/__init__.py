"""The deck: reference (the reference deck read once), plan (its layouts and content area),
slide (one slide's XML), visuals (what each laid-out item is drawn as), writer (the format)."""
