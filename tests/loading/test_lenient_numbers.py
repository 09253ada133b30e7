"""Numbers written irregularly but meaning a known document: read as it, and warned of.

Real plans cite "32- KH/TU" or "4732/KHUBND". The basis check (R-CAN-CU) must see the number
meant, and R-SO-KY-HIEU must still say how it was written; a number that cannot be recovered
stays malformed (no silent pass either way).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nq57check.check.evaluate import Checker
from nq57check.check.selftest import EXAMPLE_AS_OF, example_plan
from nq57check.facts.plan import build_plan_facts
from nq57check.loading.plan import validate_plan
from nq57check.loading.yamlio import Locations
from nq57check.packs.loader import load_pack

from conftest import MINIMAL_PLAN, run_cli


def check(plan: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("check", str(plan), "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return [f for f in json.loads(result.stdout)["findings"] if f["area"] == "A"]


def fired(pack_name: str, rule: str, snippet: dict[str, Any], rules_dir: Path) -> list[str]:
    pack = load_pack(pack_name, [rules_dir])
    plan = validate_plan(example_plan(snippet), Locations("plan.yaml", {(): 1}))
    facts = build_plan_facts(plan, Locations("plan.yaml", {(): 1}), pack.detections, EXAMPLE_AS_OF)
    found = Checker.build(pack, [rule]).evaluate(facts, in_force_on=EXAMPLE_AS_OF, lang="vi")
    return [f.rule for f in found]


def by_rule(findings: list[dict[str, Any]], rule: str) -> list[str]:
    return [f["message"] for f in findings if f["rule"] == rule]


@pytest.mark.parametrize(
    ("written", "intended"),
    [
        ("32- KH/TU", "32-KH/TU"),
        ("Kế hoạch số 978/KHUBND ngày 06/02/2026", "978/KH-UBND"),
        ("32-KHTU", "32-KH/TU"),
        ("32/KH-TU", "32-KH/TU"),
    ],
)
def test_an_irregular_basis_counts_as_the_number_meant_and_is_warned_of(
    write_plan: Callable[..., Path], written: str, intended: str
) -> None:
    plan = write_plan(MINIMAL_PLAN.replace("basis: [978/KH-UBND]", f'basis: ["{written}"]'))
    findings = check(plan)
    assert by_rule(findings, "can-cu-tinh") == []  # the provincial plan is cited
    assert by_rule(findings, "so-ky-hieu") == []  # it is not unreadable
    (warning,) = [f for f in findings if f["rule"] == "so-ky-hieu-doc-lai"]
    assert warning["requirement"] == "R-SO-KY-HIEU" and warning["severity"] == "warning"
    assert f'"{written}"' in warning["message"] and f'"{intended}"' in warning["message"]
    assert warning["line"] == 6  # the basis line of MINIMAL_PLAN


def test_the_warning_names_both_forms_in_english(write_plan: Callable[..., Path]) -> None:
    plan = write_plan(MINIMAL_PLAN.replace("number: 12/KH-UBND", "number: 4732/KHUBND"))
    (message,) = by_rule(check(plan, "--lang", "en"), "so-ky-hieu-doc-lai")
    assert message == (
        'Document number "4732/KHUBND" is written irregularly; read as "4732/KH-UBND"'
        " (no '-' between 'KH' and 'UBND')."
    )


@pytest.mark.parametrize("written", ["978/KHUBND/ABC", "978/KHHUBND", "97/KH-UBND"])
def test_a_number_that_cannot_be_recovered_is_not_read_as_the_provincial_plan(
    write_plan: Callable[..., Path], written: str
) -> None:
    plan = write_plan(MINIMAL_PLAN.replace("basis: [978/KH-UBND]", f'basis: ["{written}"]'))
    findings = check(plan)
    assert len(by_rule(findings, "can-cu-tinh")) == 1
    assert by_rule(findings, "so-ky-hieu-doc-lai") == []
    malformed = by_rule(findings, "so-ky-hieu")
    assert len(malformed) == (0 if written == "97/KH-UBND" else 1)  # 97/KH-UBND is well-formed


def test_well_formed_numbers_raise_no_number_warning(write_plan: Callable[..., Path]) -> None:
    plan = write_plan(
        MINIMAL_PLAN.replace(
            "basis: [978/KH-UBND]", 'basis: ["978/KH-UBND", "57-NQ/TW", "71/NQ-CP", "32-KH/TU"]'
        )
    )
    findings = check(plan)
    assert [f["requirement"] for f in findings if f["requirement"] == "R-SO-KY-HIEU"] == []


def test_a_pack_may_name_its_basis_irregularly_too(tmp_path: Path) -> None:
    """``any_of`` goes through the same reading: '71/NQCP' in a pack is 71/NQ-CP."""
    folder = tmp_path / "irregular"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "pack: irregular\nversion: '1'\ntitle: {vi: a, en: b}\nextends: nq57\n", encoding="utf-8"
    )
    (folder / "rules.yaml").write_text(
        "rules:\n  - id: can-cu-cp\n    requirement: R-CAN-CU\n    kind: basis-cited\n"
        "    severity: warning\n    title: {vi: a, en: b}\n    message: {vi: a, en: b}\n"
        "    source: s\n    params: {any_of: ['71/NQCP']}\n"
        "    examples: {fire: [{document: {basis: []}}], clean: [{document: {basis: []}}]}\n",
        encoding="utf-8",
    )
    for basis, expected in (("71/NQ-CP", []), ("71/NQ/CP", []), ("72/NQ-CP", ["can-cu-cp"])):
        snippet = {"document": {"basis": [basis]}}
        assert fired("irregular", "can-cu-cp", snippet, tmp_path) == expected
