"""Read the unit, plan number and date from an appendix's title, and spot time phrases.

Appendices say whose plan they belong to in one line ("Kèm theo Kế hoạch số 56/KH-UBND ngày
26/02/2026 của UBND xã Bum Nưa") and sometimes in a heading ("UBND XÃ BUM NƯA"); a plan's
body has the national header ("Số: 56/KH-UBND", "Bum Nưa, ngày 26 tháng 02 năm 2026"). The
number and date come from those lines only, and a blank left for them ("Kế hoạch số
/KH-UBND, ngày / /2026") is unknown, with a warning, never filled in from a cited document.
Notes ("Ghi chú: Quý II/2026") carry deadlines, so the time grammar of the requirements
catalog is recognised here too (section headings: ``grammar.deadlines.section_deadline``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from nq57check.core.text import clean, fold, nfc, squash
from nq57check.importers.base import ImportWarning

_DATE = (
    r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
)
_SYMBOL = r"[\w&Đđ]+(?:[/-][\w&Đđ]+)*"  # what follows the registration number: /KH-UBND
_BLANK = r"[.…_]"  # what a form leaves where a number or a day goes
# A number, or the placeholder a draft leaves for it ("     /KH-UBND", ".../KH-UBND").
_NUMBER_SLOT = (
    r"(?P<num>\d+\s*[/-]\s*" + _SYMBOL + r")"
    r"|(?P<blank_num>" + _BLANK + r"*[ \t]*/\s*" + _SYMBOL + r"|" + _BLANK + r"{2,})"
)
# What follows 'ngày': a date, or its placeholder ("  /  /2026", "... tháng ... năm 2026",
# "tháng 6 năm 2026" with the day left blank). Read as a date only if it is a whole one.
_DATE_SLOT = (
    r"(?P<when>[\d.…_/\- \t]*(?:tháng[\d.…_ \t]*năm(?:[ \t]*[\d.…_]{1,6})?)?)"
)
# The plan's own line on an appendix: "(Kèm theo Kế hoạch số 56/KH-UBND ngày 26/02/2026 của
# UBND xã ...)", "(Ban hành kèm theo ...)", "Phụ lục II kèm theo ...", starting a line or
# after a '(' (never "... kèm theo" inside a sentence of the body, which may cite another
# document).
_ATTACHED = re.compile(
    r"(?:^|\()[ \t]*(?:phụ\s+lục(?:\s+(?:số\s*)?[\dIVX]{1,4})?\s+)?"
    r"(?:(?:được\s+)?ban\s+hành\s+)?kèm\s+theo\s+"
    r"(?:kế\s*hoạch|KH|quyết\s+định|QĐ|văn\s+bản)\s*"
    r"(?:(?P<so>số)\s*:?\s*)?(?:" + _NUMBER_SLOT + r")?"
    r"(?:\s*,?\s*(?P<ngay>ngày)\b\s*(?:" + _DATE_SLOT + r")?)?",
    re.IGNORECASE | re.MULTILINE,
)
# The plan's own header (Nghị định 30/2020, Phụ lục I): a line "Số: 05/KH-UBND" and a line
# "Tân Phong, ngày 10 tháng 3 năm 2026" that ends with the date (a wrapped sentence citing
# "Nghị quyết 57-NQ/TW, ngày 22/12/2024 của ..." goes on after it). A PDF may put both on
# one line.
_NUMBER_LINE = re.compile(
    r"^[ \t]*Số[ \t]*:[ \t]*(?:" + _NUMBER_SLOT + r")", re.IGNORECASE | re.MULTILINE
)
_DATE_LINE = re.compile(
    r"^[ \t]*(?:Số[ \t]*:[ \t]*\S*[ \t]+)?(?P<place>[^\W\d_]+(?:[ \t][^\W\d_]+){0,4})[ \t]*,"
    r"[ \t]*ngày\b[ \t]*(?:" + _DATE_SLOT + r")?[ \t]*\.?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
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
# Compared as written (lower case, NFC): folded, "Nậm" (Nậm Tăm), "Thắng" (Chiến Thắng),
# "Bản", "Đăng", "Quỳ", "Tú" would read as the stop words "năm", "tháng", "ban", "đảng",
# "quý", "tự" and cut the unit's name short. Folded matching is kept for words typed
# without any diacritics, where the two cannot be told apart.
_STOP_EXACT = frozenset(
    nfc(
        "công cộng các về năm ngày tỉnh huyện kèm theo thực triển ban số tại và của tháng quý "
        "kế hoạch ủy uỷ ubnd hđnd đảng chủ nghĩa việt độc lập tự do hạnh hành phúc trên địa hội"
    ).split()
)
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
    text = clean(text).replace("\r", "\n").replace("\u00a0", " ")
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


_DATE_AT_START = re.compile(_DATE, re.IGNORECASE)
_PLACEHOLDER = ("để trống", "is a blank placeholder")
_NO_SUCH_DATE = ("không có thật", "does not exist")


def _date(when: str) -> dt.date | tuple[str, str]:
    """The date at the start of a 'ngày' slot, or why there is none (a placeholder, a day
    that does not exist): unknown is never filled in from anywhere else."""
    found = _DATE_AT_START.match(when.strip())
    if not found:
        return _PLACEHOLDER
    day = found.group("d") or found.group("d2")
    month = found.group("m") or found.group("m2")
    year = found.group("y") or found.group("y2")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return _NO_SUCH_DATE


@dataclass
class _Field:
    """One of the plan's number and date, as read from its own line or header."""

    value: str | dt.date | None = None
    line: str = ""  # where a placeholder or an impossible date was written
    why: tuple[str, str] = _PLACEHOLDER  # what is wrong with it (vi, en)

    def offer(self, value: str | dt.date | tuple[str, str], line: str) -> None:
        """The first real value wins; without one, the first problem is reported."""
        if isinstance(value, tuple):
            if not self.line:
                self.line, self.why = line, value
        elif self.value is None:
            self.value = value


