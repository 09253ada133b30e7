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

MAX_PAGES = 300
_TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}


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


def _cells(table: Any, data: list[list[str | None]], r: int) -> list[Cell]:
    """Row ``r`` as cells, telling vertical merges (copied down) from horizontal ones."""
    result: list[Cell] = []
    row_top = table.rows[r].bbox[1]
    for c, value in enumerate(data[r]):
        if value is not None:
            result.append(Cell(value))
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


def _page_tables(page: Any, settings: dict[str, str] | None) -> tuple[list[Any], str]:
    """The page's tables and the text outside them (titles, prose between tables)."""
    found = page.find_tables(settings) if settings else page.find_tables()
    boxes = [table.bbox for table in found]

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    return found, page.filter(outside).extract_text() or ""


def _read(pdf: Any, settings: dict[str, str] | None) -> tuple[list[RawTable], list[str], int]:
    tables: list[RawTable] = []
    texts: list[str] = []
    chars = 0
    for number, page in enumerate(pdf.pages[:MAX_PAGES], start=1):
        chars += len(page.chars)
        found, text = _page_tables(page, settings)
        texts.append(text)
        for table in found:
            data = table.extract()
            rows = [RawRow(_cells(table, data, r), r + 1, number) for r in range(len(data))]
            tables.append(RawTable(len(tables) + 1, rows))
        page.close()
    return tables, texts, chars


def read_pdf(path: Path) -> Extracted:
    """Tables from the ruling lines of each page; page text outside them is free text."""
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:
        if _encrypted(exc):
            raise ImportFailure(
                f"{path.name}: the PDF is password-protected. Remove the password (print or "
                "export it to a new PDF without protection) or import the .docx instead."
            ) from exc
        raise ImportFailure(
            f"{path.name}: cannot open the PDF ({type(exc).__name__}); the file may be damaged. "
            "Export it again from the original document."
        ) from exc
    with pdf:
        warnings: list[str] = []
        if len(pdf.pages) > MAX_PAGES:
            warnings.append(f"chỉ đọc {MAX_PAGES} trang đầu (only the first pages were read)")
        tables, texts, chars = _read(pdf, None)
        if chars == 0:
            raise ImportFailure(
                f"{path.name}: the PDF has no text layer ({len(pdf.pages)} page(s) of images; "
                "a scan?). Import the original .docx/.xlsx, or run OCR on the PDF first "
                "(for example with ocrmypdf -l vie) and import the result."
            )
        if not tables:
            tables, texts, _ = _read(pdf, _TEXT_STRATEGY)
            warnings.append(
                "PDF không có bảng kẻ khung; đã đọc theo cột chữ, cần kiểm tra kỹ "
                "(no ruled table found; columns were guessed from text alignment)"
            )
    return Extracted(tables, "\n".join(texts), warnings)
