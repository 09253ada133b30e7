"""Task rows across PDF page breaks: each row becomes a task or an unmapped entry, never lost.

The PDFs are written in code (``fixtures/import/pdf_writer.py``), so every break point is
where the test puts it: a row alone on the last page, a row whose cells are cut by the break,
the header repeated on each page or not, the break ruled or left open, rules drawn as lines
(Writer) or as thin rectangles (Word). Each test first checks that the layout really has the
break it is about, so a change in the writer cannot make a test pass vacuously.
"""

from __future__ import annotations

from nq57check.importers.base import Extracted, RawTable
from nq57check.importers.table import build_plan


def test_heading_right_under_a_header_is_a_section_not_a_second_header_row() -> None:
    header = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
    # six words or fewer and naming "nhiệm vụ": it could pass for a second header row
    rows: list[list[str | None]] = [header, ["II. Nhiệm vụ hạ tầng số", None, None, None]]
    rows.append(["1", "Lắp đặt wifi công cộng", "Phòng Kinh tế", "Quý II/2026"])
    table = RawTable.from_strings(1, rows, page=2)
    plan, _ = build_plan(Extracted([table], ""), source="t.pdf", stem="t", sha256="0", importer="t")
    assert plan["sections"] == [{"id": "II", "title": "Nhiệm vụ hạ tầng số"}]
    assert [(t["id"], t["section"], t["lead"]) for t in plan["tasks"]] == [
        ("1", "II", "Phòng Kinh tế")
    ]
