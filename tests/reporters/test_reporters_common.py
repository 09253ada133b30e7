"""Shared reporter helpers: area mapping, labels, ordering, URIs."""

from __future__ import annotations

import dataclasses

from nq57check.findings import Finding
from nq57check.reporters import common

try:
    from reporter_fixtures import make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import make_run


def _finding(requirement: str, area: str = "") -> Finding:
    return Finding("r", requirement, "error", "m", "f.yaml", 1, area=area)


def test_area_from_requirement_when_finding_has_none() -> None:
    assert common.area_of(_finding("R-RO-NGUOI")) == "A"
    assert common.area_of(_finding("R-MANG-MAT")) == "B"
    assert common.area_of(_finding("R-CHI-TIEU-SAN")) == "C"
    assert common.area_of(_finding("R-BAO-CAO-THANG")) == "D"
    assert common.area_of(_finding("R-UNKNOWN")) == common.OTHER_AREA


def test_finding_area_wins_in_any_spelling() -> None:
    assert common.area_of(_finding("R-GIAI-NGAN", "D")) == "D"
    assert common.area_of(_finding("R-GIAI-NGAN", "d")) == "D"
    assert common.area_of(_finding("R-GIAI-NGAN", "D. Báo cáo")) == "D"
    assert common.area_of(_finding("R-RO-NGUOI", "Báo cáo và minh chứng")) == "D"
    assert common.area_of(_finding("R-RO-NGUOI", "Reports and evidence")) == "D"
    # A word that merely starts with a letter A-D is not an area key.
    assert common.area_of(_finding("R-RO-NGUOI", "Bogus")) == "A"


def test_areas_come_from_the_catalog() -> None:
    from nq57check.packs.loader import builtin_rules_dir, load_catalog

    catalog = load_catalog(builtin_rules_dir())
    assert common.requirement_areas() == {rid: r.area for rid, r in catalog.items()}
    assert set(common.requirement_areas().values()) <= set(common.AREAS)
    assert common.area_of(_finding("R-MANG-MAT", "")) == "B"
    assert common.area_of(_finding("R-NOT-IN-CATALOG", "")) == common.OTHER_AREA


def test_labels_same_keys_in_every_language() -> None:
    keys = set(common.LABELS["vi"])
    for lang, words in common.LABELS.items():
        assert set(words) == keys, lang
    assert common.labels("fr") is common.LABELS["vi"]
    assert common.area_title("A", "vi") == "A. Cấu trúc kế hoạch (5 rõ)"
    assert common.area_title("B", "vi") == "B. Nhiệm vụ bắt buộc"
    assert common.area_title("C", "vi") == "C. Chỉ tiêu"
    assert common.area_title("D", "vi") == "D. Báo cáo và minh chứng"


def test_ranking_worst_first_and_waived_not_counted() -> None:
    run = make_run()
    ranked = [t.commune.path for t in common.ranking(run)]
    # Bình Lư: 3 open errors; Phong Thổ: 2 (its waived warning does not count).
    assert ranked[0] == "communes/lai-chau/binh-lu"
    assert ranked[1] == "communes/lai-chau/phong-tho"
    tally = {t.commune.path: t for t in common.tallies(run)}["communes/lai-chau/phong-tho"]
    assert tally.totals == {"error": 2, "warning": 1, "info": 1}
    assert tally.waived == 1
    assert tally.cell("A") == {"error": 1, "warning": 1, "info": 0}


def test_sorted_communes_and_inputs() -> None:
    run = make_run()
    paths = [c.path for c in common.sorted_communes(run)]
    assert paths == sorted(paths)
    files = [f for f, _ in common.all_inputs(run)]
    assert files == sorted(files) and len(files) == 4


def test_artifact_uri() -> None:
    assert common.artifact_uri("a/b.yaml") == "a/b.yaml"
    assert common.artifact_uri("./a\\b c.yaml") == "a/b%20c.yaml"
    assert common.artifact_uri("xã/kế hoạch.yaml") == "x%C3%A3/k%E1%BA%BF%20ho%E1%BA%A1ch.yaml"
    assert common.artifact_uri("C:\\plans\\a.yaml") == "file:///C:/plans/a.yaml"
    assert common.artifact_uri("/srv/a.yaml") == "file:///srv/a.yaml"
    assert common.artifact_uri("odd:name.yaml") == "odd%3Aname.yaml"  # not a URI scheme


def test_evidence_falls_back_to_rule() -> None:
    run = make_run()
    rules = common.rules_by_id(run)
    finding = next(f for f in run.all_findings() if f.rule == "do-luong")
    assert finding.evidence == ""
    assert common.evidence_of(finding, rules) == "Sản phẩm đầu ra có số liệu cụ thể"
    assert common.evidence_of(dataclasses.replace(finding, rule="nope"), rules) == ""
