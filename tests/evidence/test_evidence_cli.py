"""Evidence files through the CLI: findings, notes, trust roots, refusals, every format."""

from __future__ import annotations

import io
import json
import os
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from evidence import pdfs
from nq57check.reporters import FORMATS

from conftest import MINIMAL_PLAN, ROOT, run_cli

CANARY = "CANARY-MAT-9c1e"
PLAN = MINIMAL_PLAN.replace("Quý I/2026", "Tháng 12/2026") + "".join(
    f"""  - id: "{n}"
    name: Nhiệm vụ thử số {n}
    lead: Văn phòng HĐND và UBND xã
    output: Quyết định ban hành
    deadline: Tháng 12/2026
"""
    for n in (2, 3)
)


@cache
def signed(text: str = "So: 07/KH-UBND") -> bytes:
    return pdfs.sign(pdfs.plain_pdf(text))


def commune(
    tmp_path: Path, items: dict[str, list[dict[str, Any]]], files: dict[str, bytes]
) -> Path:
    """A commune folder: the plan, one report (March, sent 05/04/2026), evidence files."""
    folder = tmp_path / "xa-thu"
    (folder / "reports" / "evidence").mkdir(parents=True)
    (folder / "plan.yaml").write_text(PLAN, encoding="utf-8")
    for name, data in files.items():
        (folder / "reports" / name).write_bytes(data)
    tasks = {
        task: {"status": "done", "progress": 100, "evidence": evidence}
        for task, evidence in items.items()
    }
    report = {
        "unit": {"name": "Xã Thử"},
        "period": "2026-03",
        "submitted": "2026-04-05",
        "tasks": tasks,
    }
    (folder / "reports" / "2026-03.json").write_text(json.dumps(report, ensure_ascii=False))
    return folder


def item(file: str, number: str = "07/KH-UBND", **more: Any) -> dict[str, Any]:
    return {"number": number, "date": "2026-03-02", "signed": True, "file": file, **more}


def check(folder: Path, *args: str) -> tuple[list[dict[str, Any]], dict[str, Any], str]:
    done = run_cli(
        "check", str(folder), "--as-of", "2026-04-20", "--format", "json", "--lang", "en", *args
    )
    assert done.returncode in (0, 1), done.stderr
    data = json.loads(done.stdout)
    (result,) = data["communes"]
    wanted = ("R-MINH-CHUNG-KY-SO", "R-MAT-KENH")
    evidence = [f for f in data["findings"] if f["requirement"] in wanted]
    return evidence, result, done.stderr


def rules(findings: list[dict[str, Any]], task: str) -> set[str]:
    return {f["rule"] for f in findings if f["task"] == task}


def test_intact_signature_without_roots_is_no_finding_and_says_trust_unchecked(
    tmp_path: Path,
) -> None:
    folder = commune(tmp_path, {"1": [item("evidence/07.pdf")]}, {"evidence/07.pdf": signed()})
    findings, result, _ = check(folder)
    assert rules(findings, "1") == set()
    (note,) = [n for n in result["notes"] if n["file"].endswith("evidence/07.pdf")]
    assert "not checked against any trusted root" in note["message"]
    assert "O=UBND xã Thử, CN=Nguyễn Văn Thử" in note["message"]
    assert "02/03/2026 16:30" in note["message"]
    (digest,) = [v for k, v in result["inputs"].items() if k.endswith("evidence/07.pdf")]
    assert len(digest) == 64  # an input of the run, like the reports