def _line(match: re.Match[str]) -> str:
    return squash(match.group(0)).strip("( ,")


def _own_number_and_date(flat: str) -> tuple[_Field, _Field]:
    """The plan's number and issue date, only from the plan's own line ("Kèm theo Kế hoạch
    số 56/KH-UBND ngày 26/02/2026 ...") or its header ("Số: 56/KH-UBND", "Bum Nưa, ngày 26
    tháng 02 năm 2026"), in that order. Never from another line: a title or a basis citing
    "Nghị quyết số 57-NQ/TW ngày 22/12/2024" gave plans the date of Resolution 57."""
    number, issued = _Field(), _Field()
    attached = _ATTACHED.search(flat)
    if attached:
        if attached.group("num"):
            number.offer(_number(attached.group("num")), "")
        elif attached.group("blank_num") or attached.group("so"):
            number.offer(_PLACEHOLDER, _line(attached))
        if attached.group("ngay"):
            issued.offer(_date(attached.group("when") or ""), _line(attached))
    numbered = _NUMBER_LINE.search(flat)
    if numbered:
        found = numbered.group("num")
        number.offer(_number(found) if found else _PLACEHOLDER, _line(numbered))
    dated = next((m for m in _DATE_LINE.finditer(flat) if m.group("place")[0].isupper()), None)
    if dated:
        issued.offer(_date(dated.group("when") or ""), _line(dated))
    return number, issued


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
        lowered = word.lower()
        stop = lowered in _STOP_EXACT or (lowered.isascii() and lowered in _STOP)
        if stop or not word[0].isupper() or len(words) == 4:
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
    flat = "\n".join(squash(line) for line in clean(text).splitlines() if line.strip())
    number, issued = _own_number_and_date(flat)
    for key, field_read, vi, en in (
        ("number", number, "số kế hoạch", "the plan number"),
        ("issued", issued, "ngày ban hành kế hoạch", "the plan's issue date"),
    ):
        if field_read.value:
            meta.document[key] = field_read.value
        elif field_read.line:
            meta.warnings.append(
                ImportWarning(
                    f"{vi} {field_read.why[0]} ở dòng '{field_read.line}': document.{key}"
                    " để trống",
                    f"{en} {field_read.why[1]} on the line '{field_read.line}':"
                    f" document.{key} left empty",
                    absent=f"document.{key}",
                )
            )
        else:
            meta.warnings.append(
                ImportWarning(
                    f"không tìm thấy {vi} ở dòng 'Kèm theo Kế hoạch số ... ngày ...' hay phần"
                    f" đầu văn bản: document.{key} để trống",
                    f"{en} is not on the plan's own line or header: document.{key} left empty",
                    absent=f"document.{key}",
                )
            )
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
    lines = [squash(clean(line)) for line in text.splitlines()]
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


# For the body readers (importers/body/header.py): the same reading of one header line.
FieldRead = _Field
own_number_and_date = _own_number_and_date
TIME = _TIME
