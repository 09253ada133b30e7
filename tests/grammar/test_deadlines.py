"""Deadline grammar: every catalog form, equivalences, refusals, and round-trips."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nq57check.grammar.deadlines import Deadline, Period, Recurrence, parse_deadline

D = dt.date


def same(a: Deadline, b: Deadline) -> bool:
    """Equal apart from the text as written."""
    return dataclasses.replace(a, text="") == dataclasses.replace(b, text="")


def per(start: D, end: D, period: Period) -> Deadline:
    return Deadline("", "period", start, end, period)


def day(y: int, m: int, d: int) -> Deadline:
    return Deadline("", "date", D(y, m, d), D(y, m, d), "day")


def rec(recurrence: Recurrence, start: D | None = None) -> Deadline:
    return Deadline("", "recurrence", start, recurrence=recurrence)


def ref(number: str) -> Deadline:
    return Deadline("", "reference", reference=number)


Q1, Q2 = (
    per(D(2026, 1, 1), D(2026, 3, 31), "quarter"),
    per(D(2026, 4, 1), D(2026, 6, 30), "quarter"),
)
Y2026 = per(D(2026, 1, 1), D(2026, 12, 31), "year")
PHASE = per(D(2026, 1, 1), D(2030, 12, 31), "phase")
H1 = per(D(2026, 1, 1), D(2026, 6, 30), "half")

# text, default_year, expected reading (text ignored)
FORMS: list[tuple[str, int | None, Deadline]] = [
    ("Tháng 01/2026", None, per(D(2026, 1, 1), D(2026, 1, 31), "month")),
    ("tháng 3/2026", None, per(D(2026, 3, 1), D(2026, 3, 31), "month")),
    ("3.2026", None, per(D(2026, 3, 1), D(2026, 3, 31), "month")),
    ("T3/2026", None, per(D(2026, 3, 1), D(2026, 3, 31), "month")),
    ("Tháng 4 năm 2026", None, per(D(2026, 4, 1), D(2026, 4, 30), "month")),
    ("Tháng \n12/2026", None, per(D(2026, 12, 1), D(2026, 12, 31), "month")),
    ("Tháng 2/2028", None, per(D(2028, 2, 1), D(2028, 2, 29), "month")),
    ("Tháng 3", 2026, per(D(2026, 3, 1), D(2026, 3, 31), "month")),
    ("Tháng 6 - 2026", None, per(D(2026, 6, 1), D(2026, 6, 30), "month")),
    ("hoàn thành trong tháng 2/2026", None, per(D(2026, 2, 1), D(2026, 2, 28), "month")),
    ("Quý I/2026", None, Q1),
    ("Quý II năm 2026", None, Q2),
    ("quý 2/2026", None, Q2),
    ("trong quý 1/2026", None, Q1),
    ("I Quý I năm 2026", None, Q1),
    ("Quý III/2025", None, per(D(2025, 7, 1), D(2025, 9, 30), "quarter")),
    ("Quý IV/2026", None, per(D(2026, 10, 1), D(2026, 12, 31), "quarter")),
    ("**Hoàn thành trong Quý III năm 2026.**", None, per(D(2026, 7, 1), D(2026, 9, 30), "quarter")),
    ("30/6/2026", None, day(2026, 6, 30)),
    ("30-6-2026", None, day(2026, 6, 30)),
    ("ngày 30 tháng 6 năm 2026", None, day(2026, 6, 30)),
    ("2026-06-30", None, day(2026, 6, 30)),
    ("trước ngày 31/01/2026", None, day(2026, 1, 31)),
    ("6 tháng đầu năm", 2026, H1),
    ("6 tháng đầu năm 2026", None, H1),
    ("6 tháng cuối năm", 2026, per(D(2026, 7, 1), D(2026, 12, 31), "half")),
    ("Năm 2026", None, Y2026),
    ("Trong năm 2026", None, Y2026),
    ("2026", None, Y2026),
    ("Cả năm", 2027, per(D(2027, 1, 1), D(2027, 12, 31), "year")),
    ("Giai đoạn 2026 - 2030", None, PHASE),
    ("Giai đoạn \n2026 - 2030", None, PHASE),
    ("2026-2030", None, PHASE),
    ("Từ tháng 1 đến tháng 6/2026", None, per(D(2026, 1, 1), D(2026, 6, 30), "phase")),
    ("Quý I - Quý II/2026", None, per(D(2026, 1, 1), D(2026, 6, 30), "phase")),
    ("hằng năm", None, rec("yearly")),
    ("hàng năm", None, rec("yearly")),
    ("Hàng quý", None, rec("quarterly")),
    ("Định kỳ hằng quý", None, rec("quarterly")),
    ("hằng tháng", None, rec("monthly")),
    ("hàng tháng", None, rec("monthly")),
    ("trước ngày 15 hằng tháng", None, rec("monthly")),
    ("Thường xuyên", None, rec("ongoing")),
    ("Nhiệm vụ \nthường xuyên", None, rec("ongoing")),
    ("Từ tháng 01/2026", None, rec("ongoing", D(2026, 1, 1))),
    ("Hằng quý từ ngày 01/01/2026", None, rec("quarterly", D(2026, 1, 1))),
    ("Theo nhiệm vụ được giao tại Kế hoạch số 230-KH/TU", None, ref("230-KH/TU")),
    ("Theo nhiệm \nvụ được giao \ntại Kế hoạch \nsố 230-\nKH/TU", None, ref("230-KH/TU")),
    ("Quý I/2026 và thường xuyên", None, Q1),
    ("Thường xuyên; 30/6/2026", None, day(2026, 6, 30)),
    ("Quý I và Quý II năm 2026", None, Q1),
    ("Thường xuyên, hằng quý", None, rec("quarterly")),
]


@pytest.mark.parametrize(("text", "year", "expected"), FORMS)
def test_forms(text: str, year: int | None, expected: Deadline) -> None:
    d = parse_deadline(text, default_year=year)
    assert same(d, expected), d
    assert d.reason is None
    assert d.due == (expected.end if expected.kind in ("date", "period") else None)


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
RECURRENCES: list[Recurrence] = ["ongoing", "monthly", "quarterly", "yearly"]


def _month_end(y: int, m: int) -> D:
    return D(y, m, calendar.monthrange(y, m)[1])


@st.composite
def deadlines(draw: st.DrawFn) -> Deadline:
    """Deadlines built from first principles, not through the parser under test."""
    kind = draw(
        st.sampled_from(["date", "month", "quarter", "half", "year", "phase", "rec", "ref"])
    )
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
        recurrence: Recurrence = draw(st.sampled_from(RECURRENCES))
        start = draw(st.none() | st.dates(D(2000, 1, 1), D(2100, 12, 31)))
        return Deadline("", "recurrence", start, recurrence=recurrence)
    number = draw(st.integers(1, 9999))
    code = draw(
        st.sampled_from(["{}-KH/TU", "{}/KH-UBND", "{}/2025/QH15", "{}-NQ/TW", "{}/BKHCN-CĐSQG"])
    )
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


WORDS = [
    *("tháng", "quý", "năm", "ngày", "từ", "đến", "trong", "trước", "hoàn thành", "và"),
    *("hằng", "hàng", "thường xuyên", "giai đoạn", "6", "cả", "đầu", "cuối", "theo"),
    *("Kế hoạch số", "230-KH/TU", "I", "II", "III", "IV", "V", "T", "Q", "0", "1", "2"),
    *("3", "12", "13", "29", "30", "31", "2026", "2030", "1999", "2101", "/", "-", "."),
    *(",", ";", "00", "tuần"),
]


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
