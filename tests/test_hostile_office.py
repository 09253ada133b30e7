"""Office and PDF bombs (issue 12, point 5): small files that describe gigabytes or minutes.

Each is refused, or read, quickly and in bounded memory, and a refusal names the file, where
(table, row, sheet, page or part) and the limit's number. The files are built in code by
``bench/office_bombs.py`` (the script that measures the same bombs under memory limits), at
sizes just past a bound so the tests stay fast; where reaching a bound would take seconds,
the bound is lowered for the test, which then checks the mechanism and its message.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nq57check.importers import ImportFailure, guards, import_document, limits

from conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT))

from bench import office_bombs as bombs


def refused(path: Path, *needles: str) -> str:
    """The import fails with a message naming the file and every needle."""
    with pytest.raises(ImportFailure) as caught:
        import_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path.name}: "), message
    for needle in needles:
        assert needle in message, message
    return message


# -- through the CLI: the bombs, as a user meets them ----------------------------------

LIMITED_CHECK = """
import resource, sys
size = 700 << 20  # what the unbounded readers needed was 7 GB; the bounded ones need ~50 MB
resource.setrlimit(resource.RLIMIT_AS, (size, size))
from nq57check.console import run
sys.argv = ["nq57check", "check", "--lang", "en", *sys.argv[1:]]  # the English wording
run()
"""


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (bombs.docx_grid, "table 1, row 2: gridSpan 30000000 at column 2 exceeds 64 columns"),
        (
            lambda p: bombs.docx_grid(p, "gridBefore"),
            "table 1, row 2: gridBefore 30000000 exceeds 64 columns",
        ),
    ],
    ids=["gridSpan", "gridBefore"],
)
def test_a_span_of_30_million_columns_is_refused_by_check_under_a_memory_limit(
    build, expected: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    document = build(tmp_path / "phu-luc.docx")
    assert document.stat().st_size < 2_000
    done = subprocess.run(
        [sys.executable, "-c", LIMITED_CHECK, str(document)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert "phu-luc.docx" in done.stderr and expected in done.stderr
    assert "MAX_COLUMNS" in done.stderr


def test_a_bomb_in_one_commune_leaves_the_others_checked(tmp_path: Path) -> None:
    from conftest import MINIMAL_PLAN

    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (tmp_path / "bomb").mkdir()
    bombs.docx_grid(tmp_path / "bomb" / "ke-hoach.docx")
    done = run_cli("check", str(tmp_path), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    communes = {Path(c["path"]).name: c for c in json.loads(done.stdout)["communes"]}
    assert not communes["good"]["problems"]
    (problem,) = communes["bomb"]["problems"]
    assert "ke-hoach.docx" in problem["file"] and "gridSpan 30000000" in problem["message"]


# -- zip packages ------------------------------------------------------------------------------


def test_a_part_declared_over_the_limit_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    document = bombs.docx_huge_part(tmp_path / "lon.docx", limits.MAX_PART_BYTES + 1024)
    assert document.stat().st_size < 100_000  # 24 MiB of XML, packed
    with zipfile.ZipFile(document) as archive:
        declared = archive.getinfo("word/document.xml").file_size
    assert declared > limits.MAX_PART_BYTES
    refused(
        document,
        f"part 'word/document.xml' is {declared:,} bytes uncompressed",
        "over the 24 MiB limit",
        "MAX_PART_BYTES",
    )


def test_parts_summing_past_the_package_limit_are_refused(tmp_path: Path) -> None:
    size = limits.MAX_PART_BYTES - 4096  # each part alone is allowed
    members = [bombs.member("[Content_Types].xml", bombs._DOCX_TYPES)]
    members += [bombs.member("_rels/.rels", bombs._DOCX_RELS)]
    members += [bombs.member("word/document.xml", bombs.docx_head(3) + bombs.DOCX_TAIL)]
    members += [
        bombs.repeated_member(f"word/media/anh{n}.bin", "", " " * 1024, size // 1024, "")
        for n in range(5)
    ]
    document = bombs.write_zip(tmp_path / "anh.docx", members)
    refused(document, "more than 96 MiB uncompressed", "MAX_PACKAGE_BYTES")


def test_a_part_that_holds_more_than_it_declares_is_damaged_not_inflated(tmp_path: Path) -> None:
    document = bombs.docx_lying_size(tmp_path / "doi.docx", 8 << 20)
    with zipfile.ZipFile(document) as archive:
        assert archive.getinfo("word/document.xml").file_size == 4096
    refused(document, "damaged part 'word/document.xml'")


def test_a_package_of_tens_of_thousands_of_members_is_refused(tmp_path: Path) -> None:
    document = bombs.zip_entries(tmp_path / "nhieu.docx", 25_000)
    refused(document, "table of contents is", "over the 1,048,576-byte limit")


def test_compression_methods_office_never_writes_are_refused(tmp_path: Path) -> None:
    document = tmp_path / "bz.docx"
    with zipfile.ZipFile(document, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("[Content_Types].xml", bombs._DOCX_TYPES)
        archive.writestr("_rels/.rels", bombs._DOCX_RELS)
        archive.writestr("word/document.xml", bombs.docx_head(3) + bombs.DOCX_TAIL)
    refused(document, "compression method 12", "only stored or deflated")


# -- Word --------------------------------------------------------------------------------------


def test_a_row_of_exactly_64_columns_is_read(tmp_path: Path) -> None:
    cells = bombs.task_row(1)
    row = bombs.tr(
        [bombs.tc(t) for t in cells[:-1]] + [bombs.tc(cells[-1], '<w:gridSpan w:val="60"/>')]
    )
    document = bombs.write_docx(tmp_path / "rong.docx", bombs.docx_head() + row + bombs.DOCX_TAIL)
    (task,) = import_document(document).plan["tasks"]
    assert task["name"] == "Nhiệm vụ số 1" and task["deadline"] == "Quý I/2026"
    wider = row.replace('w:val="60"', 'w:val="61"')
    document.unlink()
    bombs.write_docx(document, bombs.docx_head() + wider + bombs.DOCX_TAIL)
    refused(document, "table 1, row 2: gridSpan 61 at column 5 exceeds 64 columns")


def test_tables_past_the_row_bound_are_refused_before_cells_are_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = bombs.docx_rows(tmp_path / "dai.docx", limits.MAX_ROWS)  # + the header row
    refused(document, "table 1: the document's tables have more than 10,000 rows", "MAX_ROWS")
    monkeypatch.setattr("nq57check.importers.docx.MAX_ROWS", 20)
    many = bombs.docx_tables(tmp_path / "nhieu-bang.docx", 10)  # 1 + 10 tables of 2 rows
    refused(many, "table 11: the document's tables have more than")


def test_a_long_cell_merged_down_over_many_tasks_counts_once_per_task(tmp_path: Path) -> None:
    document = bombs.docx_vmerge(tmp_path / "gop.docx", rows=200, chars=30_000)
    assert document.stat().st_size < 20_000
    refused(document, "table 1, row 16", "passes 5,000,000 characters", "MAX_CHARS")
    small = bombs.docx_vmerge(tmp_path / "gop-nho.docx", rows=3, chars=100)
    tasks = import_document(small).plan["tasks"]
    assert [t["lead"] for t in tasks] == [tasks[0]["lead"]] * 4 and len(tasks[0]["lead"]) > 90


def test_a_task_number_repeated_thousands_of_times_gets_suffixes_in_order(
    tmp_path: Path,
) -> None:
    document = bombs.docx_rows(tmp_path / "trung.docx", 3_000)
    tasks = import_document(document).plan["tasks"]
    ids = [t["id"] for t in tasks]
    assert ids[:3] == ["7", "7-2", "7-3"] and ids[-1] == "7-3000" and len(set(ids)) == 3_000


def test_more_tasks_than_a_plan_may_have_are_refused(tmp_path: Path) -> None:
    document = bombs.docx_rows(tmp_path / "qua-nhieu.docx", limits.MAX_TASKS + 1, distinct=True)
    refused(document, "5,001 tasks were read, more than the 5,000", "MAX_TASKS")


# -- Excel -------------------------------------------------------------------------------------


def test_a_merge_over_the_whole_sheet_is_clipped_not_expanded(tmp_path: Path) -> None:
    title = bombs.xlsx_merges(tmp_path / "tieu-de.xlsx", ["A1:XFD1"], rows=3)
    tasks = import_document(title).plan["tasks"]
    assert [t["id"] for t in tasks] == ["1", "2"]
    whole = bombs.xlsx_whole_sheet_merge(tmp_path / "ca-trang.xlsx")
    refused(whole, "no task table found")  # every cell is A1's title now: read, not expanded


def test_whole_row_merges_are_read_within_the_column_bound(tmp_path: Path) -> None:
    document = bombs.xlsx_row_merges(tmp_path / "gop-dong.xlsx", 2_000)
    tasks = import_document(document).plan["tasks"]  # rows 3-2002 each merged over A:XFD
    assert [(t["id"], t["name"]) for t in tasks] == [("1", ""), ("2", "")]


def test_overlapping_merges_are_refused_by_the_cells_they_cover(tmp_path: Path) -> None:
    document = bombs.xlsx_overlapping_merges(tmp_path / "chong.xlsx", 200)
    refused(document, "sheet 'Phụ lục'", "cover more than 640,000 cells", "MAX_MERGED_CELLS")


def test_too_many_merged_ranges_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nq57check.importers.xlsx.MAX_MERGES", 50)
    document = bombs.xlsx_merges(tmp_path / "gop.xlsx", (f"B{r}:C{r}" for r in range(3, 60)))
    refused(document, "sheet part 'xl/worksheets/sheet1.xml' has more than 50 merged ranges")


def test_a_value_past_column_64_or_row_10000_is_refused_by_cell(tmp_path: Path) -> None:
    far = bombs.xlsx_far_column(tmp_path / "xa.xlsx", rows=20)
    refused(far, "sheet 'Phụ lục': XFD3, XFD4", "beyond row 10,000 or column BL (64)")
    deep = bombs.xlsx_rows(tmp_path / "sau.xlsx", limits.MAX_ROWS + 5)
    refused(deep, "sheet 'Phụ lục': A10001, B10001, A10002", "MAX_ROWS")


def test_empty_cells_past_the_bounds_are_not_content(tmp_path: Path) -> None:
    styled = '<c r="XFD{r}" s="1"/>'
    rows = "".join(bombs.xrow(n + 2, bombs.task_row(n), styled.format(r=n + 2)) for n in (1, 2))
    sheet = bombs.sheet_head() + rows + '<row r="20000"><c r="A20000" s="1"/></row>'
    document = bombs.write_xlsx(tmp_path / "dinh-dang.xlsx", sheet + "</sheetData></worksheet>")
    assert [t["id"] for t in import_document(document).plan["tasks"]] == ["1", "2"]


def test_millions_of_empty_cells_are_refused_before_openpyxl_parses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nq57check.importers.xlsx.MAX_SHEET_CELLS", 1_000)
    document = bombs.xlsx_empty_cells(tmp_path / "rong.xlsx", 1_001)
    import openpyxl

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl opened a workbook the scan should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    refused(document, "has more than 1,000 cells (limit MAX_SHEET_CELLS)")


def test_one_long_shared_string_in_every_cell_is_refused_by_characters(tmp_path: Path) -> None:
    document = bombs.xlsx_shared_text(tmp_path / "chuoi.xlsx", rows=100, columns=60, chars=1_000)
    assert document.stat().st_size < 60_000
    refused(document, "sheet 'Phụ lục', row", "passes 5,000,000 characters")


def test_a_shared_strings_table_of_millions_is_refused_by_its_size(tmp_path: Path) -> None:
    document = bombs.xlsx_many_strings(tmp_path / "bang-chuoi.xlsx", 1_500_000)
    refused(document, "part 'xl/sharedStrings.xml'", "MAX_PART_BYTES")


def test_unrecognised_columns_past_the_bound_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_UNMAPPED", 100)
    document = bombs.xlsx_unmapped(tmp_path / "cot-la.xlsx", rows=10, columns=20)
    refused(document, "150 cells are in columns that were not recognised, more than 100")


def test_workbooks_of_too_many_sheets_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    monkeypatch.setattr("nq57check.importers.xlsx.MAX_SHEETS", 3)
    workbook = openpyxl.Workbook()
    for n in range(3):
        workbook.create_sheet(f"Tờ {n}")
    workbook.save(tmp_path / "to.xlsx")
    refused(tmp_path / "to.xlsx", "the workbook has 4 sheets, more than 3 (limit MAX_SHEETS)")


# -- PDF ---------------------------------------------------------------------------------------


def test_a_content_stream_inflating_past_the_limit_is_refused(tmp_path: Path) -> None:
    document = bombs.pdf_huge_stream(tmp_path / "luong.pdf", limits.MAX_PDF_STREAM_BYTES + 4096)
    assert document.stat().st_size < 40_000
    refused(document, "a stream of the PDF inflates to more than 16 MiB", "MAX_PDF_STREAM_BYTES")


def test_a_stream_with_a_bad_checksum_is_bounded_too(tmp_path: Path) -> None:
    """pdfminer's fallback for a wrong checksum inflates byte by byte, unbounded."""
    size = limits.MAX_PDF_STREAM_BYTES + 4096
    packed = bombs.repeated_member("c", "q Q\n", " " * 1024, size // 1024, "\n")
    packed.adler ^= 1
    content = bombs.stream(bombs.zlib_wrap(packed), deflated=True)
    document = bombs._pdf(tmp_path / "hong.pdf", content, [])
    refused(document, "inflates to more than 16 MiB")


def _two_page_pdf(path: Path, content: bytes) -> Path:
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents %d 0 R >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        page % 6,
        page % 7,
        bombs._FONT,
        content,
        content,
    ]
    return bombs.write_pdf(path, objects)


