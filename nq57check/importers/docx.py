"""Read a .docx into raw tables and free text with python-docx.

Works on the XML grid rather than ``row.cells`` because python-docx repeats a merged cell's
object once per grid column it spans, which would read a section heading seven times.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from nq57check.importers.base import Cell, Extracted, ImportFailure, RawRow, RawTable
from nq57check.importers.body.docx_lines import DocxLines
from nq57check.importers.guards import Budget, refuse_columns, refuse_rows
from nq57check.importers.limits import MAX_COLUMNS, MAX_PARAGRAPHS, MAX_ROWS

_PAGE_MARKS = (qn("w:lastRenderedPageBreak"), qn("w:br"))


class _Pages:
    """Page numbers from the breaks Word rendered, or from explicit page breaks if none."""

    def __init__(self, body: Any) -> None:
        self.rendered = any(True for _ in body.iter(qn("w:lastRenderedPageBreak")))
        self.page = 1

    def advance(self, element: Any) -> None:
        for node in element.iter(*_PAGE_MARKS):
            if node.tag == qn("w:lastRenderedPageBreak"):
                self.page += int(self.rendered)
            elif not self.rendered and node.get(qn("w:type")) == "page":
                self.page += 1


_TEXT_TAGS = {
    qn("w:t"): None,
    qn("w:tab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}


def _paragraph_text(p: Any) -> str:
    """Text of a paragraph including tracked insertions and fields (``Paragraph.text`` skips
    runs inside ``w:ins``); deleted text is ``w:delText`` and so stays out."""
    parts = []
    for node in p.iter(*_TEXT_TAGS):
        fixed = _TEXT_TAGS[node.tag]
        parts.append(node.text or "" if fixed is None else fixed)
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    """Paragraphs of a cell, nested tables included, joined by newlines."""
    return "\n".join(_paragraph_text(p) for p in tc.iter(qn("w:p")))


_FRAME_DEPTH = 3  # frames inside frames read through; deeper nesting is left as it is


def _frame_cell(tbl: Any) -> Any | None:
    """The one cell of a layout frame (a 1×1 table holding a table), else ``None``."""
    rows = tbl.tr_lst
    if len(rows) != 1 or len(rows[0].tc_lst) != 1:
        return None
    cell = rows[0].tc_lst[0]
    return cell if cell.find(qn("w:tbl")) is not None else None


def _blocks(parent: Any, depth: int = 0) -> Any:
    """The body's paragraphs and tables in order, a table framed in a one-cell layout table
    (a border drawn around the appendix) read as if it stood in the body itself."""
    for element in parent.iterchildren():
        cell = _frame_cell(element) if element.tag == qn("w:tbl") else None
        if cell is not None and depth < _FRAME_DEPTH:
            yield from _blocks(cell, depth + 1)
        else:
            yield element


def _table(tbl: Any, index: int, pages: _Pages, name: str) -> RawTable:
    """One table; ``gridBefore``/``gridSpan`` are bounded before cells are made for them."""
    rows: list[RawRow] = []
    above: dict[int, str] = {}  # grid column -> text of the vertical merge that started there
    for number, tr in enumerate(tbl.tr_lst, start=1):
        page = pages.page
        before = tr.grid_before
        if before > MAX_COLUMNS:
            raise refuse_columns(name, f"table {index}, row {number}", f"gridBefore {before}")
        cells: list[Cell] = [Cell() for _ in range(before)]
        for tc in tr.tc_lst:
            column = len(cells)
            span = max(int(tc.grid_span or 1), 1)
            if column + span > MAX_COLUMNS:
                what = f"gridSpan {span} at column {column + 1}"
                raise refuse_columns(name, f"table {index}, row {number}", what)
            merge = tc.vMerge
            if merge == "continue":
                cells.append(Cell(above.get(column, ""), from_above=True))
            else:
                text = _cell_text(tc)
                cells.append(Cell(text))
                if merge == "restart":
                    above[column] = text
                else:
                    above.pop(column, None)
            cells.extend(Cell(covered=True) for _ in range(span - 1))
        pages.advance(tr)
        rows.append(RawRow(cells, number, page))
    return RawTable(index, rows)


def _body_lines(document: Any, body: Any, name: str) -> DocxLines:
    """Every paragraph in document order, table cells with their table's index (the header
    block is a layout table); counted and bounded before a single line is built."""
    count = sum(1 for _ in body.iter(qn("w:p")))
    if count > MAX_PARAGRAPHS:
        raise ImportFailure(
            f"{name}: {count:,} paragraphs, more than the {MAX_PARAGRAPHS:,} a plan body may "
            "have (limit MAX_PARAGRAPHS)."
        )
    lines = DocxLines(document, _paragraph_text)
    budget = Budget(name)
    pages = _Pages(body)
    tables = 0
    for element in _blocks(body):
        page = pages.page if pages.rendered else None
        if element.tag == qn("w:tbl"):
            tables += 1
            rows = [
                [list(tc.iter(qn("w:p"))) for tc in tr.iter(qn("w:tc"))]
                for tr in element.iter(qn("w:tr"))
            ]
            if max((len(cells) for cells in rows), default=0) >= 3:
                for cells in rows:
                    budget.spend(lines.add_row(cells, page, tables), f"table {tables}")
            else:
                for p in element.iter(qn("w:p")):
                    budget.spend(lines.add(p, page, tables), f"table {tables}")
        elif element.tag in (qn("w:p"), qn("w:sdt")):
            for p in element.iter(qn("w:p")):
                budget.spend(lines.add(p, page), f"paragraph {len(lines.lines)}")
        pages.advance(element)
    return lines


def read_docx(path: Path) -> Extracted:
    """Top-level tables in order; paragraphs and page headers as free text; the body's
    paragraphs as :class:`BodyLine` for the body extractors."""
    document = docx.Document(str(path))
    body = document.element.body
    pages = _Pages(body)
    tables: list[RawTable] = []
    lines: list[str] = []
    rows = 0
    for section in document.sections:
        for part in (section.header, section.first_page_header):
            if part is not None and not part.is_linked_to_previous:
                lines.extend(_paragraph_text(p._p) for p in part.paragraphs)
    for element in _blocks(body):
        if element.tag == qn("w:tbl"):
            rows += len(element.tr_lst)  # counted before a single cell is made
            if rows > MAX_ROWS:
                raise refuse_rows(path.name, f"table {len(tables) + 1}")
            tables.append(_table(element, len(tables) + 1, pages, path.name))
        elif element.tag == qn("w:p"):
            lines.append(_paragraph_text(element))
            pages.advance(element)
        elif element.tag == qn("w:sdt"):
            lines.extend(_paragraph_text(p) for p in element.iter(qn("w:p")))
    body_lines = _body_lines(document, body, path.name).lines
    return Extracted(tables, "\n".join(lines), [], body=body_lines)
