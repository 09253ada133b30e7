"""The four body extractors together on a body of my own (no seed wording): their fields make
a valid plan file, and the checks that read them (R-CAN-CU, R-CHI-TIEU-SAN, R-THAY-THE's
`replaces`, R-CHE-DO-BAO-CAO) judge what the body says, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from importers.body_helpers import bold, cell, paragraphs
from nq57check.importers.body.basis import read_basis
from nq57check.importers.body.header import read_header
from nq57check.importers.body.lines import BodyPart
from nq57check.importers.body.reporting import read_reporting_clause
from nq57check.importers.body.targets import read_targets
from nq57check.loading.models import Plan

from conftest import run_cli

BODY = paragraphs(
    cell("UBND XÃ TÀ TỔNG"),
    cell("Số: 07/KH-UBND"),
    cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    cell("Độc lập - Tự do - Hạnh phúc"),
    cell("Tà Tổng, ngày 14 tháng 02 năm 2026"),
    bold("KẾ HOẠCH"),
    bold("Chuyển đổi số, đổi mới sáng tạo của xã năm 2026"),
    "Căn cứ Kế hoạch số 978/KH-UBND ngày 06/02/2026 của UBND tỉnh Lai Châu;",
    "Căn cứ Kế hoạch số 32-KH/TU ngày 09/01/2026 của Tỉnh ủy;",
    "UBND xã Tà Tổng ban hành Kế hoạch như sau:",
    "Phần I. CHỈ TIÊU CHỦ YẾU",
    "a) Tỷ lệ hồ sơ nộp trực tuyến trên 90%;",
    "b) 80% cán bộ, công chức được bồi dưỡng kỹ năng số;",
    "c) Phủ sóng 4G tại 100% thôn, bản.",
    "Phần II. TỔ CHỨC THỰC HIỆN",
    "Văn phòng HĐND và UBND xã gửi báo cáo Sở Khoa học và Công nghệ trước ngày 15 hằng tháng.",
    "Kế hoạch này thay thế Kế hoạch số 02/KH-UBND ngày 05/01/2026 của UBND xã.",
)


def _merge(parts: list[BodyPart]) -> dict[str, Any]:
    plan: dict[str, Any] = {}
    for part in parts:
        for key, value in part.fields.items():
            if isinstance(value, dict):
                plan.setdefault(key, {}).update(value)
            else:
                plan[key] = value
    return plan


def _check(plan: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    folder = tmp_path / "ta-tong"
    folder.mkdir(exist_ok=True)
    path = folder / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli(
        "check",
        str(path),
        "--pack",
        "lai-chau",
        "--format",
        "json",
        "--as-of",
        "2026-03-01",
        "--only",
        "R-CAN-CU",
        "--only",
        "R-CHI-TIEU-SAN",
        "--only",
        "R-CHE-DO-BAO-CAO",
        "--fail-on",
        "never",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_parts_make_a_plan_the_checks_judge(tmp_path: Path) -> None:
    parts = [read_header(BODY), read_basis(BODY), read_targets(BODY), read_reporting_clause(BODY)]
    plan = _merge(parts)
    plan["provenance"] = {"source": "KeHoach.docx", "importer": "test", "read": ["body"]}
    loaded = Plan.model_validate(plan)
    assert loaded.unit.name == "Tà Tổng" and loaded.document.number == "07/KH-UBND"
    assert [b.split(" ngày")[0] for b in loaded.document.basis] == [
        "Kế hoạch số 978/KH-UBND",
        "Kế hoạch số 32-KH/TU",
    ]
    assert loaded.document.replaces == ["Kế hoạch số 02/KH-UBND ngày 05/01/2026 của UBND xã"]
    assert loaded.targets["online_dossier_rate"].bound == "above"
    assert loaded.targets["officials_digital_skills"].value == 80
    assert loaded.document.reporting is not None and loaded.document.reporting.by_day == 15
    assert all(not p.warnings for p in parts), [w for p in parts for w in p.warnings]
    report = _check(plan, tmp_path)
    findings = sorted((f["rule"], f["message"]) for f in report["findings"])
    # only the digital-skills target (80) is below Lai Châu's floor (85); 'trên 90%' meets 90
    assert [rule for rule, _ in findings] == ["chi-tieu-san"]
    assert "officials_digital_skills" in findings[0][1]
    assert report["communes"][0]["not_evaluated"] == []

    # the same body without its reporting sentence: now the plan states no reporting duty
    del plan["document"]["reporting"]
    rules = sorted(f["rule"] for f in _check(plan, tmp_path)["findings"])
    assert rules == ["che-do-bao-cao-thieu", "chi-tieu-san"]
