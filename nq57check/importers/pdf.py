"""Read a text PDF into raw tables (one per table per page) with pdfplumber.

Plain text extraction interleaves the cells of a row line by line (seed 001 shows it), so
the ruled table grid is used instead. A table split over pages arrives as one table per page;
``table.py`` stitches them by their repeated header and equal width. Page breaks are where rows
get lost, so the first table of a page that continues the table of the page before is read with
that page's column boundaries (:func:`_column_map`), a row cut open by the break is closed
(:func:`_closing_rules`), and a one-cell fragment pdfplumber sees no table in is read from the
page's rules and characters (:func:`_recover`).
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.table import merge_edges
from pdfplumber.utils import extract_text

from nq57check.importers.base import (
    Cell,
    Extracted,
    ImportFailure,
    ImportWarning,
    RawRow,
    RawTable,
)
from nq57check.importers.body.lines import BodyLine
from nq57check.importers.body.pdf_lines import PdfParagraphs, page_lines
from nq57check.importers.limits import PAGES_READ as MAX_PAGES

MAX_EDGES = 5000  # ruling segments per page examined for cut rows (a table page has a few hundred)
_TOL = 3.0  # points: pdfplumber's snap/join/intersection tolerance; rules closer are one rule
_MIN_RULE = 3.0  # pdfplumber's edge_min_length: shorter segments are not rules
Rule = dict[str, Any]


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


def _rules(page: Any) -> tuple[list[Rule], list[Rule]]:
    """The page's vertical and horizontal rules, joined the way pdfplumber's table finder does."""
    edges = page.edges
    merged = merge_edges([e for e in edges if e["height"] >= 1 or e["width"] >= 1], *[_TOL] * 4)
    vertical = [e for e in merged if e["orientation"] == "v" and e["height"] >= _MIN_RULE]
    horizontal = [e for e in merged if e["orientation"] == "h" and e["width"] >= _MIN_RULE]
    return vertical, horizontal


def _closing_rules(
    vertical: list[Rule], horizontal: list[Rule], prev: list[float] | None
) -> list[Rule]:
    """Horizontal rules where two or more vertical rules of a table stop with no rule across.

    A row cut by a page break is often left open: its cells' side rules run to the bottom
    margin (or start at the top margin of the next page) with no rule across, so pdfplumber
    sees no cells there and the row is lost, or its continuation is merged into the task above.
    A side rule is taken for a table's when a rule crosses its other end (the rule above the
    cut) or it stands on a column boundary of the previous page's table (pdfplumber joins the
    side rules of all the rows on a page, so on a page whose top is open too both ends of the
    joined rule are open). Column lines that stand alone (a table ruled with column lines only)
    are not closed: such a table is still refused rather than read as one giant row.
    """
    by_band: dict[int, list[Rule]] = {}
    for rule in horizontal:
        by_band.setdefault(round(rule["top"] / _TOL), []).append(rule)

    def crossed(x: float, y: float) -> bool:
        band = round(y / _TOL)
        return any(
            abs(rule["top"] - y) <= _TOL and rule["x0"] - _TOL <= x <= rule["x1"] + _TOL
            for key in (band - 1, band, band + 1)
            for rule in by_band.get(key, ())
        )

    def tabled(v: Rule, other: str) -> bool:
        if crossed(v["x0"], v[other]):
            return True
        return prev is not None and any(abs(v["x0"] - x) <= _TOL for x in prev)

    closing: list[Rule] = []
    for side, other in (("top", "bottom"), ("bottom", "top")):
        ends = sorted(
            (v[side], v["x0"])
            for v in vertical
            if not crossed(v["x0"], v[side]) and tabled(v, other)
        )
        start = 0
        for i in range(1, len(ends) + 1):
            if i < len(ends) and ends[i][0] - ends[start][0] <= _TOL:
                continue
            xs = [x for _, x in ends[start:i]]
            if max(xs) - min(xs) >= _MIN_RULE:
                y = ends[start][0]
                closing.append(
                    {
                        "object_type": "line",
                        "x0": min(xs),
                        "x1": max(xs),
                        "top": y,
                        "bottom": y,
                        "width": max(xs) - min(xs),
                        "height": 0.0,
                    }
                )
            start = i
    return closing


def _grid(table: Any) -> list[float]:
    """Column boundaries of a pdfplumber table: its grid columns start at its cells' x0."""
    return [*sorted({cell[0] for cell in table.cells}), table.bbox[2]]


