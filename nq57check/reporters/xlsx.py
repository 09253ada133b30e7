"""Excel workbook: the gap list for people who sort, filter and annotate in a spreadsheet.

A summary sheet (the ranking by risk with every count a number, filters on, a native chart of
communes per risk class; run facts last) and one sheet per commune, in rank order, with one
row per finding (its risk class and task's short name included, filters on) and the
documents to request. The file is made byte-identical from run to run: document dates are
the --as-of date and the zip entries carry a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from nq57check.findings import RunResult
from nq57check.reporters.gaplist import CommuneView, GapList, Item, build
from nq57check.reporters.risk import policy

MAX_SHEET = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_EPOCH = (1980, 1, 1, 0, 0, 0)


def sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique (case-insensitively, as Excel compares) sheet name of <= 31 chars."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip().strip("'") or "_"
    if base.casefold() == "history":  # reserved by Excel
        base = "_history"
    title, n = base[:MAX_SHEET].rstrip(" '"), 1
    while title.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[: MAX_SHEET - len(suffix)].rstrip(" '") + suffix
    taken.add(title.casefold())
    return title


def _as_of_datetime(as_of: str) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(as_of[:10]), dt.time())
    except ValueError:
        return dt.datetime(*_EPOCH)


def _clean(value: object) -> object:
    """Strip characters an xlsx file cannot hold (control characters); keep all letters."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _put_row(ws: Worksheet, values: Sequence[object], *, bold: bool = False) -> None:
    """Append a row; user text starting with '=' stays text, never becomes a formula.

    The cells are styled before they are appended: reading the new row back
    (``ws[ws.max_row]``) scans every cell of the sheet for ``max_row`` and ``max_column``,
    which made a sheet of n findings cost O(n^2).
    """
    cells = []
    for value in values:
        cell = Cell(ws, value=_clean(value))
        if cell.data_type == "f":
            cell.data_type = "s"
        cell.alignment = _WRAP
        if bold:
            cell.font = _BOLD
        cells.append(cell)
    ws.append(cells)


def _widths(ws: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _summary(ws: Worksheet, gap: GapList) -> None:
    """The ranking (numbers, filters on), communes per risk class with a chart, then facts."""
    w = gap.words
    areas = [title for _, title in gap.areas]
    header = [
        w["rank"], w["commune"], w["province"], w["plan_file"], w["risk"], w["risk_name"],
        w["count"], w["error"], w["warning"], w["info"], w["waived"], w["problem_count"],
        *areas, w["skipped"],
    ]  # fmt: skip
    _put_row(ws, header, bold=True)
    ws.freeze_panes = "C2"
    for rank, row in enumerate(gap.ranking, 1):
        totals = [row.totals["error"], row.totals["warning"], row.totals["info"]]
        per_area = [c.get("error", 0) + c.get("warning", 0) for c in row.cells]
        commune = next(v for v in gap.communes if v.rank == rank)
        _put_row(
            ws,
            [
                rank, row.label, commune.province, row.path, row.risk, row.risk_title,
                row.count, *totals, row.waived, row.problems, *per_area, row.skipped or "",
            ],
        )  # fmt: skip
    last = ws.max_row
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    _put_row(ws, [])
    _put_row(ws, [w["risk_counts"]], bold=True)
    first = ws.max_row + 1
    for title, count in gap.risk_counts:
        _put_row(ws, [title, count])
    chart = BarChart()
    chart.type = "bar"
    chart.title = w["risk_counts"]
    chart.legend = None
    data = Reference(ws, min_col=2, min_row=first, max_row=ws.max_row)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=ws.max_row))
    ws.add_chart(chart, f"{get_column_letter(len(header) + 2)}2")
    _put_row(ws, [])
    _put_row(ws, [w["tool"], f"{gap.tool} {gap.version}".strip()])
    _put_row(ws, [w["packs"], ", ".join(f"{n} {v}" for n, v in gap.packs)])
    _put_row(ws, [w["as_of"], gap.as_of])
    _put_row(ws, [w["inputs"]], bold=True)
    for file, digest in gap.inputs:
        _put_row(ws, [file, digest])
    _widths(ws, [7, 36, 14, 30, 8, 30, *([10] * (len(header) - 6))])


COLUMNS = (
    ("severity", 11),
    ("area", 20),
    ("requirement", 20),
    ("rule", 16),
    ("task", 10),
    ("deadline", 14),
    ("what", 50),
    ("source", 30),
    ("evidence", 30),
    ("file", 36),
    ("line", 7),
    ("waived_reason", 30),
    ("risk", 8),
    ("short_name", 30),
)


