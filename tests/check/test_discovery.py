"""Issue 11.6: a folder run sees every commune; one it cannot use is listed, never dropped.

Trees are built in code: plan files from the minimal plan, Word appendices with the
importer tests' builders, damaged and stray files as a few bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL_PLAN, TESTS, run_cli

FIXTURES = TESTS / "fixtures" / "import"
if str(FIXTURES) not in sys.path:
    sys.path.insert(0, str(FIXTURES))

import import_builders as builders  # noqa: E402

WORD_PLAN: dict[str, Any] = {
    "unit": {"name": "Bum Nưa"},
    "document": {"number": "5/KH-UBND", "issued": dt.date(2026, 2, 3)},
    "tasks": [
        {
            "id": "1",
            "name": "Ban hành danh mục cơ sở dữ liệu của xã",
            "lead": "Văn phòng HĐND và UBND xã",
            "output": "Quyết định ban hành danh mục",
            "deadline": "Quý I/2026",
        }
    ],
}


def _plan(folder: Path, text: str = MINIMAL_PLAN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    return folder / "plan.yaml"


def _word(path: Path, unit: str = "Bum Nưa") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return builders.docx_from_plan({**WORD_PLAN, "unit": {"name": unit}}, path)


def _run(*args: str) -> tuple[int, dict[str, dict[str, Any]], str]:
    done = run_cli("check", *args, "--format", "json", "--as-of", "2026-05-01", "--lang", "en")
    assert "Traceback" not in done.stderr, done.stderr
    data = json.loads(done.stdout)
    communes = {c["path"]: {**c, "findings": []} for c in data["communes"]}
    assert len(communes) == len(data["communes"]), "a commune listed twice"
    for finding in data["findings"]:
        communes[finding["commune"]]["findings"].append(finding["rule"])
    return done.returncode, communes, done.stderr


def _rel(root: Path, commune: dict[str, Any]) -> str:
    return Path(commune["path"]).resolve().relative_to(root.resolve()).as_posix()


def _messages(commune: dict[str, Any]) -> str:
    return " | ".join(p["message"] for p in commune["problems"])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_province_run_lists_every_commune_usable_or_not(tmp_path: Path, jobs: str) -> None:
    root = tmp_path / "tinh"
    _plan(root / "a-yaml")
    _plan(root / "a-yaml" / "thon-moi")  # a commune nested in another's folder
    _plan(root / "a-yaml" / "reports" / "cu")  # below reports/: not a commune
    _word(root / "a-yaml" / "goc" / "KeHoach.docx")  # below a plan file: attachments
    (root / "a-yaml" / "minh-chung").mkdir()
    for scan in ("QD-01.pdf", "QD-02.pdf"):
        (root / "a-yaml" / "minh-chung" / scan).write_bytes(b"%PDF-1.4\n")
    _word(root / "b-word" / "KeHoach.docx")
    (root / "b-word" / "~$KeHoach.docx").write_bytes(b"\x05Owner")  # Word's lock file
    (root / "b-word" / "._KeHoach.docx").write_bytes(b"\x00\x05\x16\x07")  # macOS copy
    _word(root / "c-two" / "KeHoach.docx")
    (root / "c-two" / "KeHoach.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "d-reports" / "reports").mkdir(parents=True)
    (root / "e-broken").mkdir()
    (root / "e-broken" / "KeHoach.docx").write_bytes(b"not a zip package")
    (root / "f-old").mkdir()
    (root / "f-old" / "KeHoach.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    _plan(root / ".snapshot" / "xa")  # dot-folders are not searched
    (root / "empty").mkdir()  # nothing of a commune's: not one
    code, communes, stderr = _run(str(root), "--jobs", jobs)
    assert code == 2, stderr
    by_name = {_rel(root, c): c for c in communes.values()}
    assert set(by_name) == {
        "a-yaml",
        "a-yaml/thon-moi",
        "b-word",
        "c-two",
        "d-reports",
        "e-broken",
        "f-old",
    }
    for usable in ("a-yaml", "a-yaml/thon-moi", "b-word"):
        assert by_name[usable]["problems"] == [], by_name[usable]
        assert by_name[usable]["findings"], usable  # checked: the minimal plans have gaps
    assert by_name["b-word"]["plan_file"].endswith("b-word/KeHoach.docx")
    assert by_name["b-word"]["unit"] == "Bum Nưa"
    assert "KeHoach.docx, KeHoach.pdf" in _messages(by_name["c-two"])
    assert "not guessed" in _messages(by_name["c-two"])
    assert "reports/ but no plan file" in _messages(by_name["d-reports"])
    assert "not a valid Word (.docx) file" in _messages(by_name["e-broken"])
    assert "old binary Word" in _messages(by_name["f-old"])
    for unusable in ("c-two", "d-reports", "e-broken", "f-old"):
        assert by_name[unusable]["problems"], unusable
        assert by_name[unusable]["path"].rsplit("/", 1)[-1] in stderr


def test_a_folder_of_only_an_office_plan_is_checked_as_naming_the_file_is(tmp_path: Path) -> None:
    document = _word(tmp_path / "xa" / "KeHoach.docx")
    _, by_folder, _ = _run(str(tmp_path))
    _, by_file, _ = _run(str(document))
    assert [c["plan_file"] for c in by_folder.values()] == [
        c["plan_file"] for c in by_file.values()
    ]
    [folder_run], [file_run] = by_folder.values(), by_file.values()
    assert folder_run["problems"] == [] and file_run["findings"]
    # the folder is a commune, whose reports are due; the file named alone is a plan check,
    # with the report rules listed as not evaluated: the plan's own findings are the same
    not_run = {entry["rule"] for entry in file_run["not_evaluated"]}
    figures = {"chi-tieu-dat", "chi-tieu-tien-do", "giai-ngan"}  # need what no report gave
    figures |= {"che-do-bao-cao-thieu", "che-do-bao-cao-chua-du"}  # an appendix has no body
    figures.add("chi-tieu-san")  # the appendix sets no target to hold to a floor
    figures |= {  # and the rules over evidence files: no evidence names one
        e["rule"]
        for e in folder_run["not_evaluated"]
        if e["rule"].startswith(("minh-chung-", "mat-luu"))
    }
    assert not_run and {e["rule"] for e in folder_run["not_evaluated"]} <= figures
    plan_findings = [rule for rule in folder_run["findings"] if rule not in not_run]
    assert sorted(plan_findings) == sorted(file_run["findings"])
    assert "bao-cao-thang-thieu" in folder_run["findings"]


def test_waivers_without_a_plan_are_a_commune_without_its_plan(tmp_path: Path) -> None:
    _plan(tmp_path / "xa-a")
    (tmp_path / "xa-b").mkdir()
    (tmp_path / "xa-b" / "waivers.yaml").write_text("waivers: []\n", encoding="utf-8")
    code, communes, _ = _run(str(tmp_path))
    assert code == 2
    [lost] = [c for c in communes.values() if c["problems"]]
    assert lost["path"].endswith("xa-b") and "waivers.yaml but no plan file" in _messages(lost)


def test_a_document_a_plan_of_the_run_was_imported_from_is_not_a_second_commune(
    tmp_path: Path,
) -> None:
    source = _word(tmp_path / "KeHoach.docx")
    done = run_cli("import", str(source), "-o", str(tmp_path / "xa" / "plan.yaml"))
    assert done.returncode in (0, 1), done.stderr
    _, communes, _ = _run(str(tmp_path))
    assert [c["plan_file"].rsplit("/", 2)[-2:] for c in communes.values()] == [["xa", "plan.yaml"]]
    # named on the command line, the document is checked whatever the folder holds
    _, named, _ = _run(str(source), str(tmp_path))
    assert sorted(Path(c["plan_file"]).name for c in named.values()) == [
        "KeHoach.docx",
        "plan.yaml",
    ]
    # changed since the import: another document, checked as well
    _word(source, unit="Phong Thổ")
    _, changed, _ = _run(str(tmp_path))
    assert sorted(c["unit"] for c in changed.values()) == ["Bum Nưa", "Phong Thổ"]


def test_reports_that_is_a_file_is_an_input_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    _plan(tmp_path / "xa-a")
    _plan(tmp_path / "xa-b")
    (tmp_path / "xa-b" / "reports").write_text("2026-05: sent\n", encoding="utf-8")
    code, communes, _ = _run(str(tmp_path))
    assert code == 2
    by_name = {Path(k).name: c for k, c in communes.items()}
    assert by_name["xa-a"]["problems"] == [] and by_name["xa-a"]["findings"]
    [problem] = by_name["xa-b"]["problems"]
    assert problem["file"].endswith("xa-b/reports")
    assert "'reports' is a file, not the folder of monthly reports" in problem["message"]


def test_dot_files_in_reports_are_not_reports(tmp_path: Path) -> None:
    plan = _plan(tmp_path / "xa")
    reports = plan.parent / "reports"
    reports.mkdir()
    good = 'unit: {name: Xã Thử}\nperiod: "2026-03"\nsubmitted: 2026-04-05\n'
    (reports / "2026-03.yaml").write_text(good, encoding="utf-8")
    (reports / "._2026-03.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (reports / ".2026-04.yaml").write_text(good.replace("03", "04"), encoding="utf-8")
    code, communes, stderr = _run(str(plan.parent))
    assert code == 1, stderr
    [commune] = communes.values()
    assert commune["problems"] == []
    assert sorted(Path(k).name for k in commune["inputs"]) == ["2026-03.yaml", "plan.yaml"]


def test_a_stray_document_beside_communes_is_listed_and_the_communes_below_still_checked(
    tmp_path: Path,
) -> None:
    root = tmp_path / "tinh"
    root.mkdir()
    builders.write_xlsx([("DS", [["Danh sách xã"], ["Bum Nưa"]], False)], root / "DanhSach.xlsx")
    _word(root / "xa-a" / "KeHoach.docx")
    code, communes, _ = _run(str(root))
    assert code == 2
    by_name = {Path(k).name: c for k, c in communes.items()}
    assert set(by_name) == {"tinh", "xa-a"}
    assert any(p["file"].endswith("DanhSach.xlsx") for p in by_name["tinh"]["problems"])
    assert by_name["xa-a"]["problems"] == [] and by_name["xa-a"]["findings"]


def test_two_plan_files_in_one_folder_are_not_guessed_between(tmp_path: Path) -> None:
    _plan(tmp_path / "xa")
    (tmp_path / "xa" / "plan.json").write_text('{"unit": {"name": "Xã Khác"}}', encoding="utf-8")
    _plan(tmp_path / "xb")
    code, communes, _ = _run(str(tmp_path))
    assert code == 2
    messages = " | ".join(_messages(c) for c in communes.values())
    assert "plan.yaml and plan.json" in messages and "not guessed" in messages
    assert any(c["findings"] for c in communes.values())  # xb is still checked
