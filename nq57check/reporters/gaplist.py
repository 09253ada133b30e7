"""The pre-inspection gap list as plain data, shared by the Markdown, HTML, DOCX and xlsx reporters.

Building it once keeps the readable formats saying the same thing in the same order. A
province's roll-up opens with the communes that could not be judged (unusable input, no
reports), the communes per risk class, the commune x area heat map and the ranking (risk
class, then count: ``risk.py``); then, in rank order, each commune's visit gap list
(``visit.py``), its waived findings, input problems and the importer's notes; what was read
(packs, versions, inputs and their SHA-256) comes last.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nq57check.core.problems import document_place
from nq57check.findings import CommuneResult, Finding, RuleMeta, RunResult
from nq57check.reporters.common import (
    AREAS,
    OTHER_AREA,
    SEVERITIES,
    TOOL_NAME,
    Tally,
    all_inputs,
    area_of,
    area_title,
    commune_name,
    evidence_of,
    labels,
    matrix_areas,
    not_evaluated_groups,
    not_evaluated_words,
    note_words,
    open_findings,
    rules_by_id,
    sorted_communes,
    sorted_notes,
    sorted_problems,
    source_of,
    tallies,
    title_of,
    waived_findings,
)
from nq57check.reporters.risk import Risk, class_title, no_reports, policy, ranked, unit_label
from nq57check.reporters.visit import Visit, build_visit, visit_words


@dataclass(frozen=True, slots=True)
class Item:
    """One finding, every field already resolved (rule fallbacks applied)."""

    severity: str
    severity_label: str
    rule: str
    requirement: str
    title: str
    task: str
    deadline: str
    message: str
    source: str
    evidence: str
    file: str
    line: int
    area: str
    review: bool
    waived: str | None
    place: str = ""  # 'bảng 1, dòng 5 (trang 2)' on a document checked on the fly

    @property
    def location(self) -> str:
        if self.place:
            return f"{self.file}, {self.place}"
        return f"{self.file}:{self.line}" if self.line >= 1 else self.file


@dataclass(frozen=True, slots=True)
class Problem:
    location: str
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class NoteItem:
    """What the importer guessed, where in the document ('KeHoach.docx, bảng 1, dòng 5')."""

    location: str
    message: str


@dataclass(slots=True)
class Group:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NotEvaluatedGroup:
    """Rules not evaluated for one reason ("không có báo cáo"): (rule, requirement, title)."""

    reason: str
    rules: list[tuple[str, str, str]]


@dataclass(slots=True)
class CommuneView:
    name: str
    path: str
    province: str
    plan_file: str
    skipped: str | None
    inputs: list[tuple[str, str]]
    problems: list[Problem]
    groups: list[Group]
    waived: list[Item]
    tally: Tally
    notes: list[NoteItem] = field(default_factory=list)
    not_evaluated: list[NotEvaluatedGroup] = field(default_factory=list)
    visit: Visit | None = None
    rank: int = 0


@dataclass(frozen=True, slots=True)
class MatrixRow:
    name: str
    path: str
    cells: list[dict[str, int]]
    totals: dict[str, int]
    waived: int
    problems: int
    skipped: str | None
    label: str = ""  # 'xã Phong Thổ (Lai Châu)'
    risk: int | None = None
    risk_title: str = ""
    count: int = 0  # open errors and warnings in the risk class


@dataclass(frozen=True, slots=True)
class Attention:
    """A commune that could not be judged as the others: named first in a roll-up."""

    label: str
    path: str
    reason: str


@dataclass(slots=True)
class GapList:
    lang: str
    words: dict[str, str]
    tool: str
    version: str
    packs: list[tuple[str, str]]
    as_of: str
    inputs: list[tuple[str, str]]
    areas: list[tuple[str, str]]  # (key, title) columns of the matrix
    matrix: list[MatrixRow]
    ranking: list[MatrixRow]
    communes: list[CommuneView]
    severities: tuple[str, ...] = SEVERITIES
    not_evaluated_words: dict[str, str] = field(default_factory=dict)
    attention: list[Attention] = field(default_factory=list)
    risk_counts: list[tuple[str, int]] = field(default_factory=list)  # (class title, communes)

    @property
    def rollup(self) -> bool:
        """A province's roll-up (more than one commune) opens with its summary."""
        return len(self.communes) > 1


def _item(
    finding: Finding, rules: dict[str, RuleMeta], words: dict[str, str], lang: str = "vi"
) -> Item:
    return Item(
        severity=finding.severity,
        severity_label=words.get(finding.severity, finding.severity),
        rule=finding.rule,
        requirement=finding.requirement,
        title=title_of(finding, rules),
        task=finding.task or "",
        deadline=finding.deadline or "",
        message=finding.message,
        source=source_of(finding, rules),
        evidence=evidence_of(finding, rules),
        file=finding.file,
        line=finding.line,
        area=area_of(finding),
        review=finding.review,
        waived=finding.waived,
        place=document_place(
            finding.table, finding.row, finding.page, lang, finding.paragraph
        ),
    )


def _row(t: Tally, areas: list[str], risk: Risk, lang: str) -> MatrixRow:
    return MatrixRow(
        name=commune_name(t.commune),
        path=t.commune.path,
        cells=[t.cell(a) for a in areas],
        totals=t.totals,
        waived=t.waived,
        problems=len(t.commune.problems),
        skipped=t.commune.skipped,
        label=unit_label(t.commune, lang),
        risk=risk.risk,
        risk_title=class_title(risk.risk, lang),
        count=risk.count,
    )


