"""How much an imported .docx/.xlsx/.pdf may hold: every bound of the importers in one place.

Why: an appendix comes from outside, and office formats describe work rather than hold it
(a 1 KB ``gridSpan`` of 30,000,000 asks for 30 million cells; a 40 KB zip inflates to
gigabytes; a PDF form drawn 5,000 times is millions of characters). Each bound below is
checked *before* the work it guards (declared zip sizes before inflating, spans before
expanding, characters before the table mapper copies them) and its number is named in the
refusal, so a user knows which limit a file hit. They are sized for real commune plans with
room to spare: a plan has at most ``MAX_TASKS`` tasks (the plan model's own bound) in a table
of a dozen columns, and at the limits an import stays within a few seconds and ~500 MB
(``bench/office_bombs.py`` measures it).
"""

from __future__ import annotations

from nq57check.loading.models import MAX_TASKS

__all__ = [
    "MAX_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_MERGED_CELLS",
    "MAX_MERGES",
    "MAX_PACKAGE_BYTES",
    "MAX_PARAGRAPHS",
    "MAX_PART_BYTES",
    "MAX_PDF_CHARS",
    "MAX_PDF_DECODED_BYTES",
    "MAX_PDF_PAGES",
    "MAX_PDF_PAGE_CHARS",
    "MAX_PDF_STREAM_BYTES",
    "MAX_ROWS",
    "MAX_SHEETS",
    "MAX_SHEET_CELLS",
    "MAX_TASKS",
    "MAX_UNMAPPED",
    "MAX_ZIP_DIRECTORY_BYTES",
    "PAGES_READ",
]

MiB = 1024 * 1024

# -- the file and its zip package (.docx, .xlsx) ------------------------------------------------
MAX_FILE_BYTES = 50 * MiB
"""The file on disk. Appendices are tens to hundreds of kilobytes; images make megabytes."""

MAX_ZIP_DIRECTORY_BYTES = 1 * MiB
"""The zip central directory (~15,000 members); ``zipfile`` parses it whole on opening and
the package test opens every member, so it is measured from the end-of-archive record first.
Office files have a few dozen members, a few hundred with many pictures."""

MAX_PART_BYTES = 24 * MiB
"""One member once inflated, as the package *declares* it (``zipfile`` never inflates past a
declared size: a member that lies fails its CRC). python-docx holds ``document.xml`` parsed,
at about 15 bytes of memory per byte of XML; a 5,000-row table as Word writes it is ~18 MB."""

MAX_PACKAGE_BYTES = 96 * MiB
"""All members together, inflated: python-docx reads every part (images included) into
memory, and the package is read through once more to test its CRCs."""

# -- tables, whatever the format ---------------------------------------------------------------
MAX_COLUMNS = 64
"""Grid columns of a table row. Word allows 63 columns; a task table has about ten. A
``gridSpan``/``gridBefore`` past it is refused; an Excel value past it is refused by cell."""

MAX_ROWS = 10_000
"""Table rows of one document, all tables, sheets and pages together: ``MAX_TASKS`` tasks
with their section headings, continuation rows and repeated headers fit."""

MAX_CHARS = 5_000_000
"""Characters of text in one document (about 2,000 dense pages), counting every copy a
merged cell makes (a lead unit merged over 300 tasks counts 300 times): the table mapper
and the plan copy each of them. Excel's own bound for one cell is 32,767."""

MAX_UNMAPPED = 50_000
"""Cells kept under ``provenance.unmapped`` (cells of columns that were not recognised): each
becomes a small mapping in the plan, and the plan must stay a loadable YAML file."""

MAX_SHEETS = 200
"""Worksheets of one workbook (each is read up to ``MAX_ROWS`` rows)."""

MAX_SHEET_CELLS = 700_000
"""``<c>`` elements in one sheet's XML, empty ones included (``MAX_ROWS`` x ``MAX_COLUMNS``
fit): openpyxl parses every one, twice when the sheet has no ``<dimension>``, even past the
rows and columns read, so they are counted before openpyxl opens the workbook."""

MAX_MERGES = 50_000
"""``<mergeCell>`` ranges of one sheet."""

MAX_MERGED_CELLS = MAX_ROWS * MAX_COLUMNS
"""Cells covered by the merged ranges of one sheet, each clipped to the rows read and to
``MAX_COLUMNS``. Merges of a valid sheet never overlap, so they cannot cover more cells than
the sheet has; more means the same range merged again and again."""

# -- PDF --------------------------------------------------------------------------------------
PAGES_READ = 300
"""Pages whose tables are read; later pages are left out with a warning."""

MAX_PDF_PAGES = 5_000
"""Pages in the file: every page object is loaded to count them, so more are refused."""

MAX_PDF_STREAM_BYTES = 16 * MiB
"""One PDF stream once inflated (a page's content, a font, an object stream). pdfminer
inflates a stream whole; a text page is tens of kilobytes, an embedded font a few MB."""

MAX_PDF_DECODED_BYTES = 256 * MiB
"""All streams inflated while a PDF is read."""

MAX_PDF_PAGE_CHARS = 50_000
"""Characters on one page (a dense A3 page in 6-point type has ~20,000). pdfplumber keeps a
page's characters as objects of about 2 KB each while it finds the page's tables."""

MAX_PDF_CHARS = 1_500_000
"""Characters on the pages read (``PAGES_READ`` pages of 5,000)."""

# -- plan bodies (numbered paragraphs, .docx and .pdf) -----------------------------------------
MAX_PARAGRAPHS = 50_000
"""Paragraphs of a body (a 60-page plan has ~1,500): counted in the parsed document before a
single line is built; their characters count against ``MAX_CHARS`` with the tables'."""
