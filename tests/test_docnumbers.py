"""Document-number grammar: the four systems, refusals with reasons, prose search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq57check.grammar.docnumbers import (
    DocNumber,
    DocNumberError,
    find_doc_numbers,
    parse_doc_number,
)


@pytest.mark.parametrize(
    ("text", "system", "number", "year", "type_", "issuer", "unit", "key"),
    [
        ("56/KH-UBND", "state", 56, None, "KH", "UBND", None, "56/kh-ubnd"),
        ("05/KH-UBND", "state", 5, None, "KH", "UBND", None, "5/kh-ubnd"),
        ("71/NQ-CP", "state", 71, None, "NQ", "CP", None, "71/nq-cp"),
        ("12/QĐ-UBND", "state", 12, None, "QĐ", "UBND", None, "12/qd-ubnd"),
        ("3/QyĐ-UBND", "state", 3, None, "QyĐ", "UBND", None, "3/qyd-ubnd"),
        ("112-KH/ĐU", "party", 112, None, "KH", "ĐU", None, "112-kh/du"),
        ("32-KH/TU", "party", 32, None, "KH", "TU", None, "32-kh/tu"),
        ("57-NQ/TW", "party", 57, None, "NQ", "TW", None, "57-nq/tw"),
        ("63-CTr/TU", "party", 63, None, "CTr", "TU", None, "63-ctr/tu"),
        ("539-CV/VPTW", "party", 539, None, "CV", "VPTW", None, "539-cv/vptw"),
        ("03-QC/BCĐTW", "party", 3, None, "QC", "BCĐTW", None, "3-qc/bcdtw"),
        ("17-TB/CQTTBCĐ", "party", 17, None, "TB", "CQTTBCĐ", None, "17-tb/cqttbcd"),
        ("519/BKHCN-CĐSQG", "letter", 519, None, None, "BKHCN", "CĐSQG", "519/bkhcn-cdsqg"),
        ("193/2025/QH15", "legal", 193, 2025, None, "QH15", None, "193/2025/qh15"),
        ("30/2020/NĐ-CP", "legal", 30, 2020, "NĐ", "NĐ-CP", None, "30/2020/nd-cp"),
        ("63/2026/NĐ-CP", "legal", 63, 2026, "NĐ", "NĐ-CP", None, "63/2026/nd-cp"),
        ("Kế hoạch số 56/KH-UBND", "state", 56, None, "KH", "UBND", None, "56/kh-ubnd"),
        ("số 56/KH-UBND", "state", 56, None, "KH", "UBND", None, "56/kh-ubnd"),
        ("Số: 56/KH-UBND", "state", 56, None, "KH", "UBND", None, "56/kh-ubnd"),
        ("Kế hoạch 978/KH-UBND", "state", 978, None, "KH", "UBND", None, "978/kh-ubnd"),
        ("số 230-\nKH/TU", "party", 230, None, "KH", "TU", None, "230-kh/tu"),
        ("230-KH/TU, ngày 29/4/2025", "party", 230, None, "KH", "TU", None, "230-kh/tu"),
        ("978/KH-UBND ngày 06/02/2026", "state", 978, None, "KH", "UBND", None, "978/kh-ubnd"),
    ],
)
def test_parse(
    text: str,
    system: str,
    number: int,
    year: int | None,
    type_: str | None,
    issuer: str,
    unit: str | None,
    key: str,
) -> None:
    d = parse_doc_number(text)
    assert isinstance(d, DocNumber), d
    assert (d.system, d.number, d.year, d.type, d.issuer, d.drafting_unit) == (
        system,
        number,
        year,
        type_,
        issuer,
        unit,
    )
    assert d.normalized() == key


def test_normalized_compares_loosely() -> None:
    keys = {
        parse_doc_number(t).normalized()  # type: ignore[union-attr]
        for t in ("112-KH/ĐU", "112-KH/DU", "112-kh/đu", "Kế hoạch số 112-KH/ĐU")
    }
    assert keys == {"112-kh/du"}
    a, b = parse_doc_number("56/KH-UBND"), parse_doc_number("56-KH/UBND")
    assert isinstance(a, DocNumber) and isinstance(b, DocNumber)
    assert a.normalized() != b.normalized()  # state and party numbers differ


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Số: /KH-UBND", "number missing"),
        ("/KH-UBND", "number missing"),
        ("Số:", "number missing"),
        ("", "empty"),
        ("56/KHH-UBND", "unknown type code 'KHH'"),
        ("56-KHH/TU", "unknown type code 'KHH'"),
        ("12/2020/XX-CP", "unknown type code 'XX'"),
        ("12/1800/NĐ-CP", "year out of range"),
        ("56/KH", "issuer missing"),
        ("56/KH-", "issuer missing"),
        ("56/UBND", "type code or drafting unit missing"),
        ("0/KH-UBND", "number is zero"),
        ("99999999999/KH-UBND", "number too long"),
        ("abc", "not a document number"),
        ("56", "no '/' separator"),
        ("56/KH-UBND xyz", "unexpected text after number: 'xyz'"),
        ("56/KH-ΩΩ", "invalid letters in code 'ΩΩ'"),
    ],
)
def test_errors(text: str, reason: str) -> None:
    d = parse_doc_number(text)
    assert isinstance(d, DocNumberError)
    assert d.reason == reason


def test_find_in_prose() -> None:
    prose = (
        "Thực hiện Kế hoạch số 32-KH/TU ngày 09/01/2026 của Ban Thường vụ Tỉnh ủy; "
        "Kế hoạch số 978/KH-UBND ngày 06/2/2026; Nghị quyết số 71/NQ-CP, Thông báo số 06-\n\n"
        "TB/CQTTBCĐ ngày 27/9/2025, Công văn 519/BKHCN-CĐSQG, Nghị quyết số 193/2025/QH15 "
        "và Nghị quyết 57-NQ/TW, ngày 22/12/2024; lại 32-KH/TU. Giai đoạn 2026 - 2030."
    )
    assert find_doc_numbers(prose) == [
        "32-KH/TU",
        "978/KH-UBND",
        "71/NQ-CP",
        "06-TB/CQTTBCĐ",
        "519/BKHCN-CĐSQG",
        "193/2025/QH15",
        "57-NQ/TW",
    ]
    assert find_doc_numbers("ngày 22/12/2024, 100% hồ sơ, 2026-2030") == []
    assert find_doc_numbers("Số: /KH-UBND") == []


# ------------------------------------------------------------------ properties

STATE = ["KH", "QĐ", "NQ", "TB", "BC", "CTr", "TTr", "QyĐ", "ĐA", "HD"]
PARTY = ["KH", "NQ", "CV", "TB", "QC", "CTr", "KL", "QĐi"]
ISSUERS = ["UBND", "ĐU", "TU", "BCĐTW", "VPTW", "CQTTBCĐ", "SKHCN", "UBND-VP"]
LETTERS = ["BKHCN", "SKHCN", "VPCP", "CAT"]
UNITS = ["CĐSQG", "VP", "KGVX", "PV01"]
LEGAL = ["QH15", "NĐ-CP", "QĐ-TTg", "TT-BKHCN", "NQ-HĐND", "UBTVQH15"]


@st.composite
def doc_texts(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 99999))
    num = f"{n:02d}" if draw(st.booleans()) else str(n)
    form = draw(st.sampled_from(["state", "party", "letter", "legal"]))
    if form == "state":
        core = f"{num}/{draw(st.sampled_from(STATE))}-{draw(st.sampled_from(ISSUERS))}"
    elif form == "party":
        core = f"{num}-{draw(st.sampled_from(PARTY))}/{draw(st.sampled_from(ISSUERS))}"
    elif form == "letter":
        core = f"{num}/{draw(st.sampled_from(LETTERS))}-{draw(st.sampled_from(UNITS))}"
    else:
        core = f"{num}/{draw(st.integers(1945, 2100))}/{draw(st.sampled_from(LEGAL))}"
    prefix = draw(st.sampled_from(["", "số ", "Số: ", "Kế hoạch số "]))
    return prefix + core


@given(doc_texts())
def test_well_formed_numbers_parse_and_normalize_round_trips(text: str) -> None:
    d = parse_doc_number(text)
    assert isinstance(d, DocNumber), d
    back = parse_doc_number(d.normalized())
    assert isinstance(back, DocNumber), back
    assert back.normalized() == d.normalized()
    assert back.system == d.system and back.number == d.number and back.year == d.year
    assert find_doc_numbers(f"theo văn bản {text.split()[-1]} ngày 01/01/2026") == [
        text.split()[-1]
    ]


@given(st.text())
def test_parse_never_raises(text: str) -> None:
    d = parse_doc_number(text)
    assert isinstance(d, (DocNumber, DocNumberError))
    if isinstance(d, DocNumber):
        back = parse_doc_number(d.normalized())
        assert isinstance(back, DocNumber)
        assert back.normalized() == d.normalized()
    else:
        assert d.reason


@given(st.text(alphabet="0123456789/-–KHUBNDĐQTWCP số: \n,.", max_size=40))
def test_never_raises_on_number_like_text(text: str) -> None:
    d = parse_doc_number(text)
    if isinstance(d, DocNumber):
        assert parse_doc_number(d.normalized()) == parse_doc_number(d.normalized())
        assert d.number > 0
    for found in find_doc_numbers(text):
        assert not any(ch.isspace() for ch in found)
