"""A plan that cannot be read is never shown as a pass: the page leads with the reason."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import docx
import pytest

from web.web_client import TRACEBACK, client, make_zip, upload
from web.word_plan import write_word_plan


def empty_docx() -> bytes:
    """A valid Word file with a heading and no task table, nor tasks in its body."""
    document = docx.Document()
    document.add_paragraph("Kế hoạch")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main_text(page: str) -> str:
    found = re.search(r"<main.*?</main>", page, re.S)
    assert found is not None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def assert_not_a_pass(response: object, lang: str) -> str:
    page = response.text  # type: ignore[attr-defined]
    text = main_text(page)
    lead = "Không kiểm tra được" if lang == "vi" else "Could not be checked"
    assert re.search(r"<h1[^>]*>([^<]*)</h1>", page).group(1) == lead  # type: ignore[union-attr]
    assert "Không có tồn tại" not in text and "No findings" not in text
    assert "Lỗi 0" not in text and "Error 0" not in text
    assert "/gaps." not in page  # no gap list of nothing to download
    assert "rules/columns.yaml" not in text  # a web user cannot edit the rules folder
    assert TRACEBACK.search(page) is None
    return text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_word_file_without_tasks_leads_with_could_not_be_checked(lang: str) -> None:
    response = upload(client(), ("empty.docx", empty_docx()), lang=lang)
    assert response.status_code == 200
    text = assert_not_a_pass(response, lang)
    if lang == "vi":
        assert "không tìm thấy bảng nhiệm vụ" in text and "no task table" not in text
        assert "có bảng nhiệm vụ (phụ lục" in text  # what to do, on the page
    else:
        assert "no task table found" in text and "with its task table" in text
    assert "empty empty" not in text  # the commune's name once, not twice


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("KeHoach.docx", b"garbage", "không phải tệp Word (.docx) hợp lệ"),
        ("KeHoach.docx", b"", "tệp rỗng"),
        ("tinh.zip", make_zip({}), "không tìm thấy tệp kế hoạch"),
        (
            "tinh.zip",
            make_zip({"inner.zip": make_zip({"xa/plan.yaml": b"x"})}),
            "không tìm thấy tệp",
        ),
    ],
)
def test_damaged_empty_and_nested_uploads_are_not_a_pass(
    name: str, data: bytes, reason: str
) -> None:
    response = upload(client(), (name, data))
    text = assert_not_a_pass(response, "vi")
    assert reason in text


def test_in_a_province_zip_only_the_unreadable_commune_says_so(tmp_path: Path) -> None:
    plan = write_word_plan(tmp_path / "KeHoach.docx", tasks=3).read_bytes()
    zipped = make_zip({"tinh/xa-a/KeHoach.docx": plan, "tinh/xa-b/KeHoach.docx": empty_docx()})
    response = upload(client(), ("tinh.zip", zipped))
    assert response.status_code == 200
    page = response.text
    assert "/gaps.html" in page  # the checked commune's gap list is worth downloading
    sections = re.findall(r'<section class="commune".*?</section>', page, re.S)
    assert len(sections) == 2
    bad = [s for s in sections if "xa-b" in s]
    good = [s for s in sections if "xa-a" in s]
    assert bad and "Không kiểm tra được" in bad[0] and "Không có tồn tại" not in bad[0]
    assert good and "Không kiểm tra được" not in good[0] and "R-RO-NGUOI" in good[0]


def test_the_rules_folder_advice_is_left_out_on_the_page_in_both_languages() -> None:
    from nq57check.core.messages import translate
    from nq57check.web.pages import page_text

    english = (
        "no task table found. Looked for a header row with a task column ('Tên nhiệm vụ',"
        " 'Nhiệm vụ', 'Nội dung nhiệm vụ') and STT / 'Cơ quan chủ trì' / 'Thời gian hoàn"
        " thành'. Seen: bảng 1: A | B. Check that the appendix table is in the file (not pasted"
        " as an image) and that its header row names its columns; synonyms can be added in"
        " rules/columns.yaml."
    )
    for message in (english, translate(english, "vi")):
        shown = page_text(message)
        assert "rules/" not in shown and shown.endswith(("names its columns.", "tên các cột."))
        assert "bảng 1: A | B" in shown
