"""Read an .xlsx workbook into raw tables (one per visible sheet) with openpyxl, read-only.

Read-only mode streams the sheet and keeps memory flat, but it does not expose merged
ranges, so those are read from the sheet part's ``<mergeCell>`` elements directly.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from lxml import etree
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries

from nq57check.importers.base import Cell, Extracted, ImportFailure, ImportWarning, RawRow, RawTable
from nq57check.importers.guards import Budget, refuse_rows
from nq57check.importers.limits import (
    MAX_COLUMNS,
    MAX_MERGED_CELLS,
    MAX_MERGES,
    MAX_ROWS,
    MAX_SHEET_CELLS,
    MAX_SHEETS,
)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_MERGE_TAG = _MAIN + "mergeCell"
_CELL_TAG, _ROW_TAG, _FORMULA_TAG, _VALUE_TAG = _MAIN + "c", _MAIN + "row", _MAIN + "f", _MAIN + "v"
_INLINE_TAG = _MAIN + "is"
_SHOWN = 10  # cells named in a message


def _text(value: Any) -> str:
    """Cell values as a person reads them: 1 not 1.0, dates as 30/06/2026."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@dataclass
class _Scan:
    """What one pass over a sheet's XML found, before openpyxl reads a single row."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    unsaved: list[str] = field(default_factory=list)  # the first few; ``unsaved_count`` all
    unsaved_count: int = 0
    beyond: list[str] = field(default_factory=list)  # cells with content past the bounds
    widths: dict[int, int] = field(default_factory=dict)  # row -> its last cell's column
    last_row: int = 0


_COLUMNS: dict[str, int] = {}


def _column(ref: str) -> int:
    """'AB12' -> 28; 0 for a reference that is not one."""
    letters = ref.rstrip("0123456789$")
    found = _COLUMNS.get(letters)
    if found is None:
        bare = letters.lstrip("$").upper()
        ok = 0 < len(bare) <= 3 and bare.isalpha() and bare.isascii()
        found = int(column_index_from_string(bare)) if ok else 0
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = found
    return found


def _scan_xml(archive: zipfile.ZipFile, part: str, name: str) -> _Scan:
    """Merged ranges (min_col, min_row, max_col, max_row) of a read-only sheet, the cells
    holding a formula with no saved value (read as empty: say so, never drop them), each
    row's width, and any content past ``MAX_ROWS``/``MAX_COLUMNS`` (openpyxl would build
    every cell up to column XFD for one stray value there). One streaming pass, before
    openpyxl reads a row; cells are counted, so a sheet of millions of empty cells is
    refused rather than parsed three times."""
    scan = _Scan()
    where = f"{name}: sheet part '{part}'"
    cells = width = column = 0
    filled: list[int] = []  # the first few columns with content, in the current row
    with archive.open(part) as stream:
        events = etree.iterparse(
            stream,
            events=("end",),
            tag=(_CELL_TAG, _ROW_TAG, _MERGE_TAG),
            resolve_entities=False,
            no_network=True,
        )
        for _, element in events:
            tag = element.tag
            if tag == _CELL_TAG:
                cells += 1
                if cells > MAX_SHEET_CELLS:
                    raise ImportFailure(
                        f"{where} has more than {MAX_SHEET_CELLS:,} cells (limit "
                        "MAX_SHEET_CELLS); delete the empty rows and columns it carries, or "
                        "save it again from Excel."
                    )
                ref = element.get("r")
                column = (_column(ref) if ref else 0) or column + 1
                formula = has_value = inline = False
                for child in element:  # <f>, <v>, <is>: faster than three find() calls
                    kind = child.tag
                    if kind == _VALUE_TAG:
                        has_value = bool(child.text)
                    elif kind == _FORMULA_TAG:
                        formula = True
                    elif kind == _INLINE_TAG:
                        inline = True
                if formula and not has_value:
                    scan.unsaved_count += 1
                    if len(scan.unsaved) < _SHOWN:
                        scan.unsaved.append(ref or "?")
                if (has_value or formula or inline) and (
                    column > MAX_COLUMNS or len(filled) < _SHOWN
                ):
                    filled.append(column)
                if column <= MAX_COLUMNS:
                    width = max(width, column)
                element.clear()
            elif tag == _ROW_TAG:
                number = element.get("r")
                row = int(number) if number and number.isdigit() else scan.last_row + 1
                scan.last_row = max(scan.last_row, row)
                past = filled if row > MAX_ROWS else [c for c in filled if c > MAX_COLUMNS]
                scan.beyond += [f"{get_column_letter(c)}{row}" for c in past[:_SHOWN]]
                if len(scan.beyond) >= _SHOWN:
                    break
                if row <= MAX_ROWS:
                    scan.widths[row] = max(scan.widths.get(row, 0), width)
                width = column = 0
                filled = []
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
            elif element.get("ref"):
                bounds = range_boundaries(element.get("ref", ""))
                if None not in bounds:
                    scan.merged.append(bounds)
                    if len(scan.merged) > MAX_MERGES:
                        raise ImportFailure(
                            f"{where} has more than {MAX_MERGES:,} merged ranges (limit "
                            "MAX_MERGES); unmerge the cells that do not need it, or save the "
                            "sheet again from Excel."
                        )
    return scan


def _refuse_beyond(name: str, sheet: Any, cells: list[str]) -> ImportFailure:
    shown = ", ".join(cells) + (" ..." if len(cells) >= _SHOWN else "")
    return ImportFailure(
        f"{name}: sheet '{sheet.title}': {shown} holds a value beyond row "
        f"{MAX_ROWS:,} or column {get_column_letter(MAX_COLUMNS)} ({MAX_COLUMNS}), the most "
        "an appendix table may have (limits MAX_ROWS, MAX_COLUMNS). Delete what is there "
        "(or hide that sheet) and import again."
    )


def _merge(scan: _Scan, name: str, sheet: Any, grid: dict[int, list[Cell]]) -> None:
    """Spread merged ranges over the grid, each clipped to the rows present and to
    ``MAX_COLUMNS``; valid merges never overlap, so together they cover at most the sheet."""
    covered = 0
    last = min(scan.last_row, MAX_ROWS)
    for min_col, min_row, raw_max_col, raw_max_row in scan.merged:
        max_col, max_row = min(raw_max_col, MAX_COLUMNS), min(raw_max_row, last)
        if min_col > max_col or min_row > max_row:
            continue
        covered += (max_row - min_row + 1) * (max_col - min_col + 1)
        if covered > MAX_MERGED_CELLS:
            raise ImportFailure(
                f"{name}: sheet '{sheet.title}': merged ranges cover more than "
                f"{MAX_MERGED_CELLS:,} cells (limit MAX_MERGED_CELLS), so some overlap, which "
                "Excel does not allow; the file is damaged or was not written by Excel. Open "
                "it in Excel, save it again, and import the new copy."
            )
        top = grid.get(min_row, [])
        value = top[min_col - 1].text if len(top) >= min_col else ""
        for row in range(min_row, max_row + 1):
            cells = grid.setdefault(row, [])
            cells.extend(Cell() for _ in range(max_col - len(cells)))
            for col in range(min_col, max_col + 1):
                if (row, col) == (min_row, min_col):
                    continue
                if col == min_col:
                    cells[col - 1] = Cell(value, from_above=True)
                else:
                    cells[col - 1] = Cell(covered=True)


def _scans(path: Path) -> dict[str, _Scan]:
    """Every worksheet part scanned before openpyxl opens the workbook: opening alone parses
    each sheet through once (twice without ``<dimension>``), however large."""
    with zipfile.ZipFile(path) as archive:
        return {
            part: _scan_xml(archive, part, path.name)
            for part in archive.namelist()
            if part.startswith("xl/worksheets/") and part.endswith(".xml")
        }


def _sheet(
    sheet: Any, index: int, warnings: list[str], budget: Budget, scans: dict[str, _Scan]
) -> RawTable:
    sheet.reset_dimensions()  # a wrong <dimension> would otherwise cut rows off
    name = budget.name
    part = getattr(sheet, "_worksheet_path", None)
    scan = scans.get(part or "")
    if scan is None:  # a sheet kept somewhere unusual: scanned now
        archive = getattr(sheet.parent, "_archive", None)
        scan = _scan_xml(archive, part, name) if archive and part else _Scan()
    if scan.beyond:
        raise _refuse_beyond(name, sheet, scan.beyond)
    grid: dict[int, list[Cell]] = {}
    rows = sheet.iter_rows(
        min_row=1, max_row=MAX_ROWS, min_col=1, max_col=MAX_COLUMNS, values_only=True
    )
    for number, values in enumerate(rows, 1):
        texts = [_text(v) for v in values[: scan.widths.get(number, 0)]]
        if any(t.strip() for t in texts):
            grid[number] = [Cell(t) for t in texts]
            budget.spend(sum(map(len, texts)), f"sheet '{sheet.title}', row {number}")
    if scan.unsaved:
        shown = ", ".join(scan.unsaved) + (" ..." if scan.unsaved_count > len(scan.unsaved) else "")
        warnings.append(
            ImportWarning(
                f"trang tính '{sheet.title}': công thức chưa có giá trị lưu ở ô {shown},"
                " đọc là ô trống; mở và lưu lại tệp bằng Excel",
                f"sheet '{sheet.title}': formulas with no saved value in {shown} read as empty"
                " cells; open the file in Excel and save it again",
            )
        )
    _merge(scan, name, sheet, grid)
    rows_kept = [RawRow(grid[n], n) for n in sorted(grid)]
    return RawTable(index, rows_kept, label=sheet.title)


def read_xlsx(path: Path) -> Extracted:
    """Every visible worksheet as one raw table; hidden sheets are skipped with a warning."""
    scans = _scans(path)
    workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        tables: list[RawTable] = []
        warnings: list[str] = []
        if len(workbook.worksheets) > MAX_SHEETS:
            raise ImportFailure(
                f"{path.name}: the workbook has {len(workbook.worksheets):,} sheets, more than "
                f"{MAX_SHEETS} (limit MAX_SHEETS); keep the appendix's sheets in a workbook "
                "of their own."
            )
        rows, budget = 0, Budget(path.name)
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                warnings.append(
                    ImportWarning(
                        f"trang tính ẩn '{sheet.title}' bị bỏ qua",
                        f"hidden sheet '{sheet.title}' skipped",
                    )
                )
                continue
            table = _sheet(sheet, len(tables) + 1, warnings, budget, scans)
            rows += len(table.rows)
            if rows > MAX_ROWS:
                raise refuse_rows(path.name, f"sheet '{sheet.title}'")
            tables.append(table)
        return Extracted(tables, "", warnings)
    finally:
        workbook.close()
