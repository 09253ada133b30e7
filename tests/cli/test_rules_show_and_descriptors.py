"""Small things of issue 15, through the CLI: `rules show` takes a requirement ID and
suggests on a typo; JUnit never passes an unusable commune's rules; SARIF descriptions show
no raw template; the monthly-report rules cite the province's document, not a commune's."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import MINIMAL_PLAN, run_cli

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def test_rules_show_a_requirement_lists_its_rules() -> None:
    done = run_cli("rules", "show", "R-MANG-MAT")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Yêu cầu R-MANG-MAT (B): ")
    listed = {line.split()[0] for line in lines[4:]}  # title, count, headings, rule
    assert listed == {"nhiem-vu-mang-mat", "thoi-han-mang-mat"}
    english = run_cli("rules", "show", "R-MANG-MAT", "--lang", "en")
    assert english.stdout.startswith("Requirement R-MANG-MAT (B): ")
    assert "2 rules in pack lai-chau:" in english.stdout


def test_rules_show_a_rule_is_its_definition() -> None:
    done = run_cli("rules", "show", "thoi-han-mang-mat")
    assert done.returncode == 0, done.stderr
    assert "id: thoi-han-mang-mat" in done.stdout and "defined_in:" in done.stdout


def test_rules_show_suggests_on_a_typo() -> None:
    for typo, meant in (("R-MANG-MATT", "R-MANG-MAT"), ("nhiem-vu-mang-ma", "nhiem-vu-mang-mat")):
        done = run_cli("rules", "show", typo)
        assert done.returncode == 2
        assert f"có phải là '{meant}'?" in done.stderr
        english = run_cli("rules", "show", typo, "--lang", "en")
        assert f"did you mean '{meant}'?" in english.stderr
    nothing = run_cli("rules", "show", "zzzz-qqqq")
    assert nothing.returncode == 2 and "có phải là" not in nothing.stderr


def test_junit_skips_the_rules_of_an_unusable_commune_with_the_reason(tmp_path: Path) -> None:
    good, bad = tmp_path / "xa-tot", tmp_path / "xa-hong"
    good.mkdir()
    bad.mkdir()
    (good / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (bad / "plan.yaml").write_text("unit: {name: X}\ntasks: [{id: 1, nam: a}]\n", "utf-8")
    done = run_cli("check", str(tmp_path), "--format", "junit", "--as-of", "2026-05-01")
    assert done.returncode == 2
    suites = {s.get("name"): s for s in ET.fromstring(done.stdout).findall("testsuite")}
    broken = next(s for name, s in suites.items() if name and name.endswith("xa-hong"))
    cases = broken.findall("testcase")
    errors = [c for c in cases if c.find("error") is not None]
    assert len(errors) == 1 and "khóa 'nam'" in (errors[0].find("error").get("message") or "")  # type: ignore[union-attr]
    rule_cases = [c for c in cases if c not in errors]
    assert len(rule_cases) > 10
    for case in rule_cases:
        skipped = case.find("skipped")
        assert skipped is not None, ET.tostring(case, encoding="unicode")
        assert "tasks.0.nam" in (skipped.get("message") or "")
    assert broken.get("skipped") == str(len(rule_cases)) and broken.get("errors") == "1"
    assert broken.get("failures") == "0"


def test_sarif_descriptions_show_no_raw_template(write_plan) -> None:
    plan = write_plan()
    done = run_cli("check", str(plan.parent), "--format", "sarif", "--as-of", "2026-05-01")
    rules = json.loads(done.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) > 40
    for rule in rules:
        for text in (rule["fullDescription"]["text"], rule["help"]["text"]):
            assert not PLACEHOLDER.search(text), (rule["id"], text)
    missing = next(r for r in rules if r["id"] == "bao-cao-thang-thieu")
    assert missing["fullDescription"]["text"].startswith("Không có báo cáo tháng … (")


def test_monthly_report_rules_cite_the_province_not_a_commune(write_plan) -> None:
    national = run_cli("rules", "show", "bao-cao-thang-thieu", "--pack", "nq57")
    provincial = run_cli("rules", "show", "bao-cao-thang-muon", "--pack", "lai-chau")
    assert national.returncode == provincial.returncode == 0
    for done in (national, provincial):
        assert "Phong Thổ" not in done.stdout and "của xã" not in done.stdout
    assert "UBND tỉnh" in national.stdout and "Sở Khoa học và Công nghệ" in national.stdout
    assert "978/KH-UBND" in provincial.stdout
    plan = write_plan()  # a commune folder with no reports/: every month due is missing
    done = run_cli("check", str(plan.parent), "--format", "json", "--as-of", "2026-05-01")
    sources = {
        f["source"]
        for f in json.loads(done.stdout)["findings"]
        if f["rule"] == "bao-cao-thang-thieu"
    }
    assert sources and all(s.startswith("Kế hoạch 978/KH-UBND") for s in sources)
