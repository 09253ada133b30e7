"""Word gap list: the visit gap list as a .docx inspectors edit, print and sign.

The same document as the HTML one (``gaplist``/``visit``), in Word's own headings and
tables: page 1 holds the commune, its plan, the counts and what matters most; the findings
by requirement, the tasks, the documents to request (a checklist) and a place to sign
follow; what was read comes last. A4, header rows repeat on every page. Byte-identical from
run to run: document dates are the --as-of date and the zip entries carry a fixed timestamp.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from nq57check.findings import RunResult
from nq57check.reporters.common import cell_text
from nq57check.reporters.gaplist import CommuneView, GapList, build
from nq57check.reporters.visit import Row, Section
from nq57check.reporters.xlsx import _as_of_datetime, _clean, _fixed_zip

SIGN_WORDS = {
    "vi": ("Người kiểm tra (ký, ghi rõ họ tên)", "Đại diện UBND xã/phường (ký, ghi rõ họ tên)"),
    "en": ("Inspector (signature, full name)", "For the commune (signature, full name)"),
}


def _text(value: object) -> str:
    cleaned = _clean(str(value))
    return cleaned if isinstance(cleaned, str) else str(cleaned)


def _table(doc: DocumentObject, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    """A grid table whose header row repeats on every printed page."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    head = table.rows[0]
    props = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    props.append(repeat)
    for cell, text in zip(head.cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_text(text)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = _text(text)
    return table


def _page_break(doc: DocumentObject) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _row_text(row: Row) -> str:
    head = row.tasks + (f" ({row.short})" if row.short else "") if row.tasks else ""
    text = row.detail or row.title
    return f"{head}: {text}" if head else text


def _first(doc: DocumentObject, section: Section, w: dict[str, str]) -> None:
    doc.add_heading(_text(section.title), level=3)
    rows = [
        [f"{r.severity_label} {r.requirement}", _row_text(r), r.deadline, r.location]
        for r in section.rows
    ]
    _table(doc, [w["severity"], w["what"], w["deadline"], w["location"]], rows)


def _group(doc: DocumentObject, section: Section, w: dict[str, str]) -> None:
    doc.add_heading(_text(section.title), level=3)
    rows = []
    for r in section.rows:
        text = f"{r.tasks}: {r.title}" if r.tasks else r.title
        if r.detail and r.detail != r.title:
            text += f"\n{r.detail}"
        rows.append([r.severity_label, text, str(r.count), r.location, r.evidence])
    header = [w["severity"], w["what"], w["count"], w["location"], w["evidence"]]
    _table(doc, header, rows)


def _rollup(doc: DocumentObject, gap: GapList) -> None:
    w = gap.words
    doc.add_heading(_text(w["title"]), level=1)
    doc.add_paragraph(_text(f"{w['as_of']}: {gap.as_of}"))
    if gap.attention:
        doc.add_heading(_text(w["attention"]), level=2)
        for a in gap.attention:
            doc.add_paragraph(_text(f"{a.label} ({a.path}): {a.reason}"), style="List Bullet")
    doc.add_heading(_text(w["risk_counts"]), level=2)
    _table(doc, [w["risk"], w["commune"]], [[t, str(n)] for t, n in gap.risk_counts])
    doc.add_heading(_text(w["ranking_risk"]), level=2)
    header = [w["rank"], w["commune"], w["risk"], w["count"], *(t for _, t in gap.areas)]
    rows = [
        [
            str(rank),
            r.label,
            f"{r.risk}. {r.risk_title}" if r.risk else r.risk_title,
            str(r.count),
            *(cell_text(c) for c in r.cells),
        ]
        for rank, r in enumerate(gap.ranking, 1)
    ]
    _table(doc, header, rows)
    doc.add_paragraph(_text(w["matrix_legend"]))


def _commune(doc: DocumentObject, view: CommuneView, gap: GapList) -> None:
    w, v = gap.words, view.visit
    assert v is not None
    prefix = f"{view.rank}. " if gap.rollup else ""
    doc.add_heading(_text(f"{prefix}{w['visit_title']}: {v.label}"), level=1)
    totals = view.tally.totals
    counts = (
        f"{w['error']} {totals['error']} · {w['warning']} {totals['warning']} · "
        f"{w['info']} {totals['info']} · {w['waived']} {view.tally.waived}"
    )
    facts = [
        [w["plan_number"], v.plan_number or w["not_stated"]],
        [w["plan_issued"], v.plan_issued or w["not_stated"]],
        [w["as_of"], gap.as_of],
        [w["counts"], counts],
        [w["risk"], f"{v.risk}. {v.risk_title}" if v.risk else v.risk_title],
        [w["plan_file"], view.plan_file or view.path],
    ]
    _table(doc, [w["commune"], v.label], facts)
    if view.skipped is not None:
        doc.add_paragraph(_text(f"{w['skipped']}: {view.skipped}"))
    if view.problems:
        doc.add_heading(_text(w["problems"]), level=3)
        rows = [[p.location, p.field, p.message] for p in view.problems]
        _table(doc, [w["location"], w["field"], w["message"]], rows)
    for section in v.first:
        _first(doc, section, w)
    if not v.first and not view.problems and view.skipped is None:
        doc.add_paragraph(_text(w["no_plan_level"]))
    _page_break(doc)
    if v.groups:
        doc.add_heading(_text(w["by_requirement"]), level=2)
        for section in v.groups:
            _group(doc, section, w)
    if v.tasks:
        doc.add_heading(_text(w["task_index"]), level=2)
        rows = [[f"{w['task_prefix']} {t.id}", t.short, t.location] for t in v.tasks]
        _table(doc, [w["task"], w["short_name"], w["location"]], rows)
    if v.documents:
        doc.add_heading(_text(w["documents"]), level=2)
        for d in v.documents:
            scope = d.requirements + (f"; {d.tasks}" if d.tasks else "")
            doc.add_paragraph(_text(f"☐ {d.text} ({w['for']} {scope})"))
    _signatures(doc, gap.lang)
    _rest(doc, view, gap)


def _signatures(doc: DocumentObject, lang: str) -> None:
    inspector, commune = SIGN_WORDS.get(lang, SIGN_WORDS["vi"])
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = inspector
    table.rows[0].cells[1].text = commune
    table.rows[1].height = Mm(25)


def _rest(doc: DocumentObject, view: CommuneView, gap: GapList) -> None:
    """Waived findings, the importer's notes, rules not evaluated, then what was read."""
    w, nw = gap.words, gap.not_evaluated_words
    if view.waived:
        doc.add_heading(_text(w["waived"]), level=2)
        rows = [
            [i.severity_label, i.task, i.message, i.location, i.waived or ""] for i in view.waived
        ]
        _table(doc, [w["severity"], w["task"], w["what"], w["location"], w["waived_reason"]], rows)
    if view.notes:
        doc.add_heading(_text(w["notes"]), level=2)
        _table(doc, [w["location"], w["message"]], [[n.location, n.message] for n in view.notes])
    if view.not_evaluated:
        doc.add_heading(_text(nw["title"]), level=2)
        rows = [
            [nw["line"].format(count=len(g.rules), reason=g.reason), rule, requirement, title]
            for g in view.not_evaluated
            for rule, requirement, title in g.rules
        ]
        _table(doc, [nw["reason"], w["rule"], w["requirement"], nw["rule_title"]], rows)
    doc.add_heading(_text(w["run_facts"]), level=2)
    packs = ", ".join(f"{n} {v}" for n, v in gap.packs)
    facts = [
        [w["commune"], view.path],
        [w["tool"], f"{gap.tool} {gap.version}".strip()],
        [w["packs"], packs],
        [w["as_of"], gap.as_of],
        *([file, digest] for file, digest in view.inputs),
    ]
    _table(doc, [w["file"], "SHA-256"], facts)


def _setup(doc: DocumentObject) -> None:
    """A4, 15 mm margins, Times New Roman as Vietnamese administrative documents use."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10)


def render(run: RunResult, *, lang: str = "vi") -> bytes:
    """The gap list as .docx bytes."""
    gap = build(run, lang)
    doc = Document()
    _setup(doc)
    if gap.rollup:
        _rollup(doc, gap)
    for number, view in enumerate(gap.communes):
        if number or gap.rollup:
            _page_break(doc)
        _commune(doc, view, gap)
    when = _as_of_datetime(run.as_of)
    props = doc.core_properties
    props.author = props.last_modified_by = gap.tool
    props.created = props.modified = when
    props.title = gap.words["title"]
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue(), when)
