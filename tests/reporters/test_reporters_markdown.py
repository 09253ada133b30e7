"""Markdown gap list: order, content per finding, matrix counts, escaping."""

from __future__ import annotations

from nq57check.reporters import markdown

try:
    from reporter_fixtures import make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import make_run


def _md(lang: str = "vi") -> str:
    return markdown.render(make_run(), lang=lang)


def test_header_states_packs_as_of_and_hashes() -> None:
    head = _md().split("## ", 1)[0]
    assert "nq57check 0.1.0" in head
    assert "nq57-base 1.0.0, lai-chau-2026 2026.1" in head
    assert "2026-04-20" in head
    for digest in ("a" * 64, "b" * 64, "c" * 64, "d" * 64):
        assert digest in head


def test_order_header_summary_then_communes_by_path() -> None:
    text = _md()
    positions = [
        text.index("# Danh sách tồn tại"),
        text.index("## Tổng hợp"),
        text.index("## xã Bình Lư\n"),
        text.index("## xã Bình Lư (KH 377)"),
        text.index("## xã Phong Thổ"),
        text.index("## communes/lang-son/xa-moi"),
    ]
    assert positions == sorted(positions)


def test_matrix_counts() -> None:
    text = _md()
    assert (
        "| xã Phong Thổ | 1 / 1 / 0 | 1 / 0 / 0 | 0 / 0 / 0 | 0 / 0 / 1 | 0 / 0 / 0 "
        "| 2 / 1 / 1 | 1 | 0 |"
    ) in text
    assert "| xã Bình Lư | 0 / 0 / 0 | 0 / 0 / 0 | 1 / 0 / 0 | 2 / 0 / 0 | 0 / 1 / 0 " in text
    assert "| communes/lang-son/xa-moi | 0 / 0 / 0" in text and "| 0 | 2 |" in text
    ranking = text.split("### Xếp hạng", 1)[1].split("\n## ", 1)[0]
    assert ranking.index("xã Bình Lư") < ranking.index("xã Phong Thổ")
    assert "| 1 | xã Bình Lư | 3 | 1 | 0 | 0 | 0 |" in ranking


def test_every_finding_shows_message_task_source_evidence() -> None:
    text = _md()
    for finding in make_run().all_findings():
        if "<" not in finding.message:
            assert finding.message in text
        if finding.task:
            assert markdown.md(finding.task) in text
        assert markdown.md(finding.source) in text
    assert "Sản phẩm đầu ra có số liệu cụ thể" in text  # evidence from the rule
    assert "**Thời hạn:** Quý III/2026" in text


def test_findings_grouped_by_area_in_commune() -> None:
    section = _md().split("## xã Phong Thổ", 1)[1].split("\n## ", 1)[0]
    order = [
        section.index("### A. Cấu trúc kế hoạch (5 rõ)"),
        section.index("### B. Nhiệm vụ bắt buộc"),
        section.index("### D. Báo cáo và minh chứng"),
        section.index("### Được miễn trừ"),
    ]
    assert order == sorted(order)
    assert "### C. Chỉ tiêu" not in section  # empty areas are left out
    waived = section.split("### Được miễn trừ", 1)[1]
    assert "Đã bổ sung căn cứ tại Công văn 12/UBND-VP ngày 02/3/2026" in waived
    assert "Kế hoạch không viện dẫn" in waived
    assert "Kế hoạch không viện dẫn" not in section.split("### Được miễn trừ", 1)[0]


def test_input_problems_and_skipped() -> None:
    text = _md()
    assert "ngày không hợp lệ: 31/02/2026" in text
    assert "thiếu trường bắt buộc 'unit'" in text
    assert "**Không kiểm tra:** Kế hoạch 377/KH-UBND đã được thay thế" in text


def test_hostile_text_escaped_not_mangled() -> None:
    text = _md()
    assert "<script>" not in text
    assert "Đầu ra \\<script\\>alert('x')\\</script\\> chỉ đạt 50% \\< 100%,<br>ký" in text
    assert markdown.md("a|b") == "a\\|b"


def test_english_labels() -> None:
    text = _md("en")
    assert "# Pre-inspection gap list" in text
    assert "### A. Plan structure (five clears)" in text
    assert "**Legal source:**" in text and "**Evidence to ask for:**" in text
    assert "Nhiệm vụ số 7 không ghi cơ quan chủ trì" in text  # findings stay as rendered
