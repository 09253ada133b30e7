"""Bugs an outside tester found in the plan-body readers, each through a document built here:
invisible format characters and look-alike hyphens (a ZWSP, word joiner, BOM or soft hyphen
must not break the header's reading nor stay in stored names; "21/KH‑UBND" with U+2011 is
21/KH-UBND), one warning for a blank number, side-by-side headers that are not a table, the
outward reporting clause, relative changes and bounds in targets, targets tables."""

from __future__ import annotations

from pathlib import Path

import docx

from nq57check.core.text import clean, plain_dashes
from nq57check.importers import import_document


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
