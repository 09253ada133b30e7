"""Requirement detection: diacritic-insensitive, look-alike exclusions, tags win."""

from __future__ import annotations

import pytest

from nq57check.detection import detect
from nq57check.packs.loader import load_pack

DETECTIONS = load_pack("nq57").detections


def found(name: str, output: str = "", tags: list[str] | None = None) -> set[str]:
    return {c.requirement for c in detect([name, output], tags or [], DETECTIONS)}


def test_state_secret_exception_is_not_the_secret_network() -> None:
    text = (
        "100% hồ sơ công việc của xã được tạo lập và xử lý trên môi trường điện tử "
        "(trừ hồ sơ thuộc phạm vi bí mật nhà nước)"
    )
    assert "R-HO-SO-DIEN-TU" in found(text)
    assert "R-MANG-MAT" not in found(text)


def test_secret_network_task_is_found_without_diacritics_or_case() -> None:
    text = "TANG CUONG GUI NHAN VAN BAN MAT, TOI MAT QUA MANG THONG TIN DIEN RONG CUA DANG"
    assert "R-MANG-MAT" in found(text)
    assert "R-VAN-BAN-KY-SO" not in found(text)


def test_numbered_sub_items_cover_several_requirements() -> None:
    text = (
        "(1) Tham gia các lớp đào tạo, nâng cao kỹ năng số cho cán bộ; "
        "(2) Duy trì vai trò Tổ công nghệ số cộng đồng"
    )
    assert {"R-KY-NANG-SO", "R-DIEU-KIEN-TOI-THIEU"} <= found(text)


def test_explicit_tags_win_over_text() -> None:
    assert found("Tuyên truyền về chuyển đổi số", tags=["R-PAKN"]) == {"R-PAKN"}


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        ("Ban hành danh mục cơ sở dữ liệu trong Quý I/2026", "R-DANH-MUC-CSDL"),
        ("Thực hiện phủ sóng 4G cho 100% thôn, bản", "R-PHU-SONG"),
        ("Số hóa 100% các quy trình lõi", "R-QUY-TRINH-LOI"),
        ("Tiếp nhận, phản hồi ý kiến qua Hệ thống pakn.nq57.vn", "R-PAKN"),
        ("Chủ động đăng ký kinh phí cho KHCN, ĐMST, CĐS", "R-KINH-PHI"),
        ("Triển khai thực chất và giải ngân theo đúng tiến độ", "R-GIAI-NGAN"),
    ],
)
def test_catalog_phrasings(text: str, requirement: str) -> None:
    assert requirement in found(text)


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        ("Định kỳ hằng quý rà soát, đánh giá tiến độ thực hiện các nhiệm vụ", "R-RA-SOAT-QUY"),
        ("Xây dựng kế hoạch thực hiện các nhiệm vụ của Nghị quyết 57", "R-KE-HOACH"),
        ("Triển khai gửi nhận văn bản mật trên hệ thống của Đảng", "R-MANG-MAT"),
        ("Cập nhật tiến độ nhiệm vụ trên phần mềm theo dõi nhiệm vụ", "R-HE-THONG-THEO-DOI"),
        ("Gửi văn bản đến các cơ quan trên hệ thống điện tử có ký số", "R-VAN-BAN-KY-SO"),
    ],
)
def test_phrasings_beyond_the_seeds(text: str, requirement: str) -> None:
    assert requirement in found(text)


def test_the_word_for_front_is_not_the_word_for_secret() -> None:
    # "Mặt trận" and "mật" fold to the same letters; only the second is about secrets
    assert "R-MANG-MAT" not in found("Gửi văn bản Mặt trận Tổ quốc qua hệ thống điện tử")
    assert "R-MANG-MAT" not in found("Xử lý hồ sơ trên môi trường mạng (trừ hồ sơ mật)")


def test_unrelated_task_covers_nothing() -> None:
    assert found("Tổ chức hội nghị sơ kết công tác năm", "Báo cáo sơ kết") == set()