def _column_map(grid: list[float], prev: list[float]) -> list[int] | None:
    """For each boundary of ``grid``, the same boundary's index in ``prev``, or None.

    A page's table fragment lacks a column rule where every one of its rows merges two cells
    (a one-row last page often does); read with the previous page's boundaries it keeps the
    task table's width, so its cells land in the right columns instead of ending the table.
    """
    index: list[int] = []
    for x in grid:
        near = [p for p, px in enumerate(prev) if abs(px - x) <= _TOL]
        if not near or (index and near[0] <= index[-1]):
            return None
        index.append(near[0])
    if index[0] != 0 or index[-1] != len(prev) - 1:
        return None
    return index


def _regrid(rows: list[RawRow], index: list[int]) -> None:
    """Spread each row's cells over the previous page's columns (spanned ones are covered)."""
    for row in rows:
        cells = [Cell(covered=True) for _ in range(index[-1])]
        for c, cell in enumerate(row.cells[: len(index) - 1]):
            cells[index[c]] = cell
        row.cells = cells


def _same_extent(grid: list[float], prev: list[float]) -> bool:
    return abs(grid[0] - prev[0]) <= _TOL and abs(grid[-1] - prev[-1]) <= _TOL


def _centred(chars: list[dict[str, Any]], box: tuple[float, float, float, float]) -> list[Any]:
    """The characters whose centre lies in ``box`` (as pdfplumber fills a table cell)."""
    x0, top, x1, bottom = box
    return [
        ch
        for ch in chars
        if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom
    ]


def _recover(
    page: Any, vertical: list[Rule], horizontal: list[Rule], prev: list[float], below: float
) -> tuple[list[list[Cell]], tuple[float, float, float, float]] | None:
    """Rows of the previous page's table in a ruled fragment above ``below`` with no table.

    pdfplumber keeps only tables of two cells or more, so a fragment one cell wide (a row
    merged across the table, alone at the top of a page) is not a table to it and its text
    would fall into the page's free text. The fragment is recognised by side rules at the
    table's outer boundaries; its rows are split at full-width rules and its cells at the
    previous page's column rules that cross the row.
    """
    left, right = prev[0], prev[-1]

    def spans(x: float) -> list[Rule]:
        return [v for v in vertical if abs(v["x0"] - x) <= _TOL and v["top"] < below - _TOL]

    lefts, rights = spans(left), spans(right)
    if not lefts or not rights:
        return None
    top = max(min(v["top"] for v in lefts), min(v["top"] for v in rights))
    bottom = min(max(v["bottom"] for v in lefts), max(v["bottom"] for v in rights), below)
    if bottom - top < _MIN_RULE:
        return None
    cuts = sorted(
        h["top"]
        for h in horizontal
        if top + _TOL < h["top"] < bottom - _TOL
        and h["x0"] <= left + _TOL
        and h["x1"] >= right - _TOL
    )
    edges = [top]
    for y in [*cuts, bottom]:
        if y - edges[-1] > _TOL:
            edges.append(y)
    chars = _centred(page.chars, (left, top, right, bottom))
    at = {p: [v for v in vertical if abs(v["x0"] - prev[p]) <= _TOL] for p in range(len(prev))}
    rows: list[list[Cell]] = []
    for row_top, row_bottom in pairwise(edges):
        middle = (row_top + row_bottom) / 2
        inner = [
            p
            for p in range(1, len(prev) - 1)
            if any(v["top"] <= middle <= v["bottom"] for v in at[p])
        ]
        starts = [0, *inner, len(prev) - 1]
        cells = [Cell(covered=True) for _ in range(len(prev) - 1)]
        for a, b in pairwise(starts):
            box = (prev[a], row_top, prev[b], row_bottom)
            cells[a] = Cell(extract_text(_centred(chars, box)))
        if any(cell.text.strip() for cell in cells):
            rows.append(cells)
    if not rows:
        return None
    return rows, (left, top, right, bottom)


