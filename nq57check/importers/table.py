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

from nq57check.core.text import squash
from nq57check.grammar.deadlines import section_deadline
from nq57check.importers.base import (
    Cell,
    Extracted,
    ImportWarning,
    RawRow,
    RawTable,
)
from nq57check.importers.body.assemble import merge_into_plan, nothing_to_import
from nq57check.importers.body.lines import BodyPart
from nq57check.importers.columns import (
    LABELS,
    ColumnMap,
    is_targets_table,
    looks_like_header,
    map_columns,
    match_header,
)
from nq57check.importers.meta import join_lines, read_meta, time_phrase
from nq57check.importers.unit_name import fallback_unit_name, said_by_body

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


def _at(vi: str, en: str, table: RawTable, row: RawRow) -> ImportWarning:
    """A warning on one row: 'bảng 2, dòng 7 (trang 3): ...' (the sheet named, for Excel)."""
    return ImportWarning(vi, en, table=table.index, row=row.row, page=row.page, label=table.label)


def _on_task(vi: str, en: str, origin: dict[str, Any]) -> ImportWarning:
    """A warning on a task, at the row it was read from."""
    table, row, page = origin.get("table"), origin.get("row"), origin.get("page")
    return ImportWarning(vi, en, table=table, row=row, page=page)


def _unmapped_at(table: RawTable, row: RawRow) -> dict[str, Any]:
    """The start of a ``provenance.unmapped`` entry: table, row and (when known) page."""
    entry: dict[str, Any] = {"table": table.index, "row": row.row}
    if row.page is not None:
        entry["page"] = row.page
    return entry


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


def _targets_table(table: RawTable, first: RawRow) -> bool:
    """A header like a task table's over rows of percentages: a targets table ("Nội dung chỉ
    tiêu | Chỉ tiêu năm 2026 | Cơ quan chủ trì"), left to the body's targets reader."""
    headers = _header_texts(first.cells)
    if not looks_like_header(headers):
        return False
    start = next(i for i, row in enumerate(table.rows) if row is first)
    rows = [[_own(c) for c in row.cells] for row in table.rows[start + 1 :]]
    return is_targets_table(headers, rows)


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
        self.warnings: list[str] = []  # ImportWarning items
        self.free: list[str] = []
        self.seen_headers: list[str] = []
        self.found_header = False
        self.task_tables: set[int] = set()  # tables a header was found in (not body text)

    # -- tables and headers -------------------------------------------------------------
    def table(self, table: RawTable) -> None:
        width = max((len(r.cells) for r in table.rows), default=0)
        for row in table.rows:
            row.cells.extend(Cell() for _ in range(width - len(row.cells)))
        first = next((r for r in table.rows if any(_own(c) for c in r.cells)), None)
        if first is not None:
            shown = " | ".join(t for t in _header_texts(first.cells) if t)
            self.seen_headers.append(f"bảng {table.index}: {shown[:160]}")
            if _targets_table(table, first):
                self.map, self.prev = None, None  # its rows are the body's targets
                return
        if self.map is not None and width != self.map.width:
            if table.continues and first is not None:
                start = next(i for i, row in enumerate(table.rows) if row is first)
                if self._header_at(table.rows, start) is None:
                    self._unplaced(table, self.map.width)
                    self.prev = None  # a fragment on the next page must not join a task before
                    return
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
                self.task_tables.add(table.index)
                index += used
                continue
            if self.map is None:
                self.free.append("\n".join(dict.fromkeys(t for t in row.texts() if t.strip())))
            elif any(_own(c) for c in row.cells):
                self.task_tables.add(table.index)
                self._row(table, row, self.map)
            index += 1

    def _unplaced(self, table: RawTable, expected: int) -> None:
        """Rows of a page that continues the task table but whose columns cannot be matched.

        Reading them as tasks would put cells in the wrong fields; listing them keeps the
        count honest (the reviewer sees which page holds rows that were not imported).
        """
        width = len(table.rows[0].cells) if table.rows else 0
        for row in table.rows:
            texts = list(dict.fromkeys(t.strip() for t in row.texts() if t.strip()))
            if not texts:
                continue
            entry = _unmapped_at(table, row)
            reason = (
                f"the task table continues on this page with {width} columns instead of "
                f"{expected}; the row was not read as a task"
            )
            entry.update(column="", text=join_lines(" | ".join(texts)), reason=reason)
            self.unmapped.append(entry)
            self.warnings.append(
                _at(
                    f"bảng tiếp nối từ trang trước nhưng có {width} cột thay vì {expected}; "
                    "dòng không được đọc thành nhiệm vụ (giữ trong provenance.unmapped)",
                    f"the task table continues with {width} columns instead of {expected}; "
                    "the row was not read as a task (kept under provenance.unmapped)",
                    table,
                    row,
                )
            )

    def _header_at(self, rows: list[RawRow], index: int) -> tuple[ColumnMap, int] | None:
        """A header row (maybe with a second row under merged group headers) at ``index``."""
        parent = _header_texts(rows[index].cells)
        if not looks_like_header(parent):
            return None
        if index + 1 < len(rows):
            top, below = rows[index].cells, rows[index + 1].cells

            def grouped(c: int) -> bool:
                return top[c].covered or (c + 1 < len(top) and top[c + 1].covered)

            # a sub-header never merges columns the header separates; a section heading
            # spanning the table right under a (repeated) header does
            spanning = any(below[c].covered and not top[c].covered for c in range(1, len(below)))
            own = [(c, _own(cell)) for c, cell in enumerate(below) if _own(cell)]
            if spanning:
                own = []
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
                    _at(
                        f"cột '{header}' không nhận ra; các ô của cột không được kiểm tra "
                        "(giữ trong provenance.unmapped)",
                        f"column '{header}' not recognised; its cells are not checked "
                        "(kept under provenance.unmapped)",
                        table,
                        row,
                    )
                )
        if missing:
            names = ", ".join(LABELS[m] for m in missing)
            self.warnings.append(
                _at(
                    f"bảng nhiệm vụ không có cột {names}; các trường đó để trống",
                    f"the task table has no column {names}; those fields are left empty",
                    table,
                    row,
                )
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
                _at(
                    f"dòng không có STT, nối vào nhiệm vụ {self.prev.id}",
                    f"row without a number, merged into task {self.prev.id}",
                    table,
                    row,
                )
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
                _at(
                    f"dòng không có số thứ tự hợp lệ ('{raw_id}'), đặt mã {task_id}",
                    f"row without a valid number ('{raw_id}'), kept as task {task_id}",
                    table,
                    row,
                )
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
        entry = _unmapped_at(table, row)
        entry.update(
            column=header or f"cột {column + 1}",
            text=join_lines(row.cells[column].text),
            reason=reason,
        )
        self.unmapped.append(entry)

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
        elif alone and (spans or (in_name and section_deadline(joined))):
            number, title = f"S{len(self.sections) + 1}", joined
            self.warnings.append(
                _at(
                    f"tiêu đề mục không đánh số, đặt mã {number}",
                    f"section heading without a numeral, given the id {number}",
                    table,
                    row,
                )
            )
        else:
            return False
        taken = {s["id"] for s in self.sections}
        base, suffix = number, 2
        while number in taken:
            number, suffix = f"{base}-{suffix}", suffix + 1
        section: dict[str, Any] = {"id": number, "title": title}
        deadline = section_deadline(title)  # the same reading a typed plan's title gets
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
                ImportWarning(
                    "số thứ tự bắt đầu lại ở mỗi mục: mã nhiệm vụ được ghép với mã mục, "
                    "ví dụ 'II.1'",
                    "task numbers restart in each section: ids were prefixed with the "
                    "section's, e.g. 'II.1'",
                    table=self.tasks[0].origin["table"],
                )
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
                    _on_task(
                        f"nhiệm vụ {base} trùng số; đổi thành {task.id}",
                        f"task number {base} is used twice; renamed {task.id}",
                        task.origin,
                    )
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
                _on_task(
                    f"nhiệm vụ {task.id} không có tên", f"task {task.id} has no name", task.origin
                )
            )
        return out

    def unmapped_notes(self) -> list[ImportWarning]:
        """One summary per table of the cells kept aside: a check on the fly never shows
        provenance.unmapped, so the count must be said."""
        counts: dict[int, int] = {}
        for cell in self.unmapped:
            counts[cell["table"]] = counts.get(cell["table"], 0) + 1
        return [
            ImportWarning(
                f"số ô không gán được vào trường nào của nhiệm vụ: {n}; các ô này không được "
                "kiểm tra (giữ trong provenance.unmapped)",
                f"cells not assigned to any task field: {n}; they are not checked "
                "(kept under provenance.unmapped)",
                table=table,
            )
            for table, n in sorted(counts.items())
        ]