def test_altered_and_appended_files_are_findings_naming_signer_and_time(tmp_path: Path) -> None:
    folder = commune(
        tmp_path,
        {"1": [item("evidence/a.pdf")], "2": [item("evidence/b.pdf")]},
        {
            "evidence/a.pdf": pdfs.altered(signed()),
            "evidence/b.pdf": pdfs.with_empty_field(signed()),
        },
    )
    findings, _, _ = check(folder)
    for task, words in (("1", "changed after signing"), ("2", "does not cover the whole file")):
        (hit,) = [
            f for f in findings if f["task"] == task and f["rule"] == "minh-chung-chu-ky-hong"
        ]
        assert words in hit["message"]
        assert "O=UBND xã Thử, CN=Nguyễn Văn Thử" in hit["message"]
        assert "02/03/2026 16:30 (UTC+7)" in hit["message"]
        assert hit["file"].endswith("reports/2026-03.json")
    assert "minh-chung-ky-so" in rules(findings, "1")  # done, and no evidence that holds
    assert "minh-chung-so-ky-hieu" in rules(findings, "1")  # 07/KH became 08/KH in the text


ATTACKER = ("Kẻ giả mạo", "Attacker")


@cache
def resigned() -> bytes:
    """Signed by the session's signer, its text rewritten by an incremental update, then
    signed over the whole file by another certificate of the same CA."""
    other = pdfs.signer(pdfs.default_signer().ca, *ATTACKER)
    later = pdfs.SIGNED_AT.replace(day=3)
    return pdfs.sign(pdfs.rewritten(signed()), other, at=later, field="Signature2")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_content_changed_then_resigned_by_another_is_broken_naming_both(
    tmp_path: Path, lang: str
) -> None:
    """The first signer is named as the one whose content was changed, never as the file's
    signer; the second, whose signature covers the file, is the signer shown."""
    roots = tmp_path / "roots"
    roots.mkdir()
    (roots / "root.pem").write_bytes(pdfs.default_signer().ca.pem)
    files = {"evidence/r.pdf": resigned(), "evidence/c.pdf": pdfs.rewritten(signed())}
    folder = commune(
        tmp_path, {"1": [item("evidence/r.pdf")], "2": [item("evidence/c.pdf")]}, files
    )
    done = run_cli(
        "check", str(folder), "--as-of", "2026-04-20", "--format", "json", "--lang", lang,
        "--trust-roots", str(roots),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)["findings"]
    (hit,) = [f for f in found if f["task"] == "1" and f["rule"] == "minh-chung-chu-ky-hong"]
    words = {"vi": "nội dung đã bị thay đổi sau khi ký", "en": "content changed after signing"}
    message = hit["message"]
    assert words[lang] in message
    changed, shown = message.split(words[lang], 1)[1].split("CN=Nguyễn Văn Thử", 1)
    assert "O=UBND xã Thử" in changed  # named as the one whose content was changed ...
    assert "Nguyễn Văn Thử" not in shown and "CN=Attacker" in shown  # ... not as the signer
    assert "03/03/2026 16:30 (UTC+7)" in shown and "02/03/2026" not in shown
    assert "minh-chung-ky-so" in {f["rule"] for f in found if f["task"] == "1"}
    (alone,) = [f for f in found if f["task"] == "2" and f["rule"] == "minh-chung-chu-ky-hong"]
    assert words[lang] in alone["message"] and "O=UBND xã Thử" in alone["message"]
    done = run_cli("explain", str(folder), "--format", "json", "--trust-roots", str(roots))
    tasks = {t["task"]: t for t in json.loads(done.stdout)["tasks"]}
    (entry,) = tasks["1"]["evidence"]
    assert entry["state"] == "broken" and entry["reason"] == "changed"
    assert [s["common_name"] for s in entry["signers"]] == ["Attacker"]
    assert [s["common_name"] for s in entry["changed_signers"]] == [pdfs.SIGNER]
    assert entry["common_name"] == "Attacker"


