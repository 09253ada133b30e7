"""Read the unit, plan number and date from an appendix's title, and spot time phrases.

Appendices say whose plan they belong to in one line ("Kèm theo Kế hoạch số 56/KH-UBND ngày
26/02/2026 của UBND xã Bum Nưa") and sometimes in a heading ("UBND XÃ BUM NƯA"). Quarter
headings ("I Quý I năm 2026") and notes ("Ghi chú: Quý II/2026") carry deadlines, so the time
grammar of the requirements catalog is recognised here too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from nq57check.text import fold, nfc, squash

_DATE = (
    r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
)
_NUMBER = r"(?P<num>\d+\s*[/-]\s*[\w&Đđ]+(?:[/-][\w&Đđ]+)*)"
_ATTACHED = re.compile(
    r"kèm\s+theo\s+(?:kế\s*hoạch|KH|quyết\s+định|QĐ|văn\s+bản)\s*(?:số\s*:?\s*)?"
    + _NUMBER
    + r"\s*,?\s*(?:ngày\s*(?:"
    + _DATE
    + r"))?",
    re.IGNORECASE,
)
_NUMBER_LINE = re.compile(r"(?:^|\s)Số\s*:\s*" + _NUMBER, re.IGNORECASE)
_DATE_LINE = re.compile(r"ngày\s*(?:" + _DATE + r")", re.IGNORECASE)
_REST = r"(?P<rest>[^\n]{0,60}(?:\n[^\n]{0,30})?)"
_UNIT = re.compile(
    r"(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+"
    r"(?P<kind>xã|phường|đặc\s+khu)\s+" + _REST,
    re.IGNORECASE,
)
_UNIT_LOOSE = re.compile(r"\b(?P<kind>xã|phường|đặc\s+khu)\s+" + _REST, re.IGNORECASE)
_PROVINCE = re.compile(
    r"(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+tỉnh\s+" + _REST,
    re.IGNORECASE,
)
_PROVINCE_LOOSE = re.compile(r"\btỉnh\s+" + _REST, re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_STOP_WORDS = (
    "cong cac ve nam ngay tinh huyen kem theo thuc trien ban so tai va cua thang quy "
    "ke hoach uy ubnd hdnd dang chu nghia viet doc lap tu do hanh phuc tren dia hoi"
)
_STOP = frozenset(_STOP_WORDS.split())
_KINDS = {"xa": "xa", "phuong": "phuong", "dac khu": "dac_khu"}

_YEAR = r"(?:\s*(?:/|-|năm)\s*\d{4})"
_TIME = re.compile(
    "|".join(
        (
            r"(?:ngày\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}",
            r"(?:quý|quí)\s*(?:IV|I{1,3}|[1-4])\b" + _YEAR + "?",
            r"tháng\s*\d{1,2}\b" + _YEAR + "?",
            r"\d{1,2}\s*[/.]\s*\d{4}",
            r"6\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?",
            r"(?:trong\s+)?năm\s+\d{4}",
            r"cả\s+năm(?:\s+\d{4})?",
            r"giai\s+đoạn\s*\d{4}\s*[-–]\s*\d{4}",
            r"(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần)",
            r"(?:nhiệm\s+vụ\s+)?thường\s+xuyên",
        )
    ),
    re.IGNORECASE,
)
_FILLER_WORDS = (
    "hoan thanh trong truoc ngay den tu nhiem vu thuc hien cac cham nhat cuoi dau va "
    "tien do du kien"
)
_FILLER = frozenset(_FILLER_WORDS.split())


def time_phrase(text: str) -> str | None:
    """The time a short text *is* ("Quý I năm 2026"), or ``None`` if it says more than that.

    Filler words around the time ("Hoàn thành trong ...", "Các nhiệm vụ thực hiện trong ...")
    are allowed; anything else means the text is a topic, not a time.
    """
    text = squash(nfc(text))
    matches = list(_TIME.finditer(text))
    if not matches:
        return None
    rest = _TIME.sub(" ", text)
    if any(word not in _FILLER for word in fold(rest).split()):
        return None
    return text[matches[0].start() : matches[-1].end()].strip()


def join_lines(text: str) -> str:
    """Join wrapped lines with single spaces; keep '230-' + 'KH/TU' together as '230-KH/TU'."""
    text = nfc(text).replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    text = re.sub(r"(?<=[^\s-])-[ \t]*\n[ \t]*(?=\S)", "-", text)
    text = _SPLIT_YEAR.sub(_join_year, text)
    return squash(text)


# A year cut by a narrow PDF column: "ngày 29/4/202" + newline + "5".
_SPLIT_YEAR = re.compile(r"(\b\d{1,2}/(?:\d{1,2}/)?)(\d{1,3})[ \t]*\n[ \t]*(\d{1,3})\b")


def _join_year(match: re.Match[str]) -> str:
    head, left, right = match.groups()
    if len(left) + len(right) == 4:
        return head + left + right
    return match.group(0)


@dataclass
class DocumentMeta:
    """What the free text says about the plan; missing parts stay empty."""

    unit: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _date(match: re.Match[str]) -> dt.date | None:
    day = match.group("d") or match.group("d2")
    month = match.group("m") or match.group("m2")
    year = match.group("y") or match.group("y2")
    if not (day and month and year):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _name(rest: str) -> str:
    """The proper name at the start of ``rest``: up to four capitalised words.

    The words keep the case style of the first ("BUM NƯA", "Bum Nưa"), and a line break ends
    a name of two words or more, so a heading on the next line is not read as part of it.
    """
    words: list[str] = []
    end = 0
    for match in _WORD.finditer(rest):
        word, gap, end = match.group(), rest[end : match.start()], match.end()
        if gap not in (("",) if not words else (" ", "\n")):
            break
        if words and gap == "\n" and len(words) >= 2:
            break
        caps = word.isupper() and len(word) > 1
        if words and caps != (words[0].isupper() and len(words[0]) > 1):
            break
        if fold(word) in _STOP or not word[0].isupper() or len(words) == 4:
            break
        words.append(word)
    name = " ".join(words)
    if name.isupper():
        name = " ".join(w.capitalize() for w in words)
    return name


def _number(raw: str) -> str:
    return re.sub(r"\s+", "", raw)


def read_meta(text: str) -> DocumentMeta:
    """Unit, province, number, date and title from the document's free text."""
    meta = DocumentMeta()
    flat = "\n".join(squash(line) for line in nfc(text).splitlines() if line.strip())
    attached = _ATTACHED.search(flat)
    if attached:
        meta.document["number"] = _number(attached.group("num"))
        issued = _date(attached)
        if issued:
            meta.document["issued"] = issued
    else:
        numbered = _NUMBER_LINE.search(flat)
        if numbered:
            meta.document["number"] = _number(numbered.group("num"))
        dated = _DATE_LINE.search(flat[:3000])
        issued = _date(dated) if dated else None
        if issued:
            meta.document["issued"] = issued
    title = _plan_title(text)
    if title:
        meta.document["title"] = title
    for pattern in (_UNIT, _UNIT_LOOSE):
        for found in pattern.finditer(flat):
            name = _name(found.group("rest"))
            if name:
                meta.unit["name"] = name
                meta.unit["kind"] = _KINDS.get(fold(found.group("kind")), "xa")
                break
        if meta.unit:
            break
    for pattern in (_PROVINCE, _PROVINCE_LOOSE):
        province = next((_name(m.group("rest")) for m in pattern.finditer(flat)), "")
        if province:
            meta.unit["province"] = province
            break
    return meta


def _plan_title(text: str) -> str:
    """The lines after a 'KẾ HOẠCH' line, when the document is a plan body."""
    lines = [squash(nfc(line)) for line in text.splitlines()]
    for index, line in enumerate(lines):
        if fold(line) != "ke hoach":
            continue
        title: list[str] = []
        for following in lines[index + 1 : index + 5]:
            folded = fold(following)
            if not folded:
                if title:
                    break
                continue
            if folded.startswith(("thuc hien", "can cu", "de trien khai", "i ")):
                break
            title.append(following)
        return join_lines("\n".join(title))
    return ""
