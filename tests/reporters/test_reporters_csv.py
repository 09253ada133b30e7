"""CSV read back with the csv module: header, one row per finding, quoting, no BOM."""

from __future__ import annotations

import csv
import io

from nq57check.reporters import csv_

try:
    from reporter_fixtures import HOSTILE, make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import HOSTILE, make_run


def _rows() -> list[dict[str, str]]:
    text = csv_.render(make_run())
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_header_no_bom_crlf() -> None:
    text = csv_.render(make_run())
    assert not text.startswith("\ufeff")
    assert text.startswith(",".join(csv_.COLUMNS) + "\r\n")
    assert text.encode("utf-8").decode("utf-8") == text


def test_one_row_per_finding_plus_problems_and_inputs() -> None:
    rows = _rows()
    run = make_run()
    findings = [r for r in rows if r["rule"] not in ("input-error", "input-file")]
    assert len(findings) == len(run.all_findings()) == 9
    assert len([r for r in rows if r["rule"] == "input-error"]) == 2
    inputs = {(r["file"], r["sha256"]) for r in rows if r["rule"] == "input-file"}
    assert inputs == {(f, d) for c in run.communes for f, d in c.inputs.items()}
    communes = [r["commune"] for r in rows]
    assert communes == sorted(communes)


def test_every_row_states_as_of_and_packs() -> None:
    run = make_run()
    packs = " ".join(f"{n}@{v}" for n, v in run.packs)
    assert {(r["as_of"], r["packs"]) for r in _rows()} == {(run.as_of, packs)}


def test_fields_round_trip() -> None:
    rows = _rows()
    hostile = next(r for r in rows if r["rule"] == "do-luong")
    assert hostile["message"] == HOSTILE  # comma, quote-free newline, <, % all survive
    assert hostile["task"] == "Số hóa quy trình nghiệp vụ cốt lõi"
    assert hostile["evidence"] == "Sản phẩm đầu ra có số liệu cụ thể"
    assert hostile["line"] == "20" and hostile["severity"] == "warning"
    assert hostile["commune"] == "communes/lai-chau/phong-tho"
    waived = next(r for r in rows if r["rule"] == "can-cu")
    assert waived["waived"].startswith("Đã bổ sung")
    assert all(r["waived"] == "" for r in rows if r["rule"] != "can-cu")
    problem = next(r for r in rows if r["line"] == "7" and r["rule"] == "input-error")
    assert problem["message"] == "tasks[3].deadline: ngày không hợp lệ: 31/02/2026"
