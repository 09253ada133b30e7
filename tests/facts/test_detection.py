"""Requirement detection: diacritic-insensitive, look-alike exclusions, tags win."""

from __future__ import annotations

import pytest

from nq57check.facts.detection import detect
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


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        # the Party network by name alone, with or without "cơ quan"
        ("Gửi, nhận văn bản qua mạng thông tin diện rộng của Đảng", "R-MANG-MAT"),
        ("Duy trì vận hành mạng thông tin diện rộng của Đảng tại xã", "R-MANG-MAT"),
        ("Sử dụng mạng TTĐR của cơ quan Đảng để trao đổi văn bản", "R-MANG-MAT"),
        # conferencing named beside the task itself: the task still counts
        (
            "Họp trực tuyến và gửi nhận văn bản mật qua mạng thông tin diện rộng của Đảng",
            "R-MANG-MAT",
        ),
        ("Kết nối mạng TTĐR của Đảng đến xã; tổ chức họp trực tuyến", "R-MANG-MAT"),
        ("Lưu trữ văn bản mật, tối mật đúng quy định", "R-MANG-MAT"),  # "lưu trữ" is not "trừ"
        # the monitoring system by what it does or by its address
        (
            "Cập nhật đầy đủ trên Hệ thống giám sát, đánh giá thực hiện Nghị quyết 57 (nq57.vn)",
            "R-HE-THONG-THEO-DOI",
        ),
        ("Theo dõi việc thực hiện trên hệ thống giám sát, đánh giá", "R-HE-THONG-THEO-DOI"),
        ("Hệ thống giám sát NQ57", "R-HE-THONG-THEO-DOI"),
        ("Nhập dữ liệu trên https://nq57.vn đầy đủ, kịp thời", "R-HE-THONG-THEO-DOI"),
        ("Cập nhật lên hệ thống thông tin theo dõi nhiệm vụ", "R-HE-THONG-THEO-DOI"),
        # digital signatures as coverage of people (a minimum condition, CV 519/BKHCN-CĐSQG)
        ("Bảo đảm chữ ký số cho toàn bộ cán bộ có thẩm quyền", "R-DIEU-KIEN-TOI-THIEU"),
        ("Cấp phát chữ ký số cho 100% cán bộ, công chức", "R-DIEU-KIEN-TOI-THIEU"),
        ("100% lãnh đạo, công chức được cấp chữ ký số", "R-DIEU-KIEN-TOI-THIEU"),
        ("Trang bị chữ ký số đến từng cán bộ", "R-DIEU-KIEN-TOI-THIEU"),
    ],
)
def test_wordings_of_2025_2026_plans(text: str, requirement: str) -> None:
    assert requirement in found(text)


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        # what a task leaves out is not what it does
        ("Xử lý hồ sơ trên môi trường điện tử (trừ văn bản mật)", "R-MANG-MAT"),
        ("Số hóa hồ sơ công việc, không bao gồm nội dung mật", "R-MANG-MAT"),
        ("Số hóa hồ sơ, không bao gồm văn bản mật", "R-MANG-MAT"),
        ("Lưu trữ hồ sơ điện tử, không áp dụng đối với tài liệu mật", "R-MANG-MAT"),
        ("Bảo vệ bí mật nhà nước trong hoạt động chuyển đổi số", "R-MANG-MAT"),
        ("Tăng cường bảo vệ thông tin bí mật nhà nước trên mạng diện rộng", "R-MANG-MAT"),
        # same letters, other words: "mất" kết nối, "bảo mật", "Mặt trận", the province's WAN
        ("Khắc phục tình trạng mạng mất kết nối tại trụ sở", "R-MANG-MAT"),
        ("Bảo mật thông tin trên mạng diện rộng của tỉnh", "R-MANG-MAT"),
        ("Gửi nhận văn bản qua mạng diện rộng của tỉnh (WAN)", "R-MANG-MAT"),
        ("Mặt trận Tổ quốc xã kết nối mạng diện rộng đang vận hành", "R-MANG-MAT"),
        # another system carried by the Party's network
        (
            "Hoàn thiện hệ thống họp trực tuyến: triển khai nền tảng họp trực tuyến kết nối"
            " thông suốt đến cấp xã, hoạt động ổn định trên Mạng thông tin diện rộng của Đảng",
            "R-MANG-MAT",
        ),
        ("Hội nghị truyền hình kết nối qua mạng TTĐR của Đảng tới xã", "R-MANG-MAT"),
        # other systems that watch something
        ("Trả lời phản ánh, kiến nghị trên pakn.nq57.vn", "R-HE-THONG-THEO-DOI"),
        ("Triển khai hệ thống giám sát an toàn thông tin", "R-HE-THONG-THEO-DOI"),
        ("Lắp đặt hệ thống camera giám sát an ninh trật tự", "R-HE-THONG-THEO-DOI"),
        ("Hệ thống giám sát chất lượng nước sinh hoạt", "R-HE-THONG-THEO-DOI"),
        # a signed document is not a signature handed to a person
        ("Văn bản đi được ký bằng chữ ký số của người có thẩm quyền", "R-DIEU-KIEN-TOI-THIEU"),
        ("Xác thực chữ ký số trên văn bản đến", "R-DIEU-KIEN-TOI-THIEU"),
        ("Gửi nhận văn bản điện tử có chữ ký số", "R-DIEU-KIEN-TOI-THIEU"),
        ("Văn bản cấp xã ký chữ ký số trên hệ thống", "R-DIEU-KIEN-TOI-THIEU"),
    ],
)
def test_look_alikes_do_not_cover(text: str, requirement: str) -> None:
    assert requirement not in found(text)


def test_an_exclusion_leaves_the_rest_of_the_task() -> None:
    text = "Gửi nhận văn bản Mật qua mạng diện rộng của Đảng; số hóa hồ sơ (trừ hồ sơ mật)"
    assert "R-MANG-MAT" in found(text)
    assert "R-MANG-MAT" in found("Xử lý văn bản điện tử (trừ văn bản mật)", "Văn bản mật, tối mật")
