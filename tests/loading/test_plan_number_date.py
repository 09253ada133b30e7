"""The plan's own number and issue date (issue 11, point 3), through the CLI.

Importers take them only from the plan's own line ("(Ban hành kèm theo Kế hoạch số
56/KH-UBND ngày 26/02/2026 của UBND xã ...)") or its header ("Số: 05/KH-UBND", "Tân Phong,
ngày 10 tháng 3 năm 2026"), never from a document the title cites; blanks left for them are
unknown, with a warning. A plan with no number or no issue date is a finding (R-SO-KY-HIEU),
in typed plans too.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from nq57check.importers.meta import read_meta

from conftest import MINIMAL_PLAN, TESTS, run_cli

FIXTURES = TESTS / "fixtures" / "import"
if str(FIXTURES) not in sys.path:
    sys.path.insert(0, str(FIXTURES))

from import_builders import P, T, blocks_to_sheet, write_docx, write_xlsx  # noqa: E402

RESOLUTION_TITLE = (
    "DANH MỤC NHIỆM VỤ TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NGÀY 22/12/2024 "
    "CỦA BỘ CHÍNH TRỊ NĂM 2026"
)
PLACEHOLDER_LINE = "(Kèm theo Kế hoạch số      /KH-UBND, ngày   /   /2026 của UBND xã Mường Mô)"
TABLE = T(
    [
        ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Kết quả", "Thời gian hoàn thành"],
        [
            "1",
            "Ban hành danh mục cơ sở dữ liệu của xã",
            "Văn phòng HĐND và UBND xã",
            "Quyết định ban hành danh mục",
            "Quý I/2026",
        ],
    ]
)
RULES = {"ke-hoach-thieu-so", "ke-hoach-thieu-ngay"}


def _write(blocks: list[Any], path: Path) -> Path:
    if path.suffix == ".docx":
        return write_docx(blocks, path)
    return write_xlsx([("Phụ lục", blocks_to_sheet(blocks), False)], path)


def _import(document: Path, tmp_path: Path) -> tuple[dict[str, Any], str, Path]:
    out = tmp_path / "xa" / "plan.yaml"
    done = run_cli("import", str(document), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(out.read_text("utf-8")), done.stderr, out


def _findings(path: Path, *args: str) -> list[dict[str, Any]]:
    done = run_cli("check", str(path), "--format", "json", "--as-of", "2026-03-01", *args)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["findings"]


def _identity(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["requirement"]) for f in findings if f["rule"] in RULES)


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_placeholder_appendix_is_undated_not_dated_by_resolution_57(
    tmp_path: Path, suffix: str
) -> None:
    blocks = [P("PHỤ LỤC"), P(RESOLUTION_TITLE), P(PLACEHOLDER_LINE), TABLE]
    document = _write(blocks, tmp_path / f"phu-luc{suffix}")
    plan, stderr, out = _import(document, tmp_path)
    assert "number" not in plan["document"] and "issued" not in plan["document"]
    assert "2024-12-22" not in out.read_text("utf-8")  # Resolution 57's date, in the title
    assert "số kế hoạch để trống ở dòng 'Kèm theo Kế hoạch số /KH-UBND, ngày / /2026" in stderr
    assert "ngày ban hành kế hoạch để trống" in stderr
    english = run_cli("import", str(document), "--lang", "en")
    assert "blank placeholder" in english.stderr and "để trống" not in english.stderr
    both = [("ke-hoach-thieu-ngay", "R-SO-KY-HIEU"), ("ke-hoach-thieu-so", "R-SO-KY-HIEU")]
    assert _identity(_findings(out)) == both
    assert _identity(_findings(document)) == both  # the document checked on the fly


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_title_citing_resolution_57_gives_no_date(tmp_path: Path, suffix: str) -> None:
    document = _write([P("PHỤ LỤC"), P(RESOLUTION_TITLE), TABLE], tmp_path / f"pl{suffix}")
    plan, stderr, out = _import(document, tmp_path)
    assert plan["document"].get("issued") is None and plan["document"].get("number") is None
    assert "không tìm thấy số kế hoạch" in stderr and "không tìm thấy ngày ban hành" in stderr
    assert len(_identity(_findings(out))) == 2


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_the_plans_own_line_wins_over_the_title(tmp_path: Path, suffix: str) -> None:
    own = "(Ban hành kèm theo Kế hoạch số 56/KH-UBND ngày 26/02/2026 của UBND xã Bum Nưa)"
    document = _write([P("PHỤ LỤC"), P(RESOLUTION_TITLE), P(own), TABLE], tmp_path / f"a{suffix}")
    plan, stderr, out = _import(document, tmp_path)
    assert (plan["document"]["number"], plan["document"]["issued"]) == (
        "56/KH-UBND",
        dt.date(2026, 2, 26),
    )
    assert "số kế hoạch" not in stderr and "ngày ban hành" not in stderr
    assert _identity(_findings(out)) == []


@pytest.mark.parametrize(
    ("header", "number", "issued", "warned"),
    [
        (
            ["Số: 05/KH-UBND", "Tân Phong, ngày 10 tháng 3 năm 2026"],
            "05/KH-UBND",
            dt.date(2026, 3, 10),
            [],
        ),
        # seed 003's header: both left blank for the signing
        (
            ["Số: /KH-UBND", "Bình Lư, ngày tháng 6 năm 2026"],
            None,
            None,
            ["dòng 'Số: /KH-UBND'", "dòng 'Bình Lư, ngày tháng 6 năm 2026'"],
        ),
    ],
)
def test_the_plans_header(
    tmp_path: Path,
    header: list[str],
    number: str | None,
    issued: dt.date | None,
    warned: list[str],
) -> None:
    body = [
        "KẾ HOẠCH",
        "thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát "
        "triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia năm 2026",
        "Thực hiện Kế hoạch số 104-KH/ĐU ngày 25/5/2026 của Đảng ủy xã Bình Lư",
    ]
    blocks = [P("ỦY BAN NHÂN DÂN XÃ BÌNH LƯ"), *(P(t) for t in header + body), TABLE]
    plan, stderr, out = _import(write_docx(blocks, tmp_path / "ke-hoach.docx"), tmp_path)
    assert (plan["document"].get("number"), plan["document"].get("issued")) == (number, issued)
    for text in warned:
        assert text in stderr
    assert len(_identity(_findings(out))) == 2 * (number is None)


@pytest.mark.parametrize(
    ("text", "document"),
    [
        # a wrapped sentence of the body citing Resolution 57 is no header date line
        ("trị về chuyển đổi số\nChính trị, ngày 22/12/2024 về đột phá phát triển", {}),
        ("Thực hiện Kế hoạch số 32-KH/TU ngày 09/01/2026 của Ban Thường vụ Tỉnh ủy", {}),
        # "kèm theo" inside a sentence may cite another document
        ("các văn bản kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2026 của UBND tỉnh", {}),
        ("(Kèm theo Kế hoạch số .../KH-UBND ngày ..../..../2026)", {}),
        (
            "(Kèm theo Kế hoạch số 12/KH-UBND ngày 26.02.2026)",
            {"number": "12/KH-UBND", "issued": dt.date(2026, 2, 26)},
        ),
        (
            "(Kèm theo Kế hoạch số 25/KH-UBND ngày\n23/01/2026 của Ủy ban nhân dân xã)",
            {"number": "25/KH-UBND", "issued": dt.date(2026, 1, 23)},
        ),
        (
            "Phụ lục II kèm theo Kế hoạch số 25/KH-UBND ngày 23/01/2026",
            {"number": "25/KH-UBND", "issued": dt.date(2026, 1, 23)},
        ),
        # a blank on the appendix's line, a number in the plan's header: the header's
        ("Số: 12/KH-UBND\n(Kèm theo Kế hoạch số /KH-UBND ngày / /2026)", {"number": "12/KH-UBND"}),
        (
            "Số: 05/KH-UBND Tân Phong, ngày 10 tháng 3 năm 2026",
            {"number": "05/KH-UBND", "issued": dt.date(2026, 3, 10)},
        ),
    ],
)
def test_read_meta_takes_only_the_plans_own_lines(text: str, document: dict[str, Any]) -> None:
    meta = read_meta(text)
    assert meta.document == document
    assert len(meta.warnings) == 2 - len(document)


def test_typed_plans_without_number_or_date_are_findings(write_plan) -> None:
    base = MINIMAL_PLAN
    clean = write_plan(base, folder="clean")
    assert _identity(_findings(clean)) == []
    blank = write_plan(
        base.replace("number: 12/KH-UBND", 'number: ""').replace("  issued: 2026-02-20\n", ""),
        folder="blank",
    )
    found = {f["rule"]: f for f in _findings(blank) if f["rule"] in RULES}
    assert set(found) == RULES
    assert found["ke-hoach-thieu-so"]["line"] == 4  # number: ""
    assert found["ke-hoach-thieu-ngay"]["line"] == 3  # no issued: at document:
    assert "document.number để trống" in found["ke-hoach-thieu-so"]["message"]
    assert all(f["severity"] == "warning" and f["task"] is None for f in found.values())
    english = {f["rule"]: f["message"] for f in _findings(blank, "--lang", "en")}
    assert "states no issue date (document.issued is empty)" in english["ke-hoach-thieu-ngay"]
    # a number that is written but malformed is the doc-number rule's, not a missing one
    slash = write_plan(base.replace("number: 12/KH-UBND", 'number: "/KH-UBND"'), folder="slash")
    rules = {f["rule"] for f in _findings(slash)}
    assert "so-ky-hieu" in rules and not rules & RULES


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("(Kèm theo Kế hoạch số 21/KH-UBND ngày 05/3/2026 của UBND xã Nậm Tăm)", "Nậm Tăm"),
        ("Kế hoạch năm 2026 của UBND xã Chiến Thắng năm 2026", "Chiến Thắng"),
        ("UBND xã Bản Lang năm 2026", "Bản Lang"),
        ("ỦY BAN NHÂN DÂN XÃ NẬM NHÙN", "Nậm Nhùn"),
        ("Ke hoach cua UBND xã Ta Leng nam 2026", "Ta Leng"),  # no diacritics: "nam" stops
    ],
)
def test_unit_names_that_fold_to_stop_words_are_read_whole(line: str, unit: str) -> None:
    """'Nậm', 'Thắng', 'Bản' fold to the stop words 'năm', 'tháng', 'ban'."""
    from nq57check.importers.meta import read_meta

    assert read_meta(line).unit["name"] == unit
