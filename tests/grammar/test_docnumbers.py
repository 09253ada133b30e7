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
    a, b = parse_doc_number("56/KH-BCĐ"), parse_doc_number("56-KH/BCĐ")
    assert isinstance(a, DocNumber) and isinstance(b, DocNumber)
    assert a.normalized() != b.normalized()  # state and party numbers differ
    assert a.intended is None and b.intended is None  # a BCĐ may issue either kind


@pytest.mark.parametrize(
    ("text", "intended", "repair", "key"),
    [
        ("57- NQ/TW", "57-NQ/TW", "space after '-'", "57-nq/tw"),
        ("32- KH/TU", "32-KH/TU", "space after '-'", "32-kh/tu"),
        ("Kế hoạch số 32 -KH/TU ngày 09/01/2026", "32-KH/TU", "space before '-'", "32-kh/tu"),
        ("4732/ KH-UBND", "4732/KH-UBND", "space after '/'", "4732/kh-ubnd"),
        ("số 230-\nKH/TU", "230-KH/TU", "space after '-'", "230-kh/tu"),
        ("30/2020/NĐ- CP", "30/2020/NĐ-CP", "space after '-'", "30/2020/nd-cp"),
        ("4732/KHUBND", "4732/KH-UBND", "no '-' between 'KH' and 'UBND'", "4732/kh-ubnd"),
        ("71/NQCP", "71/NQ-CP", "no '-' between 'NQ' and 'CP'", "71/nq-cp"),
        ("12/QĐUBND", "12/QĐ-UBND", "no '-' between 'QĐ' and 'UBND'", "12/qd-ubnd"),
        ("4732/KHUBND-VP", "4732/KH-UBND-VP", "no '-' between 'KH' and 'UBND'", "4732/kh-ubnd-vp"),
        ("32-KHTU", "32-KH/TU", "no '/' between 'KH' and 'TU'", "32-kh/tu"),
        ("71/NQ/CP", "71/NQ-CP", "'/' instead of '-' between 'NQ' and 'CP'", "71/nq-cp"),
        ("32-KH-TU", "32-KH/TU", "'-' instead of '/' between 'KH' and 'TU'", "32-kh/tu"),
        ("57/NQ-TW", "57-NQ/TW", "'TW' is a Party committee", "57-nq/tw"),
        ("05/KH-ĐU", "05-KH/ĐU", "'ĐU' is a Party committee", "5-kh/du"),
        ("32/KH/TU", "32-KH/TU", "'TU' is a Party committee", "32-kh/tu"),
        ("71-NQ/CP", "71/NQ-CP", "'CP' is a state body", "71/nq-cp"),
        ("57 - NQ/TW", "57-NQ/TW", "space before '-'", "57-nq/tw"),
    ],
)
def test_irregular_spellings_of_a_known_number_are_read_as_it(
    text: str, intended: str, repair: str, key: str
) -> None:
    d = parse_doc_number(text)
    assert isinstance(d, DocNumber), d
    assert d.intended == intended
    assert d.repair is not None and d.repair.startswith(repair), d.repair
    assert d.normalized() == key
    assert d.text == " ".join(text.split())  # the written form is kept for the warning
    again = parse_doc_number(intended)
    assert isinstance(again, DocNumber) and again.intended is None  # the intended one is proper
    assert again.normalized() == key


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("519/BKHCNCĐSQG", "type code or drafting unit missing"),  # no type code to split off
        ("56/KHHUBND", "type code or drafting unit missing"),  # 'KHH' is no type code
        ("56/KHUBNDX", "type code or drafting unit missing"),  # 'UBNDX' is no issuer
        ("32-KHTU/VP", "unknown type code 'KHTU'"),
        ("57NQ/TW", "malformed document number"),
        ("978/KHUBND/ABC/DEF", "malformed document number"),
    ],
)
def test_a_number_that_cannot_be_recovered_stays_malformed(text: str, reason: str) -> None:
    d = parse_doc_number(text)
    assert isinstance(d, DocNumberError), d
    assert d.reason == reason


def test_well_formed_numbers_carry_no_repair() -> None:
    for text in ("56/KH-UBND", "112-KH/ĐU", "519/BKHCN-CĐSQG", "123/UBND-VP", "193/2025/QH15"):
        d = parse_doc_number(text)
        assert isinstance(d, DocNumber) and (d.intended, d.repair) == (None, None), d
    d = parse_doc_number("12-CV/UBND")  # a Party type code: not a state number either way
    assert isinstance(d, DocNumber) and d.system == "party" and d.intended is None


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
# a Party committee's numbers are NN-TYPE/ISSUER, a People's Committee's NN/TYPE-ISSUER
STATE_ISSUERS = ["UBND", "HĐND", "CP", "BCĐTW", "CQTTBCĐ", "SKHCN", "UBND-VP"]
PARTY_ISSUERS = ["ĐU", "TU", "HU", "TW", "BCĐTW", "VPTW", "CQTTBCĐ"]
LETTERS = ["BKHCN", "SKHCN", "VPCP", "CAT"]
UNITS = ["CĐSQG", "VP", "KGVX", "PV01"]
LEGAL = ["QH15", "NĐ-CP", "QĐ-TTg", "TT-BKHCN", "NQ-HĐND", "UBTVQH15"]


@st.composite
def doc_texts(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 99999))
    num = f"{n:02d}" if draw(st.booleans()) else str(n)
    form = draw(st.sampled_from(["state", "party", "letter", "legal"]))
    if form == "state":
        core = f"{num}/{draw(st.sampled_from(STATE))}-{draw(st.sampled_from(STATE_ISSUERS))}"
    elif form == "party":
        core = f"{num}-{draw(st.sampled_from(PARTY))}/{draw(st.sampled_from(PARTY_ISSUERS))}"
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
    assert (d.intended, d.repair) == (None, None)
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


@given(doc_texts(), st.data())
def test_spaces_beside_separators_are_read_through_with_a_warning(
    text: str, data: st.DataObject
) -> None:
    proper = parse_doc_number(text)
    assert isinstance(proper, DocNumber)
    core = text.split()[-1]
    seps = [i for i, ch in enumerate(core) if ch in "/-"]
    at = data.draw(st.sampled_from(seps))
    space = data.draw(st.sampled_from([" ", "  ", "\n"]))
    before = data.draw(st.booleans())
    cut = at if before else at + 1
    spaced = core[:cut] + space + core[cut:]
    d = parse_doc_number(text[: -len(core)] + spaced)
    assert isinstance(d, DocNumber), d
    assert d.intended == core and d.normalized() == proper.normalized()
    assert d.repair == f"space {'before' if before else 'after'} '{core[at]}'"


@given(
    st.integers(1, 99999),
    st.sampled_from(
        [
            ("/", "-", STATE, ["UBND", "HĐND", "CP", "TTg"]),
            ("-", "/", PARTY, ["TU", "ĐU", "HU", "TW"]),
        ]
    ),
    st.data(),
)
def test_a_type_and_issuer_run_together_are_split_by_the_known_codes(
    n: int, shape: tuple[str, str, list[str], list[str]], data: st.DataObject
) -> None:
    sep, joint, types, bodies = shape
    kind, body = data.draw(st.sampled_from(types)), data.draw(st.sampled_from(bodies))
    d = parse_doc_number(f"{n}{sep}{kind}{body}")
    assert isinstance(d, DocNumber), d
    assert d.intended == f"{n}{sep}{kind}{joint}{body}"
    assert d.repair == f"no '{joint}' between '{kind}' and '{body}'"