def test_all_streams_together_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packed = bombs.member("c", bombs.table_content(1))
    content = bombs.stream(bombs.zlib_wrap(packed), deflated=True)
    monkeypatch.setattr(limits, "MAX_PDF_STREAM_BYTES", packed.size + 10)
    monkeypatch.setattr(limits, "MAX_PDF_DECODED_BYTES", packed.size * 3 // 2)
    one = bombs._pdf(tmp_path / "mot.pdf", content, [])
    assert [t["id"] for t in import_document(one).plan["tasks"]] == ["1"]
    two = _two_page_pdf(tmp_path / "hai.pdf", content)
    refused(two, "the PDF's streams inflate to more than", "MAX_PDF_DECODED_BYTES")


def test_a_form_drawn_thousands_of_times_is_refused_by_its_characters(tmp_path: Path) -> None:
    document = bombs.pdf_many_chars(tmp_path / "chu.pdf", draws=60, per_draw=1_000)
    assert document.stat().st_size < 5_000
    refused(document, "page 1 shows more than 50,000 characters", "MAX_PDF_PAGE_CHARS")


def test_characters_of_all_pages_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_PDF_CHARS", 300)
    document = bombs.pdf_pages(tmp_path / "trang.pdf", pages=3)  # 204 characters a page
    refused(document, "page 2: the pages read show more than 300 characters", "MAX_PDF_CHARS")


def test_too_many_pages_are_refused_before_pdfplumber_loads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 5)
    document = bombs.pdf_pages(tmp_path / "trang.pdf", pages=6)
    refused(document, "the PDF has more than 5 pages (limit MAX_PDF_PAGES)")


