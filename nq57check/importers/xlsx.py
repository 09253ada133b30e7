"""Read an .xlsx workbook into raw tables (one per visible sheet) with openpyxl, read-only.

Read-only mode streams the sheet and keeps memory flat, but it does not expose merged
ranges, so those are read from the sheet part's ``<mergeCell>`` elements directly.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries

from nq57check.importers.base import Cell, Extracted, ImportWarning, RawRow, RawTable

MAX_ROWS = 5000
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_MERGE_TAG = _MAIN + "mergeCell"
_CELL_TAG, _ROW_TAG, _FORMULA_TAG, _VALUE_TAG = _MAIN + "c", _MAIN + "row", _MAIN + "f", _MAIN + "v"


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


def _scan_xml(sheet: Any) -> tuple[list[tuple[int, int, int, int]], list[str]]:
    """Merged ranges (min_col, min_row, max_col, max_row) of a read-only sheet, and the
    cells holding a formula with no saved value (read as empty: say so, never drop them)."""
    archive = getattr(sheet.parent, "_archive", None)
    part = getattr(sheet, "_worksheet_path", None)
    if archive is None or part is None:
        return [], []
    ranges: list[tuple[int, int, int, int]] = []
    unsaved: list[str] = []
    with archive.open(part) as stream:
        for _, element in ET.iterparse(stream):
            if element.tag == _MERGE_TAG and element.get("ref"):
                bounds = range_boundaries(element.get("ref", ""))
                if None not in bounds:
                    ranges.append(bounds)
            elif element.tag == _CELL_TAG:
                saved = element.find(_VALUE_TAG)
                if element.find(_FORMULA_TAG) is not None and (saved is None or not saved.text):
                    unsaved.append(element.get("r", "?"))
                element.clear()
            elif element.tag == _ROW_TAG:
                element.clear()
    return ranges, unsaved


def _sheet(sheet: Any, index: int, warnings: list[str]) -> RawTable:
    sheet.reset_dimensions()  # a wrong <dimension> would otherwise cut rows off
    grid: dict[int, list[Cell]] = {}
    for number, values in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), 1):
        if number > MAX_ROWS:
            warnings.append(
                ImportWarning(
                    f"trang tính '{sheet.title}': chỉ đọc {MAX_ROWS} dòng đầu",
                    f"sheet '{sheet.title}': only the first {MAX_ROWS} rows were read",
                )
            )
            break
        texts = [_text(v) for v in values]
        if any(t.strip() for t in texts):
            grid[number] = [Cell(t) for t in texts]
    merged, unsaved = _scan_xml(sheet)
    if unsaved:
        shown = ", ".join(unsaved[:10]) + (" ..." if len(unsaved) > 10 else "")
        warnings.append(
            ImportWarning(
                f"trang tính '{sheet.title}': công thức chưa có giá trị lưu ở ô {shown},"
                " đọc là ô trống; mở và lưu lại tệp bằng Excel",
                f"sheet '{sheet.title}': formulas with no saved value in {shown} read as empty"
                " cells; open the file in Excel and save it again",
            )
        )
    for min_col, min_row, max_col, max_row in merged:
        top = grid.get(min_row, [])
        value = top[min_col - 1].text if len(top) >= min_col else ""
        for row in range(min_row, max_row + 1):
            if row not in grid and row <= MAX_ROWS:
                grid[row] = []
            cells = grid.get(row)
            if cells is None:
                continue
            cells.extend(Cell() for _ in range(max_col - len(cells)))
            for col in range(min_col, max_col + 1):
                if (row, col) == (min_row, min_col):
                    continue
                if col == min_col:
                    cells[col - 1] = Cell(value, from_above=True)
                else:
                    cells[col - 1] = Cell(covered=True)
    rows = [RawRow(grid[n], n) for n in sorted(grid)]
    return RawTable(index, rows, label=sheet.title)


def read_xlsx(path: Path) -> Extracted:
    """Every visible worksheet as one raw table; hidden sheets are skipped with a warning."""
    workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        tables: list[RawTable] = []
        warnings: list[str] = []
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                warnings.append(
                    ImportWarning(
                        f"trang tính ẩn '{sheet.title}' bị bỏ qua",
                        f"hidden sheet '{sheet.title}' skipped",
                    )
                )
                continue
            tables.append(_sheet(sheet, len(tables) + 1, warnings))
        return Extracted(tables, "", warnings)
    finally:
        workbook.close()
