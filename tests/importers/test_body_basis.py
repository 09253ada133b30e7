"""importers/body/basis: the documents a plan body implements and the plan it replaces, in
several wordings (one opening sentence, one "Căn cứ" paragraph per document, a "Căn cứ"
section of bullets, no diacritics), as entries the basis and replacement rules read."""

from __future__ import annotations

from importers.body_helpers import bold, paragraphs
from nq57check.grammar.docnumbers import DocNumber, parse_doc_number
from nq57check.importers.body.basis import read_basis

TITLE = ("KẾ HOẠCH", "Triển khai thực hiện Nghị quyết 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị")


def _key(text: str) -> str:
    parsed = parse_doc_number(text)
    assert isinstance(parsed, DocNumber), text  # what basis-cited and so-ky-hieu read
    return parsed.normalized()


def _numbers(entries: list[str]) -> list[str]:
    """The entries' document numbers, as the basis check compares them."""
    return [_key(entry) for entry in entries]


def _keys(*numbers: str) -> list[str]:
    return [_key(number) for number in numbers]


def test_one_opening_sentence_citing_three_plans() -> None:
    """The seed of Phong Thổ: plans separated by ';', each cut before what it is about; the
    resolution those plans implement is not the plan's own basis, the title's is."""
    part = read_basis(
        paragraphs(
            *TITLE,
            "Thực hiện Kế hoạch số 32-KH/TU ngày 09/01/2026 của Ban Thường vụ Tỉnh ủy về thực"
            " hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị; Kế hoạch số"
            " 112-KH/ĐU, ngày 23/01/2026 của Đảng ủy xã Phong Thổ thực hiện Nghị quyết số"
            " 57-NQ/TW; Kế hoạch số 978/KH-UBND ngày 06/2/2026 của UBND tỉnh Lai Châu về việc"
            " thực hiện Nghị quyết số 71/NQ-CP. UBND xã Phong Thổ ban hành Kế hoạch triển khai"
            " thực hiện Nghị quyết 57-NQ/TW ngày 22/12/2024 như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "- Bảo đảm bám sát Chương trình hành động số 63-CTr/TU.",
        )
    )
    basis = part.fields["document"]["basis"]
    assert basis == [
        "Nghị quyết 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị",
        "Kế hoạch số 32-KH/TU ngày 09/01/2026 của Ban Thường vụ Tỉnh ủy",
        "Kế hoạch số 112-KH/ĐU, ngày 23/01/2026 của Đảng ủy xã Phong Thổ",
        "Kế hoạch số 978/KH-UBND ngày 06/2/2026 của UBND tỉnh Lai Châu",
    ]
    assert "replaces" not in part.fields["document"]


def test_one_can_cu_paragraph_per_document_siblings_joined_by_va() -> None:
    part = read_basis(
        paragraphs(
            "KẾ HOẠCH",
            "Chuyển đổi số năm 2026",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;",
            "Căn cứ Quyết định số 12/QĐ-UBND ngày 02/01/2026 và Công văn số 519/BKHCN-CĐSQG"
            " ngày 28/01/2026 của Bộ Khoa học và Công nghệ;",
            "Căn cứ Kế hoạch số 978/KH-UBND ngày 06/02/2026 của UBND tỉnh về thực hiện Kế hoạch"
            " số 32-KH/TU;",
            "Ủy ban nhân dân xã ban hành Kế hoạch như sau:",
            "1. Mục đích",
        )
    )
    assert _numbers(part.fields["document"]["basis"]) == _keys(
        "12/QĐ-UBND", "519/BKHCN-CĐSQG", "978/KH-UBND"
    )


def test_a_can_cu_section_of_bullets() -> None:
    part = read_basis(
        paragraphs(
            "KẾ HOẠCH",
            bold("Thực hiện chuyển đổi số năm 2026"),
            "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH",
            "- Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
            "- Kế hoạch số 32-KH/TU ngày 09/01/2026 của Tỉnh ủy Lai Châu;",
            "II. MỤC TIÊU",
            "- Triển khai Kế hoạch số 99/KH-UBND của huyện.",
        )
    )
    assert _numbers(part.fields["document"]["basis"]) == _keys("57-NQ/TW", "32-KH/TU")


def test_no_diacritics_and_an_irregular_number() -> None:
    part = read_basis(
        paragraphs(
            "KE HOACH",
            "Chuyen doi so",
            "Thuc hien Ke hoach so 32- KH/TU ngay 09/01/2026 cua Tinh uy; Nghi quyet 71/NQ-CP.",
            "I. MUC DICH",
        )
    )
    assert _numbers(part.fields["document"]["basis"]) == _keys("32-KH/TU", "71/NQ-CP")


def test_the_title_alone_gives_its_document_with_a_warning() -> None:
    part = read_basis(paragraphs(*TITLE, "I. MỤC ĐÍCH, YÊU CẦU", "- Nội dung."))
    assert _numbers(part.fields["document"]["basis"]) == _keys("57-NQ/TW")
    assert any("Thực hiện ... / Căn cứ" in w for w in part.warnings)


def test_the_replaced_plan() -> None:
    """The seed of Bình Lư's closing sentence, and other wordings."""
    closing = (
        "Trên đây là Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026. Kế hoạch này thay"
        " thế Kế hoạch số 377/KH-UBND, ngày 11/3/2026 của UBND xã Bình Lư./."
    )
    part = read_basis(paragraphs(*TITLE, "I. MỤC TIÊU", closing))
    assert part.fields["document"]["replaces"] == [
        "Kế hoạch số 377/KH-UBND, ngày 11/3/2026 của UBND xã Bình Lư"
    ]
    for wording, expected in (
        (
            "Kế hoạch này thay thế cho Kế hoạch số 10/KH-UBND và Kế hoạch số 11/KH-UBND.",
            ["10/KH-UBND", "11/KH-UBND"],
        ),
        ("Bãi bỏ Kế hoạch số 05/KH-UBND ngày 02/01/2026 của UBND xã.", ["05/KH-UBND"]),
        ("ke hoach nay thay the ke hoach so 377/KH-UBND.", ["377/KH-UBND"]),
    ):
        part = read_basis(paragraphs(*TITLE, "I. MỤC TIÊU", wording))
        assert _numbers(part.fields["document"]["replaces"]) == _keys(*expected), wording


def test_a_replaced_plan_with_no_number_is_kept_unmapped() -> None:
    part = read_basis(
        paragraphs(*TITLE, "I. MỤC TIÊU", "Kế hoạch này thay thế kế hoạch trước đây.")
    )
    assert "replaces" not in part.fields["document"]
    assert [u["paragraph"] for u in part.unmapped] == [4]
    assert any(w.startswith("đoạn 4:") for w in part.warnings)


def test_a_later_sentence_is_not_the_basis_unless_it_opens_with_thuc_hien_or_can_cu() -> None:
    part = read_basis(
        paragraphs(
            *TITLE,
            "Thực hiện Kế hoạch số 978/KH-UBND ngày 06.2.2026 của UBND tỉnh Lai Châu. Kế hoạch số"
            " 05/KH-UBND của xã đã kết thúc. Căn cứ Công văn số 519/BKHCN-CĐSQG, UBND xã ban"
            " hành Kế hoạch như sau:",
            "I. MỤC TIÊU",
        )
    )
    assert _numbers(part.fields["document"]["basis"]) == _keys(
        "57-NQ/TW", "978/KH-UBND", "519/BKHCN-CĐSQG"
    )
