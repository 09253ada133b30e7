"""Deadline grammar: the 'thời gian hoàn thành' cell of a task, read into dates.

Rules compare deadlines (late tasks, overdue tasks, mandatory deadlines), so every form
real plans use must read to the same thing ('Quý II/2026' == 'quý 2/2026'), and anything
else must come back ``unreadable`` with a reason: a guessed deadline would hide a plan's
defect. Matching runs on :func:`~nq57check.core.text.fold` output (ASCII words separated by one
space), so case, diacritics, punctuation and line breaks do not matter.

The text is scanned left to right into clauses: points (a day, month, quarter, half year or
year), ranges ('Giai đoạn 2026 - 2030', 'từ tháng 1 đến tháng 6/2026'), recurrences
('hằng quý', 'thường xuyên', 'từ tháng 01/2026') and references ('Theo ... 230-KH/TU'),
joined by filler words ('hoàn thành', 'trong', 'trước', 'và'). A point written without a
year takes the year of the next clause that states one ('Quý I và Quý II năm 2026'), else
``default_year``, else it is unreadable.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from nq57check.core.dates import EARLIEST, LATEST
from nq57check.core.text import fold, nfc, squash
from nq57check.grammar.docnumbers import find_doc_numbers

Kind = Literal["date", "period", "recurrence", "reference", "unreadable", "missing"]
Period = Literal["day", "month", "quarter", "half", "year", "phase"]
Recurrence = Literal["ongoing", "monthly", "quarterly", "yearly"]
Unit = Literal["day", "month", "quarter", "half", "year"]

YEAR_MIN, YEAR_MAX = EARLIEST.year, LATEST.year  # the one window of believable dates
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ROMAN_VALUE = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}
# Most frequent first: when several recurrences are combined, the tightest one binds.
_FREQUENCY: tuple[Recurrence, ...] = ("monthly", "quarterly", "yearly", "ongoing")
_REC_VI: dict[str, str] = {
    "ongoing": "Thường xuyên",
    "monthly": "Hằng tháng",
    "quarterly": "Hằng quý",
    "yearly": "Hằng năm",
}
_MONTHS_EN = tuple(calendar.month_name)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline as written and as read. ``due`` is what lateness is measured against."""

    text: str
    kind: Kind
    start: dt.date | None = None
    end: dt.date | None = None
    period: Period | None = None
    recurrence: Recurrence | None = None
    reference: str | None = None
    reason: str | None = None

    @property
    def due(self) -> dt.date | None:
        """The last day allowed: ``end`` for dates and periods, None otherwise."""
        return self.end if self.kind in ("date", "period") else None

    def canonical(self) -> str:
        """Canonical Vietnamese text; parsing it gives back an equal deadline."""
        if self.kind == "missing":
            return ""
        if self.kind == "unreadable":
            return self.text
        if self.kind == "reference":
            return f"Theo văn bản số {self.reference}"
        if self.kind == "recurrence":
            return _canonical_recurrence(self.recurrence or "ongoing", self.start)
        if self.start is None or self.end is None:
            return self.text
        return _canonical_span(self.start, self.end, self.period or "day")

    def describe(self, lang: str = "vi") -> str:
        """Human text for findings: the reading plus its dates, in 'vi' or 'en'."""
        if lang not in ("vi", "en"):
            raise ValueError(f"unsupported language {lang!r}")
        vi = lang == "vi"
        if self.kind == "missing":
            return "Chưa có thời hạn" if vi else "no deadline"
        if self.kind == "unreadable":
            what = "Không đọc được" if vi else "unreadable"
            return f"{what}: '{self.text}' ({self.reason})"
        if self.kind == "reference":
            return f"{'Xem' if vi else 'see'} {self.reference}"
        if self.kind == "recurrence":
            rec = self.recurrence or "ongoing"
            name = _REC_VI[rec] if vi else rec
            if self.start is None:
                return name
            return f"{name} {'từ' if vi else 'from'} {self.start.isoformat()}"
        if self.start is None or self.end is None:
            return self.text
        label = self.canonical() if vi else _label_en(self.start, self.end, self.period)
        if self.kind == "date":
            return f"{label} ({self.end.isoformat()})" if vi else label
        return f"{label} ({self.start.isoformat()} – {self.end.isoformat()})"


