"""The province roll-up through the CLI: ranked by risk class then count, communes that
could not be judged named first with kind and province, pictures, every format ranked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import openpyxl

from conftest import MINIMAL_PLAN, ROOT, run_cli

AS_OF = ("--as-of", "2026-12-31")


def province(tmp_path: Path) -> Path:
    """Four communes: many blank cells (Phong Thổ), one classified document sent over the
    ordinary system (the demo, fewer findings), two 'Hưng Đông' of different kinds and
    provinces with no reports, and one broken plan."""
    root = tmp_path / "tinh"
    shutil.copytree(ROOT / "examples" / "phong-tho", root / "phong-tho")
    shutil.copytree(ROOT / "examples" / "lai-chau-demo", root / "nam-tam")
    twins = (("hung-dong-a", "xa", "Nghệ An"), ("hung-dong-b", "phuong", "Thái Bình"))
    for folder, kind, where in twins:
        (root / folder).mkdir()
        plan = MINIMAL_PLAN.replace(
            "unit: {name: Xã Thử, kind: xa, province: Lai Châu}",
            f"unit: {{name: Hưng Đông, kind: {kind}, province: {where}}}",
        )
        (root / folder / "plan.yaml").write_text(plan, encoding="utf-8")
    (root / "xa-hong").mkdir()
    (root / "xa-hong" / "plan.yaml").write_text("unit: {name: [\n", encoding="utf-8")
    return root


def test_json_communes_in_rank_order_classified_channel_first(tmp_path: Path) -> None:
    done = run_cli("gaps", str(province(tmp_path)), *AS_OF, "--format", "json")
    assert done.returncode == 2, done.stderr  # the broken plan: said, the others come out
    data = json.loads(done.stdout)
    communes = data["communes"]
    assert [c["rank"] for c in communes] == list(range(1, 6))
    by_path = {c["path"].rsplit("/", 1)[-1]: c for c in communes}
    assert by_path["nam-tam"]["risk"] == 1 and by_path["xa-hong"]["risk"] == 1
    assert by_path["phong-tho"]["risk"] == 2
    errors = {p: sum(1 for f in data["findings"] if f["commune"].endswith(p)) for p in by_path}
    assert errors["phong-tho"] > errors["nam-tam"]  # more findings, yet ranked below
    order = [c["path"].rsplit("/", 1)[-1] for c in communes]
    assert order.index("nam-tam") < order.index("phong-tho")
    assert [c["risk"] for c in communes] == sorted(c["risk"] for c in communes)
    assert by_path["hung-dong-b"]["kind"] == "phuong"


def test_html_names_unjudged_communes_first_with_kind_and_province(tmp_path: Path) -> None:
    out = tmp_path / "gaps.html"
    done = run_cli("gaps", str(province(tmp_path)), *AS_OF, "-o", str(out))
    assert done.returncode == 2
    page = out.read_text("utf-8")
    first = page.split("<h2>Cần chú ý trước", 1)[1].split("</div>", 1)[0]
    assert "xã Hưng Đông (Nghệ An)" in first and "phường Hưng Đông (Thái Bình)" in first
    assert "không có báo cáo tháng nào" in first and "xa-hong" in first
    places = [page.index(s) for s in ("Cần chú ý trước", "Bản đồ nhiệt", 'class="commune"')]
    assert places == sorted(places)
    assert page.count("<svg") == 2 and "<script" not in page.lower()
    sections = page.split('<section class="commune"')[1:]
    assert len(sections) == 5
    assert "Xã Nậm Tăm Demo" in sections[0] or "xa-hong" in sections[0]  # class 1 first
    assert "Tài liệu mật gửi sai kênh" in page and "07/KH-M" in page
    # the one line on stderr: where the report went, how many communes, how many unusable
    assert f"đã ghi {out}: 5 xã/phường, 1 không dùng được" in done.stderr


def test_english_stderr_line_and_no_vietnamese_labels(tmp_path: Path) -> None:
    out = tmp_path / "gaps.md"
    done = run_cli(
        "gaps", str(province(tmp_path)), *AS_OF, "--format", "markdown", "-o", str(out),
        "--lang", "en",
    )  # fmt: skip
    assert f"wrote {out}: 5 communes, 1 unusable" in done.stderr
    text = out.read_text("utf-8")
    assert "## First: communes that could not be fully judged" in text
    assert "ward Hưng Đông (Thái Bình)" in text and "commune Hưng Đông (Nghệ An)" in text
    for word in ("Cần chú ý", "Tài liệu cần", "Mức rủi ro", "không có báo cáo tháng nào"):
        assert word not in text


def test_xlsx_counts_are_numbers_with_filters_and_a_chart(tmp_path: Path) -> None:
    out = tmp_path / "gaps.xlsx"
    done = run_cli("gaps", str(province(tmp_path)), *AS_OF, "--format", "xlsx", "-o", str(out))
    assert done.returncode == 2, done.stderr
    book = openpyxl.load_workbook(out)
    ws = book.worksheets[0]
    rows = list(ws.iter_rows(min_row=2, max_row=6, values_only=True))
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    assert all(isinstance(v, int) for r in rows for v in r[6:12])
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert len(ws._charts) == 1
    assert book.sheetnames[1] in ("Xã Nậm Tăm Demo", "xa-hong")  # rank order


def test_docx_roll_up_read_back(tmp_path: Path) -> None:
    out = tmp_path / "gaps.docx"
    done = run_cli("gaps", str(province(tmp_path)), *AS_OF, "--format", "docx", "-o", str(out))
    assert done.returncode == 2, done.stderr
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].startswith("Danh sách tồn tại trước kiểm tra")
    assert headings[1].startswith("Cần chú ý trước")
    visits = [h for h in headings if "Danh sách tồn tại phục vụ kiểm tra" in h]
    assert len(visits) == 5 and visits[0].startswith("1. ")


def _body(document: docx.document.Document) -> list[tuple[str, str]]:
    """The document in reading order: ('h1'..'h3' | 'p' | 'table' | 'break', text)."""
    out: list[tuple[str, str]] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            table = docx.table.Table(child, document)
            out.append(("table", "\n".join("\t".join(c.text for c in r.cells) for r in table.rows)))
        elif tag == "p":
            paragraph = docx.text.paragraph.Paragraph(child, document)
            if 'w:type="page"' in child.xml:
                out.append(("break", ""))
            style = paragraph.style.name if paragraph.style is not None else ""
            kind = f"h{style[-1]}" if style.startswith("Heading") else "p"
            if paragraph.text:
                out.append((kind, paragraph.text))
    return out


def test_docx_visit_list_of_one_commune(tmp_path: Path) -> None:
    out = tmp_path / "phong-tho.docx"
    done = run_cli(
        "gaps", "examples/phong-tho", "--as-of", "2026-09-30", "--format", "docx", "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    body = _body(docx.Document(str(out)))
    kinds = [k for k, _ in body]
    page_break = kinds.index("break")
    page1, rest = body[:page_break], body[page_break:]
    assert page1[0] == ("h1", "Danh sách tồn tại phục vụ kiểm tra: xã Phong Thổ (Lai Châu)")
    facts = page1[1][1]
    assert "Số kế hoạch\tchưa ghi" in facts and "Ngày đối chiếu\t2026-09-30" in facts
    assert [t for k, t in page1 if k == "h3"] == [
        "Thiếu nhiệm vụ bắt buộc",
        "Thiếu hoặc chậm báo cáo tháng",
        "Nhiệm vụ quá hạn",
        "Tồn tại chung của kế hoạch",
    ]  # what matters most, in the catalog's order
    page1_text = "\n".join(t for _, t in page1)
    assert "Thiếu nhiệm vụ: Phủ sóng 4G 100% thôn, bản\t12/2026" in page1_text  # latest deadline
    assert "2026-01, 2026-02" in page1_text  # months without a report, on one row
    assert "Tồn tại theo yêu cầu" not in page1_text
    rest_text = "\n".join(t for _, t in rest)
    assert ("h2", "Tồn tại theo yêu cầu") in rest
    assert "NV 1–5, 7–31: Nhiệm vụ không có cơ quan chủ trì\t30" in rest_text  # one row, 30 tasks
    checklist = [t for k, t in rest if k == "p" and t.startswith("☐ ")]
    assert len(checklist) == len(set(checklist)) >= 5
    lead = "☐ Quyết định phân công cơ quan chủ trì (cho R-RO-NGUOI"
    assert any(t.startswith(lead) for t in checklist)
    headings = [t for k, t in rest if k in ("h2", "h3")]
    assert headings[-1] == "Thông tin đối chiếu (để kiểm chứng lại)"
    assert "SHA-256" in rest[-1][1] and "examples/phong-tho/plan.yaml\t" in rest[-1][1]
    assert "NV 34\tThực hiện chế độ báo cáo…" in rest_text  # tasks' short names


def test_office_plan_locations_are_table_rows_and_pages(tmp_path: Path) -> None:
    """A Word plan checked on the fly: grouped rows say the table and its row ranges, the
    task list each task's row, never a YAML line the user never saw."""
    import sys

    from conftest import TESTS

    sys.path.insert(0, str(TESTS / "fixtures" / "import"))
    from import_builders import docx_from_plan

    tasks = [
        {"id": str(n), "name": f"Nhiệm vụ số {n} về chuyển đổi số của xã", "output": "Báo cáo",
         "deadline": "Quý II/2026"}
        for n in range(1, 8)
    ]  # fmt: skip
    plan = {"unit": {"name": "Bum Nưa"}, "document": {"number": "5/KH-UBND"}, "tasks": tasks}
    folder = tmp_path / "bum-nua"
    folder.mkdir()
    docx_from_plan(plan, folder / "KeHoach.docx")
    done = run_cli("gaps", str(folder), "--as-of", "2026-05-01", "--format", "markdown")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    row = next(line for line in text.splitlines() if "NV 1–7" in line and "chủ trì" in line)
    assert "`KeHoach.docx, bảng 1, dòng 2–8 (trang 1)`" in row  # seven tasks: rows as ranges
    assert "`KeHoach.docx, bảng 1, dòng 5 (trang 1)`" in text  # task 4 in the task list
    assert "plan.yaml" not in text


def test_progress_on_a_terminal_shows_count_and_commune(tmp_path: Path) -> None:
    """stderr a terminal: the progress line counts communes and names the one just checked;
    the line saying where the report went comes after it."""
    import os
    import subprocess
    import sys

    root = province(tmp_path)
    shutil.rmtree(root / "xa-hong")
    out = tmp_path / "gaps.html"
    master, slave = os.openpty()
    try:
        command = ["gaps", str(root), *AS_OF, "-o", str(out), "-j", "1"]
        done = subprocess.run(
            [sys.executable, "-m", "nq57check", *command],
            stdout=subprocess.PIPE, stderr=slave, cwd=ROOT, timeout=300, check=False,
            env={**os.environ, "COLUMNS": "120"},
        )  # fmt: skip
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    assert done.returncode == 0
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "4/4" in shown and "nq57check" in shown
    assert any(name in shown for name in ("Hưng Đông", "Phong Thổ", "Xã Nậm Tăm Demo"))
    assert f"đã ghi {out}: 4 xã/phường, 0 không dùng được" in shown
