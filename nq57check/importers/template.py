"""Write a blank appendix (.xlsx or .docx) with the standard columns, some rows pre-filled.

Communes that start from this template produce tables the importer reads without guessing;
the "Mã yêu cầu" column lets them tag each task with catalog requirement IDs explicitly.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from nq57check.core.outputfile import WRITER, atomic_write

COLUMNS = (
    "STT",
    "Tên nhiệm vụ",
    "Người đứng đầu chịu trách nhiệm",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Kết quả/sản phẩm",
    "Thời gian hoàn thành",
    "Mã yêu cầu",
)
_WIDTHS = (6, 48, 24, 22, 22, 28, 16, 20)


@dataclass
class TemplateRow:
    """A task the template suggests: its name, requirement IDs and latest deadline."""

    name: str
    requirements: list[str]
    deadline: str


def _values(number: int, row: TemplateRow) -> list[str]:
    return [str(number), row.name, "", "", "", "", row.deadline, ", ".join(row.requirements)]


def _write_xlsx(path: Path, rows: list[TemplateRow], title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Phụ lục"
    last = get_column_letter(len(COLUMNS))
    lines = [line for line in title.splitlines() if line.strip()] or [""]
    for number, line in enumerate(lines, start=1):
        sheet.cell(row=number, column=1, value=line).font = Font(bold=number == 1)
        sheet.cell(row=number, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.merge_cells(f"A{number}:{last}{number}")
    header_row = len(lines) + 2
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    table = [list(COLUMNS)] + [_values(n, r) for n, r in enumerate(rows, start=1)]
    for offset, values in enumerate(table):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=header_row + offset, column=column, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
            if offset == 0:
                cell.font = Font(bold=True)
    for column, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    workbook.properties.creator = WRITER  # so that a later template may replace it
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write(path, buffer.getvalue())


def _write_docx(path: Path, rows: list[TemplateRow], title: str) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for number, line in enumerate(title.splitlines() or [""]):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = number == 0
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # Word repeats this row on every page
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header.cells, COLUMNS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for number, row in enumerate(rows, start=1):
        for cell, text in zip(table.add_row().cells, _values(number, row), strict=True):
            cell.text = text
    document.core_properties.author = WRITER
    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write(path, buffer.getvalue())


def write_template(path: Path, rows: list[TemplateRow], *, title: str) -> None:
    """Write the template as .xlsx or .docx, chosen by the suffix of ``path``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _write_xlsx(path, rows, title)
    elif suffix == ".docx":
        _write_docx(path, rows, title)
    else:
        raise ValueError(f"template must be .xlsx or .docx, not '{suffix or path.name}'")