def read_tables(extracted: Extracted, source: str) -> _Mapper:
    """The tables mapped: which hold tasks (``task_tables``), their rows, the rest as text."""
    mapper = _Mapper(source)
    for table in extracted.tables:
        mapper.table(table)
    return mapper


def build_plan(
    extracted: Extracted,
    *,
    source: str,
    stem: str,
    sha256: str,
    importer: str,
    mapper: _Mapper | None = None,
    body: BodyPart | None = None,
    folder: str = "",
) -> tuple[dict[str, Any], list[str]]:
    """The plan mapping and warnings for one document, or :class:`ImportFailure`: the task
    table's rows and, when ``body`` is given, what the body extractors read. With no unit
    name in the document it is the file's ``stem``, or its ``folder`` (the commune's) when
    the file has a generic name ("KeHoach.docx")."""
    mapper = mapper or read_tables(extracted, source)
    body_tasks = bool(body and body.fields.get("tasks"))
    if not mapper.found_header and not body_tasks:
        pdf_without_tables = not extracted.tables and source.lower().endswith(".pdf")
        raise nothing_to_import(source, mapper.seen_headers, pdf_without_tables)
    tasks = mapper.task_dicts()
    meta = read_meta(extracted.text + "\n" + "\n".join(mapper.free))
    warnings = [*extracted.warnings, *mapper.warnings, *mapper.unmapped_notes(), *meta.warnings]
    unit = dict(meta.unit)
    if not tasks and mapper.found_header:
        warnings.append(
            ImportWarning("bảng nhiệm vụ không có dòng nào", "the task table has no rows")
        )
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
    if body is not None:
        from_body = merge_into_plan(plan, body, source=source)
        warnings = [*said_by_body(warnings, from_body, plan), *from_body]
    if not plan["unit"].get("name"):
        name, said = fallback_unit_name(stem, folder)
        plan["unit"] = {"name": name, **{k: v for k, v in plan["unit"].items() if k != "name"}}
        warnings = [w for w in warnings if getattr(w, "absent", "") != "unit.name"]
        warnings.insert(len(extracted.warnings), said)
    plan["provenance"]["read"] = read_from(mapper.found_header, body)
    return plan, warnings


def read_from(table: bool, body: BodyPart | None) -> list[str]:
    """What the plan was read from. The body counts when it held the plan's own content
    (tasks, or its reporting clause): an appendix file whose paragraphs are only a title line
    is not the plan's body, so rules that need the body are then "not evaluated"."""
    read = ["table"] if table else []
    if body is not None and (
        body.fields.get("tasks") or body.fields.get("document", {}).get("reporting")
    ):
        read.insert(0, "body")
    return read
