"""Bugs an outside tester found in the plan-body readers, each through a document built here:
invisible format characters and look-alike hyphens (a ZWSP, word joiner, BOM or soft hyphen
must not break the header's reading nor stay in stored names; "21/KH‑UBND" with U+2011 is
21/KH-UBND), one warning for a blank number, side-by-side headers that are not a table, the
outward reporting clause, relative changes and bounds in targets, targets tables."""

from __future__ import annotations

import sys
from pathlib import Path

import docx

from nq57check.core.text import clean, plain_dashes
from nq57check.importers import import_document

from conftest import TESTS

sys.path.insert(0, str(TESTS / "fixtures" / "import"))
from pdf_writer import Canvas


def _docx(path: Path, texts: list[str]) -> Path:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_clean_removes_invisible_characters_and_keeps_the_rest() -> None:
    assert clean("Mường\u200bKim\u2060 \ufeffxã\u00ad") == "MườngKim xã"
    assert clean("21/KH\u2011UBND") == "21/KH-UBND"
    assert clean("Độc lập – Tự do") == "Độc lập – Tự do"  # prose dashes are the user's
    assert plain_dashes("21/KH–UBND") == "21/KH-UBND"


def test_invisible_characters_do_not_break_the_header(tmp_path: Path) -> None:
    path = _docx(
        tmp_path / "KeHoach.docx",
        [
            "ỦY BAN\u200b NHÂN DÂN",
            "XÃ MƯỜNG\u00ad \u2060KIM\ufeff",
            "Số: 21/KH\u2011UBND",
            "Mường Kim, ngày\u200b 05 tháng 3 năm 2026",
            "KẾ HOẠCH",
            "Thực hiện Nghị quyết số 57-NQ/TW năm 2026",
            "Căn cứ Kế hoạch số 978/KH\u2011UBND ngày 06/02/2026 của UBND tỉnh Lai Châu;",
            "I. NHIỆM VỤ",
            "1. Kết nối mạng thông tin diện rộng của Đảng",
            "- Đơn vị chủ trì: Văn phòng Đảng ủy xã",
            "- Thời hạn hoàn thành: Quý I/2026",
        ],
    )
    result = import_document(path)
    plan = result.plan
    assert plan["unit"]["name"] == "Mường Kim"
    assert plan["document"]["number"] == "21/KH-UBND"
    assert str(plan["document"]["issued"]) == "2026-03-05"
    assert any("978/KH-UBND" in b for b in plan["document"]["basis"])
    stored = repr(plan)
    assert not any(ch in stored for ch in "\u200b\u2060\ufeff\u00ad\u2011")
    assert not any("tên tệp" in str(w) for w in result.warnings)


def test_a_blank_number_is_one_warning_naming_its_paragraph(tmp_path: Path) -> None:
    path = _docx(
        tmp_path / "KeHoach.docx",
        [
            "ỦY BAN NHÂN DÂN",
            "XÃ BẢN HON",
            "Số:     /KH-UBND",
            "Bản Hon, ngày 05 tháng 3 năm 2026",
            "KẾ HOẠCH",
            "Thực hiện Nghị quyết số 57-NQ/TW năm 2026",
            "I. NHIỆM VỤ",
            "1. Kết nối mạng thông tin diện rộng của Đảng",
            "- Đơn vị chủ trì: Văn phòng Đảng ủy xã",
        ],
    )
    result = import_document(path)
    about = [w for w in result.warnings if "document.number" in w]
    assert len(about) == 1, about
    assert about[0].paragraph == 3
    assert "number" not in result.plan["document"]


def test_a_header_typed_with_tabs_gives_the_unit(tmp_path: Path) -> None:
    path = _docx(
        tmp_path / "P2.docx",
        [
            "ỦY BAN NHÂN DÂN\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "XÃ MƯỜNG THAN\t\tĐộc lập - Tự do - Hạnh phúc",
            "Số: 18/KH-UBND\t\tMường Than, ngày 05 tháng 3 năm 2026",
            "KẾ HOẠCH",
            "Thực hiện Nghị quyết số 57-NQ/TW năm 2026",
            "I. NHIỆM VỤ",
            "1. Kết nối mạng thông tin diện rộng của Đảng",
            "- Đơn vị chủ trì: Văn phòng Đảng ủy xã",
        ],
    )
    result = import_document(path)
    assert result.plan["unit"] == {"name": "Mường Than", "kind": "xa"}
    assert not any("unit.name" in w for w in result.warnings)


