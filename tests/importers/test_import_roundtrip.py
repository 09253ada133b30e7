"""Round trips: template -> import, and plan mapping -> .docx -> import."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nq57check.importers import TemplateRow, import_document, write_template
from nq57check.importers.template import COLUMNS
from nq57check.loading.models import Plan

from conftest import TESTS

FIXTURES = TESTS / "fixtures" / "import"
if str(FIXTURES) not in sys.path:
    sys.path.insert(0, str(FIXTURES))

import import_builders as builders  # noqa: E402
import import_layouts as layouts  # noqa: E402

ROWS = [
    TemplateRow(
        "Ban hành Kế hoạch thực hiện Nghị quyết 57-NQ/TW năm 2026", ["R-KE-HOACH"], "Quý I/2026"
    ),
    TemplateRow(
        "Tuyên truyền, phổ biến Nghị quyết 57-NQ/TW và Kế hoạch", ["R-TUYEN-TRUYEN"], "Thường xuyên"
    ),
    TemplateRow(
        "Bảo đảm điều kiện tối thiểu: mạng ổn định, chữ ký số cá nhân, máy tính cấu hình "
        "tối thiểu (CV 519/BKHCN-CĐSQG)",
        ["R-DIEU-KIEN-TOI-THIEU"],
        "30/6/2026",
    ),
    TemplateRow(
        "Gửi, nhận, xử lý văn bản Mật, Tối mật qua Mạng thông tin diện rộng của Đảng",
        ["R-MANG-MAT", "R-AN-NINH-MANG"],
        "Quý II/2026",
    ),
    TemplateRow("Số hóa 100% tài liệu lưu trữ", ["R-SO-HOA-LUU-TRU"], "Tháng 12/2026"),
]
TITLE = (
    "PHỤ LỤC\nDANH MỤC NHIỆM VỤ NĂM 2026\n(Kèm theo Kế hoạch số 12/KH-UBND ngày "
    "05/02/2026 của UBND xã Mường Tè)"
)
FIELDS = ("id", "section", "name", "head", "lead", "support", "output", "deadline", "requirements")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_template_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"mau{suffix}"
    write_template(path, ROWS, title=TITLE)
    result = import_document(path)
    Plan.model_validate(result.plan)
    tasks = result.plan["tasks"]
    assert [(t["name"], t["requirements"], t["deadline"]) for t in tasks] == [
        (r.name, r.requirements, r.deadline) for r in ROWS
    ]
    assert [t["id"] for t in tasks] == ["1", "2", "3", "4", "5"]
    for task in tasks:
        assert (task["head"], task["lead"], task["support"], task["output"]) == ("", "", [], "")
    assert result.plan["unit"] == {"name": "Mường Tè", "kind": "xa"}
    assert result.plan["document"]["number"] == "12/KH-UBND"
    assert result.plan["provenance"]["unmapped"] == []
    # only the head/lead/output columns are missing values, never columns
    assert not any("không nhận ra" in w or "không có cột" in w for w in result.warnings)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_template_has_the_standard_columns(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"blank{suffix}"
    write_template(path, [], title="PHỤ LỤC")
    result = import_document(path)
    assert result.plan["tasks"] == []
    assert any("không có dòng nào" in w for w in result.warnings)
    assert COLUMNS[-1] == "Mã yêu cầu"


def test_template_refuses_other_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"xlsx or \.docx"):
        write_template(tmp_path / "mau.pdf", ROWS, title="x")


def _task_fields(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {k: t.get(k, [] if k in ("support", "requirements") else "") for k in FIELDS}
        for t in plan["tasks"]
    ]


@pytest.mark.parametrize("name", ["bum_nua", "tan_phong", "split_table"])
def test_plan_to_docx_and_back(tmp_path: Path, name: str) -> None:
    blocks, _ = getattr(layouts, name)()
    first = import_document(builders.write_docx(blocks, tmp_path / "src.docx")).plan
    again = import_document(builders.docx_from_plan(first, tmp_path / "back.docx"))
    Plan.model_validate(again.plan)
    assert _task_fields(again.plan) == _task_fields(first)
    assert again.plan["sections"] == first["sections"]
    assert again.plan["document"]["number"] == first["document"]["number"]


_VOCABULARY = (
    "Ban hành kế hoạch chuyển đổi số hồ sơ điện tử Phòng Văn hóa – Xã hội Công an xã "
    "Tổ công nghệ số cộng đồng 100% 4G (1) (2) Quý II/2026 519/BKHCN-CĐSQG “đúng, đủ, "
    "sạch” Mật"
)
_WORDS = st.sampled_from(_VOCABULARY.split())
_TEXT = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join)
_TASK = st.fixed_dictionaries(
    {
        "name": _TEXT,
        "head": _TEXT,
        "lead": _TEXT,
        "support": st.lists(_TEXT, max_size=3),
        "output": _TEXT,
        "deadline": st.sampled_from(["Quý I/2026", "30/6/2026", "Thường xuyên", "Năm 2026", ""]),
        "requirements": st.lists(
            st.sampled_from(["R-KE-HOACH", "R-PAKN", "R-TTHC"]), max_size=2, unique=True
        ),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tasks=st.lists(_TASK, min_size=1, max_size=6), sectioned=st.booleans())
def test_any_plan_survives_docx(tasks: list[dict[str, Any]], sectioned: bool) -> None:
    sections = (
        [
            {"id": "I", "title": "Quý I năm 2026", "deadline": "Quý I năm 2026"},
            {"id": "II", "title": "Về phát triển hạ tầng số"},
        ]
        if sectioned
        else []
    )
    plan: dict[str, Any] = {"unit": {"name": "Bum Nưa"}, "sections": sections, "tasks": []}
    for number, task in enumerate(tasks, start=1):
        # sections are contiguous in a real appendix: first half under I, the rest under II
        section = {"section": "I" if number * 2 <= len(tasks) + 1 else "II"} if sectioned else {}
        plan["tasks"].append({"id": str(number), **section, **task})
    with tempfile.TemporaryDirectory() as tmp:
        result = import_document(builders.docx_from_plan(plan, Path(tmp) / "plan.docx"))
    Plan.model_validate(result.plan)
    assert _task_fields(result.plan) == _task_fields(plan)
    assert result.plan["unit"]["name"] == "Bum Nưa"
