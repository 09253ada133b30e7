"""What every reporter shares: labels, requirement areas, ordering and tallies.

Kept in one place so that the gap list, the workbook and the CI formats agree on wording,
on which area a requirement belongs to, and on the order communes and findings appear in
(deterministic output: same input, byte-identical report).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from urllib.parse import quote

from nq57check.core.rules_dir import builtin_rules_dir
from nq57check.core.text import terminal_safe
from nq57check.findings import (
    CommuneResult,
    Finding,
    InputProblem,
    Note,
    NotEvaluated,
    RuleMeta,
    RunResult,
)

TOOL_NAME = "nq57check"
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
AREAS: tuple[str, ...] = ("A", "B", "C", "D")
OTHER_AREA = "?"

# The one table of severity words. Two forms, because the outputs print two today and their
# bytes are kept: the heading of the report formats (gap list, HTML, Markdown, XLSX: "Thông
# tin") and the word of the terminal table, read inside a sentence ("3 lưu ý").
SEVERITY_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "vi": {
        "error": ("Lỗi", "lỗi"),
        "warning": ("Cảnh báo", "cảnh báo"),
        "info": ("Thông tin", "lưu ý"),
    },
    "en": {
        "error": ("Error", "error"),
        "warning": ("Warning", "warning"),
        "info": ("Info", "info"),
    },
}


def severity_words(lang: str, form: int) -> dict[str, str]:
    """Severity -> its word in ``lang``; ``form`` 0 for a heading, 1 for the table's word."""
    return {sev: forms[form] for sev, forms in SEVERITY_LABELS[lang].items()}


# Every human-facing word of every reporter, per language. Vietnamese is the default.
LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Danh sách tồn tại trước kiểm tra (Nghị quyết 57-NQ/TW)",
        "tool": "Công cụ",
        "packs": "Bộ quy tắc",
        "as_of": "Ngày đối chiếu",
        "inputs": "Tệp đầu vào (SHA-256)",
        "file": "Tệp",
        "line": "Dòng",
        "summary": "Tổng hợp",
        "matrix": "Số tồn tại theo xã và nhóm yêu cầu",
        "matrix_legend": "Mỗi ô: lỗi / cảnh báo / thông tin (không tính mục được miễn trừ).",
        "ranking": "Xếp hạng theo số lỗi chưa khắc phục",
        "rank": "Hạng",
        "commune": "Xã/phường",
        "province": "Tỉnh",
        "plan_file": "Kế hoạch",
        "total": "Tổng",
        **severity_words("vi", 0),
        "waived": "Được miễn trừ",
        "waived_reason": "Lý do miễn trừ",
        "problems": "Lỗi dữ liệu đầu vào",
        "problem_count": "Lỗi đầu vào",
        "field": "Trường",
        "message": "Nội dung",
        "skipped": "Không kiểm tra",
        "no_findings": "Không có tồn tại.",
        "severity": "Mức độ",
        "rule": "Quy tắc",
        "requirement": "Yêu cầu",
        "area": "Nhóm yêu cầu",
        "task": "Nhiệm vụ",
        "deadline": "Thời hạn",
        "what": "Tồn tại",
        "source": "Căn cứ",
        "evidence": "Minh chứng cần xem",
        "location": "Vị trí",
        "review": "Cần xem xét thủ công",
        "area_A": "Cấu trúc kế hoạch (5 rõ)",
        "area_B": "Nhiệm vụ bắt buộc",
        "area_C": "Chỉ tiêu",
        "area_D": "Báo cáo và minh chứng",
        "area_?": "Khác",
        "input_error": "Dữ liệu đầu vào không dùng được",
        "help_source": "Căn cứ pháp lý",
        "help_evidence": "Minh chứng cần yêu cầu",
        "github_summary": "{communes} xã/phường, {error} lỗi, {warning} cảnh báo, "
        "{info} thông tin, {waived} miễn trừ, {problems} lỗi đầu vào",
    },
    "en": {
        "title": "Pre-inspection gap list (Resolution 57-NQ/TW)",
        "tool": "Tool",
        "packs": "Rule packs",
        "as_of": "As of",
        "inputs": "Input files (SHA-256)",
        "file": "File",
        "line": "Line",
        "summary": "Summary",
        "matrix": "Findings by commune and requirement area",
        "matrix_legend": "Each cell: errors / warnings / info (waived findings not counted).",
        "ranking": "Communes ranked by open errors",
        "rank": "Rank",
        "commune": "Commune",
        "province": "Province",
        "plan_file": "Plan",
        "total": "Total",
        **severity_words("en", 0),
        "waived": "Waived",
        "waived_reason": "Waiver reason",
        "problems": "Input problems",
        "problem_count": "Input problems",
        "field": "Field",
        "message": "Message",
        "skipped": "Not checked",
        "no_findings": "No findings.",
        "severity": "Severity",
        "rule": "Rule",
        "requirement": "Requirement",
        "area": "Requirement area",
        "task": "Task",
        "deadline": "Deadline",
        "what": "What is wrong",
        "source": "Legal source",
        "evidence": "Evidence to ask for",
        "location": "Location",
        "review": "Needs manual review",
        "area_A": "Plan structure (five clears)",
        "area_B": "Mandatory tasks",
        "area_C": "Targets",
        "area_D": "Reports and evidence",
        "area_?": "Other",
        "input_error": "Unusable input",
        "help_source": "Legal source",
        "help_evidence": "Evidence to ask for",
        "github_summary": "{communes} communes, {error} errors, {warning} warnings, "
        "{info} notices, {waived} waived, {problems} input problems",
    },
}


