"""importers/body/header: the issuing block, number, date and title of a plan body, in the
layouts plans come in (a layout table with the motto interleaved, plain paragraphs, upper or
lower case, no diacritics), and blanks left for the number or day."""

from __future__ import annotations

import datetime as dt

from importers.body_helpers import bold, cell, paragraphs
from nq57check.importers.body.header import read_header


def test_a_two_column_header_read_row_by_row() -> None:
    """Word gives the layout table row by row: issuer and motto interleave."""
    part = read_header(
        paragraphs(
            cell("ỦY BAN NHÂN DÂN"),
            cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            cell("XÃ NẬM TĂM"),
            cell("Độc lập - Tự do - Hạnh phúc"),
            cell("Số: 21/KH-UBND"),
            cell("Nậm Tăm, ngày 05 tháng 3 năm 2026"),
            bold("KẾ HOẠCH"),
            bold("Thực hiện Nghị quyết số 57-NQ/TW năm 2026 trên địa bàn xã"),
            "Thực hiện Kế hoạch số 978/KH-UBND ngày 06/02/2026 của UBND tỉnh Lai Châu, UBND xã"
            " ban hành Kế hoạch như sau:",
        )
    )
    assert part.fields["unit"] == {"name": "Nậm Tăm", "kind": "xa"}
    document = part.fields["document"]
    assert document["number"] == "21/KH-UBND"
    assert document["issued"] == dt.date(2026, 3, 5)
    assert document["title"] == "Thực hiện Nghị quyết số 57-NQ/TW năm 2026 trên địa bàn xã"
    assert part.warnings == []


def test_a_header_read_column_by_column_with_a_province_line() -> None:
    part = read_header(
        paragraphs(
            cell("UBND TỈNH LAI CHÂU"),
            cell("UBND PHƯỜNG TÂN PHONG"),
            cell("Số: 05/KH-UBND"),
            cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            cell("Độc lập - Tự do - Hạnh phúc"),
            cell("_______________________"),
            cell("Tân Phong, ngày 10 tháng 01 năm 2026"),
            "KẾ HOẠCH",
            "Triển khai Nghị quyết 57-NQ/TW về chuyển đổi số năm 2026",
            "I. MỤC ĐÍCH, YÊU CẦU",
        )
    )
    assert part.fields["unit"] == {"name": "Tân Phong", "kind": "phuong", "province": "Lai Châu"}
    assert part.fields["document"]["number"] == "05/KH-UBND"
    assert part.fields["document"]["issued"] == dt.date(2026, 1, 10)
    assert part.fields["document"]["title"].startswith("Triển khai Nghị quyết 57-NQ/TW")


def test_issuer_and_kind_in_one_paragraph_and_a_special_zone() -> None:
    part = read_header(
        paragraphs("ỦY BAN NHÂN DÂN ĐẶC KHU CÔN ĐẢO", "Số: 12/KH-UBND", "KẾ HOẠCH", "Chuyển đổi số")
    )
    assert part.fields["unit"] == {"name": "Côn Đảo", "kind": "dac_khu"}


def test_blanks_are_unknown_with_a_warning_naming_the_paragraph() -> None:
    """The seed of Bình Lư: 'Số: /KH-UBND', 'Bình Lư, ngày tháng 6 năm 2026'."""
    part = read_header(
        paragraphs(
            "Số:     /KH-UBND",
            "Bình Lư, ngày    tháng 6 năm 2026",
            "KẾ HOẠCH",
            "thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị năm 2026",
            "Thực hiện Kế hoạch số 104-KH/ĐU ngày 25/5/2026 của Đảng ủy xã Bình Lư. UBND xã xây"
            " dựng Kế hoạch thực hiện cụ thể như sau:",
        )
    )
    document = part.fields["document"]
    assert "number" not in document and "issued" not in document
    assert document["title"].startswith("thực hiện Nghị quyết số 57-NQ/TW")  # as written
    assert any(w.startswith("đoạn 1: số kế hoạch") and "/KH-UBND" in w for w in part.warnings)
    assert any(w.startswith("đoạn 2: ngày ban hành") for w in part.warnings)
    assert any("ỦY BAN NHÂN DÂN" in w for w in part.warnings)  # no issuing block at all


def test_dots_left_for_the_number_and_the_date() -> None:
    part = read_header(
        paragraphs(
            "UBND XÃ BUM NƯA",
            "Số: ......./KH-UBND",
            "Bum Nưa, ngày ..... tháng ..... năm 2026",
            "KẾ HOẠCH",
            "Thực hiện NQ57",
        ),
    )
    assert part.fields["unit"]["name"] == "Bum Nưa"
    assert "number" not in part.fields["document"] and "issued" not in part.fields["document"]
    assert len([w for w in part.warnings if w.startswith(("đoạn 2:", "đoạn 3:"))]) == 2


def test_a_header_typed_without_diacritics() -> None:
    part = read_header(
        paragraphs(
            "UY BAN NHAN DAN",
            "XA NAM TAM",
            "So: 21/KH-UBND",
            "Nam Tam, ngay 05 thang 3 nam 2026",
            "KE HOACH",
            "Thuc hien Nghi quyet 57-NQ/TW nam 2026",
            "Can cu Ke hoach so 978/KH-UBND;",
        )
    )
    assert part.fields["unit"] == {"name": "Nam Tam", "kind": "xa"}
    assert part.fields["document"]["number"] == "21/KH-UBND"
    assert part.fields["document"]["issued"] == dt.date(2026, 3, 5)
    assert part.fields["document"]["title"] == "Thuc hien Nghi quyet 57-NQ/TW nam 2026"


def test_a_date_that_does_not_exist_is_not_taken() -> None:
    part = read_header(paragraphs("UBND XÃ A", "Số: 3/KH-UBND", "A, ngày 30 tháng 2 năm 2026"))
    assert "issued" not in part.fields["document"]
    assert any(w.startswith("đoạn 3:") and "không có thật" in w for w in part.warnings)


def test_a_page_is_named_when_known() -> None:
    part = read_header(paragraphs("Số: /KH-UBND", "KẾ HOẠCH", "Chuyển đổi số", page=1))
    assert any(w.startswith("đoạn 1 (trang 1):") for w in part.warnings), part.warnings
    assert all(getattr(w, "paragraph", None) == 1 for w in part.warnings if "đoạn 1" in w)


def test_a_side_by_side_header_that_is_not_a_table() -> None:
    """Left and right blocks on the same lines (tabs in Word, a wide gap in a PDF), read as
    one paragraph each: the issuer is the part before the motto."""
    part = read_header(
        paragraphs(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "XÃ MƯỜNG KIM Độc lập - Tự do - Hạnh phúc",
            "Số: 18/KH-UBND Mường Kim, ngày 05 tháng 3 năm 2026",
            bold("KẾ HOẠCH"),
            bold("Chuyển đổi số năm 2026"),
        )
    )
    assert part.fields["unit"] == {"name": "Mường Kim", "kind": "xa"}
    assert part.fields["document"]["number"] == "18/KH-UBND"
    assert part.fields["document"]["issued"] == dt.date(2026, 3, 5)
