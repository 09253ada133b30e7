"""importers/body/reporting: the reporting clause of a plan body, in several wordings."""

from __future__ import annotations

from typing import Any

from importers.body_helpers import paragraphs
from nq57check.importers.body.reporting import read_reporting_clause
from nq57check.loading.models import Reporting

HEAD = ("KẾ HOẠCH", "Chuyển đổi số năm 2026", "I. MỤC ĐÍCH")


def _clause(*body: str) -> dict[str, Any] | None:
    fields = read_reporting_clause(paragraphs(*HEAD, *body)).fields
    found = fields.get("document", {}).get("reporting")
    if found is not None:
        Reporting.model_validate(found)  # what the assembler hands on is a valid plan field
    return found


def test_the_seed_wording() -> None:
    found = _clause(
        "IV. TỔ CHỨC THỰC HIỆN",
        "2. Phòng Văn hóa - Xã hội",
        "Chủ trì theo dõi, đôn đốc việc triển khai Kế hoạch. Thực hiện chế độ báo cáo định kỳ"
        " hằng tháng; báo cáo Sở Khoa học và Công nghệ tỉnh Lai Châu trước ngày 15 hằng"
        " tháng, đề xuất các giải pháp tháo gỡ khó khăn.",
    )
    assert found == {
        "text": "Thực hiện chế độ báo cáo định kỳ hằng tháng; báo cáo Sở Khoa học và Công nghệ"
        " tỉnh Lai Châu trước ngày 15 hằng tháng",
        "monthly": True,
        "to": "Sở Khoa học và Công nghệ tỉnh Lai Châu",
        "by_day": 15,
    }


def test_other_wordings() -> None:
    found = _clause(
        "c) Văn phòng HĐND và UBND xã tổng hợp, gửi báo cáo Sở KH&CN trước ngày 10 hằng tháng"
        " và báo cáo sơ kết 6 tháng."
    )
    assert found is not None
    assert (found["monthly"], found["half_yearly"], found["to"], found["by_day"]) == (
        True,
        True,
        "Sở KH&CN",
        10,
    )
    found = _clause("- Định kỳ hằng quý, các cơ quan gửi báo cáo về UBND xã chậm nhất ngày 20.")
    assert found is not None and found["text"].startswith("Định kỳ hằng quý")
    assert (found.get("monthly"), found["quarterly"], found["to"], found["by_day"]) == (
        None,
        True,
        "UBND xã",
        20,
    )
    found = _clause("3. thuc hien che do bao cao dinh ky hang thang, gui So Khoa hoc va Cong nghe.")
    assert found is not None and found["monthly"] and "by_day" not in found
    assert found["to"] == "So Khoa hoc va Cong nghe"


def test_a_vague_clause_is_kept_with_only_its_text() -> None:
    """Bình Lư's only clause: periodic, but no frequency, recipient or day."""
    found = _clause(
        "Tham mưu triển khai thực hiện Nghị quyết; định kỳ báo cáo tiến độ thực hiện các nhiệm"
        " vụ hoặc đột xuất khi có yêu cầu."
    )
    assert found == {
        "text": "định kỳ báo cáo tiến độ thực hiện các nhiệm vụ hoặc đột xuất khi có yêu cầu"
    }


def test_the_fullest_of_several_clauses_is_the_plans_duty() -> None:
    found = _clause(
        "1. Các cơ quan, đơn vị định kỳ hằng quý báo cáo UBND xã.",
        "2. Văn phòng báo cáo Sở Khoa học và Công nghệ trước ngày 15 hằng tháng.",
        "3. Các thôn báo cáo hằng năm.",
    )
    assert found is not None and found["by_day"] == 15 and found["monthly"]


def test_no_clause() -> None:
    """Reports mentioned without a period or a day are no reporting duty; nor is a one-off
    report by a date."""
    assert _clause("- Tổng hợp báo cáo; cảnh báo sai lệch dữ liệu.") is None
    assert _clause("- Báo cáo UBND tỉnh trước ngày 15/12/2026.") is None
    assert _clause("- Hệ thống thông tin báo cáo của tỉnh.") is None


def test_a_chain_of_reports_gives_the_communes_own_report_to_the_department() -> None:
    """Units report to the commune, the commune to the Sở: the plan's duty is the second,
    with its own day; the clause is quoted from the start of its phrase."""
    reporting = read_reporting_clause(
        paragraphs(
            *HEAD,
            "Các cơ quan, đơn vị thực hiện chế độ báo cáo định kỳ hằng tháng về UBND xã; UBND"
            " xã báo cáo Sở Khoa học và Công nghệ tỉnh Lai Châu trước ngày 15 hằng tháng.",
        )
    ).fields["document"]["reporting"]
    assert reporting["to"] == "Sở Khoa học và Công nghệ tỉnh Lai Châu"
    assert reporting["by_day"] == 15
    assert reporting["text"].startswith("Các cơ quan, đơn vị thực hiện chế độ báo cáo")


def test_the_units_day_is_not_the_departments() -> None:
    """'trước ngày 10' is when the units report to the office; the report to the Sở names no
    day, so none is read (never the units' day)."""
    reporting = read_reporting_clause(
        paragraphs(
            *HEAD,
            "Định kỳ hằng tháng, trước ngày 10, các cơ quan báo cáo kết quả về Văn phòng HĐND"
            " và UBND xã để tổng hợp, báo cáo Sở Khoa học và Công nghệ tỉnh Lai Châu.",
        )
    ).fields["document"]["reporting"]
    assert reporting["to"] == "Sở Khoa học và Công nghệ tỉnh Lai Châu"
    assert "by_day" not in reporting
    assert reporting["monthly"] is True
