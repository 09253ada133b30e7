"""Importing appendices built in code: seed 001's rows and invented layouts, .docx and .xlsx."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from nq57check.importers import dump_plan_yaml, import_document
from nq57check.loading.models import Plan

from conftest import TESTS

FIXTURES = TESTS / "fixtures" / "import"
if str(FIXTURES) not in sys.path:
    sys.path.insert(0, str(FIXTURES))

import import_builders as builders  # noqa: E402
import import_layouts as layouts  # noqa: E402

DOCX_LAYOUTS = ["bum_nua", "tan_phong", "split_table"]


def _import(path: Path) -> tuple[dict[str, Any], list[str]]:
    result = import_document(path)
    Plan.model_validate(result.plan)
    return result.plan, result.warnings


def test_seed001_docx_reads_every_cell(tmp_path: Path) -> None:
    path = builders.write_docx(builders.seed001_blocks(), tmp_path / "phu_luc_25.docx")
    plan, warnings = _import(path)
    expected = builders.seed001_expected()
    layouts.assert_matches(plan, expected)
    assert plan["tasks"] == [
        {
            **want,
            "origin": {
                "file": "phu_luc_25.docx",
                "table": 1,
                "row": got["origin"]["row"],
                "page": 1,
            },
        }
        for want, got in zip(expected["tasks"], plan["tasks"], strict=True)
    ]
    # the title says "của Ủy ban nhân dân xã" without a name: the file stem stands in
    assert plan["unit"] == {"name": "phu_luc_25"}
    assert any("phu_luc_25" in w for w in warnings)


def test_seed001_keeps_hyphenated_document_numbers(tmp_path: Path) -> None:
    plan, _ = _import(builders.write_docx(builders.seed001_blocks(), tmp_path / "a.docx"))
    task7 = next(t for t in plan["tasks"] if t["id"] == "7")
    assert "230-KH/TU" in task7["name"]
    assert task7["deadline"] == "Theo nhiệm vụ được giao tại Kế hoạch số 230-KH/TU"


def test_seed001_as_xlsx(tmp_path: Path) -> None:
    sheet = builders.blocks_to_sheet(builders.seed001_blocks())
    plan, _ = _import(builders.write_xlsx([("Phụ lục II", sheet, False)], tmp_path / "a.xlsx"))
    layouts.assert_matches(plan, builders.seed001_expected(), pages=False)


@pytest.mark.parametrize("name", DOCX_LAYOUTS)
def test_docx_layouts(tmp_path: Path, name: str) -> None:
    blocks, expected = getattr(layouts, name)()
    plan, _ = _import(builders.write_docx(blocks, tmp_path / f"{name}.docx"))
    layouts.assert_matches(plan, expected)


@pytest.mark.parametrize("name", DOCX_LAYOUTS)
def test_same_layouts_as_xlsx(tmp_path: Path, name: str) -> None:
    blocks, expected = getattr(layouts, name)()
    sheet = builders.blocks_to_sheet([b for b in blocks if b != builders.PAGE])
    plan, _ = _import(builders.write_xlsx([("Sheet1", sheet, False)], tmp_path / f"{name}.xlsx"))
    layouts.assert_matches(plan, expected, pages=False)


def test_xlsx_workbook_with_other_sheets(tmp_path: Path) -> None:
    sheets, expected = layouts.binh_lu_sheets()
    plan, warnings = _import(builders.write_xlsx(sheets, tmp_path / "binh_lu.xlsx"))
    layouts.assert_matches(plan, expected)
    assert all(t["origin"]["table"] == 2 and "page" not in t["origin"] for t in plan["tasks"])
    assert any("'DM'" in w for w in warnings)  # the hidden sheet is named, not silently skipped
    assert any("Kết quả/sản phẩm" in w and "Người đứng đầu" in w for w in warnings)


def test_quarter_headings_give_section_deadlines(tmp_path: Path) -> None:
    blocks, _ = layouts.bum_nua()
    plan, warnings = _import(builders.write_docx(blocks, tmp_path / "bum_nua.docx"))
    deadlines = {s["id"]: s.get("deadline") for s in plan["sections"]}
    assert deadlines == {
        "I": "Quý I năm 2026",
        "II": "Quý II năm 2026",
        "III": "Nhiệm vụ thường xuyên",
    }
    by_id = {t["id"]: t for t in plan["tasks"]}
    assert by_id["I.1"]["deadline"] == "" and by_id["I.1"]["section"] == "I"
    assert by_id["II.2"]["deadline"] == "Tháng 4 năm 2026"  # its own, from "Ghi chú"
    assert any("II.1" in w for w in warnings)


def test_unknown_column_goes_to_unmapped_with_a_warning(tmp_path: Path) -> None:
    blocks, _ = layouts.tan_phong()
    plan, warnings = _import(builders.write_docx(blocks, tmp_path / "tan_phong.docx"))
    assert plan["provenance"]["unmapped"][0] == {
        "table": 1,
        "row": 4,
        "page": 1,
        "column": "Kinh phí (triệu đồng)",
        "text": "50",
        "reason": "column not recognised",
    }
    assert any("bảng 1" in w and "Kinh phí" in w for w in warnings)


def test_page_split_row_is_merged_and_reported(tmp_path: Path) -> None:
    blocks, _ = layouts.split_table()
    plan, warnings = _import(builders.write_docx(blocks, tmp_path / "split.docx"))
    assert [t["origin"]["table"] for t in plan["tasks"]] == [2, 2, 2, 3]
    assert "bảng 3, dòng 3 (trang 2): dòng không có STT, nối vào nhiệm vụ 3" in "\n".join(warnings)


def test_dump_plan_yaml_round_trips(tmp_path: Path) -> None:
    blocks, _ = layouts.tan_phong()
    plan, _ = _import(builders.write_docx(blocks, tmp_path / "tan_phong.docx"))
    text = dump_plan_yaml(plan)
    assert text.startswith("# Plan file imported by nq57check from tan_phong.docx")
    assert "Tân Phong" in text and "\\u" not in text  # Vietnamese kept readable
    assert "&id" not in text and "*id" not in text  # no YAML anchors
    loaded = yaml.safe_load(text)
    assert list(loaded) == ["unit", "document", "sections", "targets", "tasks", "provenance"]
    assert list(loaded["tasks"][0])[:3] == ["id", "section", "name"]
    assert loaded == plan
    assert Plan.model_validate(loaded) == Plan.model_validate(plan)


def test_text_is_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Ban hành Kế hoạch")
    assert decomposed != "Ban hành Kế hoạch"
    rows = [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì"], ["1", decomposed, "Văn phòng"]]
    plan, _ = _import(builders.write_docx([builders.T(rows)], tmp_path / "nfd.docx"))
    assert plan["tasks"][0]["name"] == "Ban hành Kế hoạch"


def test_docx_tracked_insertions_and_nested_tables_are_read(tmp_path: Path) -> None:
    rows = [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì"], ["1", "Ban hành", "Văn phòng"]]
    path = builders.write_docx([builders.T(rows)], tmp_path / "tracked.docx")
    document = docx.Document(str(path))
    table = document.tables[0]
    name = table.cell(1, 1).paragraphs[0]
    inserted = OxmlElement("w:ins")
    for key, value in (("w:id", "1"), ("w:author", "VP"), ("w:date", "2026-02-01T00:00:00Z")):
        inserted.set(qn(key), value)
    run = name.add_run(" kế hoạch")._r
    run.addprevious(inserted)
    inserted.append(run)
    nested = table.cell(1, 2).add_table(rows=1, cols=1)
    nested.cell(0, 0).text = "Phòng Văn hóa – Xã hội"
    document.save(str(path))
    plan, _ = _import(path)
    assert plan["tasks"][0]["name"] == "Ban hành kế hoạch"
    assert plan["tasks"][0]["lead"] == "Văn phòng Phòng Văn hóa – Xã hội"


def test_data_row_with_header_words_is_not_a_header(tmp_path: Path) -> None:
    rows = [
        ["STT", "Tên nhiệm vụ", "Chủ trì", "Kết quả", "Thời hạn"],
        ["1", "Nhiệm vụ trọng tâm", "Chủ trì", "Kết quả", "Thường xuyên"],
    ]
    plan, _ = _import(builders.write_docx([builders.T(rows)], tmp_path / "a.docx"))
    assert [t["name"] for t in plan["tasks"]] == ["Nhiệm vụ trọng tâm"]


def test_a_targets_table_beside_the_appendix_gives_targets_not_unmapped_cells(
    tmp_path: Path,
) -> None:
    """A three-column targets table before the task table is read row by row: the indicator
    and its '90%' are one statement, not two unplaceable paragraphs."""
    blocks, _ = layouts.split_table()
    plan, warnings = _import(builders.write_docx(blocks, tmp_path / "a.docx"))
    assert plan["targets"]["coverage_4g_villages"]["value"] == 100
    assert plan["targets"]["online_dossier_rate"]["value"] == 90
    assert not [u for u in plan["provenance"]["unmapped"] if "paragraph" in u]
    # an appendix document: its own title line gave number and date, so the body reader's
    # "not in the header" notes would only contradict the plan
    assert plan["document"]["number"] == "45/KH-UBND"
    assert not [w for w in warnings if "phần đầu văn bản" in w]