def labels(lang: str) -> dict[str, str]:
    """Labels for ``lang``; unknown languages fall back to Vietnamese, the users' language."""
    return LABELS.get(lang, LABELS["vi"])


# The importer's notes (what it guessed reading a Word/Excel/PDF plan), in every format.
IMPORT_NOTE = "import-note"
NOTE_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "notes": "Ghi chú khi đọc tài liệu (cần đối chiếu với bản gốc)",
        "note_title": "ghi chú khi đọc tài liệu",
        "note": "cảnh báo",
    },
    "en": {
        "notes": "Import notes (check them against the document)",
        "note_title": "import note",
        "note": "warning",
    },
}


def note_words(lang: str) -> dict[str, str]:
    return NOTE_LABELS.get(lang, NOTE_LABELS["vi"])


def note_key(note: Note) -> tuple[str, int, int, int, str]:
    """Document order: file, then table and row (notes on the whole document first)."""
    return (note.file, note.table or 0, note.row or 0, note.page or 0, note.message)


def sorted_notes(commune: CommuneResult) -> list[Note]:
    return sorted(commune.notes, key=note_key)


def note_line(note: Note, lang: str) -> str:
    """'cảnh báo: KeHoach.docx, bảng 1, dòng 5: ...': one line, safe for a terminal."""
    text = " ".join(note.render(lang).splitlines())
    return terminal_safe(f"{note_words(lang)['note']}: {text}")


def note_lines(run: RunResult, lang: str) -> list[str]:
    """Every commune's notes, in commune order (stderr next to the table format)."""
    return [note_line(n, lang) for c in sorted_communes(run) for n in sorted_notes(c)]


def area_of(finding: Finding) -> str:
    """Area key A-D of a finding: its own ``area`` when set, else from the requirement ID."""
    area = finding.area.strip()
    if area:
        head = area[:1].upper()
        if head in AREAS and (len(area) == 1 or not area[1].isalpha()):
            return head
        for lang_labels in LABELS.values():
            for key in AREAS:
                if area.casefold() == lang_labels[f"area_{key}"].casefold():
                    return key
    return requirement_areas().get(finding.requirement, OTHER_AREA)


@functools.cache
def requirement_areas() -> dict[str, str]:
    """Requirement ID -> area, from the catalog (``rules/requirements.yaml``): a finding
    carries its area already; this is for one that does not (an old baseline's, a test's)."""
    from nq57check.loading.yamlio import load_document

    doc = load_document(builtin_rules_dir() / "requirements.yaml")
    entries = (doc.data or {}).get("requirements", {})
    return {rid: str(entry["area"]) for rid, entry in entries.items()}


def area_title(key: str, lang: str) -> str:
    """'A. Cấu trúc kế hoạch (5 rõ)'."""
    name = labels(lang)[f"area_{key}"]
    return name if key == OTHER_AREA else f"{key}. {name}"


def commune_name(commune: CommuneResult) -> str:
    """What a person calls the commune: its unit name, else its path."""
    return commune.unit or commune.path


def sorted_communes(run: RunResult) -> list[CommuneResult]:
    return sorted(run.communes, key=lambda c: c.path)


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key())


def open_findings(commune: CommuneResult) -> list[Finding]:
    """Findings not covered by a waiver, in report order."""
    return sorted_findings([f for f in commune.findings if f.waived is None])


def waived_findings(commune: CommuneResult) -> list[Finding]:
    return sorted_findings([f for f in commune.findings if f.waived is not None])


def problem_key(problem: InputProblem) -> tuple[str, int, str, str]:
    return (problem.file, problem.line or 0, problem.field or "", problem.message)


def sorted_problems(commune: CommuneResult) -> list[InputProblem]:
    return sorted(commune.problems, key=problem_key)


def rules_by_id(run: RunResult) -> dict[str, RuleMeta]:
    return {rule.id: rule for rule in run.rules}


def evidence_of(finding: Finding, rules: dict[str, RuleMeta]) -> str:
    """The evidence to ask for: the finding's own, else its rule's."""
    rule = rules.get(finding.rule)
    return finding.evidence or (rule.evidence if rule else "")