def _item_row(item: Item, gap: GapList, names: dict[str, str]) -> list[object]:
    area = dict(gap.areas).get(item.area) or gap.words.get(f"area_{item.area}", item.area)
    risk = policy().by_requirement.get(item.requirement, policy().lowest)
    return [
        item.severity_label,
        area,
        item.requirement,
        item.rule,
        item.task,
        item.deadline,
        f"{item.title}\n{item.message}" if item.title else item.message,
        item.source,
        item.evidence,
        item.location if item.place else item.file,  # a document: its table and row
        item.line if item.line >= 1 else None,
        item.waived or "",
        risk,
        names.get(item.task, ""),
    ]


def _commune(ws: Worksheet, view: CommuneView, gap: GapList) -> None:
    w = gap.words
    _put_row(ws, [w[key] for key, _ in COLUMNS], bold=True)
    ws.freeze_panes = "A2"
    _widths(ws, [width for _, width in COLUMNS])
    names = {t.id: t.short for t in view.visit.tasks} if view.visit else {}
    items = [item for group in view.groups for item in group.items]
    order = {sev: n for n, sev in enumerate(gap.severities)}
    risks = policy()
    items.sort(  # worst risk first, then severity; stable, so report order within
        key=lambda i: (risks.by_requirement.get(i.requirement, risks.lowest), order[i.severity])
    )
    for item in items:
        _put_row(ws, _item_row(item, gap, names))
    for item in view.waived:
        _put_row(ws, _item_row(item, gap, names))
    last_finding_row = ws.max_row
    if last_finding_row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last_finding_row}"
    facts: list[tuple[list[object], bool]] = []  # (row, bold)
    if view.visit and view.visit.documents:  # the checklist to take on the visit
        facts.append(([w["documents"]], True))
        facts += [
            (["☐", d.text, d.requirements, d.tasks], False) for d in view.visit.documents
        ]
    if view.skipped is not None:
        facts.append(([w["skipped"], view.skipped], False))
    facts += _not_evaluated_rows(view, gap)
    if view.problems:
        facts.append(([w["problems"]], True))
        facts.append(([w["location"], w["field"], w["message"]], True))
        facts += [([p.location, p.field, p.message], False) for p in view.problems]
    if view.notes:  # what the importer guessed reading the document
        facts.append(([w["notes"]], True))
        facts.append(([w["location"], w["message"]], True))
        facts += [([n.location, n.message], False) for n in view.notes]
    facts.append(([w["commune"], view.path], False))
    if view.province:
        facts.append(([w["province"], view.province], False))
    if view.plan_file:
        facts.append(([w["plan_file"], view.plan_file], False))
    facts += [(["SHA-256", digest, file], False) for file, digest in view.inputs]
    _put_row(ws, [])
    for fact, bold in facts:
        _put_row(ws, fact, bold=bold)


def _not_evaluated_rows(view: CommuneView, gap: GapList) -> list[tuple[list[object], bool]]:
    """The rules not evaluated for this commune, one row each with the reason."""
    if not view.not_evaluated:
        return []
    words, w = gap.not_evaluated_words, gap.words
    rows: list[tuple[list[object], bool]] = [([words["title"]], True)]
    rows.append(([words["reason"], w["rule"], w["requirement"], words["rule_title"]], True))
    for group in view.not_evaluated:
        rows += [([group.reason, *rule], False) for rule in group.rules]
    return rows


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """Re-pack the archive with one fixed timestamp so equal input gives equal bytes."""
    stamp = max(when.timetuple()[:6], _EPOCH)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render(run: RunResult, *, lang: str = "vi") -> bytes:
    """The workbook as .xlsx bytes."""
    gap = build(run, lang)
    wb = Workbook()
    taken: set[str] = set()
    summary = wb.active
    assert summary is not None
    summary.title = sheet_title(gap.words["summary"], taken)
    _summary(summary, gap)
    for view in gap.communes:
        name = view.name if view.name != view.path else view.path.rstrip("/").rsplit("/", 1)[-1]
        _commune(wb.create_sheet(sheet_title(name, taken)), view, gap)
    when = _as_of_datetime(run.as_of)
    wb.properties.creator = gap.tool
    wb.properties.lastModifiedBy = gap.tool
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.title = gap.words["title"]
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _fixed_zip(raw.getvalue(), when)
