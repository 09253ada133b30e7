"""The format-independent part: column synonyms, rows, sections, titles, time phrases."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nq57check.importers.base import Extracted, ImportFailure, RawTable
from nq57check.importers.columns import load_synonyms, map_columns, match_header
from nq57check.importers.meta import join_lines, read_meta, time_phrase
from nq57check.importers.table import build_plan
from nq57check.loading.models import Plan

HEADER = [
    "STT",
    "Tên nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Kết quả",
    "Thời gian hoàn thành",
]


def _plan(*tables: list[list[str | None]], text: str = "") -> tuple[dict[str, Any], list[str]]:
    raw = [RawTable.from_strings(i, rows) for i, rows in enumerate(tables, start=1)]
    plan, warnings = build_plan(
        Extracted(raw, text), source="t.docx", stem="t", sha256="0", importer="test"
    )
    Plan.model_validate(plan)
    return plan, warnings


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("STT", "id"),
        ("TT", "id"),
        ("Tên nhiệm vụ", "name"),
        ("Nhiệm vụ trọng tâm", "name"),
        ("Nội dung nhiệm vụ", "name"),
        ("Người đứng đầu chịu trách nhiệm", "head"),
        ("Người đứng đầu\nchịu trách nhiệm", "head"),
        ("Cơ quan chủ trì", "lead"),
        ("Chủ trì", "lead"),
        ("ĐƠN VỊ CHỦ TRÌ", "lead"),
        ("Cơ quan phối hợp", "support"),
        ("Phối hợp", "support"),
        ("Cơ quan phối hợp, thực hiện", "support"),
        ("Kết quả", "output"),
        ("Kết quả/sản phẩm", "output"),
        ("Sản phẩm", "output"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời hạn", "deadline"),
        ("Ghi chú", "note"),
        ("Mã yêu cầu", "requirements"),
        ("Thoi gian hoan thanh", "deadline"),
    ],
)
def test_header_synonyms(header: str, field: str) -> None:
    found = match_header(header)
    assert found is not None and found.field == field


def test_unknown_headers_do_not_match() -> None:
    assert match_header("Kinh phí (triệu đồng)") is None
    assert match_header("") is None


_SYNONYMS = {
    "id": ["STT", "TT"],
    "name": ["Tên nhiệm vụ", "Nhiệm vụ trọng tâm"],
    "head": ["Người đứng đầu chịu trách nhiệm"],
    "lead": ["Chủ trì", "Đơn vị chủ trì"],
    "support": ["Phối hợp", "Cơ quan phối hợp, thực hiện"],
    "output": ["Sản phẩm", "Kết quả/sản phẩm"],
    "deadline": ["Thời hạn", "Ghi chú"],
}


@settings(max_examples=60)
@given(st.permutations(list(_SYNONYMS)), st.data())
def test_any_column_order_maps_by_meaning(order: list[str], data: st.DataObject) -> None:
    headers = [data.draw(st.sampled_from(_SYNONYMS[f])) for f in order]
    mapping = map_columns(headers)
    for index, field in enumerate(order):
        expected = "note" if headers[index] == "Ghi chú" else field
        assert mapping.fields[expected] == index


def test_two_columns_for_one_field_keep_the_better_one() -> None:
    mapping = map_columns(["STT", "Nhiệm vụ", "Tên nhiệm vụ", "Thời gian", "Thời gian hoàn thành"])
    assert mapping.fields["name"] == 2 and mapping.fields["deadline"] == 4
    assert mapping.unmapped_columns() == [1, 3]


def test_rules_file_is_checked(tmp_path: Path) -> None:
    assert "ma yeu cau" in load_synonyms()["requirements"]
    bad = tmp_path / "columns.yaml"
    bad.write_text("fields:\n  nam: [Tên]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown field"):
        load_synonyms(bad)


@pytest.mark.parametrize("number", ["1", "1.", "1.)", "(1)", "1)"])
def test_task_number_forms(number: str) -> None:
    plan, warnings = _plan([HEADER, [number, "Ban hành kế hoạch", "VP", "", "", "Quý I/2026"]])
    assert plan["tasks"][0]["id"] == "1"
    assert not any("dòng 2" in w for w in warnings)


def test_repeated_header_and_column_numbers_are_skipped() -> None:
    plan, _ = _plan(
        [
            HEADER,
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["1", "A", "VP", "", "", ""],
            HEADER,
            ["2", "B", "VP", "", "", ""],
        ]
    )
    assert [t["name"] for t in plan["tasks"]] == ["A", "B"]


def test_continued_row_merges_field_by_field() -> None:
    plan, warnings = _plan(
        [
            HEADER,
            ["7", "Triển khai Kế hoạch số", "Phòng Văn", "Các cơ quan, đơn vị liên", "", "Tháng"],
        ],
        [HEADER, ["", "230-\nKH/TU", "hóa - Xã hội", "quan", "Văn bản", "12/2026"]],
    )
    task = plan["tasks"][0]
    assert task["name"] == "Triển khai Kế hoạch số 230-KH/TU"
    assert (task["lead"], task["deadline"]) == ("Phòng Văn hóa - Xã hội", "Tháng 12/2026")
    assert task["support"] == ["Các cơ quan, đơn vị liên quan"]
    assert any(w.startswith("bảng 2, dòng 2: dòng không có STT") for w in warnings)


def test_sections_topic_and_time() -> None:
    plan, _ = _plan(
        [
            HEADER,
            ["II. Về phát triển hạ tầng và nền tảng số", None, None, None, None, None],
            ["1", "A", "VP", "", "", "Tháng 3/2026"],
            ["III", "Quý III/2026", "", "", "", ""],
            ["2", "B", "VP", "", "", ""],
            ["", "Quý IV năm 2026", None, None, None, None],
            ["3", "C", "VP", "", "", ""],
        ]
    )
    assert plan["sections"] == [
        {"id": "II", "title": "Về phát triển hạ tầng và nền tảng số"},
        {"id": "III", "title": "Quý III/2026", "deadline": "Quý III/2026"},
        {"id": "S3", "title": "Quý IV năm 2026", "deadline": "Quý IV năm 2026"},
    ]
    assert [t["section"] for t in plan["tasks"]] == ["II", "III", "S3"]


def test_unreadable_rows_are_kept_with_a_warning() -> None:
    plan, warnings = _plan(
        [
            HEADER,
            ["Ghi chú: xem phụ lục", "A", "VP", "", "", ""],
            ["1", "", "VP", "", "", ""],
            ["1", "B", "", "", "", "", "lạc cột"],
        ]
    )
    ids = [t["id"] for t in plan["tasks"]]
    assert ids == ["T1-2", "1", "1-2"]
    reasons = {(u["row"], u["reason"]) for u in plan["provenance"]["unmapped"]}
    assert reasons == {(2, "STT is not a task number"), (4, "column not recognised")}
    text = "\n".join(warnings)
    assert "bảng 1, dòng 2" in text and "không có tên" in text and "trùng số" in text


def test_table_without_number_column_numbers_tasks() -> None:
    plan, warnings = _plan(
        [["Nội dung", "Chủ trì", "Thời gian"], ["A", "VP", "Năm 2026"], ["B", "VP", ""]]
    )
    assert [t["id"] for t in plan["tasks"]] == ["1", "2"]
    assert any("không có cột STT" in w for w in warnings)


def test_no_header_fails_listing_first_rows() -> None:
    with pytest.raises(ImportFailure, match=re.escape("bảng 1: Chỉ tiêu | Giá trị")):
        _plan([["Chỉ tiêu", "Giá trị"], ["4G", "100%"]])


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Quý I năm 2026", "Quý I năm 2026"),
        ("Quý II/2026", "Quý II/2026"),
        ("trong quý 1/2026", "quý 1/2026"),
        ("Tháng 01/2026", "Tháng 01/2026"),
        ("30/6/2026", "30/6/2026"),
        ("trước ngày 31/01/2026", "ngày 31/01/2026"),
        ("Hoàn thành trong Quý III năm 2026", "Quý III năm 2026"),
        ("Năm 2026", "Năm 2026"),
        ("Trong năm 2026", "Trong năm 2026"),
        ("Cả năm", "Cả năm"),
        ("Hàng quý", "Hàng quý"),
        ("Định kỳ hằng quý", "Định kỳ hằng quý"),
        ("Thường xuyên", "Thường xuyên"),
        ("Nhiệm vụ thường xuyên", "Nhiệm vụ thường xuyên"),
        ("3.2026", "3.2026"),
        ("Giai đoạn 2026 - 2030", "Giai đoạn 2026 - 2030"),
        ("6 tháng đầu năm", "6 tháng đầu năm"),
        ("Các nhiệm vụ thực hiện trong Quý I/2026", "Quý I/2026"),
    ],
)
def test_time_phrases(text: str, phrase: str) -> None:
    assert time_phrase(text) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "Về phát triển hạ tầng và nền tảng số",
        "Theo nhiệm vụ được giao tại Kế hoạch số 230-KH/TU",
        "Báo cáo hằng tháng",
        "",
    ],
)
def test_not_time_phrases(text: str) -> None:
    assert time_phrase(text) is None


def test_join_lines() -> None:
    assert join_lines("Phòng Văn\nhóa - Xã hội") == "Phòng Văn hóa - Xã hội"
    assert join_lines("số 230-\nKH/TU") == "số 230-KH/TU"
    assert join_lines("Văn hóa -\nXã hội") == "Văn hóa - Xã hội"
    assert join_lines("ngày 29/4/202\n5 của") == "ngày 29/4/2025 của"
    assert join_lines("năm 2026\n100% hồ sơ") == "năm 2026 100% hồ sơ"


@pytest.mark.parametrize(
    ("text", "unit", "document"),
    [
        (
            "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nUBND XÃ BUM NƯA   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Kèm theo Kế hoạch số 56/KH-UBND ngày 26/02/2026 của UBND xã Bum Nưa",
            {"name": "Bum Nưa", "kind": "xa", "province": "Lai Châu"},
            {"number": "56/KH-UBND", "issued": dt.date(2026, 2, 26)},
        ),
        (
            "ỦY BAN NHÂN DÂN\nPHƯỜNG TÂN PHONG\nSố: 05/KH-UBND\n"
            "Tân Phong, ngày 10 tháng 3 năm 2026",
            {"name": "Tân Phong", "kind": "phuong"},
            {"number": "05/KH-UBND", "issued": dt.date(2026, 3, 10)},
        ),
        ("Số: /KH-UBND\nBình Lư, ngày tháng 6 năm 2026\nUBND xã xây dựng Kế hoạch", {}, {}),
        (
            "(Kèm theo Kế hoạch số 25/KH-UBND ngày 23/01/2026 của Ủy ban nhân dân xã)",
            {},
            {"number": "25/KH-UBND", "issued": dt.date(2026, 1, 23)},
        ),
        (
            "Phụ lục (Kèm theo Kế hoạch số 7/KH-UBND ngày 31/02/2026 của UBND đặc khu Côn Đảo)",
            {"name": "Côn Đảo", "kind": "dac_khu"},
            {"number": "7/KH-UBND"},
        ),
    ],
)
def test_title_metadata(text: str, unit: dict[str, Any], document: dict[str, Any]) -> None:
    meta = read_meta(text)
    assert meta.unit == unit
    assert meta.document == document
