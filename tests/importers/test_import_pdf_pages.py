"""Task rows across PDF page breaks: each row becomes a task or an unmapped entry, never lost.

The PDFs are written in code (``fixtures/import/pdf_writer.py``), so every break point is
where the test puts it: a row alone on the last page, a row whose cells are cut by the break,
the header repeated on each page or not, the break ruled or left open, rules drawn as lines
(Writer) or as thin rectangles (Word). Each test first checks that the layout really has the
break it is about, so a change in the writer cannot make a test pass vacuously.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from nq57check.importers import import_document, pdf
from nq57check.importers.base import Extracted, ImportFailure, RawTable
from nq57check.importers.table import build_plan
from nq57check.loading.models import Plan

from conftest import TESTS, run_cli

FIXTURES = TESTS / "fixtures" / "import"
if str(FIXTURES) not in sys.path:
    sys.path.insert(0, str(FIXTURES))

import pdf_writer as pw  # noqa: E402

HEADER = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Kết quả", "Thời gian hoàn thành"]
WIDTHS = [30.0, 200.0, 110.0, 110.0, 70.0]
PROSE = (
    "triển khai ứng dụng nền tảng số cho người dân và doanh nghiệp trên địa bàn xã bảo đảm an "
    "toàn thông tin mạng xây dựng cơ sở dữ liệu dùng chung đào tạo kỹ năng số cán bộ công chức"
)
WORDS = PROSE.split()
UNITS = ("Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế", "Công an xã")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
LAYOUTS = [
    pytest.param(
        repeat,
        rule,
        rects,
        id=f"{'header' if repeat else 'noheader'}-"
        f"{'ruled' if rule else 'open'}-{'rects' if rects else 'lines'}",
    )
    for repeat in (True, False)
    for rule in (True, False)
    for rects in (False, True)
]

Row = list[str | None]


def _name(i: int, extra: int) -> str:
    words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(extra)]
    return " ".join([f"Nhiệm vụ {i}", *words])


def _task(i: int, extra: int = 0, *, lead_extra: int = 0, merged: bool = False) -> Row:
    """A task row: its output cell merged into the lead cell when ``merged``."""
    lead = " ".join([UNITS[i % len(UNITS)], *["và các đơn vị liên quan"] * lead_extra])
    return [f"{i}.", _name(i, extra), lead, None if merged else f"Kết quả {i}", "Quý I/2026"]


def _heading(number: int) -> Row:
    return [f"{ROMAN[number - 1]}. Nhóm nhiệm vụ thứ {number}", None, None, None, None]


def _expected(rows: list[Row]) -> list[tuple[str, str, str]]:
    return [(str(r[0]).rstrip("."), str(r[1]), str(r[2])) for r in rows if r[1] is not None]


def _import(
    data: bytes, folder: Path, name: str = "phu_luc.pdf"
) -> tuple[dict[str, Any], list[str]]:
    path = folder / name
    path.write_bytes(data)
    result = import_document(path)
    Plan.model_validate(result.plan)
    return result.plan, result.warnings


def _layout(rows: list[Row], want: Any, **kwargs: Any) -> tuple[bytes, list[list[int]]]:
    """The first page height (in lines, and title lines above the table) whose layout of
    ``rows`` satisfies ``want(pages)``."""
    for lines in range(4, 60):
        for above in range(4):
            title = ("PHỤ LỤC NHIỆM VỤ",) * above
            layout = pw.Layout(lines, **kwargs)
            data, pages = pw.layout_table(HEADER, rows, WIDTHS, layout, title=title)
            if want(pages):
                return data, pages
    raise AssertionError("no page height gives the layout the test needs")


def _alone_on_last_page(pages: list[list[int]]) -> bool:
    return len(pages) > 1 and pages[-1] == [pages[-1][0]] and pages[-2][-1] < pages[-1][0]


def _assert_all_tasks(plan: dict[str, Any], rows: list[Row], pages: list[list[int]]) -> None:
    tasks = plan["tasks"]
    assert [(t["id"], t["name"], t["lead"]) for t in tasks] == _expected(rows)
    task_pages = [p[0] for r, p in zip(rows, pages, strict=True) if r[1] is not None]
    assert [t["origin"]["page"] for t in tasks] == task_pages
    assert plan["provenance"]["unmapped"] == []


# -- a row alone on the last page ------------------------------------------------------------


@pytest.mark.parametrize("rule", [False, True], ids=["open-break", "ruled-break"])
def test_46_tasks_with_the_last_alone_on_the_last_page_via_cli(tmp_path: Path, rule: bool) -> None:
    rows = [_task(i) for i in range(1, 47)]
    data, pages = _layout(rows, _alone_on_last_page, repeat_header=False, rule_breaks=rule)
    document = tmp_path / "KeHoach.pdf"
    document.write_bytes(data)
    done = run_cli("import", str(document), "-o", str(tmp_path / "xa" / "plan.yaml"))
    assert done.returncode == 0, done.stderr
    plan = yaml.safe_load((tmp_path / "xa" / "plan.yaml").read_text(encoding="utf-8"))
    assert len(plan["tasks"]) == 46
    _assert_all_tasks(plan, rows, pages)
    assert plan["tasks"][-1]["origin"]["page"] == pages[-1][0] > 1


@pytest.mark.parametrize(("repeat", "rule", "rects"), LAYOUTS)
def test_row_alone_on_the_last_page(tmp_path: Path, repeat: bool, rule: bool, rects: bool) -> None:
    rows = [_task(i, extra=i % 3) for i in range(1, 8)]
    data, pages = _layout(
        rows, _alone_on_last_page, repeat_header=repeat, rule_breaks=rule, rects=rects
    )
    plan, _ = _import(data, tmp_path)
    _assert_all_tasks(plan, rows, pages)


def test_last_row_with_merged_cells_alone_on_the_last_page(tmp_path: Path) -> None:
    # the last page's fragment has no rule between lead and output: fewer columns than page 1
    rows = [_task(i) for i in range(1, 6)] + [_task(6, merged=True)]
    data, pages = _layout(rows, _alone_on_last_page, repeat_header=False, rule_breaks=False)
    plan, _ = _import(data, tmp_path)
    _assert_all_tasks(plan, rows, pages)
    assert plan["tasks"][-1]["output"] == ""
    assert plan["tasks"][-1]["deadline"] == "Quý I/2026"


def test_row_spanning_the_table_alone_on_the_last_page_is_kept(tmp_path: Path) -> None:
    # one cell wide: pdfplumber sees no table there; read with the previous page's columns
    rows = [_task(i) for i in range(1, 6)] + [_heading(5)]
    data, pages = _layout(rows, _alone_on_last_page, repeat_header=False)
    plan, warnings = _import(data, tmp_path)
    _assert_all_tasks(plan, rows, pages)
    assert plan["sections"] == [{"id": "V", "title": "Nhóm nhiệm vụ thứ 5"}]
    assert any(f"(trang {pages[-1][0]})" in w and "cột của trang trước" in w for w in warnings)


# -- a row cut by the page break -------------------------------------------------------------


@pytest.mark.parametrize(("repeat", "rule", "rects"), LAYOUTS)
def test_row_cut_by_the_page_break_is_read_whole(
    tmp_path: Path, repeat: bool, rule: bool, rects: bool
) -> None:
    rows = [_task(i) for i in range(1, 3)]
    rows += [_task(3, extra=40, lead_extra=4)] + [_task(i) for i in range(4, 7)]

    def cut_third(pages: list[list[int]]) -> bool:
        return len(pages[2]) > 1 and pages[2][0] == pages[0][0]

    data, pages = _layout(rows, cut_third, repeat_header=repeat, rule_breaks=rule, rects=rects)
    plan, warnings = _import(data, tmp_path)
    _assert_all_tasks(plan, rows, pages)
    continued = f"(trang {pages[2][1]}): dòng không có STT, nối vào nhiệm vụ 3"
    assert any(continued in w for w in warnings), warnings


def test_cut_rows_on_every_page_keep_their_cells(tmp_path: Path) -> None:
    rows = [_task(i, extra=30, lead_extra=3) for i in range(1, 6)]
    data, pages = _layout(
        rows, lambda p: sum(len(x) > 1 for x in p) >= 3, repeat_header=False, rule_breaks=False
    )
    plan, _ = _import(data, tmp_path)
    _assert_all_tasks(plan, rows, pages)
    assert [t["output"] for t in plan["tasks"]] == [f"Kết quả {i}" for i in range(1, 6)]


@pytest.mark.parametrize("repeat", [False, True])
def test_row_cut_twice_over_three_pages(tmp_path: Path, repeat: bool) -> None:
    # without a repeated header the middle page holds only side rules, open at both ends
    # (closed on page 1's column boundaries)
    rows = [_task(1), _task(2, extra=150, lead_extra=2), _task(3)]

    def three_pages(pages: list[list[int]]) -> bool:
        return len(pages[1]) >= 3

    data, pages = _layout(rows, three_pages, repeat_header=repeat, rule_breaks=False)
    plan, _ = _import(data, tmp_path)
    _assert_all_tasks(plan, rows, pages)


def test_table_ruled_with_column_lines_only_is_still_refused(tmp_path: Path) -> None:
    canvas = pw.Canvas()
    page = canvas.page()
    xs = [pw.LEFT]
    for width in WIDTHS:
        xs.append(xs[-1] + width)
    lines = [HEADER, *[[f"{i}.", f"Nhiệm vụ {i}", "Công an xã", "", ""] for i in (1, 2)]]
    for k, row in enumerate(lines):
        for c, text in enumerate(row):
            canvas.text(page, xs[c] + pw.PAD, pw.TOP + pw.PAD + k * pw.LEADING, text)
    for x in xs:
        canvas.line(page, x, pw.TOP, x, pw.TOP + len(lines) * pw.LEADING + 2 * pw.PAD)
    path = tmp_path / "columns_only.pdf"
    path.write_bytes(canvas.save())
    with pytest.raises(ImportFailure, match="no ruled table"):
        import_document(path)


# -- what cannot be placed is listed with its page -------------------------------------------


def test_continued_table_with_other_columns_is_listed_with_its_page(tmp_path: Path) -> None:
    canvas = pw.Canvas()
    xs = [pw.LEFT]
    for width in WIDTHS:
        xs.append(xs[-1] + width)
    first = canvas.page()
    pw.draw_grid(
        canvas,
        first,
        xs,
        [HEADER, *[[f"{i}.", f"Nhiệm vụ {i}", "Công an xã", "", ""] for i in (1, 2, 3)]],
        pw.TOP,
    )
    second = canvas.page()
    split = [*xs[:2], xs[1] + 100, *xs[2:]]  # a rule inside the name column: other columns
    later = [
        ["4.", "Nhiệm vụ 4", "phần hai", "Công an xã", "", ""],
        ["5.", "Nhiệm vụ 5", "", "", "", ""],
    ]
    pw.draw_grid(canvas, second, split, later, pw.TOP)
    plan, warnings = _import(canvas.save(), tmp_path)
    assert [t["id"] for t in plan["tasks"]] == ["1", "2", "3"]
    unmapped = plan["provenance"]["unmapped"]
    assert [(u["page"], u["row"]) for u in unmapped] == [(2, 1), (2, 2)]
    assert unmapped[0]["text"].startswith("4. | Nhiệm vụ 4 | phần hai")
    assert all("6 columns instead of 5" in u["reason"] for u in unmapped)
    assert sum("(trang 2)" in w and "provenance.unmapped" in w for w in warnings) == 2


def test_page_with_too_many_rules_says_its_breaks_were_not_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "MAX_EDGES", 10)
    data, _ = pw.layout_table(HEADER, [_task(1)], WIDTHS, pw.Layout())
    plan, warnings = _import(data, tmp_path)
    assert [t["id"] for t in plan["tasks"]] == ["1"]
    assert any(w.startswith("trang 1: hơn 10 đường kẻ") for w in warnings)


# -- headings under a repeated header ---------------------------------------------------------


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


@pytest.mark.parametrize("rule", [False, True])
def test_heading_first_on_a_page_under_the_repeated_header(tmp_path: Path, rule: bool) -> None:
    rows = [_heading(1), *[_task(i) for i in range(1, 4)], _heading(2), _task(4), _task(5)]

    def heading_starts_page(pages: list[list[int]]) -> bool:
        return pages[4][0] > pages[3][-1]

    data, pages = _layout(rows, heading_starts_page, repeat_header=True, rule_breaks=rule)
    plan, _ = _import(data, tmp_path)
    _assert_all_tasks(plan, rows, pages)
    assert [s["id"] for s in plan["sections"]] == ["I", "II"]
    assert [t["section"] for t in plan["tasks"]] == ["I", "I", "I", "II", "II"]


# -- the invariant over break points ----------------------------------------------------------

_row = st.tuples(
    st.integers(0, 120),  # extra words in the name (up to 15 lines: a row over three pages)
    st.integers(0, 3),  # extra phrases in the lead
    st.booleans(),  # output merged into the lead cell
    st.booleans(),  # a section heading before the row
)


@settings(max_examples=25, deadline=None)
@given(
    specs=st.lists(_row, min_size=1, max_size=9),
    lines=st.integers(4, 30),
    split=st.booleans(),
    repeat=st.booleans(),
    rule=st.booleans(),
    rects=st.booleans(),
)
def test_every_row_is_a_task_whatever_the_break_points(
    tmp_path_factory: pytest.TempPathFactory,
    specs: list[tuple[int, int, bool, bool]],
    lines: int,
    split: bool,
    repeat: bool,
    rule: bool,
    rects: bool,
) -> None:
    rows: list[Row] = []
    for i, (extra, lead_extra, merged, heading) in enumerate(specs, start=1):
        if heading:
            rows.append(_heading(sum(r[1] is None for r in rows) + 1))
        rows.append(_task(i, extra, lead_extra=lead_extra, merged=merged))
    layout = pw.Layout(lines, split_rows=split, repeat_header=repeat, rule_breaks=rule, rects=rects)
    data, pages = pw.layout_table(HEADER, rows, WIDTHS, layout)
    plan, _ = _import(data, tmp_path_factory.mktemp("pdf"))
    _assert_all_tasks(plan, rows, pages)
    headings = [str(r[0]).split(".")[0] for r in rows if r[1] is None]
    assert [s["id"] for s in plan["sections"]] == headings
