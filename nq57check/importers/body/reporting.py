"""The plan's reporting duty: "Thực hiện chế độ báo cáo định kỳ hằng tháng; báo cáo Sở Khoa
học và Công nghệ tỉnh Lai Châu trước ngày 15 hằng tháng" -> ``document.reporting``.

A clause is a sentence that speaks of reports ("báo cáo") together with a period ("định kỳ",
"hằng tháng", "hằng quý", "6 tháng", "hằng năm") or a day ("trước ngày 15"). What it says is
read into fields (monthly, quarterly, half-yearly, yearly, to whom, by which day) and the
clause is kept as written; what it does not say stays empty, never filled in. Where several
paragraphs speak of reports (each unit's duty to report to the commune, one office's duty to
report to the province), the one saying the most (monthly, a day, the provincial department)
is the plan's duty. No clause at all gives no field: rule R-CHE-DO-BAO-CAO then reports it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

from nq57check.core.text import squash
from nq57check.importers.body.header import header_end
from nq57check.importers.body.lines import BodyLine, BodyPart
from nq57check.importers.body.notes import loose, numbering

_REPORT = re.compile(r"\bbao cao\b|\bb/c\b")
_PERIODS = {
    "monthly": re.compile(r"\b(?:hang|moi) thang\b|\bbao cao thang\b|\bdinh ky thang\b"),
    "quarterly": re.compile(r"\b(?:hang|moi) quy\b|\bbao cao quy\b|\bdinh ky quy\b"),
    "half_yearly": re.compile(r"\b(?:6|sau) thang\b|\bso ket\b"),
    "yearly": re.compile(r"\b(?:hang|moi) nam\b|\bbao cao nam\b|\btong ket nam\b|\bcuoi nam\b"),
}
_PERIODIC = re.compile(r"\bdinh ky\b")
_DAY = re.compile(
    r"\b(?:truoc|cham nhat|truoc hoac vao|vao|trong|den) ngay (\d{1,2})\b(?!\s*[/.-]\s*\d)"
)
_RECIPIENT = re.compile(
    r"\b(?:bao cao|gui(?: bao cao)?|ve)\s+(?:ket qua\s+|tien do\s+)?(?:cho\s+|ve\s+|len\s+)?"
    r"(?P<to>(?:so|ubnd|uy ban|ban chi dao|van phong|dang uy|thuong truc|bo|cuc|trung tam"
    r"|phong|ban thuong vu|tinh uy|hdnd)\b.{0,100}?)"
    r"(?=\s+(?:truoc|hang|dinh ky|de|theo|qua|ve viec|trong|vao|cham nhat|dong thoi)\b|[,;(.]|$)"
)
_PIECE = re.compile(r"[;,]")
_SENDS = re.compile(r"^[\s;,]*(?:va\s+)?(?:gui|nop|chuyen)\b")  # ", gửi Sở Khoa học ..."
_SENTENCE = re.compile(r"\.(?=\s+\S)|:(?=\s)")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for cut in [*(m.start() for m in _SENTENCE.finditer(text)), len(text)]:
        spans.append((start, cut))
        start = cut + 1
    return spans


def _clause(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The run of ';'/','-pieces of a sentence that speak of the report, its period, day or
    recipient, from the first that mentions "báo cáo"."""
    folded = loose(text)
    cuts = [start, *(m.start() for m in _PIECE.finditer(folded, start, end)), end]
    pieces = list(itertools.pairwise(cuts))
    relevant = [_relevant(folded[a:b]) for a, b in pieces]
    first = next((i for i, (a, b) in enumerate(pieces) if _REPORT.search(folded[a:b])), None)
    if first is None:
        return None
    begin = first
    while begin > 0 and (relevant[begin - 1] or folded[pieces[begin][0]] == ","):
        begin -= 1  # "Định kỳ hằng quý, gửi báo cáo ...", "Các cơ quan, đơn vị báo cáo ..."
    last = first
    while last + 1 < len(pieces) and relevant[last + 1]:
        last += 1
    return pieces[begin][0], pieces[last][1]


def _relevant(piece: str) -> bool:
    return bool(
        _REPORT.search(piece)
        or _SENDS.match(piece)
        or _PERIODIC.search(piece)
        or _DAY.search(piece)
        or any(p.search(piece) for p in _PERIODS.values())
    )


def _read(text: str) -> dict[str, Any] | None:
    folded = loose(text)
    if not _REPORT.search(folded):
        return None
    periods = {name: bool(p.search(folded)) for name, p in _PERIODS.items()}
    day = _DAY.search(folded)
    if not (any(periods.values()) or _PERIODIC.search(folded) or day):
        return None
    found: dict[str, Any] = {"text": text}
    found.update({name: True for name, on in periods.items() if on})
    recipient, day = _outward(folded, day)
    if recipient:
        found["to"] = squash(text[recipient.start("to") : recipient.end("to")]).strip(" .,;")
    if day and 1 <= int(day.group(1)) <= 31:
        found["by_day"] = int(day.group(1))
    return found


def _outward(
    folded: str, day: re.Match[str] | None
) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """The recipient and day of the commune's own report when the clause chains two ("các
    đơn vị báo cáo về UBND xã; UBND xã báo cáo Sở ... trước ngày 15"): the provincial
    department (Sở), with the day of its own part (after the recipient before it, within its
    ';' clause); one recipient keeps the clause's day."""
    recipients = list(_RECIPIENT.finditer(folded))
    if not recipients:
        return None, day
    chosen = next((r for r in recipients if r.group("to").startswith("so ")), recipients[0])
    index = recipients.index(chosen)
    if index == 0:
        return chosen, day
    start = max(recipients[index - 1].end("to"), folded.rfind(";", 0, chosen.start()) + 1)
    stop = folded.find(";", chosen.end())
    return chosen, _DAY.search(folded, start, stop if stop >= 0 else len(folded))


def _score(found: dict[str, Any]) -> tuple[int, int, int, int]:
    to = loose(found.get("to", ""))
    return (
        int(bool(found.get("monthly"))),
        int("by_day" in found),
        int(to.startswith("so ")),
        int(bool(to)),
    )


def is_reporting_clause(text: str) -> bool:
    """Whether a paragraph is only about reporting (each sentence and ';' clause speaks of
    reports, one is a clause this module reads), so it is not a task; a unit's duties with
    one reporting clause among others stay duties."""
    text = numbering(text)[1]
    folded = loose(text)
    pieces = re.split(r";|\.(?=\s+\S)", folded)
    if not all(_REPORT.search(piece) for piece in pieces if piece.strip(" .;")):
        return False
    found = False
    for start, end in _sentences(text):
        span = _clause(text, start, end)
        if span is not None and _read(squash(text[span[0] : span[1]]).strip(" ;,.-+")):
            found = True
    return found


def read_reporting_clause(lines: Sequence[BodyLine]) -> BodyPart:
    """``document.reporting`` from the body's reporting clause, or nothing without one."""
    part = BodyPart()
    best: dict[str, Any] | None = None
    for line in lines[header_end(lines) :]:
        text = numbering(line.text)[1]
        for start, end in _sentences(text):
            span = _clause(text, start, end)
            if span is None:
                continue
            found = _read(squash(text[span[0] : span[1]]).strip(" ;,.-+"))
            if found is not None and (best is None or _score(found) > _score(best)):
                best = found
    if best is not None:
        part.fields["document"] = {"reporting": best}
    return part
