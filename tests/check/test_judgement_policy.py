"""Waivers and decisions: blank fields, misspelt IDs and the pack's waiver_requires."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MINIMAL_PLAN, ROOT
from conftest import run_cli_en as run_cli  # messages asserted in English

AS_OF = ("--as-of", "2026-03-20")

CLASSIFIED_REPORT = """\
unit: {name: Xã Thử}
period: 2026-02
submitted: 2026-03-05
document: {number: 45/BC-UBND, signed: true, signature: official-use}
tasks:
  "1":
    status: in_progress
    progress: 50
    evidence:
      - {number: 07/KH-M, date: 2026-02-18, title: CANARY-TITLE, classification: mat, channel: edoc}
"""


def commune(tmp_path: Path, waivers: str | None = None, decisions: str | None = None) -> Path:
    folder = tmp_path / "xa-thu"
    (folder / "reports").mkdir(parents=True)
    (folder / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (folder / "reports" / "2026-02.yaml").write_text(CLASSIFIED_REPORT, encoding="utf-8")
    if waivers is not None:
        (folder / "waivers.yaml").write_text(waivers, encoding="utf-8")
    if decisions is not None:
        (folder / "decisions.yaml").write_text(decisions, encoding="utf-8")
    return folder


def check_json(folder: Path) -> tuple[int, dict, str]:
    done = run_cli("check", str(folder), "--format", "json", *AS_OF)
    return done.returncode, json.loads(done.stdout), done.stderr


def mat_kenh(data: dict) -> dict:
    return next(f for f in data["findings"] if f["rule"] == "mat-kenh")


@pytest.mark.parametrize("blank", ['" "', '"\\t"', "''", '"\\u200b"', '"..."', '"\\u3000"'])
def test_a_blank_document_does_not_waive_a_classified_channel_breach(
    tmp_path: Path, blank: str
) -> None:
    waivers = (
        "waivers:\n  - requirement: R-MAT-KENH\n    reason: Đã báo cáo\n"
        f"    approved_by: Sở KH&CN\n    expires: 2026-12-31\n    document: {blank}\n"
    )
    code, data, stderr = check_json(commune(tmp_path, waivers=waivers))
    assert code == 2
    (problem,) = data["communes"][0]["problems"]
    assert problem["file"].endswith("waivers.yaml") and problem["line"] == 6
    assert "must not be blank" in problem["message"]
    assert "CANARY-TITLE" not in json.dumps(data) + stderr


def test_a_waiver_without_the_document_the_pack_requires_is_not_applied(tmp_path: Path) -> None:
    waivers = (
        "waivers:\n  - requirement: R-MAT-KENH\n    reason: Đã báo cáo\n"
        "    approved_by: Sở KH&CN\n    expires: 2026-12-31\n"
    )
    code, data, _ = check_json(commune(tmp_path, waivers=waivers))
    assert code == 1
    assert mat_kenh(data)["waived"] is None
    assert any(f["rule"] == "waiver-unjustified" for f in data["findings"])
    with_document = waivers + "    document: 123/SKHCN-QLCN\n"
    code, data, _ = check_json(commune(tmp_path / "b", waivers=with_document))
    assert "123/SKHCN-QLCN" in mat_kenh(data)["waived"]


def test_waiver_requires_is_the_packs_data_not_python(tmp_path: Path) -> None:
    """A pack that drops waiver_requires from the rule lets a waiver without document apply."""
    rules = tmp_path / "rules"
    (rules / "loose").mkdir(parents=True)
    (rules / "loose" / "pack.yaml").write_text(
        "pack: loose\nversion: '1'\nextends: lai-chau\ntitle: {vi: Thử, en: Test}\n",
        encoding="utf-8",
    )
    source = ROOT / "rules" / "nq57" / "reports.yaml"
    assert "waiver_requires: [document]" in source.read_text(encoding="utf-8")
    waivers = (
        "waivers:\n  - requirement: R-MAT-KENH\n    reason: Đã báo cáo\n"
        "    approved_by: Sở KH&CN\n    expires: 2026-12-31\n"
    )
    folder = commune(tmp_path / "c", waivers=waivers)
    text = (folder / "plan.yaml").read_text(encoding="utf-8").replace("lai-chau", "loose")
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    done = run_cli("check", str(folder), "--rules", str(rules), "--format", "json", *AS_OF)
    data = json.loads(done.stdout)
    assert mat_kenh(data)["waived"] is None  # inherited: still required
    # the same rule, redefined without the property, in a pack of its own
    body = source.read_text(encoding="utf-8").replace("    waiver_requires: [document]", "")
    (rules / "nq57").mkdir()
    for part in (source.parent).iterdir():
        (rules / "nq57" / part.name).write_text(part.read_text(encoding="utf-8"), encoding="utf-8")
    (rules / "nq57" / "reports.yaml").write_text(body, encoding="utf-8")
    done = run_cli("check", str(folder), "--rules", str(rules), "--format", "json", *AS_OF)
    assert mat_kenh(json.loads(done.stdout))["waived"] is not None


def test_a_blank_approver_is_an_error(tmp_path: Path) -> None:
    waivers = (
        "waivers:\n  - requirement: R-PAKN\n    reason: lý do\n"
        "    approved_by: '   '\n    expires: 2026-12-31\n"
    )
    code, data, _ = check_json(commune(tmp_path, waivers=waivers))
    assert code == 2
    (problem,) = data["communes"][0]["problems"]
    assert problem["field"] == "waivers.0.approved_by" and problem["line"] == 4


@pytest.mark.parametrize(
    ("key", "value", "guess"),
    [
        ("rule", "mat-kemh", "mat-kenh"),
        ("requirement", "R-MAT-KEN", "R-MAT-KENH"),
        ("requirement", "r-mat-kenh", "R-MAT-KENH"),
    ],
)
def test_misspelt_waiver_ids_are_refused_with_a_suggestion(
    tmp_path: Path, key: str, value: str, guess: str
) -> None:
    waivers = (
        f"waivers:\n  - {key}: {value}\n    reason: lý do\n    approved_by: Sở\n"
        "    expires: 2026-12-31\n    document: 1/QĐ\n"
    )
    code, data, _ = check_json(commune(tmp_path, waivers=waivers))
    assert code == 2
    (problem,) = data["communes"][0]["problems"]
    assert problem["line"] == 2 and f"did you mean '{guess}'" in problem["message"]


def test_an_acceptance_of_a_classified_breach_needs_the_document(tmp_path: Path) -> None:
    decision = (
        "decisions:\n  - rule: mat-kenh\n    task: '1'\n    decision: accepted\n"
        "    by: Thanh tra Sở\n    date: 2026-03-10\n"
    )
    code, data, _ = check_json(commune(tmp_path, decisions=decision))
    assert code == 1 and mat_kenh(data)["waived"] is None
    assert "approving document" in mat_kenh(data)["message"] or "văn bản phê duyệt" in mat_kenh(
        data
    )["message"]
    code, data, _ = check_json(commune(tmp_path / "b", decisions=decision + "    document: 9/QĐ\n"))
    assert mat_kenh(data)["waived"] is not None and "9/QĐ" in mat_kenh(data)["waived"]


def test_a_blank_decision_maker_is_an_error(tmp_path: Path) -> None:
    decision = (
        "decisions:\n  - rule: mat-kenh\n    task: '1'\n    decision: confirmed\n"
        "    by: ' '\n    date: 2026-03-10\n"
    )
    code, data, _ = check_json(commune(tmp_path, decisions=decision))
    assert code == 2 and data["communes"][0]["problems"][0]["line"] == 5


@pytest.mark.parametrize("name", ["waivers.yaml", "decisions.yaml"])
def test_a_judgement_path_that_is_a_folder_is_an_error(tmp_path: Path, name: str) -> None:
    folder = commune(tmp_path)
    (folder / name).mkdir()
    code, data, _ = check_json(folder)
    assert code == 2
    assert "not a regular file" in data["communes"][0]["problems"][0]["message"]


def test_waivers_option_naming_a_folder_is_an_error(tmp_path: Path) -> None:
    folder = commune(tmp_path)
    done = run_cli("check", str(folder), "--waivers", str(tmp_path), "--format", "json", *AS_OF)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_a_list_at_the_root_of_a_waivers_file_gets_a_plain_message(tmp_path: Path) -> None:
    code, data, _ = check_json(commune(tmp_path, waivers="- rule: mat-kenh\n"))
    assert code == 2
    message = data["communes"][0]["problems"][0]["message"]
    assert "must be a mapping" in message and "not a list" in message
    assert "WaiverFile" not in message


def test_a_decision_that_matches_no_finding_is_a_warning(tmp_path: Path) -> None:
    decision = (
        "decisions:\n  - finding: 7ad4458b504f4fb5\n    decision: accepted\n"
        "    by: Thanh tra Sở\n    date: 2026-03-10\n"
    )
    _, data, _ = check_json(commune(tmp_path, decisions=decision))
    (unused,) = [f for f in data["findings"] if f["rule"] == "decision-unused"]
    assert unused["severity"] == "warning" and unused["line"] == 2
    assert unused["file"].endswith("decisions.yaml") and "7ad4458b504f4fb5" in unused["message"]
    matched = decision.replace("finding: 7ad4458b504f4fb5", "rule: mat-kenh\n    task: '1'")
    _, data, _ = check_json(commune(tmp_path / "b", decisions=matched))
    assert not [f for f in data["findings"] if f["rule"] == "decision-unused"]
