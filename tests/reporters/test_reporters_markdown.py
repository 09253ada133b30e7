"""Markdown gap list: order, content per finding, matrix counts, escaping."""

from __future__ import annotations

from nq57check.reporters import markdown

try:
    from reporter_fixtures import make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import make_run


def _md(lang: str = "vi") -> str:
    return markdown.render(make_run(), lang=lang)


def _section(text: str, name: str) -> str:
    """One commune's gap list: from its heading to the next commune's."""
    return text.split(f"Danh sách tồn tại phục vụ kiểm tra: {name}", 1)[1].split("\n## ", 1)[0]


def test_inputs_packs_and_as_of_come_last_in_each_commune() -> None:
    text = _md()
    head = text.split("\n## 1. ", 1)[0]
    assert "2026-04-20" in head
    assert not any(d * 64 in head for d in "abcd")  # no hashes before the gap lists
    section = _section(text, "xã Phong Thổ")
    facts = section.index("### Thông tin đối chiếu")
    assert facts > section.index("### Tài liệu cần yêu cầu khi kiểm tra")
    tail = section[facts:]
    assert "a" * 64 in tail and "b" * 64 in tail
    assert "nq57check 0.1.0" in tail and "nq57-base 1.0.0, lai-chau-2026 2026.1" in tail


def test_order_summary_then_communes_by_risk() -> None:
    text = _md()
    positions = [
        text.index("# Danh sách tồn tại"),
        text.index("## Cần chú ý trước"),
        text.index("## Thứ tự kiểm tra theo mức rủi ro"),
        text.index("## 1. Danh sách tồn tại phục vụ kiểm tra: communes/lang-son/xa-moi"),
        text.index("## 2. Danh sách tồn tại phục vụ kiểm tra: xã Bình Lư (Lai Châu)"),
        text.index("## 3. Danh sách tồn tại phục vụ kiểm tra: xã Phong Thổ (Lai Châu)"),
        text.index("## 4. Danh sách tồn tại phục vụ kiểm tra: xã Bình Lư (KH 377) (Lai Châu)"),
    ]
    assert positions == sorted(positions)
    first = text.split("## Cần chú ý trước", 1)[1].split("\n## ", 1)[0]
    assert "communes/lang-son/xa-moi" in first and "dữ liệu đầu vào không dùng được" in first
    assert "Kế hoạch 377/KH-UBND đã được thay thế" in first


def test_ranking_by_risk_class_then_count() -> None:
    ranking = _md().split("## Thứ tự kiểm tra", 1)[1].split("\n## ", 1)[0]
    # unusable input is class 1; Bình Lư's two missing reports (class 2) outrank Phong
    # Thổ's one late mandatory task (class 2)
    one = "1. Kênh mật, không có kế hoạch dùng được"
    two = "2. Thiếu nhiệm vụ bắt buộc, thiếu báo cáo"
    assert f"| 1 | communes/lang-son/xa-moi | {one} | 2 |" in ranking
    assert f"| 2 | xã Bình Lư (Lai Châu) | {two} | 2 | 3 | 1 |" in ranking
    assert f"| 3 | xã Phong Thổ (Lai Châu) | {two} | 1 | 2 | 1 |" in ranking
    assert "| 4 | xã Bình Lư (KH 377) (Lai Châu) | — | 0 |" in ranking
    heat = _md().split("## Bản đồ nhiệt", 1)[1].split("\n## ", 1)[0]
    assert "| 3 | xã Phong Thổ (Lai Châu) | 1 / 1 / 0 | 1 / 0 / 0 | 0 / 0 / 0 | 0 / 0 / 1 |" in heat


def test_page_one_then_grouped_rows_with_message_task_source() -> None:
    text = _md()
    for finding in make_run().all_findings():
        if finding.waived is None and "<" not in finding.message:
            assert finding.message in text
    phong_tho = _section(text, "xã Phong Thổ")
    first = phong_tho.split("### Tồn tại theo yêu cầu", 1)[0]
    assert "### Thiếu" not in first and "### Tồn tại chung" not in first  # no plan-level gap
    rest = phong_tho.split("### Tồn tại theo yêu cầu", 1)[1]
    assert "**NV Gửi, nhận văn bản Mật qua Mạng mật liên thông: Thiếu nhiệm vụ" in rest
    assert "#### R-RO-NGUOI: Rõ người: mỗi nhiệm vụ có cơ quan chủ trì" in rest
    assert markdown.md("Kế hoạch 978/KH-UBND ngày 06/02/2026, mục III") in rest
    assert rest.index("R-RO-NGUOI") < rest.index("R-SAP-DEN-HAN")  # notices last
    binh_lu = _section(text, "xã Bình Lư (Lai Châu)")
    reports = binh_lu.split("### Thiếu hoặc chậm báo cáo tháng", 1)[1].split("###", 1)[0]
    assert "tháng 02/2026" in reports and "tháng 03/2026" in reports
    plan = binh_lu.split("### Tồn tại chung của kế hoạch", 1)[1].split("###", 1)[0]
    assert "80% thấp hơn mức sàn 90%" in plan and "`ke-hoach-2026.yaml:55`" in plan


def test_documents_to_request_once_each() -> None:
    section = _section(_md(), "xã Phong Thổ")
    checklist = section.split("### Tài liệu cần yêu cầu khi kiểm tra", 1)[1].split("###", 1)[0]
    items = [line for line in checklist.splitlines() if line.startswith("- [ ] ")]
    assert len(items) == len(set(items))
    assert any("Bảng phân công nhiệm vụ có cột cơ quan chủ trì (cho R-RO-NGUOI" in i for i in items)
    assert any("Sản phẩm đầu ra có số liệu cụ thể" in i for i in items)  # the rule's evidence
    assert not any("Phần căn cứ của kế hoạch" in i for i in items)  # waived: nothing to ask


def test_waived_listed_apart() -> None:
    section = _section(_md(), "xã Phong Thổ")
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
    assert "## First: communes that could not be fully judged" in text
    assert "1. Inspection visit gap list: communes/lang-son/xa-moi" in text
    assert "### Documents to request on the visit" in text
    assert "### Missing or late monthly reports" in text
    assert "| Legal source |" in text and "Classified channel, no usable plan" in text
    assert "Nhiệm vụ số 7 không ghi cơ quan chủ trì" in text  # findings stay as rendered
    for word in ("Tài liệu cần", "Cần chú ý", "Mức rủi ro", "chưa ghi"):
        assert word not in text
