"""Turn raw tables into a plan: find the task table, map its columns, read its rows.

This is format-independent on purpose: a .docx, an .xlsx sheet and the page-by-page tables
of a PDF all arrive as :class:`RawTable` lists, so header repeats, page-continued rows,
section headings and merged cells are handled once. Nothing is dropped silently: a cell that
cannot be placed goes to ``provenance.unmapped`` and a row that cannot be read is kept with a
warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from nq57check.importers.base import Cell, Extracted, ImportFailure, RawRow, RawTable
from nq57check.importers.columns import (
    LABELS,
    ColumnMap,
    looks_like_header,
    map_columns,
    match_header,
)
from nq57check.importers.meta import join_lines, read_meta, time_phrase
from nq57check.text import squash

_ROMAN = re.compile(r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_HEADING = re.compile(r"^(?P<num>[IVXL]+|[A-Z](?=\s*[.)]))\s*[.):]?\s+(?P<title>\S.*)$", re.S)
_ID = re.compile(r"[0-9A-Za-zĐđ]{1,4}(?:[.\-][0-9A-Za-z]{1,4}){0,3}")
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")
_TEXT_FIELDS = ("name", "head", "lead", "output", "deadline", "note")


@dataclass
class _Task:
    id: str
    generated: bool
    section: str | None
    origin: dict[str, Any]
    parts: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, text: str) -> None:
        if text.strip():
            self.parts.setdefault(name, []).append(text)

    def text(self, name: str) -> str:
        return join_lines("\n".join(self.parts.get(name, [])))


def _where(table: RawTable, row: RawRow) -> str:
    """'bảng 2, dòng 7 (trang 3)': how warnings point at a row."""
    label = f" ('{table.label}')" if table.label else ""
    page = f" (trang {row.page})" if row.page is not None else ""
    return f"bảng {table.index}{label}, dòng {row.row}{page}"


def _own(cell: Cell) -> str:
    """Text that belongs to this cell itself (not a merge copy), stripped."""
    return "" if cell.covered or cell.from_above else cell.text.strip()


def _header_texts(cells: list[Cell]) -> list[str]:
    """Header cells with horizontal merges filled from the left ('Cơ quan' over two columns)."""
    texts: list[str] = []
    for cell in cells:
        texts.append(texts[-1] if cell.covered and texts else cell.text.strip())
    return [squash(t) for t in texts]


def _is_roman(text: str) -> bool:
    return bool(text) and _ROMAN.fullmatch(text) is not None


class _Mapper:
    """Walks the tables in order, keeping the column map across page-split tables."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.map: ColumnMap | None = None
        self.tasks: list[_Task] = []
        self.sections: list[dict[str, Any]] = []
        self.section: dict[str, Any] | None = None
        self.prev: _Task | None = None
        self.unmapped: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self.free: list[str] = []
        self.seen_headers: list[str] = []
        self.found_header = False

    # -- tables and headers -------------------------------------------------------------
    def table(self, table: RawTable) -> None:
        width = max((len(r.cells) for r in table.rows), default=0)
        for row in table.rows:
            row.cells.extend(Cell() for _ in range(width - len(row.cells)))
        first = next((r for r in table.rows if any(_own(c) for c in r.cells)), None)
        if first is not None:
            shown = " | ".join(t for t in _header_texts(first.cells) if t)
            self.seen_headers.append(f"bảng {table.index}: {shown[:160]}")
        if self.map is not None and width != self.map.width:
            self.map, self.prev = None, None  # a different table: the task table has ended
        index = 0
        while index < len(table.rows):
            row = table.rows[index]
            header = self._header_at(table.rows, index)
            if header is not None:
                column_map, used = header
                if self.map is None or column_map.signature() != self.map.signature():
                    self._announce(table, row, column_map)
                    self.section = None  # a new table; a repeated header keeps its place
                self.map = column_map
                self.found_header = True
                index += used
                continue
            if self.map is None:
                self.free.append("\n".join(dict.fromkeys(t for t in row.texts() if t.strip())))
            elif any(_own(c) for c in row.cells):
                self._row(table, row, self.map)
            index += 1

    def _header_at(self, rows: list[RawRow], index: int) -> tuple[ColumnMap, int] | None:
        """A header row (maybe with a second row under merged group headers) at ``index``."""
        parent = _header_texts(rows[index].cells)
        if not looks_like_header(parent):
            return None
        if index + 1 < len(rows):
            top, below = rows[index].cells, rows[index + 1].cells

            def grouped(c: int) -> bool:
                return top[c].covered or (c + 1 < len(top) and top[c + 1].covered)

            own = [(c, _own(cell)) for c, cell in enumerate(below) if _own(cell)]
            if own and all(
                len(t.split()) <= 6
                and not _COLUMN_NUMBER.fullmatch(t)
                and (match_header(t) is not None or grouped(c))
                for c, t in own
            ):
                child = dict(own)
                shown = [squash(f"{p} {child.get(c, '')}") for c, p in enumerate(parent)]
                matching = [
                    child[c] if c in child and match_header(child[c]) else shown[c]
                    for c in range(len(parent))
                ]
                return map_columns(matching, shown), 2
        return map_columns(parent), 1

    def _announce(self, table: RawTable, row: RawRow, column_map: ColumnMap) -> None:
        missing = [
            f for f in ("id", "lead", "output", "deadline", "head") if f not in column_map.fields
        ]
        for column in column_map.unmapped_columns():
            header = column_map.headers[column]
            if header:
                self.warnings.append(
                    f"{_where(table, row)}: cột '{header}' không nhận ra (column not recognised); "
                    "its cells are kept under provenance.unmapped"
                )
        if missing:
            self.warnings.append(
                f"{_where(table, row)}: bảng nhiệm vụ không có cột "
                f"{', '.join(LABELS[m] for m in missing)} "
                "(task table has no such column); those fields are left empty"
            )

    # -- rows ----------------------------------------------------------------------------
    def _row(self, table: RawTable, row: RawRow, cmap: ColumnMap) -> None:
        texts = [_own(c) for c in row.cells]
        filled = [t for t in texts if t]
        if len(filled) >= 3 and all(_COLUMN_NUMBER.fullmatch(t) for t in filled):
            return  # the "(1) (2) (3)" column-number row under a header
        if self._heading(table, row, cmap):
            return
        id_col = cmap.fields.get("id")
        id_cell = row.cells[id_col] if id_col is not None else None
        raw_id = _own(id_cell) if id_cell is not None else ""
        continued = id_cell is not None and (id_cell.from_above or not raw_id)
        if continued and self.prev is not None and not self.prev.generated:
            self._fill(table, row, cmap, self.prev, continuation=True)
            self.warnings.append(
                f"{_where(table, row)}: dòng không có STT, nối vào nhiệm vụ {self.prev.id} "
                "(row without a number merged into the previous task)"
            )
            return
        task_id = raw_id.strip().strip("().:;,- ").strip()
        generated = not _ID.fullmatch(task_id)
        if id_col is None:
            task_id = str(len(self.tasks) + 1)
        elif generated:
            if raw_id:
                self._unmapped(table, row, cmap, id_col or 0, "STT is not a task number")
            task_id = f"T{table.index}-{row.row}"
            self.warnings.append(
                f"{_where(table, row)}: dòng không có số thứ tự hợp lệ "
                f"('{raw_id}'), đặt mã {task_id} (row kept with a generated id)"
            )
        origin = {"file": self.source, "table": table.index, "row": row.row, "page": row.page}
        section = self.section["id"] if self.section else None
        task = _Task(task_id, generated, section, origin)
        self._fill(table, row, cmap, task, continuation=False)
        self.tasks.append(task)
        self.prev = task

    def _fill(
        self, table: RawTable, row: RawRow, cmap: ColumnMap, task: _Task, *, continuation: bool
    ) -> None:
        by_column = {column: name for name, column in cmap.fields.items()}
        for column, cell in enumerate(row.cells):
            name = by_column.get(column)
            if name == "id":
                continue
            text = _own(cell) if continuation else ("" if cell.covered else cell.text.strip())
            if not text:
                continue
            if name is None:
                self._unmapped(table, row, cmap, column, "column not recognised")
            else:
                task.add(name, text)

    def _unmapped(
        self, table: RawTable, row: RawRow, cmap: ColumnMap, column: int, reason: str
    ) -> None:
        header = cmap.headers[column] if column < cmap.width and cmap.headers[column] else ""
        self.unmapped.append(
            {
                "table": table.index,
                "row": row.row,
                "column": header or f"cột {column + 1}",
                "text": join_lines(row.cells[column].text),
                "reason": reason,
            }
        )

    def _heading(self, table: RawTable, row: RawRow, cmap: ColumnMap) -> bool:
        """Section rows: 'II Về hạ tầng số', 'I Quý I năm 2026', or a title spanning the row."""
        texts = list(dict.fromkeys(_own(c) for c in row.cells if _own(c)))
        if not texts or len(texts) > 2:
            return False
        id_col = cmap.fields.get("id")
        id_text = _own(row.cells[id_col]) if id_col is not None else ""
        joined = join_lines(" ".join(texts))
        found = _HEADING.match(joined)
        spans = sum(c.covered for c in row.cells) * 2 >= len(row.cells)
        name_cols = {cmap.fields.get("name"), id_col}
        alone = len(texts) == 1 and not id_text
        in_name = any(_own(c) == texts[0] for i, c in enumerate(row.cells) if i in name_cols)
        if found and (_is_roman(found.group("num")) or len(found.group("num")) == 1):
            number, title = found.group("num"), found.group("title").strip()
        elif alone and (spans or (in_name and time_phrase(joined))):
            number, title = f"S{len(self.sections) + 1}", joined
            self.warnings.append(
                f"{_where(table, row)}: tiêu đề mục không đánh số, đặt mã {number} "
                "(heading without a numeral)"
            )
        else:
            return False
        taken = {s["id"] for s in self.sections}
        base, suffix = number, 2
        while number in taken:
            number, suffix = f"{base}-{suffix}", suffix + 1
        section: dict[str, Any] = {"id": number, "title": title}
        deadline = time_phrase(title)
        if deadline:
            section["deadline"] = deadline
        self.sections.append(section)
        self.section, self.prev = section, None
        return True

    # -- output --------------------------------------------------------------------------
    def task_dicts(self) -> list[dict[str, Any]]:
        """Finished task mappings, with ids made unique when numbering restarts per section."""
        ids = [t.id for t in self.tasks]
        if len(set(ids)) != len(ids) and any(t.section for t in self.tasks):
            self.warnings.append(
                "số thứ tự bắt đầu lại ở mỗi mục: mã nhiệm vụ được ghép với mã mục, ví dụ 'II.1' "
                "(task numbers restart per section; ids were prefixed with the section)"
            )
            for task in self.tasks:
                if task.section and not task.generated:
                    task.id = f"{task.section}.{task.id}"
        seen: set[str] = set()
        tried: dict[str, int] = {}  # base -> next suffix: 5,000 tasks "7" stay linear
        result = []
        for task in self.tasks:
            base, suffix = task.id, tried.get(task.id, 2)
            while task.id in seen:
                task.id, suffix = f"{base}-{suffix}", suffix + 1
            tried[base] = suffix
            if task.id != base:
                self.warnings.append(
                    f"nhiệm vụ {base} trùng số; đổi thành {task.id} (duplicate id)"
                )
            seen.add(task.id)
            result.append(self._finish(task))
        return result

    def _finish(self, task: _Task) -> dict[str, Any]:
        values = {name: task.text(name) for name in _TEXT_FIELDS}
        if not values["deadline"] and values["note"]:
            when = time_phrase(values["note"])
            if when:
                values["deadline"], values["note"] = when, ""
        support = [s for s in (squash(p) for p in task.text("support").split(";")) if s]
        requirements = [r for r in re.split(r"[,;\s]+", task.text("requirements")) if r]
        out: dict[str, Any] = {"id": task.id}
        if task.section:
            out["section"] = task.section
        out.update(name=values["name"], head=values["head"], lead=values["lead"], support=support)
        out.update(output=values["output"], deadline=values["deadline"], requirements=requirements)
        if values["note"]:
            out["note"] = values["note"]
        out["origin"] = {k: v for k, v in task.origin.items() if v is not None}
        if not values["name"]:
            self.warnings.append(
                f"bảng {task.origin['table']}, dòng {task.origin['row']}: nhiệm vụ {task.id} "
                "không có tên (task has no name)"
            )
        return out