def _outside_text(page: Any, boxes: list[tuple[float, float, float, float]]) -> str:
    """The page's text outside its tables (titles, prose between tables)."""

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    return page.filter(outside).extract_text() or ""


def _read(pdf: Any) -> tuple[list[RawTable], list[str], int, list[str], list[BodyLine]]:
    tables: list[RawTable] = []
    body = PdfParagraphs()
    texts: list[str] = []
    warnings: list[str] = []
    chars = 0
    prev: list[float] | None = None  # column boundaries of the last table on the page before
    merges: dict[int, str] = {}  # its merged cells running off the page, by column
    for number, page in enumerate(pdf.pages[:MAX_PAGES], start=1):
        chars += len(page.chars)
        vertical: list[Rule] = []
        horizontal: list[Rule] = []
        if len(page.edges) <= MAX_EDGES:
            vertical, horizontal = _rules(page)
        else:
            warnings.append(
                ImportWarning(
                    f"hơn {MAX_EDGES} đường kẻ trên trang: không kiểm tra các dòng bị ngắt "
                    "trang; hãy so các nhiệm vụ của trang với văn bản",
                    f"more than {MAX_EDGES} rules on the page: rows cut by its page breaks were "
                    "not checked; compare its tasks with the document",
                    page=number,
                )
            )
        closing = _closing_rules(vertical, horizontal, prev)
        found = page.find_tables({"explicit_horizontal_lines": closing} if closing else None)
        boxes = [table.bbox for table in found]
        last: list[float] | None = None
        if prev is not None:
            below = min((table.bbox[1] for table in found), default=page.height)
            recovered = _recover(page, vertical, horizontal, prev, below)
            if recovered is not None:
                cell_rows, box = recovered
                rows = [RawRow(cells, r, number) for r, cells in enumerate(cell_rows, start=1)]
                tables.append(RawTable(len(tables) + 1, rows, continues=True))
                boxes.append(box)
                warnings.append(
                    ImportWarning(
                        "phần bảng không có ô riêng, đọc theo cột của trang trước",
                        "a table fragment without cells of its own was read with the columns "
                        "of the page before",
                        table=len(tables),
                        page=number,
                    )
                )
                last, merges = prev, {}
        for position, table in enumerate(found):
            data = table.extract()
            grid = _grid(table)
            width = len(grid) - 1
            continues = position == 0 and prev is not None and _same_extent(grid, prev)
            index = _column_map(grid, prev) if continues and prev is not None else None
            own: dict[int, str] = {}
            if position == 0 and index is not None:
                first = {p: c for c, p in enumerate(index[:-1])}
                own = {first[p]: text for p, text in merges.items() if p in first}
            elif position == 0 and prev is not None and width == len(prev) - 1:
                own = merges
            carried = _carry(data, own)
            rows = [
                RawRow(_cells(table, data, r, {c for (cr, c) in carried if cr == r}), r + 1, number)
                for r in range(len(data))
            ]
            merges = _open_merges(table, data)
            if index is not None and prev is not None:
                _regrid(rows, index)
                merges = {index[c]: text for c, text in merges.items()}
                grid = prev
            tables.append(RawTable(len(tables) + 1, rows, continues=continues))
            last = grid
        prev = last
        if prev is None:
            merges = {}
        texts.append(_outside_text(page, boxes))
        body.add_page(number, page_lines(page, boxes))
        page.close()
    return tables, texts, chars, warnings, body.lines()


def read_pdf(path: Path) -> Extracted:
    """Tables from the ruling lines of each page; page text outside them is free text."""
    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = len(pdf.pages)
            tables, texts, chars, notes, body = _read(pdf)
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
    warnings = notes
    if pages > MAX_PAGES:
        warnings.append(f"chỉ đọc {MAX_PAGES} trang đầu (only the first pages were read)")
    return Extracted(tables, "\n".join(texts), warnings, body=body)