def test_two_signers_of_unchanged_content_are_both_named(tmp_path: Path) -> None:
    other = pdfs.signer(pdfs.default_signer().ca, *ATTACKER)
    both = pdfs.sign(signed(), other, at=pdfs.SIGNED_AT.replace(day=3), field="Signature2")
    folder = commune(tmp_path, {"1": [item("evidence/2.pdf")]}, {"evidence/2.pdf": both})
    findings, result, _ = check(folder)
    assert rules(findings, "1") == set()
    (note,) = [n for n in result["notes"] if n["file"].endswith("evidence/2.pdf")]
    assert "O=UBND xã Thử, CN=Nguyễn Văn Thử; O=Kẻ giả mạo, CN=Attacker" in note["message"]
    assert "02/03/2026 16:30 (UTC+7); 03/03/2026 16:30 (UTC+7)" in note["message"]


def test_claimed_signed_but_no_signature(tmp_path: Path) -> None:
    unsigned = pdfs.plain_pdf("So: 07/KH-UBND")
    folder = commune(
        tmp_path,
        {"1": [item("evidence/u.pdf")], "2": [item("evidence/u.pdf", signed=False)]},
        {"evidence/u.pdf": unsigned},
    )
    findings, _, _ = check(folder)
    assert "minh-chung-chua-ky" in rules(findings, "1")
    assert "minh-chung-chua-ky" not in rules(findings, "2")  # nothing claimed
    assert "minh-chung-ky-so" in rules(findings, "1") | rules(findings, "2")


def test_trust_roots_from_the_command_line(tmp_path: Path) -> None:
    folder = commune(tmp_path, {"1": [item("evidence/07.pdf")]}, {"evidence/07.pdf": signed()})
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    (good / "root.pem").write_bytes(pdfs.default_signer().ca.pem)
    (bad / "root.pem").write_bytes(pdfs.authority("Some Other Root").pem)
    findings, result, _ = check(folder, "--trust-roots", str(good))
    assert rules(findings, "1") == set()
    assert any("reaches a given trusted root" in n["message"] for n in result["notes"])
    findings, _, _ = check(folder, "--trust-roots", str(bad))
    (hit,) = [f for f in findings if f["rule"] == "minh-chung-khong-tin-cay"]
    assert "reaches no trusted root" in hit["message"] and "CN=Nguyễn Văn Thử" in hit["message"]


def test_trust_roots_from_a_pack_and_a_pack_rule_without_python(tmp_path: Path) -> None:
    folder = commune(
        tmp_path,
        {"1": [item("evidence/07.pdf")], "2": [item("evidence/w.docx")]},
        {"evidence/07.pdf": signed(), "evidence/w.docx": b"PK\3\4"},
    )
    pack = tmp_path / "rules" / "tinh-thu"
    (pack / "roots").mkdir(parents=True)
    (pack / "roots" / "other.pem").write_bytes(pdfs.authority("Province Root").pem)
    (pack / "pack.yaml").write_text(
        "pack: tinh-thu\nversion: '1'\ntitle: {vi: Thử, en: Test}\nextends: lai-chau\n"
        "parameters: {reports: {trust_roots: roots}}\n",
        encoding="utf-8",
    )
    (pack / "evidence.yaml").write_text(
        """rules:
  - id: minh-chung-word
    requirement: R-MINH-CHUNG-KY-SO
    kind: evidence-file
    severity: warning
    title: {vi: Minh chứng là tệp Word, en: Word evidence}
    message: {vi: "Tệp {file} chưa kiểm tra chữ ký", en: "{file}: {problem}"}
    params: {states: [unverified]}
    source: Thử
    examples:
      fire:
        - tasks: [{id: "1", name: Thử, deadline: Quý I/2026}]
          as_of: 2026-03-20
          verified: {e.docx: {state: unverified, reason: word}}
          reports:
            - period: "2026-02"
              submitted: 2026-03-05
              tasks: {"1": {status: done, progress: 100, evidence: [{number: 1/QĐ, file: e.docx}]}}
      clean: [{}]
""",
        encoding="utf-8",
    )
    findings, _, _ = check(folder, "--rules", str(tmp_path / "rules"), "--pack", "tinh-thu")
    assert "minh-chung-khong-tin-cay" in rules(findings, "1")
    done = run_cli("rules", "test", "--rules", str(tmp_path / "rules"), "--pack", "tinh-thu")
    assert done.returncode == 0 and "0 không đạt" in done.stdout, done.stdout + done.stderr
    (word,) = [f for f in findings if f["rule"] == "minh-chung-word"]
    assert word["task"] == "2" and "its signature was not verified" in word["message"]


