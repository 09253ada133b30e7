"""Bad input: every case raises ImportFailure with a message that says what to do."""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from nq57check.importers import ImportFailure, import_document, write_template

from conftest import TESTS

FIXTURES = TESTS / "fixtures" / "import"
if str(FIXTURES) not in sys.path:
    sys.path.insert(0, str(FIXTURES))

import import_builders as builders  # noqa: E402

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def _fails(path: Path, *needles: str) -> str:
    with pytest.raises(ImportFailure) as caught:
        import_document(path)
    message = str(caught.value)
    assert path.name in message or str(path) in message
    for needle in needles:
        assert needle in message, message
    return message


def test_old_word_doc(tmp_path: Path) -> None:
    path = tmp_path / "ke_hoach.doc"
    path.write_bytes(OLE)
    _fails(path, "old binary Word", "Save As", ".docx")


def test_old_excel_xls(tmp_path: Path) -> None:
    path = tmp_path / "phu_luc.xls"
    path.write_bytes(OLE)
    _fails(path, "old binary Excel", ".xlsx")


def test_doc_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "ke_hoach.docx"
    path.write_bytes(OLE)
    _fails(path, "old binary Word", "only has a .docx name")


def test_encrypted_xlsx() -> None:
    _fails(FIXTURES / "encrypted.xlsx", "password-protected", "remove the password")


def test_encrypted_xlsx_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    shutil.copy(FIXTURES / "encrypted.xlsx", path)
    _fails(path, "password-protected")


def test_encrypted_pdf() -> None:
    _fails(FIXTURES / "encrypted.pdf", "password-protected")


def test_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    _fails(path, "not a valid Word (.docx)", "save it again")


def test_truncated_docx(tmp_path: Path) -> None:
    whole = builders.write_docx([builders.P("x")], tmp_path / "whole.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    _fails(path)


def test_zip_that_is_not_office(tmp_path: Path) -> None:
    path = tmp_path / "phu_luc.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    _fails(path, "not an Office document")


def test_docx_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "phu_luc.xlsx"
    write_template(tmp_path / "mau.docx", [], title="PHỤ LỤC")
    shutil.copy(tmp_path / "mau.docx", path)
    _fails(path, "Word (.docx) file, not Excel (.xlsx)")


def test_broken_xml_inside_docx(tmp_path: Path) -> None:
    good = builders.write_docx([builders.P("x")], tmp_path / "good.docx")
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(
                item, b"<w:document><oops" if item.filename == "word/document.xml" else data
            )
    _fails(path, "could not read", "damaged")


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    page = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((50, 200, 800, 600), outline="black", width=3)
    draw.text((70, 220), "STT  Ten nhiem vu  Co quan chu tri", fill="black")
    path = tmp_path / "scan.pdf"
    page.save(path, "PDF", resolution=100.0)
    _fails(path, "no text layer", "OCR")


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "phu_luc.pdf"
    path.write_text("Phụ lục", encoding="utf-8")
    _fails(path, "not a PDF")


def test_no_task_table_says_what_was_seen(tmp_path: Path) -> None:
    blocks = [
        builders.P("KẾ HOẠCH thực hiện Nghị quyết 57-NQ/TW"),
        builders.T([["Chỉ tiêu", "Mục tiêu 2026"], ["Phủ sóng 4G", "100%"]]),
    ]
    path = builders.write_docx(blocks, tmp_path / "ke_hoach.docx")
    _fails(path, "no task table found", "Chỉ tiêu | Mục tiêu 2026", "rules/columns.yaml")


def test_no_tables_at_all(tmp_path: Path) -> None:
    path = builders.write_docx([builders.P("Văn bản không có bảng")], tmp_path / "van_ban.docx")
    _fails(path, "no task table found", "no tables at all")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    _fails(path, "empty")


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "ke_hoach.txt"
    path.write_text("x", encoding="utf-8")
    _fails(path, "supported: .docx, .xlsx, .pdf")


def test_missing_file(tmp_path: Path) -> None:
    _fails(tmp_path / "khong_co.docx", "cannot read")


def test_pdf_without_ruled_table() -> None:
    _fails(FIXTURES / "borderless.pdf", "no ruled table", ".docx/.xlsx")
