"""JUnit XML parses back with correct counts at suite and top level."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from nq57check.reporters import junit

try:
    from reporter_fixtures import HOSTILE, make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import HOSTILE, make_run


def _root() -> ET.Element:
    return ET.fromstring(junit.render(make_run()).encode("utf-8"))


def _suite(root: ET.Element, name: str) -> ET.Element:
    found = [s for s in root.findall("testsuite") if s.get("name") == name]
    assert len(found) == 1, name
    return found[0]


def _counts(element: ET.Element) -> tuple[int, ...]:
    return tuple(int(element.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped"))


def test_declaration_and_suites_in_path_order() -> None:
    text = junit.render(make_run())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    names = [s.get("name") for s in _root().findall("testsuite")]
    assert names == [
        "xã Bình Lư",
        "xã Bình Lư (KH 377)",
        "xã Phong Thổ",
        "communes/lang-son/xa-moi",
    ]


def test_counts_match_children() -> None:
    root = _root()
    total = [0, 0, 0, 0]
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        actual = (
            len(cases),
            sum(1 for c in cases if c.find("failure") is not None),
            sum(1 for c in cases if c.find("error") is not None),
            sum(1 for c in cases if c.find("skipped") is not None),
        )
        assert _counts(suite) == actual, suite.get("name")
        total = [a + b for a, b in zip(total, actual, strict=True)]
    assert _counts(root) == tuple(total)


def test_expected_counts() -> None:
    root = _root()
    rules = len(make_run().rules)  # 8 declared rules
    # Bình Lư: 8 rules + undeclared lc-rieng; fails chi-tieu-san, bao-cao-thang, lc-rieng.
    assert _counts(_suite(root, "xã Bình Lư")) == (rules + 1, 3, 0, 0)
    # Phong Thổ: fails ro-nguoi, do-luong, mang-mat; can-cu waived -> skipped; info passes.
    assert _counts(_suite(root, "xã Phong Thổ")) == (rules, 3, 0, 1)
    # Input problems: one <error> case, then every rule skipped with the reason (never passed).
    assert _counts(_suite(root, "communes/lang-son/xa-moi")) == (rules + 1, 0, 1, rules)
    # Replaced plan: one skipped case.
    assert _counts(_suite(root, "xã Bình Lư (KH 377)")) == (1, 0, 0, 1)
    assert _counts(root) == (3 * rules + 3, 6, 1, 2 + rules)


def test_case_names_and_failure_body() -> None:
    suite = _suite(_root(), "xã Bình Lư")
    case = next(c for c in suite.findall("testcase") if c.get("name", "").startswith("bao-cao"))
    assert case.get("classname") == "xã Bình Lư"
    assert case.get("name") == "bao-cao-thang Thiếu báo cáo tháng"
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "error"
    body = failure.text or ""
    assert body.count("communes/lai-chau/binh-lu/ke-hoach-2026.yaml") == 2
    assert "tháng 02/2026" in body and "tháng 03/2026" in body


def test_hostile_text_round_trips() -> None:
    suite = _suite(_root(), "xã Phong Thổ")
    case = next(c for c in suite.findall("testcase") if c.get("name", "").startswith("do-luong"))
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == HOSTILE  # newline in an attribute survives
    assert "ke-hoach-2026.yaml:20" in (failure.text or "")
    assert failure.get("type") == "warning"


def test_waived_skipped_and_info_in_system_out() -> None:
    suite = _suite(_root(), "xã Phong Thổ")
    by_rule = {c.get("name", "").split()[0]: c for c in suite.findall("testcase")}
    skipped = by_rule["can-cu"].find("skipped")
    assert skipped is not None and "Công văn 12/UBND-VP" in (skipped.get("message") or "")
    info = by_rule["sap-den-han"]
    assert info.find("failure") is None
    assert "tiến độ 40%" in (info.findtext("system-out") or "")


def test_input_problems_are_errors_and_properties_carry_run_facts() -> None:
    suite = _suite(_root(), "communes/lang-son/xa-moi")
    error = suite.find("testcase/error")
    assert error is not None and "31/02/2026" in (error.text or "")
    props = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert props["as_of"] == "2026-04-20"
    assert props["packs"] == "nq57-base 1.0.0, lai-chau-2026 2026.1"
    assert props["sha256:communes/lang-son/xa-moi/ke-hoach-2026.yaml"] == "d" * 64


def test_control_characters_do_not_break_xml() -> None:
    run = make_run()
    finding = run.communes[0].findings[0]
    run.communes[0].findings[0] = dataclasses.replace(finding, message="a\x00b\x1bc")
    root = ET.fromstring(junit.render(run).encode("utf-8"))
    assert "abc" in ET.tostring(root, encoding="unicode")