def test_unusable_trust_roots_are_an_input_error(tmp_path: Path) -> None:
    folder = commune(tmp_path, {"1": [item("evidence/07.pdf")]}, {"evidence/07.pdf": signed()})
    roots = tmp_path / "roots"
    roots.mkdir()
    (roots / "broken.pem").write_text("not a certificate")
    done = run_cli("check", str(folder), "--trust-roots", str(roots))
    assert done.returncode == 2 and "broken.pem" in done.stderr and "Traceback" not in done.stderr


def test_signed_after_the_report_was_sent(tmp_path: Path) -> None:
    late = pdfs.sign(pdfs.plain_pdf("So: 07/KH-UBND"), at=pdfs.SIGNED_AT.replace(month=4, day=10))
    folder = commune(tmp_path, {"1": [item("evidence/late.pdf")]}, {"evidence/late.pdf": late})
    findings, _, _ = check(folder)
    (hit,) = [f for f in findings if f["rule"] == "minh-chung-ky-sau-khi-gui"]
    assert "10/04/2026" in hit["message"] and "05/04/2026" in hit["message"]


def test_missing_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    folder = commune(tmp_path, {"1": [item("evidence/none.pdf")]}, {})
    findings, _, _ = check(folder)
    assert "minh-chung-thieu-tep" in rules(findings, "1")


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("evidence/x.pdf", b"plain text, no PDF", "not a PDF"),
        ("evidence/enc.pdf", None, "encrypted"),
        ("evidence/bomb.pdf", None, "inflates past the limit"),
        ("evidence/cut.pdf", None, "damaged"),
    ],
)
def test_bad_files_are_findings_naming_the_file(
    tmp_path: Path, name: str, data: bytes | None, words: str
) -> None:
    made = {
        "evidence/enc.pdf": pdfs.encrypted_pdf,
        "evidence/bomb.pdf": pdfs.bomb_pdf,
        "evidence/cut.pdf": lambda: signed()[: len(signed()) // 2],
    }
    content = data if data is not None else made[name]()
    folder = commune(tmp_path, {"1": [item(name)]}, {name: content})
    findings, _, stderr = check(folder)
    (hit,) = [f for f in findings if f["rule"] == "minh-chung-chu-ky-hong"]
    assert name in hit["message"] and words in hit["message"]
    assert "Traceback" not in stderr


def test_word_evidence_is_noted_as_not_verified(tmp_path: Path) -> None:
    folder = commune(tmp_path, {"1": [item("evidence/07.docx")]}, {"evidence/07.docx": b"PK\3\4"})
    findings, result, _ = check(folder)
    assert rules(findings, "1") == set()
    assert any("not verified" in n["message"] for n in result["notes"])


@pytest.mark.parametrize("path", ["../../plan.yaml", "/etc/passwd"])
def test_a_path_leaving_the_folder_is_refused(tmp_path: Path, path: str) -> None:
    folder = commune(tmp_path, {"1": [item(path)]}, {})
    done = run_cli("check", str(folder), "--as-of", "2026-04-20", "--lang", "en")
    assert done.returncode == 2 and "2026-03.json" in done.stderr and "evidence file" in done.stderr


def test_a_dotdot_step_staying_inside_the_commune_is_resolved(tmp_path: Path) -> None:
    """``../evidence/x.pdf`` from reports/ is the commune's evidence/x.pdf: read, not refused."""
    folder = commune(tmp_path, {"1": [item("../evidence/07.pdf")]}, {})
    (folder / "evidence").mkdir()
    (folder / "evidence" / "07.pdf").write_bytes(signed())
    findings, result, _ = check(folder)
    assert rules(findings, "1") == set()
    (note,) = [n for n in result["notes"] if n["file"].endswith("xa-thu/evidence/07.pdf")]
    assert "CN=Nguyễn Văn Thử" in note["message"]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("../../x.pdf", "leaves the commune folder"),
        ("evidence/../../../x.pdf", "leaves the commune folder"),
        ("out/../x.pdf", "a link to a file outside the commune folder"),
    ],
)
def test_a_path_leaving_as_written_or_through_a_link_is_refused(
    tmp_path: Path, path: str, words: str
) -> None:
    folder = commune(tmp_path, {"1": [item(path)]}, {})
    outside = tmp_path / "outside" / "deep"
    outside.mkdir(parents=True)
    (outside.parent / "x.pdf").write_bytes(b"CANARY-OUTSIDE")
    os.symlink(outside, folder / "reports" / "out")
    done = run_cli("check", str(folder), "--as-of", "2026-04-20", "--lang", "en")
    assert done.returncode == 2 and words in done.stderr and "2026-03.json:" in done.stderr
    assert "CANARY" not in done.stdout + done.stderr


