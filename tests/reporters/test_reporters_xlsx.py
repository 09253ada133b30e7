"""xlsx workbook read back with openpyxl: sheets, header rows, rows, run facts."""

from __future__ import annotations

import dataclasses
import io
import re

import openpyxl

from nq57check.findings import RunResult
from nq57check.reporters import xlsx

try:
    from reporter_fixtures import HOSTILE, make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import HOSTILE, make_run


def _book(run: RunResult | None = None, lang: str = "vi") -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx.render(run or make_run(), lang=lang)))


def test_sheet_names() -> None:
    book = _book()
    assert book.sheetnames == [  # communes in rank order: worst risk first
        "Tổng hợp",
        "xa-moi",  # no unit: last part of the path
        "xã Bình Lư",
        "xã Phong Thổ",
        "xã Bình Lư (KH 377)",
    ]
    assert _book(lang="en").sheetnames[0] == "Summary"


def test_sheet_title_rules() -> None:
    taken: set[str] = set()
    long = "Phường Tân Phong / thành phố Lai Châu [mới]: *?"
    first = xlsx.sheet_title(long, taken)
    second = xlsx.sheet_title(long, taken)
    third = xlsx.sheet_title(long.upper(), taken)  # Excel compares case-insensitively
    for title in (first, second, third):
        assert len(title) <= 31
        assert not re.search(r"[\[\]:*?/\\]", title)
    assert len({first.casefold(), second.casefold(), third.casefold()}) == 3
    assert first.startswith("Phường Tân Phong")
    assert xlsx.sheet_title("History", set()) != "History"
    assert xlsx.sheet_title("'quoted'", set()) == "quoted"


def test_many_communes_with_the_same_name_get_unique_sheets() -> None:
    run = make_run()
    base = run.communes[0]
    run.communes = [dataclasses.replace(base, path=f"p/{i:02d}") for i in range(12)]
    names = _book(run).sheetnames
    assert len(names) == len(set(n.casefold() for n in names)) == 13


def test_summary_sheet() -> None:
    ws = _book()["Tổng hợp"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:8] == (
        "Hạng", "Xã/phường", "Tỉnh", "Kế hoạch", "Mức rủi ro", "Nội dung mức rủi ro",
        "Số lượng", "Lỗi",
    )  # fmt: skip
    assert header[12:17] == (
        "A. Cấu trúc kế hoạch (5 rõ)",
        "B. Nhiệm vụ bắt buộc",
        "C. Chỉ tiêu",
        "D. Báo cáo và minh chứng",
        "Khác",
    )
    assert all(cell.font.bold for cell in ws[1] if cell.value)
    assert ws.auto_filter.ref == "A1:R5"  # filters on the ranking
    ranked = [r for r in rows[1:5]]
    assert [r[1] for r in ranked] == [
        "communes/lang-son/xa-moi",
        "xã Bình Lư (Lai Châu)",
        "xã Phong Thổ (Lai Châu)",
        "xã Bình Lư (KH 377) (Lai Châu)",
    ]
    assert [r[0] for r in ranked] == [1, 2, 3, 4] and [r[4] for r in ranked] == [1, 2, 2, None]
    phong_tho = ranked[2]
    assert phong_tho[6:12] == (1, 2, 1, 1, 1, 0)  # count in class, errors, warnings, info...
    assert phong_tho[12:17] == (2, 1, 0, 0, 0)  # errors + warnings by area: numbers
    assert all(isinstance(v, int) for r in ranked for v in r[6:17])
    assert len(ws._charts) == 1  # communes per risk class, a native bar chart
    counts = rows[rows.index(("Số xã/phường theo mức rủi ro", *([None] * 17))) + 1 :][:5]
    assert [c[1] for c in counts] == [1, 2, 0, 0, 1]
    flat = [v for r in rows for v in r if v is not None]
    assert "nq57-base 1.0.0, lai-chau-2026 2026.1" in flat and "2026-04-20" in flat
    assert {"a" * 64, "b" * 64, "c" * 64, "d" * 64} <= set(flat)
    assert flat.index("a" * 64) > flat.index("Số xã/phường theo mức rủi ro")  # facts last


def test_commune_sheet_rows() -> None:
    ws = _book()["xã Phong Thổ"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Mức độ", "Nhóm yêu cầu", "Yêu cầu", "Quy tắc")
    assert all(cell.font.bold for cell in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws["G2"].alignment.wrap_text
    findings = [r for r in rows[1:] if r[0] in ("Lỗi", "Cảnh báo", "Thông tin")]
    assert len(findings) == 5  # 4 open + 1 waived
    col = {name: i for i, name in enumerate(header)}
    hostile = next(r for r in findings if r[col["Quy tắc"]] == "do-luong")
    assert HOSTILE in hostile[col["Tồn tại"]]
    assert hostile[col["Nhiệm vụ"]] == "Số hóa quy trình nghiệp vụ cốt lõi"
    assert hostile[col["Minh chứng cần xem"]] == "Sản phẩm đầu ra có số liệu cụ thể"
    assert hostile[col["Dòng"]] == 20
    waived = next(r for r in findings if r[col["Quy tắc"]] == "can-cu")
    assert waived[col["Lý do miễn trừ"]].startswith("Đã bổ sung căn cứ")
    assert [r[col["Mức rủi ro"]] for r in findings[:4]] == [2, 3, 4, 4]  # worst first
    assert ws.auto_filter.ref == f"A1:N{len(findings) + 1}"
    documents = rows.index(("Tài liệu cần yêu cầu khi kiểm tra", *([None] * 13)))
    wanted = [r[1] for r in rows[documents + 1 :] if r[0] == "☐"]
    assert "Bảng phân công nhiệm vụ có cột cơ quan chủ trì" in wanted
    assert len(wanted) == len(set(wanted))


def test_problems_and_skipped_on_their_sheets() -> None:
    book = _book()
    values = [v for r in book["xa-moi"].iter_rows(values_only=True) for v in r if v]
    assert "ngày không hợp lệ: 31/02/2026" in values and "tasks[3].deadline" in values
    skipped = [v for r in book["xã Bình Lư (KH 377)"].iter_rows(values_only=True) for v in r]
    assert "Kế hoạch 377/KH-UBND đã được thay thế" in skipped


def test_user_text_is_never_a_formula() -> None:
    run = make_run()
    finding = run.communes[0].findings[0]
    run.communes[0].findings[0] = dataclasses.replace(finding, task="=1+1", message="x\x07y")
    ws = _book(run)["xã Phong Thổ"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)
    assert any("xy" in str(c.value) for row in ws.iter_rows() for c in row)