def source_of(finding: Finding, rules: dict[str, RuleMeta]) -> str:
    rule = rules.get(finding.rule)
    return finding.source or (rule.source if rule else "")


def title_of(finding: Finding, rules: dict[str, RuleMeta]) -> str:
    rule = rules.get(finding.rule)
    return finding.title or (rule.title if rule else "")


@dataclass(slots=True)
class Tally:
    """Open findings of one commune counted by area and severity (waived ones apart)."""

    commune: CommuneResult
    cells: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    waived: int = 0

    def cell(self, area: str) -> dict[str, int]:
        return self.cells.get(area, dict.fromkeys(SEVERITIES, 0))


def tally(commune: CommuneResult) -> Tally:
    result = Tally(commune)
    for finding in commune.findings:
        if finding.waived is not None:
            result.waived += 1
            continue
        cell = result.cells.setdefault(area_of(finding), dict.fromkeys(SEVERITIES, 0))
        cell[finding.severity] = cell.get(finding.severity, 0) + 1
        result.totals[finding.severity] = result.totals.get(finding.severity, 0) + 1
    return result


def matrix_areas(run: RunResult) -> list[str]:
    """Columns of the summary matrix: A-D always, 'other' only when something needs it."""
    extra = any(area_of(f) == OTHER_AREA for f in run.all_findings() if f.waived is None)
    return [*AREAS, OTHER_AREA] if extra else list(AREAS)


def tallies(run: RunResult) -> list[Tally]:
    """One tally per commune, in path order (the matrix rows)."""
    return [tally(c) for c in sorted_communes(run)]


def ranking(run: RunResult) -> list[Tally]:
    """Communes worst first: open errors, then warnings, then info; path breaks ties."""
    return sorted(
        tallies(run),
        key=lambda t: (
            -t.totals["error"],
            -t.totals["warning"],
            -t.totals["info"],
            -len(t.commune.problems),
            t.commune.path,
        ),
    )


def cell_text(counts: dict[str, int]) -> str:
    """'2 / 1 / 0': errors / warnings / info."""
    return " / ".join(str(counts.get(s, 0)) for s in SEVERITIES)


def packs_text(run: RunResult) -> str:
    """'nq57-base 1.0.0, lai-chau 2026.1'."""
    return ", ".join(f"{name} {version}" for name, version in run.packs)


def all_inputs(run: RunResult) -> list[tuple[str, str]]:
    """Every input file with its SHA-256, sorted by file, each file once."""
    seen: dict[str, str] = {}
    for commune in run.communes:
        seen.update(commune.inputs)
    return sorted(seen.items())


def artifact_uri(file: str) -> str:
    """A file as a URI: relative paths stay relative (forward slashes, percent-encoded)."""
    path = file.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    if len(path) > 1 and path[1] == ":" and path[0].isalpha():  # C:/... on Windows
        return "file:///" + path[:2] + quote(path[2:], safe="/")
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(path, safe="/")


# Rules a commune could not be evaluated against (findings.NotEvaluated): every format says
# so, never silence. Kept apart from LABELS so each reporter's part stays a small block.
NOT_EVALUATED_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Quy tắc không đánh giá",
        "reason": "Lý do",
        "rule_title": "Nội dung quy tắc",
        "line": "không đánh giá: {count} quy tắc ({reason})",
        "count": "Không đánh giá",
    },
    "en": {
        "title": "Rules not evaluated",
        "reason": "Reason",
        "rule_title": "Rule",
        "line": "not evaluated: {count} rules ({reason})",
        "count": "Not evaluated",
    },
}


def not_evaluated_words(lang: str) -> dict[str, str]:
    return NOT_EVALUATED_LABELS.get(lang, NOT_EVALUATED_LABELS["vi"])


def sorted_not_evaluated(commune: CommuneResult) -> list[NotEvaluated]:
    return sorted(commune.not_evaluated, key=lambda n: (n.rule, n.reason))


def not_evaluated_groups(commune: CommuneResult) -> list[tuple[str, list[NotEvaluated]]]:
    """Entries grouped by reason ("không có báo cáo", "có hiệu lực từ ..."), reasons sorted."""
    groups: dict[str, list[NotEvaluated]] = {}
    for entry in sorted_not_evaluated(commune):
        groups.setdefault(entry.reason, []).append(entry)
    return sorted(groups.items())


def not_evaluated_lines(commune: CommuneResult, lang: str) -> list[str]:
    """One terse line per reason: 'không đánh giá: 13 quy tắc (không có báo cáo)'; a group of
    at most three rules names them."""
    words = not_evaluated_words(lang)
    lines = []
    for reason, entries in not_evaluated_groups(commune):
        line = words["line"].format(count=len(entries), reason=reason)
        if len(entries) <= 3:
            line += ": " + ", ".join(e.rule for e in entries)
        lines.append(line)
    return lines
