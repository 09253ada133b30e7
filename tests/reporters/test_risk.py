"""The risk policy is data (rules/requirements.yaml) and complete; the ranking applies it."""

from __future__ import annotations

from nq57check.core.problems import InputProblem, Severity
from nq57check.core.rules_dir import builtin_rules_dir
from nq57check.findings import CommuneResult, Finding
from nq57check.loading.yamlio import load_document
from nq57check.reporters.risk import policy, ranked, unit_label
from nq57check.reporters.visit import short_name, task_ranges


def test_every_requirement_is_in_exactly_one_risk_class() -> None:
    data = load_document(builtin_rules_dir() / "requirements.yaml").data
    assert isinstance(data, dict)
    requirements = set(data["requirements"])
    listed = [r for entry in data["risk_classes"].values() for r in entry["requirements"]]
    assert sorted(listed) == sorted(requirements)  # none missing, none twice, none unknown
    assert policy().by_requirement["R-MAT-KENH"] == 1  # the classified channel is the worst
    assert policy().by_requirement["R-BAO-CAO-THANG"] == 2
    assert policy().by_requirement["R-QUA-HAN"] == 3
    assert policy().by_requirement["R-RO-NGUOI"] == 4
    kinds = [k for kinds, _ in policy().first for k in kinds]
    assert kinds == ["evidence-channel", "task-present", "report-month", "task-overdue"]


def _finding(requirement: str, severity: Severity = "error", task: str | None = None) -> Finding:
    return Finding("r", requirement, severity, "m", "p.yaml", 1, task=task)


def test_rank_by_class_then_count_not_raw_count() -> None:
    blanks = CommuneResult("a", findings=[_finding("R-RO-NGUOI", task=str(n)) for n in range(40)])
    secret = CommuneResult(path="b", findings=[_finding("R-MAT-KENH")])
    reports = CommuneResult(path="c", findings=[_finding("R-BAO-CAO-THANG")] * 3)
    broken = CommuneResult("d", problems=[InputProblem(file="d/plan.yaml", line=1, message="x")])
    notice = CommuneResult(path="e", findings=[_finding("R-MAT-KENH", "info")])
    clean = CommuneResult(path="f")
    order = ranked([blanks, secret, reports, broken, notice, clean])
    assert [r.commune.path for r in order] == ["b", "d", "c", "a", "e", "f"]
    assert [r.risk for r in order] == [1, 1, 2, 4, None, None]  # a notice raises no risk
    assert [r.count for r in order][:4] == [1, 1, 3, 40]


def test_unit_label_tells_two_communes_of_one_name_apart() -> None:
    one = CommuneResult(path="x", unit="Hưng Đông", kind="xa", province="Nghệ An")
    two = CommuneResult(path="y", unit="Hưng Đông", kind="phuong", province="Thái Bình")
    assert unit_label(one, "vi") == "xã Hưng Đông (Nghệ An)"
    assert unit_label(two, "vi") == "phường Hưng Đông (Thái Bình)"
    assert unit_label(two, "en") == "ward Hưng Đông (Thái Bình)"
    assert unit_label(CommuneResult(path="z", unit="Xã Thử", kind="xa"), "vi") == "Xã Thử"


def test_task_ranges_follow_the_plan_order() -> None:
    order = {t: i for i, t in enumerate([str(n) for n in range(1, 47)] + ["a", "b"])}
    ids = [str(n) for n in range(1, 47) if n != 32] + ["b"]
    assert task_ranges(ids, order, "NV") == "NV 1–31, 33–46, b"
    assert task_ranges(["9", "x"], order, "NV") == "NV 9, x"  # a task the plan lacks: as given
    assert task_ranges([], order, "NV") == ""
    assert short_name("Ban hành danh mục cơ sở dữ liệu của xã") == "Ban hành danh mục cơ sở…"
