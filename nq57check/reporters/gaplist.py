"""The pre-inspection gap list as plain data, shared by the Markdown, HTML and xlsx reporters.

Building it once keeps the three readable formats saying the same thing in the same order:
header, summary matrix and ranking, then per commune the open findings by requirement area,
the waived ones with their reasons, the input problems, and what the importer guessed
reading a Word/Excel/PDF plan (its notes).
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
    ranking,
    rules_by_id,
    sorted_notes,
    sorted_problems,
    source_of,
    tallies,
    title_of,
    waived_findings,
)


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


@dataclass(frozen=True, slots=True)
class MatrixRow:
    name: str
    path: str
    cells: list[dict[str, int]]
    totals: dict[str, int]
    waived: int
    problems: int
    skipped: str | None


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


def _row(t: Tally, areas: list[str]) -> MatrixRow:
    return MatrixRow(
        name=commune_name(t.commune),
        path=t.commune.path,
        cells=[t.cell(a) for a in areas],
        totals=t.totals,
        waived=t.waived,
        problems=len(t.commune.problems),
        skipped=t.commune.skipped,
    )


def _commune(
    commune: CommuneResult, t: Tally, rules: dict[str, RuleMeta], lang: str
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
    )


def _not_evaluated(commune: CommuneResult, rules: dict[str, RuleMeta]) -> list[NotEvaluatedGroup]:
    def title(rule: str) -> str:
        return rules[rule].title if rule in rules else ""

    return [
        NotEvaluatedGroup(reason, [(e.rule, e.requirement, title(e.rule)) for e in group])
        for reason, group in not_evaluated_groups(commune)
    ]


def build(run: RunResult, lang: str = "vi") -> GapList:
    """Everything a readable report shows, in the order it shows it."""
    rules = rules_by_id(run)
    areas = matrix_areas(run)
    rows = tallies(run)
    return GapList(
        lang=lang,
        words={**labels(lang), **note_words(lang)},
        tool=TOOL_NAME,
        version=run.tool_version,
        packs=list(run.packs),
        as_of=run.as_of,
        inputs=all_inputs(run),
        areas=[(a, area_title(a, lang)) for a in areas],
        matrix=[_row(t, areas) for t in rows],
        ranking=[_row(t, areas) for t in ranking(run)],
        communes=[_commune(t.commune, t, rules, lang) for t in rows],
        not_evaluated_words=not_evaluated_words(lang),
    )
