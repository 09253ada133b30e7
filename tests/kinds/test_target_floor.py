"""Kind target-floor: a province pack overrides the baseline floors."""

from __future__ import annotations

from kinds.kind_helpers import fired


def test_lai_chau_floors_override_the_baseline() -> None:
    snippet = {"targets": {"online_dossier_rate": {"value": 85, "by": "Năm 2026"}}}
    assert fired("nq57", ["chi-tieu-san"], snippet) == []  # the baseline has no floor for it
    assert fired("lai-chau", ["chi-tieu-san"], snippet) == ["chi-tieu-san:"]
