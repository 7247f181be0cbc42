"""The guide: reference (the reference document read once), plan (what is measured before
writing: styles, tables, the chart, the contents' pages), body (a Word document being written,
shared with the cards), drawing (the organisation chart as a Word drawing), writer (the
format)."""
