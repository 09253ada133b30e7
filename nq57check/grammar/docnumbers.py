"""Document numbers (số ký hiệu) per Nghị định 30/2020/NĐ-CP and Party guidance 36-HD/VPTW.

Plans cite their basis documents by number, and reports prove work by number, so numbers
must be read exactly: a malformed one is returned as :class:`DocNumberError` with a short
reason (rule R-SO-KY-HIEU reports it), never raised. Four systems are told apart by shape:

- state  ``56/KH-UBND``      NN/TYPE-ISSUER
- party  ``112-KH/ĐU``       NN-TYPE/ISSUER
- letter ``519/BKHCN-CĐSQG`` NN/ISSUER-DRAFTINGUNIT (công văn: no type code)
- legal  ``30/2020/NĐ-CP``, ``193/2025/QH15``  NN/YEAR/SUFFIX (legal normative documents)

Real plans also write a known document irregularly: "57- NQ/TW", "4732/KHUBND", "71/NQ/CP",
"57/NQ-TW". When the known type and issuer codes leave exactly one reading, that number is
returned with ``intended`` (its proper spelling) and ``repair`` (what was wrong), so a basis
check matches it and R-SO-KY-HIEU still warns; anything else stays a :class:`DocNumberError`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal

from nq57check.core.text import fold, nfc, squash

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

PARTY_BODIES: frozenset[str] = _codes("TW TU HU ĐU QU")
"""Party committees (Trung ương, Tỉnh ủy, Huyện ủy, Đảng ủy, Quận ủy): their numbers are
NN-TYPE/ISSUER (HD 36-HD/VPTW), so ``57/NQ-TW`` is read as ``57-NQ/TW``."""

STATE_BODIES: frozenset[str] = _codes("UBND HĐND CP TTg")
"""State bodies whose numbers are NN/TYPE-ISSUER (NĐ 30/2020): ``71-NQ/CP`` is ``71/NQ-CP``."""

_MAX_DIGITS = 7  # keeps int() far from Python's digit limit on hostile input
_MAX_JOINED = 16  # a type code and a body run together are short ('QyĐUBMTTQ' is 9)
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
_SPACED_CORE = re.compile(r"[^\s/-]*(?:\s*[/-]\s*[^\s/-]*)*")  # classes disjoint: linear
_SPACE_AT_SEP = re.compile(r"(\s)([/-])|([/-])\s")
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
_JOINED = re.compile(
    rf"(?P<num>\d{{1,{_MAX_DIGITS}}})(?P<sep>[/-])(?P<codes>{_SEG})(?P<tail>(?:-{_SEG})*)"
)
_WRONG_SEP = re.compile(
    rf"(?P<num>\d{{1,{_MAX_DIGITS}}})(?P<sep>[/-])(?P<type>{_SEG})(?P=sep)(?P<issuer>{_SEGS})"
)


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
    intended: str | None = None  # the proper spelling when ``text`` was written irregularly
    repair: str | None = None  # what was irregular (English, short), with ``intended``

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


def _core(text: str) -> tuple[str, str, str | None]:
    """Split into the number token and trailing context; rejoin separators spaced apart.

    The third value says where a space stood beside a separator ("space after '-'"), as
    in "57- NQ/TW" or a line break a PDF put after "230-": the number is read, and warned of.
    """
    text = text.translate(_DASHES).strip()
    m = _SPACED_CORE.match(text)
    spaced = m.group(0) if m else ""
    core = _WS.sub("", spaced)
    rest = text[len(spaced) :].strip()
    if core[-1:] in (",", ";"):
        rest = ""  # a comma after the number opens context ('230-KH/TU, ngày 29/4/2025')
    gap = _SPACE_AT_SEP.search(spaced.rstrip())
    space = None
    if gap:
        space = f"space before '{gap[2]}'" if gap[2] else f"space after '{gap[3]}'"
    return core.rstrip(".,;:)"), rest, space


def parse_doc_number(text: str) -> DocNumber | DocNumberError:
    """Parse one document number; trailing 'ngày ...'/'của ...' context is allowed.

    A known document written irregularly (module docstring) comes back as a
    :class:`DocNumber` carrying ``intended`` and ``repair``.
    """
    written = squash(nfc(text or ""))
    if not written:
        return DocNumberError(written, "empty")
    core, rest, space = _core(_strip_prefix(written))
    if rest and not _CONTEXT.match(rest):
        return DocNumberError(written, f"unexpected text after number: '{rest[:30]}'")
    if not core:
        return DocNumberError(written, "number missing")
    parsed = _parse_core(written, core)
    why = None
    if isinstance(parsed, DocNumberError) or parsed.system == "letter":  # 4732/KHUBND-VP
        recovered = _recover(core)
        retry = _parse_core(written, recovered[0]) if recovered else parsed
        if recovered is not None and isinstance(retry, DocNumber):
            (core, why), parsed = recovered, retry
        elif isinstance(parsed, DocNumberError):
            return parsed
    swapped = _other_system(core, parsed)
    if swapped is not None:
        retry = _parse_core(written, swapped[0])
        if isinstance(retry, DocNumber):  # the issuer's shape says it all: one reason
            (core, why), parsed = swapped, retry
    repairs = [r for r in (space, why) if r]
    if not repairs:
        return parsed
    return dataclasses.replace(parsed, intended=core, repair="; ".join(repairs))


def _parse_core(written: str, core: str) -> DocNumber | DocNumberError:
    """The strict grammar over one number token (separators already joined)."""
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


def _split_joined(codes: str, types: frozenset[str]) -> tuple[str, str] | None:
    """'KHUBND' -> ('KH', 'UBND'): a type code and an issuing body run together.

    Only the grammar's own codes count, and only when exactly one split fits them.
    """
    if len(codes) > _MAX_JOINED:
        return None
    fits = [
        (codes[:i], codes[i:])
        for i in range(1, len(codes))
        if _key(codes[:i]) in types and _key(codes[i:]) in _BODIES | PARTY_BODIES
    ]
    return fits[0] if len(fits) == 1 else None


def _recover(core: str) -> tuple[str, str] | None:
    """The intended token, and why, for a known type and issuer joined by the wrong separator
    or by none ('4732/KHUBND', '32-KHTU', '71/NQ/CP', '32-KH-TU'); else None."""
    if len(core) > _MAX_JOINED * 4:  # real numbers are short; hostile text is not re-read
        return None
    m = _JOINED.fullmatch(core)
    if m:
        num, sep, tail = m["num"], m["sep"], m["tail"]
        split = _split_joined(m["codes"], STATE_TYPES if sep == "/" else PARTY_TYPES)
        if split and (sep == "/" or not tail):
            kind, body = split
            joint = "-" if sep == "/" else "/"
            why = f"no '{joint}' between '{kind}' and '{body}'"
            return f"{num}{sep}{kind}{joint}{body}{tail}", why
    m = _WRONG_SEP.fullmatch(core)
    if m:
        num, sep, kind, issuer = m["num"], m["sep"], m["type"], m["issuer"]
        first = _key(_CODE_SPLIT.split(issuer)[0])
        types, joint = (STATE_TYPES, "-") if sep == "/" else (PARTY_TYPES, "/")
        if _key(kind) in types and first in _BODIES | PARTY_BODIES:
            return (
                f"{num}{sep}{kind}{joint}{issuer}",
                f"'{sep}' instead of '{joint}' between '{kind}' and '{issuer}'",
            )
    return None


def _other_system(core: str, d: DocNumber) -> tuple[str, str] | None:
    """A Party committee's number in the state shape ('57/NQ-TW'), or a state body's in the
    Party shape ('71-NQ/CP'): the token in the issuer's own shape, and why; else None."""
    if d.type is None:
        return None
    digits = core[: len(core) - len(core.lstrip("0123456789"))]  # as written: '05' stays
    first = _key(_CODE_SPLIT.split(d.issuer)[0])
    if d.system == "state" and first in PARTY_BODIES:
        return (
            f"{digits}-{d.type}/{d.issuer}",
            f"'{d.issuer}' is a Party committee: its numbers are NN-TYPE/ISSUER",
        )
    if d.system == "party" and first in STATE_BODIES and _key(d.type) in STATE_TYPES:
        return (
            f"{digits}/{d.type}-{d.issuer}",
            f"'{d.issuer}' is a state body: its numbers are NN/TYPE-ISSUER",
        )
    return None


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
