"""The visit gap list points at a body task's paragraph, as every other format does."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conftest import TESTS, run_cli

sys.path.insert(0, str(TESTS / "fixtures" / "import"))
import body_builders as bb


def test_body_findings_name_their_paragraphs_in_the_gap_list(tmp_path: Path) -> None:
    (tmp_path / "xa").mkdir()
    document = bb.write_body_docx(bb.seed_body("phong_tho"), tmp_path / "xa" / "KeHoach.docx")
    for lang, word in (("vi", "đoạn"), ("en", "paragraph")):
        out = tmp_path / f"gaps.{lang}.md"
        done = run_cli(
            "gaps", str(document.parent), "--format", "markdown", "-o", str(out),
            "--as-of", "2026-05-01", "--lang", lang,
        )  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        text = out.read_text("utf-8")
        # a single task's row ('đoạn 50') and a grouped row's ranges ('đoạn 43–48, 50–52')
        assert re.search(rf"\| `KeHoach\.docx, {word} \d+` \|", text), text[:3000]
        assert re.search(rf"`KeHoach\.docx, {word} \d+–\d+, \d+", text), text[:3000]


def test_no_finding_on_a_word_plan_invents_a_line(tmp_path: Path) -> None:
    """A commune owes reports: the missing months point at the plan, which has no lines."""
    (tmp_path / "xa").mkdir()
    bb.write_body_docx(bb.seed_body("binh_lu"), tmp_path / "xa" / "KeHoach.docx")
    done = run_cli("check", str(tmp_path / "xa"), "--format", "json", "--as-of", "2026-05-01")
    findings = __import__("json").loads(done.stdout)["findings"]
    assert any(f["rule"] == "bao-cao-thang-thieu" for f in findings)
    assert {f["line"] for f in findings} == {0}
    github = run_cli("check", str(tmp_path / "xa"), "--format", "github", "--as-of", "2026-05-01")
    assert "KeHoach.docx,line=1" not in github.stdout