def _dmy(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _canonical_recurrence(rec: Recurrence, start: dt.date | None) -> str:
    if start is None:
        return _REC_VI[rec]
    if rec == "ongoing":
        return f"Từ ngày {_dmy(start)}"
    return f"{_REC_VI[rec]} từ ngày {_dmy(start)}"


def _canonical_span(start: dt.date, end: dt.date, period: Period) -> str:
    quarter = (start.month - 1) // 3 + 1
    if period == "day":
        return _dmy(end)
    if period == "month":
        return f"Tháng {start.month:02d}/{start.year}"
    if period == "quarter":
        return f"Quý {ROMAN[quarter]}/{start.year}"
    if period == "half":
        return f"6 tháng {'đầu' if start.month == 1 else 'cuối'} năm {start.year}"
    if period == "year":
        return f"Năm {start.year}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"Giai đoạn {start.year} - {end.year}"
    return f"Từ ngày {_dmy(start)} đến ngày {_dmy(end)}"


def _label_en(start: dt.date, end: dt.date, period: Period | None) -> str:
    if period == "day":
        return end.isoformat()
    if period == "month":
        return f"{_MONTHS_EN[start.month]} {start.year}"
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if period == "half":
        return f"H{1 if start.month == 1 else 2} {start.year}"
    if period == "year":
        return f"year {start.year}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"phase {start.year}–{end.year}"
    return "phase"


# ---------------------------------------------------------------- scanning (folded text)


class _Unreadable(Exception):
    """Raised inside the scanner; turned into an ``unreadable`` Deadline, never escapes."""


@dataclass(slots=True)
class _Point:
    unit: Unit
    a: int = 0  # day, month, quarter or half (1/2)
    b: int = 0  # month of a day
    year: int | None = None


@dataclass(slots=True)
class _Range:
    first: _Point
    last: _Point


@dataclass(slots=True)
class _Recur:
    rec: Recurrence
    start: _Point | None = None


@dataclass(slots=True)
class _Ref:
    number: str | None


_Clause = _Point | _Range | _Recur | _Ref

_END = r"(?: |$)"
_Y = r"(?P<{}>\d{{4}})"
_POINT = re.compile(
    "(?:"
    rf"(?P<iy>\d{{4}}) (?P<im>\d{{1,2}}) (?P<id>\d{{1,2}})"
    rf"|(?:ngay )?(?P<dd>\d{{1,2}}) (?:thang )?(?P<dm>\d{{1,2}})(?: (?:nam )?{_Y.format('dy')})?"
    rf"|(?:6 thang|nua) (?P<h>dau|cuoi) nam(?: {_Y.format('hy')})?"
    rf"|(?:giai doan )?(?:nam )?{_Y.format('p1')} (?:den )?(?:nam )?{_Y.format('p2')}"
    rf"|(?:thang |t)(?P<mm>\d{{1,2}})(?: (?:nam )?{_Y.format('my')})?"
    rf"|(?P<mb>\d{{1,2}}) {_Y.format('mby')}"
    rf"|(?:quy |q)(?P<q>[ivx]+|\d{{1,2}})(?: (?:nam )?{_Y.format('qy')})?"
    rf"|(?:ca )?nam(?: {_Y.format('yy')})?"
    rf"|{_Y.format('yb')}"
    f"){_END}"
)
_FILLER = re.compile(
    r"(?:thoi (?:gian|han)(?: thuc hien| hoan thanh)?|hoan thanh|thuc hien|nhiem vu|dinh ky"
    r"|cham nhat|trong|truoc|vao|den|het|va|hoac|cuoi(?= (?:thang|quy|nam)))" + _END
)
_LABEL = re.compile(r"(?:[ivxl]+ (?=quy |thang |nam |giai doan )|\d{1,2} (?=quy ))")
_FROM = re.compile(r"(?:ke )?tu" + _END)
_TO = re.compile(r"den" + _END)
_RECUR = re.compile(
    r"(?:(?:ngay \d{1,2} )?(?:hang|moi|theo) (?P<per>thang|quy|nam)"
    r"|(?P<on>thuong xuyen|lien tuc)|(?P<bad>(?:hang|moi) (?:tuan|ngay)))" + _END
)
_REFERENCE = re.compile(r"(?:theo|nhu) ")
_PER: dict[str, Recurrence] = {"thang": "monthly", "quy": "quarterly", "nam": "yearly"}


def _near(folded: str, pos: int) -> str:
    return " ".join(folded[pos:].split()[:3])


def _point(folded: str, pos: int) -> tuple[_Point | _Range | None, int]:
    """Read one point (or a 'giai đoạn' year range) at ``pos``."""
    m = _POINT.match(folded, pos)
    if not m:
        return None, pos
    g = m.groupdict()

    def year(name: str) -> int | None:
        return int(g[name]) if g[name] else None

    if g["iy"]:
        p = _Point("day", int(g["id"]), int(g["im"]), year("iy"))
    elif g["dd"]:
        p = _Point("day", int(g["dd"]), int(g["dm"]), year("dy"))
    elif g["h"]:
        p = _Point("half", 1 if g["h"] == "dau" else 2, year=year("hy"))
    elif g["p1"]:
        return _Range(_Point("year", year=year("p1")), _Point("year", year=year("p2"))), m.end()
    elif g["mm"] or g["mb"]:
        p = _Point("month", int(g["mm"] or g["mb"]), year=year("my") or year("mby"))
    elif g["q"]:
        q = g["q"]
        p = _Point("quarter", int(q) if q.isdigit() else _ROMAN_VALUE.get(q, 0), year=year("qy"))
    else:
        p = _Point("year", year=year("yy") or year("yb"))
    return p, m.end()


def _range_end(folded: str, pos: int, first: _Point) -> tuple[_Point | None, int]:
    """After a point, read 'đến <point>'; 'Tháng 6 - 2026' only attaches the year."""
    m = _TO.match(folded, pos)
    if not m:
        return None, pos
    last, after = _point(folded, m.end())
    if not isinstance(last, _Point):
        return None, pos  # 'đến' is then just a filler word
    if first.year is None and first.unit != "year" and last.unit == "year" and last.year:
        first.year = last.year
        return None, after
    return last, after


def _scan(folded: str, original: str) -> list[_Clause]:
    """Split folded text into clauses; unknown words make the whole text unreadable."""
    clauses: list[_Clause] = []
    label = _LABEL.match(folded)
    pos = label.end() if label else 0
    while pos < len(folded):
        m = _FILLER.match(folded, pos)
        if m:
            pos = m.end()
            continue
        m = _FROM.match(folded, pos)
        if m:
            first, pos = _point(folded, m.end())
            if first is None:
                raise _Unreadable(f"unrecognised text '{_near(folded, m.start())}'")
            if isinstance(first, _Range):
                clauses.append(first)
                continue
            last, pos = _range_end(folded, pos, first)
            clauses.append(_Range(first, last) if last else _Recur("ongoing", first))
            continue
        m = _RECUR.match(folded, pos)
        if m:
            if m["bad"]:
                raise _Unreadable(f"recurrence '{m['bad']}' not supported")
            clauses.append(_Recur("ongoing" if m["on"] else _PER[m["per"]]))
            pos = m.end()
            continue
        if _REFERENCE.match(folded, pos):
            numbers = find_doc_numbers(original)
            clauses.append(_Ref(numbers[0] if numbers else None))
            break
        point, after = _point(folded, pos)
        if point is None:
            raise _Unreadable(f"unrecognised text '{_near(folded, pos)}'")
        pos = after
        if isinstance(point, _Point):
            last, pos = _range_end(folded, pos, point)
            clauses.append(_Range(point, last) if last else point)
        else:
            clauses.append(point)
    return clauses


# ---------------------------------------------------------------- resolving


def _points(clauses: list[_Clause]) -> list[_Point]:
    out: list[_Point] = []
    for c in clauses:
        if isinstance(c, _Point):
            out.append(c)
        elif isinstance(c, _Range):
            out += [c.first, c.last]
        elif isinstance(c, _Recur) and c.start is not None:
            out.append(c.start)
    return out


def _fill_years(points: list[_Point], default_year: int | None) -> None:
    """A point without a year takes the next stated year, else ``default_year``."""
    following: int | None = None
    for p in reversed(points):
        if p.year is None:
            p.year = following if following is not None else default_year
            if p.year is None:
                raise _Unreadable("year missing")
        else:
            following = p.year


def _span(p: _Point) -> tuple[dt.date, dt.date]:
    """First and last day a point covers; validates month, quarter and date."""
    y = p.year or 0
    if not YEAR_MIN <= y <= YEAR_MAX:
        raise _Unreadable("year out of range")
    if p.unit == "day":
        try:
            day = dt.date(y, p.b, p.a)
        except ValueError:
            raise _Unreadable("date does not exist") from None
        return day, day
    if p.unit == "month":
        if not 1 <= p.a <= 12:
            raise _Unreadable("month out of range")
        first_month, months = p.a, 1
    elif p.unit == "quarter":
        if not 1 <= p.a <= 4:
            raise _Unreadable("quarter out of range")
        first_month, months = 3 * p.a - 2, 3
    elif p.unit == "half":
        first_month, months = 6 * p.a - 5, 6
    else:
        first_month, months = 1, 12
    last_month = first_month + months - 1
    return dt.date(y, first_month, 1), dt.date(y, last_month, calendar.monthrange(y, last_month)[1])


def _resolve(text: str, clauses: list[_Clause], default_year: int | None) -> Deadline:
    """Combine clauses: the earliest due date wins, else the tightest recurrence."""
    _fill_years(_points(clauses), default_year)
    spans: list[tuple[dt.date, dt.date, Period]] = []
    recurs: list[tuple[Recurrence, dt.date | None]] = []
    refs: list[str | None] = []
    for c in clauses:
        if isinstance(c, _Point):
            start, end = _span(c)
            spans.append((start, end, c.unit))
        elif isinstance(c, _Range):
            start, end = _span(c.first)[0], _span(c.last)[1]
            if end < start:
                raise _Unreadable("range ends before it starts")
            spans.append((start, end, "phase"))
        elif isinstance(c, _Recur):
            recurs.append((c.rec, _span(c.start)[0] if c.start else None))
        else:
            refs.append(c.number)
    if spans:
        start, end, period = min(spans, key=lambda s: (s[1], -s[0].toordinal()))
        kind: Kind = "date" if period == "day" else "period"
        return Deadline(text, kind, start, end, period)
    if recurs:
        rec = min((r for r, _ in recurs), key=_FREQUENCY.index)
        starts = [s for _, s in recurs if s is not None]
        return Deadline(text, "recurrence", min(starts) if starts else None, recurrence=rec)
    if refs and refs[0]:
        return Deadline(text, "reference", reference=refs[0])
    if refs:
        raise _Unreadable("reference without a document number")
    raise _Unreadable("no deadline found")


_DASH_RANGE = re.compile(r"\s+[-–—]\s*|\s*[–—]\s*|\s*[-–—]\s+")


@lru_cache(maxsize=8192)
def _parse(text: str, default_year: int | None) -> Deadline:
    written = squash(nfc(text))
    if not written:
        return Deadline(written, "missing")
    folded = fold(_DASH_RANGE.sub(" đến ", written))
    try:
        return _resolve(written, _scan(folded, written), default_year)
    except _Unreadable as exc:
        return Deadline(written, "unreadable", reason=str(exc))


# A section's own numbering before its title: "I.", "II -", "I " (roman, as appendix tables
# write it), "A.", "a)", "1.", "1.2.", "2)", "(3)". An arabic number needs its '.' or ')'
# and no digit right after it, so "6 tháng cuối năm" and "3.2026" keep their numbers.
_NUMBERING = re.compile(
    r"\s*(?:(?:[IVXL]{1,6}|[A-Z])(?:\s*[.):\-–]\s*|\s+)"
    r"|(?:\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])\s*[.)](?!\d)\s*"
    r"|\(\s*(?:\d{1,2}|[IVXLivxl]{1,6}|[a-zA-Z])\s*\)\s*)"
)
# Words before the period that make a heading about "the tasks of" that period: "Các nhiệm
# vụ thực hiện trong Quý I/2026". Matched on folded words; "trọng tâm" is not among them.
_LEAD_IN = re.compile(
    r"(?:(?:cac|nhung) )?(?:nhiem vu|cong viec)(?: (?:can |se |duoc )?"
    r"(?:thuc hien|hoan thanh|trien khai))?(?: (?:trong|vao))?"
)
SECTION_DEADLINE_KINDS = frozenset({"date", "period", "recurrence"})


@lru_cache(maxsize=1024)
def section_deadline(title: str | None) -> str | None:
    """The deadline a section title *is* ("Quý I năm 2026", "I. Quý II/2026", "6 tháng cuối
    năm 2026"), as the part of the title to read, or ``None`` when the title says more.

    The one rule for typed plans and imported tables alike: after the section's numbering
    (see ``_NUMBERING``), the whole rest of the title must read, by this grammar, as a date,
    a period or a recurrence ("Nhiệm vụ thường xuyên"); the only words allowed besides the
    grammar's own filler ('hoàn thành', 'trong', 'thực hiện', 'nhiệm vụ', ...) are a lead-in
    "Các nhiệm vụ (thực hiện) trong", which is then left out of the text returned. So
    "Nhiệm vụ trọng tâm quý I" and "Quý I: hạ tầng số" are topics, not deadlines, and a
    reference to another document ("Theo Kế hoạch số 230-KH/TU") is not one either. Years
    left out ("Quý I") are filled in by whoever reads the text, with the plan's year.
    """
    if not title:
        return None
    text = squash(nfc(title))
    numbering = _NUMBERING.match(text)
    candidates = [text[numbering.end() :]] if numbering else []
    candidates.append(text)
    for rest in candidates:
        if _reads_as_deadline(rest):
            return rest
        words = rest.split()
        for count in range(min(len(words) - 1, 6), 1, -1):  # the longest lead-in first
            if not _LEAD_IN.fullmatch(fold(" ".join(words[:count]))):
                continue
            tail = " ".join(words[count:])
            if _reads_as_deadline(tail):
                return tail
    return None


def _reads_as_deadline(text: str) -> bool:
    # Any year in range will do to test the form; the plan's year is used to read it.
    return bool(text) and _parse(text, YEAR_MIN).kind in SECTION_DEADLINE_KINDS


def parse_deadline(text: str | None, *, default_year: int | None = None) -> Deadline:
    """Read a deadline cell. Never raises; empty gives ``missing``, unknown ``unreadable``.

    Combinations ('Quý I/2026 và thường xuyên') read as the clause with the earliest due
    date (a dated task can be checked; the ongoing part adds nothing checkable), else as
    the most frequent recurrence, else as a reference. 'trước ngày 31/01/2026' is due on
    31/01/2026 itself. ``default_year`` supplies the year for 'Cả năm', '6 tháng đầu năm'
    and points written without one.
    """
    if text is None:
        return Deadline("", "missing")
    return _parse(text, default_year)
