"""Importing the committed text PDFs (made from the docx layouts by LibreOffice, see README)."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from nq57check.importers import import_document
from nq57check.loading.models import Plan

from conftest import TESTS

FIXTURES = TESTS / "fixtures" / "import"
if str(FIXTURES) not in sys.path:
    sys.path.insert(0, str(FIXTURES))

import import_builders as builders  # noqa: E402
import import_layouts as layouts  # noqa: E402

TEXT_FIELDS = ("name", "head", "lead", "output", "deadline")


def _import(name: str) -> tuple[dict[str, Any], list[str]]:
    result = import_document(FIXTURES / name)
    Plan.model_validate(result.plan)
    return result.plan, result.warnings


def _dense(text: str) -> str:
    """Writer breaks words longer than a narrow column; compare without spaces."""
    return "".join(text.split())


def test_seed001_pdf_rows_broken_over_pages() -> None:
    plan, warnings = _import("seed001.pdf")
    expected = builders.seed001_expected()
    assert plan["document"] == expected["document"]
    assert plan["sections"] == expected["sections"]
    assert [t["id"] for t in plan["tasks"]] == [t["id"] for t in expected["tasks"]]
    for task, want in zip(plan["tasks"], expected["tasks"], strict=True):
        assert task["section"] == want["section"]
        for key in TEXT_FIELDS:
            assert _dense(task[key]) == _dense(want[key]), (task["id"], key)
        assert [_dense(s) for s in task["support"]] == [_dense(s) for s in want["support"]]
        assert task["origin"]["file"] == "seed001.pdf"
    pages = [t["origin"]["page"] for t in plan["tasks"]]
    assert pages == sorted(pages) and pages[-1] > 1
    assert sum("nối vào nhiệm vụ" in w for w in warnings) >= 1  # continued rows were merged
    assert plan["provenance"]["unmapped"] == []
    assert plan["provenance"]["importer"].endswith("(pdf)")


def test_seed001_pdf_joins_a_year_cut_by_the_column() -> None:
    plan, _ = _import("seed001.pdf")
    task7 = next(t for t in plan["tasks"] if t["id"] == "7")
    assert "ngày 29/4/2025 của" in task7["name"]


@pytest.mark.parametrize("name", ["bum_nua", "split_table", "tan_phong"])
def test_layout_pdfs(name: str) -> None:
    plan, _ = _import(f"{name}.pdf")
    _, expected = getattr(layouts, name)()
    layouts.assert_matches(plan, expected, pages=False)


def test_split_table_pdf_keeps_pages_and_prose_title() -> None:
    plan, warnings = _import("split_table.pdf")
    assert plan["tasks"][-1]["origin"]["page"] >= 2
    assert plan["document"]["title"] == "Triển khai thực hiện Nghị quyết 57-NQ/TW năm 2026"
    assert any("(trang 2)" in w for w in warnings)


def test_lead_merged_over_a_page_break_reaches_the_next_page() -> None:
    plan, _ = _import("tan_phong.pdf")
    task3 = next(t for t in plan["tasks"] if t["id"] == "3")
    assert task3["origin"]["page"] == 2  # the merged lead cell starts on page 1
    assert task3["lead"] == "Văn phòng HĐND và UBND xã"