def test_the_pdf_bounds_are_put_back_after_an_import_read_or_refused(tmp_path: Path) -> None:
    import zlib

    import pdfminer.pdfinterp
    import pdfminer.pdftypes
    import pdfplumber.page

    good = bombs.pdf_table(tmp_path / "tot.pdf", rows=3)
    assert [t["id"] for t in import_document(good).plan["tasks"]] == ["1", "2", "3"]
    refused(bombs.pdf_many_chars(tmp_path / "chu.pdf", draws=60), "50,000 characters")
    assert pdfminer.pdftypes.zlib is zlib
    assert pdfplumber.page.PDFPageInterpreter is pdfminer.pdfinterp.PDFPageInterpreter
    with guards.pdf_bounds("x.pdf") as meter:
        assert pdfminer.pdftypes.zlib is not zlib and meter.refusal is None
    assert pdfminer.pdftypes.zlib is zlib


def test_the_office_bombs_script_runs_a_bomb_under_its_limits() -> None:
    done = subprocess.run(
        [sys.executable, "bench/office_bombs.py", "--only", "docx-gridspan", "--width", "400"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    (line,) = [row for row in done.stdout.splitlines() if row.startswith("docx-gridspan")]
    assert line.split()[3] == "2" and "exceeds 64 columns" in line  # exit 2, the reason
    assert "RLIMIT_AS 1024 MiB" in done.stdout


def test_a_refused_document_is_named_once(tmp_path: Path) -> None:
    document = tmp_path / "KeHoach.docx"
    document.write_bytes(b"PK\x03\x04 not really a zip")
    for command in ("check", "import"):
        done = run_cli(command, str(document))
        assert done.returncode == 2
        assert "KeHoach.docx: KeHoach.docx" not in done.stderr, done.stderr
        assert "KeHoach.docx" in done.stderr
