"""Body task lines as real plans write them: lead/deadline labels of other wordings, fields
written in the sentence, a field block shared only by the bullets of one task, a second lead
line. Each plan is a .docx built here and imported through the CLI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import TESTS, run_cli

sys.path.insert(0, str(TESTS / "fixtures" / "import"))
import body_builders as bb

OPENING = ["KẾ HOẠCH chuyển đổi số năm 2026", "II. NHIỆM VỤ, GIẢI PHÁP"]


def _import(paragraphs: list[str], tmp_path: Path) -> tuple[dict[str, Any], str]:
    """The plan `nq57check import` writes for a body of these paragraphs, and its stderr."""
    body = bb.Body(["ỦY BAN NHÂN DÂN", "XÃ NẬM TĂM"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    body.paragraphs = [*OPENING, *paragraphs]
    document = bb.write_body_docx(body, tmp_path / "KeHoach.docx")
    out = tmp_path / "plan.yaml"
    done = run_cli("import", str(document), "-o", str(out), "--lang", "en")
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(out.read_text("utf-8")), done.stdout + done.stderr


TASK = "1. Bảo đảm an toàn thông tin cho hệ thống thông tin của xã."


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("- Cơ quan thực hiện: Công an xã.", "lead", "Công an xã"),  # a columns.yaml synonym
        ("- Đơn vị thực hiện: Công an xã.", "lead", "Công an xã"),
        ("- Trách nhiệm thực hiện: Công an xã.", "lead", "Công an xã"),
        ("- Cơ quan tham mưu: Công an xã.", "lead", "Công an xã"),
        ("Đơn vị chủ trì - Công an xã.", "lead", "Công an xã"),  # a dash for the colon
        ("- Hoàn thành: Quý II/2026.", "deadline", "Quý II/2026"),
        ("- Tiến độ: Quý II/2026.", "deadline", "Quý II/2026"),
    ],
)
def test_other_label_wordings_are_read(line: str, field: str, value: str, tmp_path: Path) -> None:
    plan, _ = _import([TASK, line], tmp_path)
    assert [t["name"] for t in plan["tasks"]] == [TASK[3:]]
    assert plan["tasks"][0][field] == value
    assert plan["provenance"]["unmapped"] == []


def test_an_unknown_label_keeps_the_task_and_is_listed(tmp_path: Path) -> None:
    plan, shown = _import(
        [TASK, "- Cơ quan kiểm tra: Thanh tra xã.", "- Đơn vị chủ trì: Công an xã."], tmp_path
    )
    assert [(t["name"], t["lead"]) for t in plan["tasks"]] == [(TASK[3:], "Công an xã")]
    assert plan["sections"] == [{"id": "II", "title": "NHIỆM VỤ, GIẢI PHÁP"}]
    unmapped = plan["provenance"]["unmapped"]
    assert [u["text"] for u in unmapped] == ["- Cơ quan kiểm tra: Thanh tra xã."]
    assert "label is not known" in unmapped[0]["reason"]
    assert "Cơ quan kiểm tra: Thanh tra xã" in shown and "label that is not known" in shown


@pytest.mark.parametrize(
    ("paragraphs", "lead", "deadline"),
    [
        (["1. Bảo đảm an toàn thông tin; thời gian thực hiện: thường xuyên."], "", "thường xuyên"),
        (
            ["1. Bảo đảm an toàn thông tin (hoàn thành trước ngày 30/6/2026)."],
            "",
            "hoàn thành trước ngày 30/6/2026",
        ),
        (
            ["1. Giao Công an xã chủ trì bảo đảm an toàn thông tin trong Quý II/2026."],
            "Công an xã",
            "trong Quý II/2026",
        ),
        (
            [TASK, "- Đơn vị chủ trì: Công an xã; thời hạn hoàn thành: Quý II/2026."],
            "Công an xã",
            "Quý II/2026",
        ),
    ],
)
def test_fields_written_inline_or_on_one_line(
    paragraphs: list[str], lead: str, deadline: str, tmp_path: Path
) -> None:
    plan, _ = _import(paragraphs, tmp_path)
    assert [(t["lead"], t["deadline"]) for t in plan["tasks"]] == [(lead, deadline)]


def test_a_numbered_task_does_not_borrow_its_siblings_fields(tmp_path: Path) -> None:
    plan, _ = _import(
        [
            "1. Rà soát, bố trí cán bộ phụ trách chuyển đổi số.",
            "2. Tiếp nhận, xử lý phản ánh kiến nghị trên nền tảng số.",
            "- Đơn vị chủ trì: Văn phòng HĐND và UBND xã.",
            "- Thời hạn hoàn thành: Quý II/2026.",
            "3. Hạ tầng số",
            "- Phủ sóng 4G đến 100% thôn, bản.",
            "- Xây dựng điểm truy cập Internet công cộng.",
            "+ Đơn vị chủ trì: Phòng Kinh tế",
        ],
        tmp_path,
    )
    got = [(t["name"][:12], t["lead"], t["deadline"]) for t in plan["tasks"]]
    assert got == [
        ("Rà soát, bố ", "", ""),  # its missing lead stays missing
        ("Tiếp nhận, x", "Văn phòng HĐND và UBND xã", "Quý II/2026"),
        ("Phủ sóng 4G ", "Phòng Kinh tế", ""),  # bullets of one task share the block
        ("Xây dựng điể", "Phòng Kinh tế", ""),
    ]


def test_a_second_lead_line_keeps_the_first_and_warns(tmp_path: Path) -> None:
    plan, shown = _import(
        [TASK, "- Đơn vị chủ trì: Phòng Kinh tế", "Đơn vị chủ trì: Công an xã"], tmp_path
    )
    task = plan["tasks"][0]
    assert task["lead"] == "Phòng Kinh tế"
    assert "Công an xã" in task["note"]
    assert "two 'Đơn vị chủ trì' lines" in shown and "'Công an xã'" in shown


def test_body_and_appendix_sections_of_one_id_stay_apart(tmp_path: Path) -> None:
    """'I.' a body heading and 'I | Quý IV năm 2026' an appendix row: the body's tasks keep
    their own (missing) deadline and the appendix numbers all its tasks 'PL.'."""
    import json

    import import_builders as tb

    path = tmp_path / "KeHoach.docx"
    tb.write_docx(
        [
            tb.P("I. NHIỆM VỤ TRỌNG TÂM"),
            tb.P("1. Bảo đảm an toàn thông tin, an ninh mạng cho hệ thống của xã."),
            tb.P("- Đơn vị chủ trì: Công an xã."),
            tb.P("(Có Phụ lục kèm theo)"),
            tb.T(
                [
                    ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
                    ["I", "Quý IV năm 2026", "", ""],
                    ["1", "Số hóa hồ sơ lưu trữ", "Văn phòng", ""],
                    ["2", "Triển khai nền tảng phản ánh kiến nghị", "Văn phòng", ""],
                ]
            ),
        ],
        path,
    )
    out = tmp_path / "plan.yaml"
    assert run_cli("import", str(path), "-o", str(out)).returncode == 0
    plan = yaml.safe_load(out.read_text("utf-8"))
    assert [(t["id"], t.get("section")) for t in plan["tasks"]] == [
        ("1", "I"),
        ("PL.1", "PL.I"),
        ("PL.2", "PL.I"),
    ]
    sections = {s["id"]: s for s in plan["sections"]}
    assert "deadline" not in sections["I"] and sections["PL.I"]["deadline"] == "Quý IV năm 2026"
    done = run_cli("check", str(path), "--format", "json", "--as-of", "2026-05-01")
    no_deadline = {
        f["task"]
        for f in json.loads(done.stdout)["findings"]
        if f["requirement"] == "R-RO-THOI-HAN"
    }
    assert "1" in no_deadline and "PL.1" not in no_deadline


def test_what_other_extractors_read_under_to_chuc_thuc_hien_is_no_duty(tmp_path: Path) -> None:
    plan, _ = _import(
        [
            TASK,
            "- Đơn vị chủ trì: Công an xã.",
            "III. TỔ CHỨC THỰC HIỆN",
            "1. Công an xã",
            "- Chủ trì bảo đảm an ninh mạng trên địa bàn xã; thời gian thực hiện: thường xuyên.",
            "2. Chế độ báo cáo",
            "Các cơ quan, đơn vị báo cáo kết quả thực hiện về UBND xã định kỳ hằng tháng "
            "trước ngày 10.",
            "3. Kinh phí thực hiện",
            "Kinh phí thực hiện từ nguồn ngân sách xã được giao hằng năm.",
            "4. Kế hoạch này thay thế Kế hoạch số 12/KH-UBND ngày 20/01/2026 của UBND xã.",
            "Phụ lục 01. DANH MỤC NHIỆM VỤ",
            "Danh mục các nhiệm vụ trọng tâm năm 2026 của xã.",
        ],
        tmp_path,
    )
    got = [(t["name"][:20], t["lead"], t.get("section")) for t in plan["tasks"]]
    assert got == [
        (TASK[3:23], "Công an xã", "II"),
        ("Chủ trì bảo đảm an n", "Công an xã", "III.1"),
    ]
    assert plan["document"]["reporting"]["monthly"] is True  # read by the reporting clause
    assert plan["document"]["replaces"] == ["Kế hoạch số 12/KH-UBND ngày 20/01/2026 của UBND xã"]


def test_a_numbered_paragraph_of_one_lower_case_word_is_its_own_task(tmp_path: Path) -> None:
    plan, _ = _import([TASK, "- Đơn vị chủ trì: Công an xã.", "2. " + "a" * 300], tmp_path)
    assert [len(t["name"]) for t in plan["tasks"]] == [len(TASK) - 3, 300]


def test_word_numbering_past_any_plan_gives_no_number(tmp_path: Path) -> None:
    """A list starting at 2147483647 (clamped to 1000) must not leave '1000.' in the text."""
    import docx
    from docx.oxml.ns import qn

    from nq57check.importers.docx import read_docx

    path = bb.write_body_docx(
        bb.Body([], [], [("Rà soát văn bản", "List Number"), "- Đơn vị chủ trì: Công an xã"]),
        tmp_path / "KeHoach.docx",
    )
    document = docx.Document(str(path))
    for lvl in document.part.numbering_part.element.iter(qn("w:lvl")):
        for tag, value in (("w:start", "2147483647"), ("w:numFmt", "decimal")):
            node = lvl.find(qn(tag))
            if node is not None:
                node.set(qn("w:val"), value)
    document.save(str(path))
    assert read_docx(path).body[0].text == "Rà soát văn bản"


def test_a_body_past_the_character_bound_names_no_merged_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nq57check.importers.limits as limits
    from nq57check.importers import ImportFailure, import_document

    monkeypatch.setattr(limits, "MAX_CHARS", 200)
    body = bb.Body(["ỦY BAN NHÂN DÂN", "XÃ NẬM TĂM"], [], [*OPENING, TASK * 5])
    with pytest.raises(ImportFailure, match="limit MAX_CHARS") as refused:
        import_document(bb.write_body_docx(body, tmp_path / "KeHoach.docx"))
    assert "paragraph" in str(refused.value) and "merged cell" not in str(refused.value)


def test_a_task_table_framed_in_a_one_cell_table_is_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN")
    document.add_paragraph("XÃ NẬM TĂM")
    frame = document.add_table(rows=1, cols=1)
    inner = frame.cell(0, 0).add_table(rows=1, cols=4)
    rows = [
        ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
        ["1", "Số hóa hồ sơ lưu trữ", "Văn phòng", "Quý II/2026"],
        ["2", "Kết nối mạng diện rộng của Đảng", "Văn phòng Đảng ủy", "Quý I/2026"],
    ]
    for number, row in enumerate(rows):
        cells = inner.rows[0].cells if number == 0 else inner.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    path = tmp_path / "PhuLuc.docx"
    document.save(str(path))
    out = tmp_path / "plan.yaml"
    done = run_cli("import", str(path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    plan = yaml.safe_load(out.read_text("utf-8"))
    assert [(t["id"], t["lead"], t["deadline"]) for t in plan["tasks"]] == [
        ("1", "Văn phòng", "Quý II/2026"),
        ("2", "Văn phòng Đảng ủy", "Quý I/2026"),
    ]
