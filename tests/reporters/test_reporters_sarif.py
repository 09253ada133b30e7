"""SARIF 2.1.0 output validates against the official schema and carries what viewers need."""

from __future__ import annotations

import json

import jsonschema

from nq57check.reporters import sarif

from conftest import TESTS

try:
    from reporter_fixtures import HOSTILE, REPORT_PT, make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import HOSTILE, REPORT_PT, make_run

SCHEMA = json.loads(
    (TESTS / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)


def _log() -> dict:
    return json.loads(sarif.render(make_run()))


def test_valid_against_official_schema() -> None:
    validator = jsonschema.Draft4Validator(SCHEMA)
    errors = sorted(validator.iter_errors(_log()), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    validator.validate(json.loads(sarif.render(make_run(), lang="en")))


def test_driver_and_rules() -> None:
    run = _log()["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "nq57check" and driver["version"] == "0.1.0"
    ids = [r["id"] for r in driver["rules"]]
    assert ids[:8] == [r.id for r in make_run().rules]
    assert "lc-rieng" in ids  # named by a finding, not declared: still described
    assert ids[-1] == "input-error"
    ro = driver["rules"][0]
    assert ro["shortDescription"]["text"] == "Nhiệm vụ thiếu cơ quan chủ trì"
    assert "Kế hoạch 978/KH-UBND ngày 06/02/2026, mục III" in ro["help"]["text"]
    assert "Bảng phân công nhiệm vụ có cột cơ quan chủ trì" in ro["help"]["text"]
    assert ro["properties"]["requirement"] == "R-RO-NGUOI"
    assert ro["properties"]["area"] == "A" and ro["properties"]["pack"] == "nq57-base"
    assert "R-RO-NGUOI" in ro["properties"]["tags"]


def test_results() -> None:
    run = _log()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == 9 + 2  # 9 findings (one waived) + 2 input problems
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        for loc in result["locations"]:
            uri = loc["physicalLocation"]["artifactLocation"]["uri"]
            assert "\\" not in uri and not uri.startswith("/")
            if "region" in loc["physicalLocation"]:
                assert loc["physicalLocation"]["region"]["startLine"] >= 1
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["ro-nguoi"] == "error"
    assert levels["do-luong"] == "warning"
    assert levels["sap-den-han"] == "note"
    assert levels["input-error"] == "error"
    hostile = next(r for r in results if r["ruleId"] == "do-luong")
    assert hostile["message"]["text"] == HOSTILE
    assert hostile["properties"]["task"] == "Số hóa quy trình nghiệp vụ cốt lõi"
    assert hostile["properties"]["commune"] == "communes/lai-chau/phong-tho"
    assert hostile["properties"]["requirement"] == "R-DO-LUONG"
    assert hostile["properties"]["source"] == "Kế hoạch 377/KH-UBND, mục II.2"
    assert len(hostile["partialFingerprints"]["nq57check/v1"]) == 16
    info = next(r for r in results if r["ruleId"] == "sap-den-han")
    uri = info["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == REPORT_PT.replace(" ", "%20").replace("á", "%C3%A1")
    whole_file = next(r for r in results if r["ruleId"] == "bao-cao-thang")
    assert whole_file["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_waived_finding_is_suppressed() -> None:
    results = _log()["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["can-cu"]
    assert suppressed[0]["suppressions"] == [
        {
            "kind": "external",
            "justification": "Đã bổ sung căn cứ tại Công văn 12/UBND-VP ngày 02/3/2026",
        }
    ]


def test_run_properties_state_packs_as_of_and_hashes() -> None:
    run = _log()["runs"][0]
    props = run["properties"]
    assert props["as_of"] == "2026-04-20"
    assert props["packs"] == [
        {"name": "nq57-base", "version": "1.0.0"},
        {"name": "lai-chau-2026", "version": "2026.1"},
    ]
    assert props["inputs"]["communes/lai-chau/binh-lu/ke-hoach-2026.yaml"] == "c" * 64
    assert len(props["inputs"]) == 4
    assert {a["hashes"]["sha-256"] for a in run["artifacts"]} == {c * 64 for c in "abcd"}


def test_vietnamese_kept_verbatim() -> None:
    text = sarif.render(make_run())
    assert "xã Phong Thổ" in text and "\\u" not in text