def test_a_link_leading_out_is_refused_unopened(tmp_path: Path) -> None:
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"CANARY-OUTSIDE")
    folder = commune(tmp_path, {"1": [item("evidence/link.pdf")]}, {})
    os.symlink(outside, folder / "reports" / "evidence" / "link.pdf")
    done = run_cli("check", str(folder), "--as-of", "2026-04-20", "--lang", "en")
    assert done.returncode == 2 and "outside the commune folder" in done.stderr
    assert "CANARY" not in done.stdout + done.stderr


def _formats() -> list[str]:
    return [
        n for n, m in FORMATS.items() if (ROOT / "nq57check" / "reporters" / f"{m}.py").is_file()
    ]


@pytest.mark.parametrize("fmt", _formats())
def test_classified_file_on_disk_every_format_no_title(fmt: str, tmp_path: Path) -> None:
    """R-MAT-KENH on the task; neither the title nor the file's name (it may be the title)
    is in any output; the file is a FIFO, so opening it would block the run."""
    secret = {
        "number": "03/KH-M",
        "title": CANARY,
        "classification": "toi_mat",
        "channel": "secret_network",
        "file": f"evidence/{CANARY}.pdf",
    }
    folder = commune(
        tmp_path, {"2": [secret], "1": [item("evidence/07.pdf")]}, {"evidence/07.pdf": signed()}
    )
    os.mkfifo(folder / "reports" / "evidence" / f"{CANARY}.pdf")
    out = tmp_path / f"out.{fmt}"
    done = run_cli(
        "check", str(folder), "--as-of", "2026-04-20", "--format", f"{fmt}:{out}",
        "--format", "json", "--lang", "en",
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    found = json.loads(done.stdout)["findings"]
    hits = [f for f in found if f["rule"] == "mat-luu-tren-may"]
    assert [(f["task"], "03/KH-M" in f["message"], "Tối mật" in f["message"]) for f in hits] == [
        ("2", True, True)
    ]
    assert CANARY not in done.stdout + done.stderr
    data = out.read_bytes()
    texts = [data]
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts += [archive.read(name) for name in archive.namelist()]
    assert all(CANARY.encode() not in t for t in texts)
    assert any(b"03/KH-M" in t for t in texts)  # the finding is in this format, by number


def test_explain_shows_signer_time_and_unchecked_trust(tmp_path: Path) -> None:
    secret = {
        "number": "03/KH-M",
        "title": CANARY,
        "classification": "mat",
        "file": "evidence/m.pdf",
    }
    folder = commune(
        tmp_path,
        {"1": [item("evidence/07.pdf")], "2": [secret]},
        {"evidence/07.pdf": signed(), "evidence/m.pdf": b""},
    )
    done = run_cli("explain", str(folder), "--format", "json")
    assert done.returncode == 0, done.stderr
    tasks = {t["task"]: t for t in json.loads(done.stdout)["tasks"]}
    (entry,) = tasks["1"]["evidence"]
    assert entry["state"] == "valid" and entry["trust"] == "not checked"
    assert (entry["organisation"], entry["common_name"]) == (pdfs.ORG, pdfs.SIGNER)
    assert entry["signed_at"] == "2026-03-02T09:30:00+00:00"
    assert (
        tasks["2"]["evidence"][0]["state"] == "stored" and tasks["2"]["evidence"][0]["file"] is None
    )
    text = run_cli("explain", str(folder))
    assert "CHƯA đối chiếu chứng thư gốc tin cậy" in text.stdout and CANARY not in text.stdout
    assert "ký lúc 02/03/2026 16:30 (UTC+7)" in text.stdout  # Vietnam's time, as findings
    assert "09:30" not in text.stdout


def test_explain_tells_a_classified_file_not_here_from_no_file_named(tmp_path: Path) -> None:
    secret = {"number": "03/KH-M", "title": CANARY, "classification": "mat"}
    folder = commune(
        tmp_path, {"1": [{**secret, "file": f"evidence/{CANARY}.pdf"}], "2": [secret]}, {}
    )
    done = run_cli("explain", str(folder), "--format", "json")
    tasks = {t["task"]: t for t in json.loads(done.stdout)["tasks"]}
    assert [tasks[t]["evidence"][0]["state"] for t in ("1", "2")] == ["absent", "none"]
    text = run_cli("explain", str(folder)).stdout
    (named,) = [line for line in text.splitlines() if "03/KH-M" in line and "không có trên" in line]
    assert "không nêu tệp" not in named and CANARY not in text
    assert text.count("không nêu tệp") == 1  # task 2's item, which names no file


def test_an_unreadable_files_finding_says_nothing_of_an_unknown_signer(tmp_path: Path) -> None:
    folder = commune(tmp_path, {"1": [item("evidence/x.pdf")]}, {"evidence/x.pdf": b"no PDF"})
    for lang, words in (("vi", "Người ký theo chứng thư"), ("en", "Signer per certificate")):
        done = run_cli("check", str(folder), "--as-of", "2026-04-20", "--format", "json",
                       "--lang", lang)  # fmt: skip
        (hit,) = [f for f in json.loads(done.stdout)["findings"] if f["rule"].endswith("ky-hong")]
        assert words not in hit["message"] and "?" not in hit["message"]
        assert hit["message"].endswith(".") and not hit["message"].endswith("..")


REFUSED_PATHS = [
    f"../../{CANARY}.pdf",
    f"/tmp/{CANARY}.pdf",
    f"..\\{CANARY}.pdf",
    f"C:{CANARY}.pdf",
    f"\\\\server\\{CANARY}.pdf",
]


def _classified_refused(tmp_path: Path, path: str) -> Path:
    secret = {
        "number": "03/KH-M",
        "title": CANARY,
        "classification": "tuyet_mat",
        "channel": "secret_network",
        "file": path,
    }
    return commune(tmp_path, {"2": [secret]}, {})


def _texts(out: Path) -> list[bytes]:
    data = out.read_bytes()
    texts = [data]
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts += [archive.read(name) for name in archive.namelist()]
    return texts


@pytest.mark.parametrize("fmt", _formats())
@pytest.mark.parametrize("path", REFUSED_PATHS)
def test_a_classified_items_refused_path_is_never_quoted(
    fmt: str, path: str, tmp_path: Path
) -> None:
    """The path may be the title: the input error names the report, line and the item's
    number, in stderr and every format, never the path."""
    folder = _classified_refused(tmp_path, path)
    out = tmp_path / f"out.{fmt}"
    for lang in ("vi", "en"):
        done = run_cli(
            "check", str(folder), "--as-of", "2026-04-20", "--format", f"{fmt}:{out}",
            "--lang", lang,
        )  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert "2026-03.json:" in done.stderr and "03/KH-M" in done.stderr
        assert CANARY not in done.stdout + done.stderr
        texts = _texts(out)
        assert all(CANARY.encode() not in t for t in texts)
        assert any(b"03/KH-M" in t for t in texts)  # the problem is in this format


@pytest.mark.parametrize("path", REFUSED_PATHS[:3])
def test_a_classified_items_refused_path_is_not_in_explain_gaps_or_the_page(
    path: str, tmp_path: Path
) -> None:
    folder = _classified_refused(tmp_path, path)
    runs = [
        run_cli("explain", str(folder), "--as-of", "2026-04-20"),
        run_cli("explain", str(folder), "--as-of", "2026-04-20", "--format", "json"),
        run_cli("gaps", str(folder), "--as-of", "2026-04-20"),
        run_cli("gaps", str(folder), "--as-of", "2026-04-20", "-o", str(tmp_path / "g.html")),
    ]
    for done in runs:
        assert done.returncode == 2 and "03/KH-M" in done.stderr, done.stderr
        assert CANARY not in done.stdout + done.stderr
    page = (tmp_path / "g.html").read_text("utf-8")  # the visit list names the problem
    assert "03/KH-M" in page and CANARY not in page
    from web.web_client import client, upload

    web = client()
    report = folder / "reports" / "2026-03.json"
    response = upload(
        web, ("plan.yaml", (folder / "plan.yaml").read_bytes()),
        [("2026-03.json", report.read_bytes())], as_of="2026-04-20",
    )  # fmt: skip
    assert "03/KH-M" in response.text and CANARY not in response.text


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("roots-garbage", "không phải chứng thư số (PEM hoặc DER)"),
        ("roots-empty", "không chứa chứng thư số nào"),
        ("leaves", "nằm ngoài thư mục của xã; bị từ chối, không mở"),
        ("link", "là liên kết tới một tệp nằm ngoài thư mục của xã"),
        ("absolute", "phải là đường dẫn tương đối"),
        ("backslash", "hãy viết thư mục bằng '/'"),
        ("secret", "minh chứng mật '03/KH-M' (không hiển thị đường dẫn)"),
    ],
)
def test_evidence_and_trust_root_errors_are_in_vietnamese(
    tmp_path: Path, case: str, words: str
) -> None:
    from cli.test_vietnamese_messages import english_words

    paths = {
        "leaves": "../../x.pdf",
        "link": "evidence/link.pdf",
        "absolute": "/tmp/x.pdf",
        "backslash": "..\\x.pdf",
    }
    items = [item(paths.get(case, "evidence/07.pdf"))]
    if case == "secret":
        items = [{"number": "03/KH-M", "classification": "mat", "file": "../../x.pdf"}]
    folder = commune(tmp_path, {"1": items}, {"evidence/07.pdf": signed()})
    os.symlink(tmp_path, folder / "reports" / "evidence" / "link.pdf")
    roots = tmp_path / "roots"
    roots.mkdir()
    if case == "roots-garbage":
        (roots / "bad.pem").write_text("not a certificate")
    args = ["--trust-roots", str(roots)] if case.startswith("roots") else []
    done = run_cli("check", str(folder), "--as-of", "2026-04-20", *args)
    assert done.returncode == 2 and "lỗi: " in done.stderr, done.stderr
    assert words in done.stderr
    shown = done.stderr.split(": không phải chứng thư số (PEM hoặc DER): ")[0]  # asn1crypto's
    assert english_words(shown, folder, roots) == [], done.stderr