def build_plan(
    extracted: Extracted, *, source: str, stem: str, sha256: str, importer: str
) -> tuple[dict[str, Any], list[str]]:
    """The plan mapping and warnings for one document, or :class:`ImportFailure`."""
    mapper = _Mapper(source)
    for table in extracted.tables:
        mapper.table(table)
    if not mapper.found_header:
        seen = "; ".join(mapper.seen_headers[:6]) or "no tables at all"
        raise ImportFailure(
            f"{source}: no task table found. Looked for a header row with a task column "
            "('Tên nhiệm vụ', 'Nhiệm vụ', 'Nội dung nhiệm vụ') and STT / 'Cơ quan chủ trì' / "
            f"'Thời gian hoàn thành'. Seen: {seen}. Check that the appendix table is in the "
            "file (not pasted as an image) and that its header row names its columns; "
            "synonyms can be added in rules/columns.yaml."
        )
    tasks = mapper.task_dicts()
    meta = read_meta(extracted.text + "\n" + "\n".join(mapper.free))
    warnings = [*extracted.warnings, *mapper.warnings, *meta.warnings]
    unit = dict(meta.unit)
    if not unit.get("name"):
        unit = {"name": stem, **{k: v for k, v in unit.items() if k != "name"}}
        warnings.append(
            f"không tìm thấy tên xã/phường trong tiêu đề; dùng tên tệp '{stem}' "
            "(unit name not found in the title; using the file name: edit unit.name)"
        )
    if not meta.document.get("number"):
        warnings.append("không tìm thấy số kế hoạch (plan number not found in the title)")
    if not tasks:
        warnings.append("bảng nhiệm vụ không có dòng nào (the task table has no rows)")
    plan: dict[str, Any] = {
        "unit": unit,
        "document": meta.document,
        "sections": mapper.sections,
        "targets": {},
        "tasks": tasks,
        "provenance": {
            "source": source,
            "sha256": sha256,
            "importer": importer,
            "unmapped": mapper.unmapped,
        },
    }
    return plan, warnings