def _commune(
    commune: CommuneResult, t: Tally, rules: dict[str, RuleMeta], lang: str, rank: int
) -> CommuneView:
    words = labels(lang)
    groups = {key: Group(key, area_title(key, lang)) for key in (*AREAS, OTHER_AREA)}
    for finding in open_findings(commune):
        item = _item(finding, rules, words, lang)
        groups[item.area].items.append(item)
    return CommuneView(
        name=commune_name(commune),
        path=commune.path,
        province=commune.province,
        plan_file=commune.plan_file or "",
        skipped=commune.skipped,
        inputs=sorted(commune.inputs.items()),
        problems=[
            Problem(
                location=p.file if p.line is None else f"{p.file}:{p.line}",
                field=p.field or "",
                message=p.message,
            )
            for p in sorted_problems(commune)
        ],
        groups=[g for g in groups.values() if g.items],
        waived=[_item(f, rules, words, lang) for f in waived_findings(commune)],
        tally=t,
        notes=[NoteItem(n.location(lang), n.message) for n in sorted_notes(commune)],
        not_evaluated=_not_evaluated(commune, rules),
        visit=build_visit(commune, rules, lang),
        rank=rank,
    )


def _not_evaluated(commune: CommuneResult, rules: dict[str, RuleMeta]) -> list[NotEvaluatedGroup]:
    def title(rule: str) -> str:
        return rules[rule].title if rule in rules else ""

    return [
        NotEvaluatedGroup(reason, [(e.rule, e.requirement, title(e.rule)) for e in group])
        for reason, group in not_evaluated_groups(commune)
    ]


ATTENTION_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "attention": "Cần chú ý trước: xã/phường chưa đánh giá được đầy đủ",
        "unusable": "dữ liệu đầu vào không dùng được",
        "no_reports": "không có báo cáo tháng nào",
        "risk_counts": "Số xã/phường theo mức rủi ro",
        "heat_map": "Bản đồ nhiệt: lỗi và cảnh báo theo xã/phường và nhóm yêu cầu",
        "no_risk": "Không có tồn tại",
        "ranking_risk": "Thứ tự kiểm tra theo mức rủi ro (rồi số tồn tại ở mức đó)",
        "heat_cut": "Bản đồ chỉ vẽ {shown} xã/phường xếp đầu; bảng xếp hạng có đủ {total}.",
    },
    "en": {
        "attention": "First: communes that could not be fully judged",
        "unusable": "unusable input",
        "no_reports": "no monthly report at all",
        "risk_counts": "Communes per risk class",
        "heat_map": "Heat map: errors and warnings by commune and requirement area",
        "no_risk": "Nothing open",
        "ranking_risk": "Order of visits by risk class (then findings in that class)",
        "heat_cut": "The map shows the first {shown} communes; the ranking lists all {total}.",
    },
}


def _attention(run: RunResult, lang: str) -> list[Attention]:
    words = ATTENTION_WORDS.get(lang, ATTENTION_WORDS["vi"])
    found: list[Attention] = []
    for c in sorted_communes(run):
        if c.problems:
            first = c.problems[0]
            reason = f"{words['unusable']}: {first.render()}"
            found.append(Attention(unit_label(c, lang), c.path, reason))
        elif no_reports(c):
            found.append(Attention(unit_label(c, lang), c.path, words["no_reports"]))
        elif c.skipped is not None:
            found.append(Attention(unit_label(c, lang), c.path, c.skipped))
    return found


def _risk_counts(order: list[Risk], lang: str) -> list[tuple[str, int]]:
    words = ATTENTION_WORDS.get(lang, ATTENTION_WORDS["vi"])
    counts = [
        (f"{n}. {class_title(n, lang)}", sum(1 for r in order if r.risk == n))
        for n in sorted(policy().classes)
    ]
    return [*counts, (words["no_risk"], sum(1 for r in order if r.risk is None))]


def build(run: RunResult, lang: str = "vi") -> GapList:
    """Everything a readable report shows, in the order it shows it."""
    rules = rules_by_id(run)
    areas = matrix_areas(run)
    rows = {id(t.commune): t for t in tallies(run)}
    order = ranked(run.communes)
    return GapList(
        lang=lang,
        words={
            **labels(lang),
            **note_words(lang),
            **visit_words(lang),
            **ATTENTION_WORDS.get(lang, ATTENTION_WORDS["vi"]),
        },
        tool=TOOL_NAME,
        version=run.tool_version,
        packs=list(run.packs),
        as_of=run.as_of,
        inputs=all_inputs(run),
        areas=[(a, area_title(a, lang)) for a in areas],
        matrix=[_row(rows[id(r.commune)], areas, r, lang) for r in order],
        ranking=[_row(rows[id(r.commune)], areas, r, lang) for r in order],
        communes=[
            _commune(r.commune, rows[id(r.commune)], rules, lang, rank)
            for rank, r in enumerate(order, 1)
        ],
        not_evaluated_words=not_evaluated_words(lang),
        attention=_attention(run, lang),
        risk_counts=_risk_counts(order, lang),
    )
