"""Read a text PDF into raw tables (one per table per page) with pdfplumber.

Plain text extraction interleaves the cells of a row line by line (seed 001 shows it), so
the ruled table grid is used instead. A table split over pages arrives as one table per page;
``table.py`` stitches them by their repeated header and equal width.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber

from nq57check.importers.base import Cell, Extracted, ImportFailure, RawRow, RawTable
from nq57check.importers.limits import PAGES_READ as MAX_PAGES


def _encrypted(exc: BaseException) -> bool:
    """pdfminer reports a password in several exception types; look down the chain."""
    seen: BaseException | None = exc
    while seen is not None:
        name = type(seen).__name__.lower()
        if "password" in name or "encrypt" in name or "password" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
        if seen is exc:
            break
    return False


def _cells(table: Any, data: list[list[str | None]], r: int, carried: set[int]) -> list[Cell]:
    """Row ``r`` as cells, telling vertical merges (copied down) from horizontal ones.

    ``carried`` holds the columns whose cell in this row continues a merge from the page
    before (see :func:`_carry`).
    """
    result: list[Cell] = []
    row_top = table.rows[r].bbox[1]
    for c, value in enumerate(data[r]):
        if value is not None:
            result.append(Cell(value, from_above=c in carried))
            continue
        source = None
        for up in range(r - 1, -1, -1):
            cells = table.rows[up].cells
            if c < len(cells) and cells[c] is not None:
                if cells[c][3] > row_top + 1:
                    source = data[up][c] or ""
                break
        if source is None:
            result.append(Cell(covered=True))
        else:
            result.append(Cell(source, from_above=True))
    return result


def _open_merges(table: Any, data: list[list[str | None]]) -> dict[int, str]:
    """Columns whose last cell is a vertical merge running off the bottom of the page.

    Writers print a merged cell's text once, on the page where it starts; the rows it spans on
    the next page show an empty cell. A lead unit merged over tasks 2 and 3 would otherwise be
    lost for task 3 when the page breaks between them.
    """
    bottom = table.bbox[3]
    last = len(data) - 1
    result: dict[int, str] = {}
    for c in range(len(data[0]) if data else 0):
        for r in range(last, -1, -1):
            cells = table.rows[r].cells
            if c < len(cells) and cells[c] is not None:
                if r < last and cells[c][3] >= bottom - 1 and data[r][c]:
                    result[c] = data[r][c] or ""
                break
    return result


def _carry(data: list[list[str | None]], merges: dict[int, str]) -> set[tuple[int, int]]:
    """Fill the first empty cell under the repeated header with the open merge's text."""
    filled: set[tuple[int, int]] = set()
    for c, text in merges.items():
        for r, row in enumerate(data):
            if c >= len(row) or row[c] is None or (row[c] or "").strip():
                continue
            row[c] = text
            filled.add((r, c))
            break
    return filled


def _page_tables(page: Any) -> tuple[list[Any], str]:
    """The page's ruled tables and the text outside them (titles, prose between tables)."""
    found = page.find_tables()
    boxes = [table.bbox for table in found]

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    return found, page.filter(outside).extract_text() or ""


def _read(pdf: Any) -> tuple[list[RawTable], list[str], int]:
    tables: list[RawTable] = []
    texts: list[str] = []
    chars = 0
    merges: dict[int, str] = {}
    merges_width = -1
    for number, page in enumerate(pdf.pages[:MAX_PAGES], start=1):
        chars += len(page.chars)
        found, text = _page_tables(page)
        texts.append(text)
        if not found:
            merges, merges_width = {}, -1
        for position, table in enumerate(found):
            data = table.extract()
            width = len(data[0]) if data else 0
            carried = _carry(data, merges) if position == 0 and width == merges_width else set()
            rows = [
                RawRow(_cells(table, data, r, {c for (cr, c) in carried if cr == r}), r + 1, number)
                for r in range(len(data))
            ]
            tables.append(RawTable(len(tables) + 1, rows))
            merges, merges_width = _open_merges(table, data), width
        page.close()
    return tables, texts, chars


def read_pdf(path: Path) -> Extracted:
    """Tables from the ruling lines of each page; page text outside them is free text."""
    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = len(pdf.pages)
            tables, texts, chars = _read(pdf)
    except Exception as exc:
        if _encrypted(exc):
            raise ImportFailure(
                f"{path.name}: the PDF is password-protected. Remove the password (print or "
                "export it to a new PDF without protection) or import the .docx instead."
            ) from exc
        raise ImportFailure(
            f"{path.name}: cannot read the PDF ({type(exc).__name__}); the file may be damaged. "
            "Export it again from the original document."
        ) from exc
    if chars == 0:
        raise ImportFailure(
            f"{path.name}: the PDF has no text layer ({pages} page(s) of images; a scan?). "
            "Import the original .docx/.xlsx, or run OCR on the PDF first (for example "
            "ocrmypdf -l vie) and import the result."
        )
    if not tables:
        raise ImportFailure(
            f"{path.name}: the PDF has text but no ruled table (a table without borders, or "
            "the appendix is prose). Columns cannot be told apart reliably without ruling "
            "lines: import the original .docx/.xlsx, or export the PDF again with table borders."
        )
    warnings: list[str] = []
    if pages > MAX_PAGES:
        warnings.append(f"chỉ đọc {MAX_PAGES} trang đầu (only the first pages were read)")
    return Extracted(tables, "\n".join(texts), warnings)