def test_a_pdf_header_with_blocks_side_by_side_gives_the_unit(tmp_path: Path) -> None:
    canvas = Canvas()
    page = canvas.page()
    top = 40
    for left, right in (
        ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("XÃ MƯỜNG KIM", "Độc lập - Tự do - Hạnh phúc"),
        ("Số: 18/KH-UBND", "Mường Kim, ngày 05 tháng 3 năm 2026"),
    ):
        canvas.text(page, 60, top, left, size=9)
        canvas.text(page, 300, top, right, size=9)
        top += 14
    for line in (
        "KẾ HOẠCH",
        "Chuyển đổi số năm 2026",
        "I. NHIỆM VỤ",
        "1. Kết nối mạng thông tin diện rộng của Đảng.",
        "- Đơn vị chủ trì: Văn phòng Đảng ủy xã.",
    ):
        top += 18
        canvas.text(page, 50, top, line, size=9)
    path = tmp_path / "P2.pdf"
    path.write_bytes(canvas.save())
    result = import_document(path)
    assert result.plan["unit"]["name"] == "Mường Kim"
    assert not any("unit.name" in w for w in result.warnings)


def test_a_generic_file_name_gives_the_commune_folders_name(tmp_path: Path) -> None:
    folder = tmp_path / "Nậm Tăm"
    folder.mkdir()
    texts = ["KẾ HOẠCH", "Chuyển đổi số năm 2026", "I. NHIỆM VỤ", "1. Kết nối mạng"]
    texts.append("- Đơn vị chủ trì: Văn phòng Đảng ủy xã")
    generic = import_document(_docx(folder / "KeHoach.docx", texts))
    assert generic.plan["unit"]["name"] == "Nậm Tăm"
    said = [w for w in generic.warnings if "(unit.name)" in w]
    assert len(said) == 1 and "tên thư mục 'Nậm Tăm'" in said[0]
    own = import_document(_docx(folder / "KH_Muong_Kim.docx", texts))
    assert own.plan["unit"]["name"] == "KH_Muong_Kim"  # a name of its own: the file's
    assert any("tên tệp 'KH_Muong_Kim'" in w for w in own.warnings)


def test_a_targets_table_under_the_goals_is_targets_not_tasks(tmp_path: Path) -> None:
    """Its header looks like a task table's (STT, a 'Nội dung' column, Cơ quan chủ trì,
    Thời gian hoàn thành), but it names a target column and its rows are percentages."""
    document = docx.Document()
    for text in (
        "ỦY BAN NHÂN DÂN",
        "XÃ BẢN HON",
        "KẾ HOẠCH",
        "Chuyển đổi số năm 2026",
        "I. MỤC TIÊU",
        "2. Mục tiêu cụ thể",
    ):
        document.add_paragraph(text)
    rows = [
        ["STT", "Nội dung chỉ tiêu", "Chỉ tiêu năm 2026", "Cơ quan chủ trì", "Thời gian"],
        ["1", "Tỷ lệ hồ sơ nộp trực tuyến", "Trên 90%", "Trung tâm Phục vụ HCC", "Năm 2026"],
        ["2", "Tỷ lệ thôn, bản được phủ sóng 4G", "100%", "Phòng Kinh tế", "Quý II/2026"],
    ]
    table = document.add_table(rows=0, cols=5)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    for text in (
        "II. NHIỆM VỤ",
        "1. Kết nối mạng thông tin diện rộng của Đảng.",
        "- Đơn vị chủ trì: Văn phòng Đảng ủy xã.",
    ):
        document.add_paragraph(text)
    path = tmp_path / "KeHoach.docx"
    document.save(str(path))
    plan = import_document(path).plan
    assert [t["name"] for t in plan["tasks"]] == ["Kết nối mạng thông tin diện rộng của Đảng."]
    targets = plan["targets"]
    assert (targets["online_dossier_rate"]["value"], targets["online_dossier_rate"]["bound"]) == (
        90,
        "above",
    )
    assert targets["coverage_4g_villages"]["value"] == 100


def test_a_task_table_with_a_target_column_stays_a_task_table() -> None:
    from nq57check.importers.columns import is_targets_table

    header = ["STT", "Nhiệm vụ", "Chỉ tiêu", "Cơ quan chủ trì", "Thời gian hoàn thành"]
    rows = [["1", "Số hóa hồ sơ", "100%", "Văn phòng", "Quý I/2026"]]
    assert not is_targets_table(header, rows)  # a task column: tasks with a target each
    header = ["STT", "Nội dung chỉ tiêu", "Chỉ tiêu", "Cơ quan chủ trì", "Thời gian"]
    assert is_targets_table(header, rows)
    assert not is_targets_table(header, [["1", "Tập huấn", "2 lớp", "Văn phòng", "Quý I"]])
