"""Deadline grammar: every catalog form, equivalences, refusals, and round-trips."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nq57check.grammar.deadlines import Deadline, parse_deadline

D = dt.date


def same(a: Deadline, b: Deadline) -> bool:
    """Equal apart from the text as written."""
    return dataclasses.replace(a, text="") == dataclasses.replace(b, text="")


# text, default_year, kind, start, end, period, recurrence, reference
FORMS: list[tuple[str, int | None, str, D | None, D | None, str | None, str | None, str | None]] = [
    ("Tháng 01/2026", None, "period", D(2026, 1, 1), D(2026, 1, 31), "month", None, None),
    ("tháng 3/2026", None, "period", D(2026, 3, 1), D(2026, 3, 31), "month", None, None),
    ("3.2026", None, "period", D(2026, 3, 1), D(2026, 3, 31), "month", None, None),
    ("T3/2026", None, "period", D(2026, 3, 1), D(2026, 3, 31), "month", None, None),
    ("Tháng 4 năm 2026", None, "period", D(2026, 4, 1), D(2026, 4, 30), "month", None, None),
    ("Tháng \n12/2026", None, "period", D(2026, 12, 1), D(2026, 12, 31), "month", None, None),
    ("Tháng 2/2028", None, "period", D(2028, 2, 1), D(2028, 2, 29), "month", None, None),
    ("Quý I/2026", None, "period", D(2026, 1, 1), D(2026, 3, 31), "quarter", None, None),
    ("Quý II năm 2026", None, "period", D(2026, 4, 1), D(2026, 6, 30), "quarter", None, None),
    ("quý 2/2026", None, "period", D(2026, 4, 1), D(2026, 6, 30), "quarter", None, None),
    ("trong quý 1/2026", None, "period", D(2026, 1, 1), D(2026, 3, 31), "quarter", None, None),
    ("Quý III/2025", None, "period", D(2025, 7, 1), D(2025, 9, 30), "quarter", None, None),
    ("Quý IV/2026", None, "period", D(2026, 10, 1), D(2026, 12, 31), "quarter", None, None),
    ("I Quý I năm 2026", None, "period", D(2026, 1, 1), D(2026, 3, 31), "quarter", None, None),
    ("30/6/2026", None, "date", D(2026, 6, 30), D(2026, 6, 30), "day", None, None),
    ("30-6-2026", None, "date", D(2026, 6, 30), D(2026, 6, 30), "day", None, None),
    ("ngày 30 tháng 6 năm 2026", None, "date", D(2026, 6, 30), D(2026, 6, 30), "day", None, None),
    ("2026-06-30", None, "date", D(2026, 6, 30), D(2026, 6, 30), "day", None, None),
    ("trước ngày 31/01/2026", None, "date", D(2026, 1, 31), D(2026, 1, 31), "day", None, None),
    ("hoàn thành trong tháng 2/2026", None, "period", D(2026, 2, 1), D(2026, 2, 28), "month", None, None),
    ("**Hoàn thành trong Quý III năm 2026.**", None, "period", D(2026, 7, 1), D(2026, 9, 30), "quarter", None, None),
    ("6 tháng đầu năm", 2026, "period", D(2026, 1, 1), D(2026, 6, 30), "half", None, None),
    ("6 tháng đầu năm 2026", None, "period", D(2026, 1, 1), D(2026, 6, 30), "half", None, None),
    ("6 tháng cuối năm", 2026, "period", D(2026, 7, 1), D(2026, 12, 31), "half", None, None),
    ("Năm 2026", None, "period", D(2026, 1, 1), D(2026, 12, 31), "year", None, None),
    ("Trong năm 2026", None, "period", D(2026, 1, 1), D(2026, 12, 31), "year", None, None),
    ("2026", None, "period", D(2026, 1, 1), D(2026, 12, 31), "year", None, None),
    ("Cả năm", 2027, "period", D(2027, 1, 1), D(2027, 12, 31), "year", None, None),
    ("Giai đoạn 2026 - 2030", None, "period", D(2026, 1, 1), D(2030, 12, 31), "phase", None, None),
    ("Giai đoạn \n2026 - 2030", None, "period", D(2026, 1, 1), D(2030, 12, 31), "phase", None, None),
    ("2026-2030", None, "period", D(2026, 1, 1), D(2030, 12, 31), "phase", None, None),
    ("Từ tháng 1 đến tháng 6/2026", None, "period", D(2026, 1, 1), D(2026, 6, 30), "phase", None, None),
    ("Quý I - Quý II/2026", None, "period", D(2026, 1, 1), D(2026, 6, 30), "phase", None, None),
    ("Tháng 6 - 2026", None, "period", D(2026, 6, 1), D(2026, 6, 30), "month", None, None),
    ("hằng năm", None, "recurrence", None, None, None, "yearly", None),
    ("hàng năm", None, "recurrence", None, None, None, "yearly", None),
    ("Hàng quý", None, "recurrence", None, None, None, "quarterly", None),
    ("Định kỳ hằng quý", None, "recurrence", None, None, None, "quarterly", None),
    ("hằng tháng", None, "recurrence", None, None, None, "monthly", None),
    ("hàng tháng", None, "recurrence", None, None, None, "monthly", None),
    ("trước ngày 15 hằng tháng", None, "recurrence", None, None, None, "monthly", None),
    ("Thường xuyên", None, "recurrence", None, None, None, "ongoing", None),
    ("Nhiệm vụ \nthường xuyên", None, "recurrence", None, None, None, "ongoing", None),
    ("Từ tháng 01/2026", None, "recurrence", D(2026, 1, 1), None, None, "ongoing", None),
    ("Hằng quý từ ngày 01/01/2026", None, "recurrence", D(2026, 1, 1), None, None, "quarterly", None),
    ("Theo nhiệm vụ được giao tại Kế hoạch số 230-KH/TU", None, "reference", None, None, None, None, "230-KH/TU"),
    ("Theo nhiệm \nvụ được giao \ntại Kế hoạch \nsố 230-\nKH/TU", None, "reference", None, None, None, None, "230-KH/TU"),
    ("Quý I/2026 và thường xuyên", None, "period", D(2026, 1, 1), D(2026, 3, 31), "quarter", None, None),
    ("Thường xuyên; 30/6/2026", None, "date", D(2026, 6, 30), D(2026, 6, 30), "day", None, None),
    ("Quý I và Quý II năm 2026", None, "period", D(2026, 1, 1), D(2026, 3, 31), "quarter", None, None),
    ("Thường xuyên, hằng quý", None, "recurrence", None, None, None, "quarterly", None),
    ("Tháng 3", 2026, "period", D(2026, 3, 1), D(2026, 3, 31), "month", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "year", "kind", "start", "end", "period", "rec", "ref"), FORMS)
def test_forms(
    text: str,
    year: int | None,
    kind: str,
    start: D | None,
    end: D | None,
    period: str | None,
    rec: str | None,
    ref: str | None,
) -> None:
    d = parse_deadline(text, default_year=year)
    assert (d.kind, d.start, d.end, d.period, d.recurrence, d.reference) == (
        kind,
        start,
        end,
        period,
        rec,
        ref,
    ), d.reason
    assert d.reason is None
    assert d.due == (end if kind in ("date", "period") else None)


def test_text_is_kept_as_written() -> None:
    d = parse_deadline("  Quý  II/2026\n")
    assert d.text == "Quý II/2026"
    assert parse_deadline("Quy\u0301 I/2026").text == "Quý I/2026"  # NFC


@pytest.mark.parametrize(
    "group",
    [
        ["Quý II/2026", "Quý II năm 2026", "quý 2/2026", "QUÝ II/2026", "Quy II/2026", "Q2/2026"],
        ["30/6/2026", "30-6-2026", "ngày 30 tháng 6 năm 2026", "2026-06-30", "30.06.2026"],
        ["Tháng 01/2026", "tháng 1/2026", "1.2026", "T1/2026", "Tháng 1 năm 2026"],
        ["Năm 2026", "Trong năm 2026", "2026", "năm 2026."],
        ["Giai đoạn 2026 - 2030", "2026-2030", "Giai đoạn 2026–2030", "từ năm 2026 đến năm 2030"],
        ["hằng quý", "Hàng quý", "Định kỳ hằng quý", "HẰNG QUÝ"],
        ["Thường xuyên", "Nhiệm vụ thường xuyên", "thuong xuyen"],
    ],
)
def test_equivalent_forms(group: list[str]) -> None:
    first = parse_deadline(group[0])
    assert first.kind not in ("unreadable", "missing")
    for text in group[1:]:
        assert same(parse_deadline(text), first), text


@pytest.mark.parametrize(
    ("text", "year", "reason"),
    [
        ("31/02/2026", None, "date does not exist"),
        ("30/13/2026", None, "date does not exist"),
        ("Tháng 3/1999", None, "year out of range"),
        ("Năm 2101", None, "year out of range"),
        ("Quý V/2026", None, "quarter out of range"),
        ("quý 5/2026", None, "quarter out of range"),
        ("quý 0/2026", None, "quarter out of range"),
        ("tháng 13/2026", None, "month out of range"),
        ("tháng 0/2026", None, "month out of range"),
        ("Tháng 3", None, "year missing"),
        ("Quý I", None, "year missing"),
        ("6 tháng đầu năm", None, "year missing"),
        ("Cả năm", None, "year missing"),
        ("Cả năm", 1999, "year out of range"),
        ("Giai đoạn 2030 - 2026", None, "range ends before it starts"),
        ("Theo kế hoạch", None, "reference without a document number"),
        ("Hoàn thành", None, "no deadline found"),
        ("hằng tuần", None, "recurrence 'hang tuan' not supported"),
        ("Sớm nhất có thể", None, "unrecognised text 'som nhat co'"),
        ("Quý II/2026 (nếu có kinh phí)", None, "unrecognised text 'neu co kinh'"),
        ("Giai đoạn", None, "unrecognised text 'giai doan'"),
        ("30/6/26", None, "unrecognised text '26'"),
    ],
)
def test_unreadable(text: str, year: int | None, reason: str) -> None:
    d = parse_deadline(text, default_year=year)
    assert d.kind == "unreadable"
    assert d.reason == reason
    assert d.start is None and d.end is None and d.due is None
    assert d.text == text


@pytest.mark.parametrize("text", [None, "", "   ", "\n"])
def test_missing(text: str | None) -> None:
    d = parse_deadline(text)
    assert d.kind == "missing"
    assert d.due is None


def test_describe() -> None:
    q2 = parse_deadline("quý 2/2026")
    assert q2.describe() == "Quý II/2026 (2026-04-01 – 2026-06-30)"
    assert q2.describe("en") == "Q2 2026 (2026-04-01 – 2026-06-30)"
    assert parse_deadline("30/6/2026").describe("en") == "2026-06-30"
    assert parse_deadline("Hàng quý từ tháng 1/2026").describe("en") == "quarterly from 2026-01-01"
    ref = parse_deadline("Theo nhiệm vụ được giao tại Kế hoạch số 230-KH/TU")
    assert ref.describe("en") == "see 230-KH/TU"
    assert parse_deadline("31/02/2026").describe("en") == (
        "unreadable: '31/02/2026' (date does not exist)"
    )
    assert parse_deadline("").describe() == "Chưa có thời hạn"
    with pytest.raises(ValueError):
        q2.describe("fr")


def test_canonical_examples() -> None:
    assert parse_deadline("quý 2/2026").canonical() == "Quý II/2026"
    assert parse_deadline("3.2026").canonical() == "Tháng 03/2026"
    assert parse_deadline("30-6-2026").canonical() == "30/06/2026"
    assert parse_deadline("2026-2030").canonical() == "Giai đoạn 2026 - 2030"
    assert parse_deadline("Nhiệm vụ thường xuyên").canonical() == "Thường xuyên"
    assert parse_deadline("").canonical() == ""


# ------------------------------------------------------------------ properties

years = st.integers(2000, 2100)


def _month_end(y: int, m: int) -> D:
    return D(y, m, calendar.monthrange(y, m)[1])


@st.composite
def deadlines(draw: st.DrawFn) -> Deadline:
    """Deadlines built from first principles, not through the parser under test."""
    kind = draw(st.sampled_from(["date", "month", "quarter", "half", "year", "phase", "rec", "ref"]))
    y = draw(years)
    if kind == "date":
        day = draw(st.dates(D(2000, 1, 1), D(2100, 12, 31)))
        return Deadline("", "date", day, day, "day")
    if kind == "month":
        m = draw(st.integers(1, 12))
        return Deadline("", "period", D(y, m, 1), _month_end(y, m), "month")
    if kind == "quarter":
        q = draw(st.integers(1, 4))
        return Deadline("", "period", D(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter")
    if kind == "half":
        h = draw(st.integers(1, 2))
        return Deadline("", "period", D(y, 6 * h - 5, 1), _month_end(y, 6 * h), "half")
    if kind == "year":
        return Deadline("", "period", D(y, 1, 1), D(y, 12, 31), "year")
    if kind == "phase":
        a = draw(st.dates(D(2000, 1, 1), D(2100, 12, 31)))
        b = draw(st.dates(a, D(2100, 12, 31)))
        if draw(st.booleans()):
            a, b = D(a.year, 1, 1), D(b.year, 12, 31)
        return Deadline("", "period", a, b, "phase")
    if kind == "rec":
        rec = draw(st.sampled_from(["ongoing", "monthly", "quarterly", "yearly"]))
        start = draw(st.none() | st.dates(D(2000, 1, 1), D(2100, 12, 31)))
        return Deadline("", "recurrence", start, recurrence=rec)
    number = draw(st.integers(1, 9999))
    code = draw(st.sampled_from(["{}-KH/TU", "{}/KH-UBND", "{}/2025/QH15", "{}-NQ/TW", "{}/BKHCN-CĐSQG"]))
    return Deadline("", "reference", reference=code.format(number))


@given(deadlines())
def test_canonical_round_trips(d: Deadline) -> None:
    text = d.canonical()
    back = parse_deadline(text)
    assert same(back, d), (text, back)
    assert back.text == text


@given(st.text(), st.none() | st.integers(-5, 5000))
def test_never_raises_on_any_text(text: str, year: int | None) -> None:
    d = parse_deadline(text, default_year=year)
    assert d.kind in ("date", "period", "recurrence", "reference", "unreadable", "missing")
    assert (d.kind == "unreadable") == (d.reason is not None)
    if d.due is not None:
        assert d.start is not None and d.start <= d.due


WORDS = (
    "tháng quý năm ngày từ đến trong trước hoàn thành và hằng hàng thường xuyên giai đoạn "
    "6 cả đầu cuối theo Kế hoạch số 230-KH/TU I II III IV V T Q 0 1 2 3 12 13 29 30 31 "
    "2026 2030 1999 2101 / - . , ; 00 hằng tuần"
).split()


@settings(max_examples=300)
@given(st.lists(st.sampled_from(WORDS), max_size=8), st.none() | st.integers(1990, 2110))
def test_never_raises_on_deadline_words(words: list[str], year: int | None) -> None:
    d = parse_deadline(" ".join(words), default_year=year)
    assert (d.kind == "unreadable") == (d.reason is not None)
    if d.start is not None:
        assert 2000 <= d.start.year <= 2100
    if d.kind in ("date", "period"):
        assert d.start is not None and d.end is not None and d.start <= d.end
        assert same(parse_deadline(d.canonical()), d)
