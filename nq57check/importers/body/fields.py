"""How one body paragraph reads: its list marker or number, a field line ("+ Đơn vị chủ trì:
…"), and a lead or a deadline written in the task's own sentence.

Labels are matched folded (no diacritics, any case), so "Co quan chu tri:" and "ĐƠN VỊ CHỦ
TRÌ:" read like "Đơn vị chủ trì:"; the value after the colon is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nq57check.core.text import fold, squash
from nq57check.importers.columns import load_synonyms
from nq57check.importers.meta import time_phrase

_DASHES = "-–—+•*▪●◦"
_MARKERS = re.compile(rf"^(?:[{_DASHES}]\s*)+")
_ROMAN_NUM = re.compile(r"^(?P<num>[IVXL]{1,6})\s*[.:]\s+(?P<rest>\S.*)$", re.S)
_DECIMAL_NUM = re.compile(
    r"^(?P<num>(?>\d{1,2}(?:\.\d{1,2}){0,4}))(?P<end>[.)]\s*|\s+)(?P<rest>\S.*)$", re.S
)
_LETTER_NUM = re.compile(r"^(?P<num>[a-zđ])\s*\)\s*(?P<rest>\S.*)$", re.S)

# folded labels: 'Đơn vị (cơ quan) chủ trì', 'Cơ quan chủ trì thực hiện', 'Thời gian (thời
# hạn) thực hiện', 'Sản phẩm đầu ra', 'Kết quả/sản phẩm', ...
_UNIT = r"(?:(?:don vi|co quan|bo phan)\s*)*"
_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lead", re.compile(rf"^{_UNIT}chu tri(?: thuc hien| tham muu)?$")),
    # 'Cơ quan tham mưu', 'Trách nhiệm thực hiện', 'Đơn vị thực hiện': who does it
    ("lead", re.compile(r"^(?:(?:don vi|co quan|bo phan)\s*)+(?:tham muu|thuc hien)$")),
    ("lead", re.compile(r"^(?:trach nhiem|phan cong) thuc hien$")),
    ("support", re.compile(rf"^{_UNIT}phoi hop(?: thuc hien)?$")),
    ("output", re.compile(r"^(?:(?:san pham|ket qua)\s*){1,2}(?:dau ra|du kien|dat duoc)?$")),
    (
        "deadline",
        re.compile(
            r"^(?:(?:thoi gian|thoi han|tien do)\s*){1,2}(?:thuc hien|hoan thanh|du kien)?"
            r"(?: hoan thanh)?$"
        ),
    ),
    ("deadline", re.compile(r"^(?:thoi diem |han )?hoan thanh$")),
    ("head", re.compile(r"^(?:lanh dao|nguoi) (?:phu trach|chi dao|chiu trach nhiem)$")),
)
FIELD_NAMES = {
    "lead": "Đơn vị chủ trì",
    "support": "Đơn vị phối hợp",
    "output": "Sản phẩm",
    "deadline": "Thời gian thực hiện",
    "head": "Lãnh đạo phụ trách",
}
# a lead given with what it does after it: 'Phòng Văn hóa – Xã hội tham mưu giúp UBND xã ...'
_LEAD_TAIL = re.compile(r"\s+(?:tham mưu|tham muu|giúp|giup|chịu trách nhiệm|chiu trach nhiem)\s")
# 'giao UBND xã chủ trì', 'do Phòng Kinh tế chủ trì thực hiện', 'Phòng Kinh tế chủ trì'
_INLINE_LEAD = re.compile(r"^(?:(?:giao|do|để|de)\s+)?(?P<unit>.{3,80}?)\s+(?:chủ trì|chu tri)\b")


@dataclass(frozen=True, slots=True)
class Reading:
    """A paragraph taken apart: ``marker`` '-'/'+'/'' , ``number`` ('II', '2.1', 'a') with its
    ``scheme`` ('roman', 'decimal', 'letter', ''), the text after them, and the field it is."""

    marker: str
    scheme: str
    number: str
    text: str
    field: str = ""  # 'lead', 'support', 'output', 'deadline', 'head' for a field line
    value: str = ""


def read_line(text: str) -> Reading:
    """What the start of one paragraph says."""
    marker = ""
    found = _MARKERS.match(text)
    if found:
        marker = found.group(0).strip()[-1]
        text = text[found.end() :].strip()
    scheme, number = "", ""
    if not marker:
        for name, pattern in (
            ("roman", _ROMAN_NUM),
            ("decimal", _DECIMAL_NUM),
            ("letter", _LETTER_NUM),
        ):
            numbered = pattern.match(text)
            if numbered and not (name == "decimal" and _looks_like_amount(numbered)):
                scheme, number, text = name, numbered.group("num"), numbered.group("rest")
                break
        if scheme:  # '- + Đơn vị chủ trì' after a number is rare; a marker after one is not
            more = _MARKERS.match(text)
            if more and scheme != "roman":
                text = text[more.end() :].strip()
    field, value = _field(text)
    return Reading(marker, scheme, number, text, field, value)


def _looks_like_amount(found: re.Match[str]) -> bool:
    """'100% cán bộ ...' and '2026 là năm ...' are not numbered items: only "1." .. "99."."""
    number, end = found.group("num"), found.group("end")
    return found.group("rest").startswith("%") or (not end.strip() and "." not in number)


# a label and its value: 'Đơn vị chủ trì: X', or 'Đơn vị chủ trì - X' (a dash with spaces)
_SEPARATORS = (re.compile(r"\s*:\s*"), re.compile(r"\s+[-–—]\s+"))
# words of a label that names a task's field even when its wording is not known: such a
# 'Label: value' line under a task is never a task or a heading of its own
_LABEL_WORDS = re.compile(
    r"\b(?:chu tri|phoi hop|thuc hien|tham muu|trach nhiem|thoi gian|thoi han|han|tien do"
    r"|hoan thanh|san pham|ket qua|don vi|co quan|bo phan|lanh dao|phu trach|kinh phi)\b"
)
_BODY_FIELDS = ("lead", "support", "output", "deadline", "head")


def label_field(label: str) -> str:
    """The field a label names ('Cơ quan thực hiện' -> 'lead'), '' when none: the body's own
    patterns, then the column synonyms of ``rules/columns.yaml`` (the same words head a
    table column and a body line)."""
    folded = fold(label).strip(" ()")
    for name, pattern in _LABELS:
        if pattern.fullmatch(folded):
            return name
    synonyms = load_synonyms()
    for name in _BODY_FIELDS:
        if folded in synonyms[name]:
            return name
    return ""


def _field(text: str) -> tuple[str, str]:
    """('lead', 'Phòng Kinh tế') for 'Đơn vị chủ trì: Phòng Kinh tế' (or '… - Phòng Kinh
    tế'), ('?', 'Label: value') for a label that names no known field but reads like one
    ('Người thực hiện kiểm tra: …'), else ('', '')."""
    for separator in _SEPARATORS:
        cut = separator.search(text, 0, 70)
        if cut is None or cut.start() == 0:
            continue
        name = label_field(text[: cut.start()])
        if name:
            return name, squash(text[cut.end() :]).strip().rstrip(".;").strip()
    cut = _SEPARATORS[0].search(text, 0, 70)
    if cut is None or cut.start() == 0:
        return "", ""
    label = fold(text[: cut.start()])
    if (
        len(label.split()) <= 5
        and _LABEL_WORDS.search(label)
        and not re.search(r"\d", label)
        and text[cut.end() :].strip()
    ):
        return "?", squash(text).strip()
    return "", ""


def split_value(value: str) -> list[tuple[str, str]]:
    """A field line's value cut where another label starts: 'Công an xã; thời hạn hoàn
    thành: Quý II/2026' -> [('', 'Công an xã'), ('deadline', 'Quý II/2026')]."""
    pieces = re.split(r"\s*;\s*|,\s+(?=\w[^,;:]{2,40}:)", value)
    out: list[tuple[str, str]] = [("", pieces[0].strip())]
    for piece in pieces[1:]:
        name, rest = _field(piece)
        if name and name != "?":
            out.append((name, rest))
        else:
            kind, text = out[-1]
            out[-1] = (kind, f"{text}; {piece}".strip("; "))
    return out


def lead_unit(value: str) -> tuple[str, str]:
    """The unit of a lead line and, when more is written after it, the whole line as a note."""
    cut = _LEAD_TAIL.search(value)
    if cut is None:
        return value, ""
    return value[: cut.start()].strip(" ,;"), value


def clauses(text: str) -> list[str]:
    """The sentence's clauses (split at ',', ';' and sentence ends), stripped."""
    parts = re.split(r"[,;]\s+|\.\s+|\.$|\*\*", text)
    return [p.strip(" .*") for p in parts if p.strip(" .*")]


_ASIDE = re.compile(r"\(([^()]{3,120})\)")  # '(hoàn thành trước ngày 30/6/2026)'
# 'Giao Công an xã chủ trì bảo đảm …': a sentence opening with who is given the task
_GIVEN = re.compile(
    r"^(?:giao(?: cho)?|đề nghị|de nghi)\s+(?P<unit>\S(?:\S*\s+){0,9}?\S*?)"
    r"\s+(?:chủ trì|chu tri)\b",
    re.IGNORECASE,
)
# '… trong Quý II/2026.' at the end of the sentence: the time the whole task ends by
_TAIL_TIME = re.compile(
    r"(?:,\s*|\s+)(?P<when>(?:hoàn thành\s+|hoan thanh\s+)?(?:trong|trước|truoc|chậm nhất"
    r"|cham nhat|đến hết|den het|vào|vao)\s+\S.{2,40}?)\s*[.;]?$",
    re.IGNORECASE,
)


def inline_fields(text: str) -> dict[str, str]:
    """A lead or deadline written in the task itself: a clause that is only a time ('…, hoàn
    thành trong Quý II'), a labelled clause ('…; thời gian thực hiện: thường xuyên'), an
    aside ('(hoàn thành trước ngày 30/6/2026)'), a clause naming who is 'chủ trì', a sentence
    opening 'Giao X chủ trì …', and a time closing the sentence ('… trong Quý II/2026')."""
    found: dict[str, str] = {}
    parts = clauses(_ASIDE.sub(", ", text))
    parts += [m.group(1).strip(" .") for m in _ASIDE.finditer(text)]
    for clause in parts if len(parts) > 1 else []:  # a task is more than its time
        name, value = _field(clause)
        if name in ("lead", "deadline", "output", "support", "head") and value:
            found.setdefault(name, value)
            continue
        if "deadline" not in found:
            when = time_phrase(clause)
            if when:
                found["deadline"] = clause
                continue
        lead = _INLINE_LEAD.match(clause)
        if lead and "lead" not in found and len(clause.split()) <= 14:
            found["lead"] = lead.group("unit").strip()
    given = _GIVEN.match(text.strip())
    if given and "lead" not in found:
        found["lead"] = given.group("unit").strip(" ,")
    tail = _TAIL_TIME.search(text.strip())
    if tail and "deadline" not in found and given and time_phrase(tail.group("when")):
        found["deadline"] = tail.group("when").strip()
    return found


def is_closing(text: str) -> bool:
    """The plan's closing ('Trên đây là Kế hoạch…', 'Nơi nhận:', the signature block, 'Trong
    quá trình thực hiện, nếu có khó khăn, vướng mắc…'): no task is read after it."""
    folded = fold(text)
    return bool(
        re.match(r"(?:tren day la |noi nhan\b|tm uy ban|tm ubnd|kt chu tich|chu tich\b$)", folded)
        or re.search(r"trong qua trinh (?:\w+ ){0,3}thuc hien.{0,60}kho khan vuong mac", folded)
    )


def reads_like_task(text: str) -> bool:
    """A paragraph that names who leads it or when it ends, wherever it stands."""
    return bool(inline_fields(text)) or bool(_field(read_line(text).text)[0])
