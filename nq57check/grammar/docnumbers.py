"""Document numbers (số ký hiệu) per Nghị định 30/2020/NĐ-CP and Party guidance 36-HD/VPTW.

Plans cite their basis documents by number, and reports prove work by number, so numbers
must be read exactly: a malformed one is returned as :class:`DocNumberError` with a short
reason (rule R-SO-KY-HIEU reports it), never raised. Four systems are told apart by shape:

- state  ``56/KH-UBND``      NN/TYPE-ISSUER
- party  ``112-KH/ĐU``       NN-TYPE/ISSUER
- letter ``519/BKHCN-CĐSQG`` NN/ISSUER-DRAFTINGUNIT (công văn: no type code)
- legal  ``30/2020/NĐ-CP``, ``193/2025/QH15``  NN/YEAR/SUFFIX (legal normative documents)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from nq57check.text import fold, nfc, squash

System = Literal["state", "party", "letter", "legal"]


def _key(code: str) -> str:
    """Fold one code for comparison ('QĐ' == 'QD', 'TƯ' == 'TU'), keeping its dashes."""
    return "-".join(fold(part).replace(" ", "") for part in code.split("-"))


def _codes(words: str) -> frozenset[str]:
    return frozenset(_key(c) for c in words.split())


STATE_TYPES: frozenset[str] = _codes(
    "NQ QĐ CT QC QyĐ TC TB HD CTr KH PA ĐA DA BC BB TTr HĐ CĐ "
    "BGN BTT GUQ GM GGT GNP PG PC PB SY TrS SL"
)
"""Type codes of state documents (Nghị định 30/2020/NĐ-CP, Appendix III), folded."""

PARTY_TYPES: frozenset[str] = STATE_TYPES | _codes("CV KL TT QĐi GCN BS")
"""Party type codes (HD 36-HD/VPTW): the state list plus công văn, kết luận, thông tri..."""

LEGAL_TYPES: frozenset[str] = _codes("NĐ TT TTLT QĐ NQ NQLT CT L PL")
"""Type codes that open the suffix of a legal normative document (30/2020/NĐ-CP)."""

_BODIES: frozenset[str] = _codes("UBND HĐND ĐU TU HU TW CP TTg BCĐ MTTQ UBMTTQ QH BCH VPTW")
"""Issuing bodies: after an unknown first code they show it was meant as a type code."""

_MAX_DIGITS = 7  # keeps int() far from Python's digit limit on hostile input
_LETTER = r"[^\W\d_]"
_SEG = rf"{_LETTER}(?:[^\W_]|&)*"
_SEGS = rf"{_SEG}(?:-{_SEG})*"
_NUM = rf"(?P<num>\d{{0,{_MAX_DIGITS}}})"
_LEGAL = re.compile(rf"{_NUM}/(?P<year>\d{{4}})/(?P<suffix>{_SEGS})")
_PARTY = re.compile(rf"{_NUM}-(?P<type>{_SEG})/(?P<issuer>{_SEGS})")
_SLASH = re.compile(rf"{_NUM}/(?P<first>{_SEG})(?:-(?P<rest>{_SEGS}))?")
_DASHES = str.maketrans({"–": "-", "‐": "-", "‑": "-", "—": "-"})
_PREFIX_SO = re.compile(r"(?:[^\W\d_]+\s+)*?(?:số|so)\s*[:.]?\s*(?=[\d/-]|$)", re.IGNORECASE)
_PREFIX_WORDS = re.compile(r"(?:[^\W\d_]+\s+)+(?=\d)")
_AROUND_SEP = re.compile(r"\s*([/-])\s*")
_CONTEXT = re.compile(r"(?:[,;(]|ng[àa]y\b|c[ủu]a\b)", re.IGNORECASE)

_UP = "A-ZĐƯƠÂÊÔĂ"
_PROSE_SEG = rf"[{_UP}](?:[^\W_]|&)*"
_PROSE_TAIL = rf"{_PROSE_SEG}(?:[-–]{_PROSE_SEG})*"
_IN_PROSE = re.compile(
    rf"(?<![\w/.\-])\d{{1,{_MAX_DIGITS}}}(?:"
    rf"/\d{{4}}/{_PROSE_TAIL}"
    rf"|[-–]\s*{_PROSE_SEG}/\s*{_PROSE_TAIL}"
    rf"|/\s*{_PROSE_SEG}[-–]\s*{_PROSE_TAIL}"
    rf")(?![\w&])"
)
_WS = re.compile(r"\s+")
_CODE_SPLIT = re.compile(r"[/-]")
_ASCII_CODE = re.compile(r"[a-z][a-z0-9]*")


@dataclass(frozen=True, slots=True)
class DocNumber:
    """A well-formed document number, split into its parts."""

    text: str
    system: System
    number: int
    year: int | None
    type: str | None  # KH, QĐ, NQ, ... (None for letters and QH laws)
    issuer: str  # UBND, ĐU, TU, BKHCN, QH15, NĐ-CP ...
    drafting_unit: str | None = None  # CĐSQG for letters

    def normalized(self) -> str:
        """Comparable key: folded, no leading zeros ('05/KH-UBND' -> '5/kh-ubnd').

        Folding makes 'ĐU'/'DU' and 'TƯ'/'TW'-less typing equal, as basis lists are typed
        by hand; the price is that 'ĐA' and 'DA' share a key.
        """
        if self.system == "legal":
            return f"{self.number}/{self.year}/{_key(self.issuer)}"
        if self.system == "party":
            return f"{self.number}-{_key(self.type or '')}/{_key(self.issuer)}"
        if self.system == "letter":
            return f"{self.number}/{_key(self.issuer)}-{_key(self.drafting_unit or '')}"
        return f"{self.number}/{_key(self.type or '')}-{_key(self.issuer)}"


@dataclass(frozen=True, slots=True)
class DocNumberError:
    """A document number that does not follow the grammar, with why (English, short)."""

    text: str
    reason: str


def _strip_prefix(text: str) -> str:
    """Drop 'Kế hoạch số', 'số', 'Số:' (or bare 'Kế hoạch') before the number itself."""
    m = _PREFIX_SO.match(text)
    if m:
        return text[m.end() :]
    m = _PREFIX_WORDS.match(text)
    return text[m.end() :] if m else text


def _core(text: str) -> tuple[str, str]:
    """Split into the number token and trailing context; rejoin line-broken separators."""
    joined = _AROUND_SEP.sub(r"\1", text.translate(_DASHES)).strip()
    core, _, rest = joined.partition(" ")
    if core[-1:] in (",", ";"):
        rest = ""  # a comma after the number opens context ('230-KH/TU, ngày 29/4/2025')
    return core.rstrip(".,;:)"), rest


def parse_doc_number(text: str) -> DocNumber | DocNumberError:
    """Parse one document number; trailing 'ngày ...'/'của ...' context is allowed."""
    written = squash(nfc(text or ""))
    if not written:
        return DocNumberError(written, "empty")
    core, rest = _core(_strip_prefix(written))
    if rest and not _CONTEXT.match(rest):
        return DocNumberError(written, f"unexpected text after number: '{rest[:30]}'")
    if not core:
        return DocNumberError(written, "number missing")
    for pattern, build in ((_LEGAL, _legal), (_PARTY, _party), (_SLASH, _slash)):
        m = pattern.fullmatch(core)
        if m:
            if not m["num"]:
                return DocNumberError(written, "number missing")
            if int(m["num"]) == 0:
                return DocNumberError(written, "number is zero")
            bad = next((seg for seg in _CODE_SPLIT.split(core) if not _code_ok(seg)), None)
            if bad is not None:
                return DocNumberError(written, f"invalid letters in code '{bad}'")
            return build(written, m)
    return DocNumberError(written, _why_malformed(core))


def _code_ok(segment: str) -> bool:
    """A code must fold letter for letter to ASCII, so its normalized key parses back."""
    if segment.isdigit():
        return True
    key = _key(segment)
    return bool(_ASCII_CODE.fullmatch(key)) and len(key) == len(segment.replace("&", ""))


def _why_malformed(core: str) -> str:
    """Best short reason for a token no pattern accepts."""
    if core.startswith(("/", "-")):
        return "number missing"
    if core.endswith(("/", "-")):
        return "issuer missing"
    if not core[0].isdigit():
        return "not a document number"
    if re.fullmatch(rf"\d{{{_MAX_DIGITS + 1},}}\D.*", core):
        return "number too long"
    if "/" not in core:
        return "no '/' separator"
    return "malformed document number"


def _legal(text: str, m: re.Match[str]) -> DocNumber | DocNumberError:
    year = int(m["year"])
    if not 1945 <= year <= 2100:
        return DocNumberError(text, "year out of range")
    suffix = m["suffix"]
    doc_type: str | None = None
    if "-" in suffix:
        doc_type = suffix.split("-", 1)[0]
        if _key(doc_type) not in LEGAL_TYPES:
            return DocNumberError(text, f"unknown type code '{doc_type}'")
    return DocNumber(text, "legal", int(m["num"]), year, doc_type, suffix)


def _party(text: str, m: re.Match[str]) -> DocNumber | DocNumberError:
    if _key(m["type"]) not in PARTY_TYPES:
        return DocNumberError(text, f"unknown type code '{m['type']}'")
    return DocNumber(text, "party", int(m["num"]), None, m["type"], m["issuer"])


def _slash(text: str, m: re.Match[str]) -> DocNumber | DocNumberError:
    first, rest = m["first"], m["rest"]
    if _key(first) in STATE_TYPES:
        if not rest:
            return DocNumberError(text, "issuer missing")
        return DocNumber(text, "state", int(m["num"]), None, first, rest)
    if not rest:
        return DocNumberError(text, "type code or drafting unit missing")
    if _key(rest.split("-", 1)[0]) in _BODIES:
        return DocNumberError(text, f"unknown type code '{first}'")
    return DocNumber(text, "letter", int(m["num"]), None, None, first, rest)


def find_doc_numbers(text: str) -> list[str]:
    """Document numbers mentioned in prose, in order, without repeats.

    Line breaks a PDF put after a separator ('230-\\nKH/TU') are removed and dashes are
    normalised to '-', so each result parses with :func:`parse_doc_number`.
    """
    found: list[str] = []
    for m in _IN_PROSE.finditer(nfc(text or "")):
        number = _WS.sub("", m.group(0)).translate(_DASHES)
        if number not in found:
            found.append(number)
    return found
