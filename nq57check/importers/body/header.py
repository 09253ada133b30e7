"""The plan's header: who issues it, its number, place and date, and its title.

The issuing block ("ỦY BAN NHÂN DÂN / XÃ NẬM TĂM") and the national motto ("CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc") are often the two columns of a layout
table, so their paragraphs may come interleaved: each paragraph is read on its own, and the
motto is skipped wherever it is. Number and date are read by the appendix importer's own
reading of those lines (``importers.meta``): a blank left for them ("Số:    /KH-UBND",
"ngày   tháng 6 năm 2026") is unknown, with a warning naming the paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from nq57check.core.text import fold, plain_dashes, squash
from nq57check.importers.body.lines import BodyLine, BodyPart
from nq57check.importers.body.notes import is_heading, loose, warning
from nq57check.importers.meta import FieldRead, own_number_and_date

_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")
# Where the header ends when no "KẾ HOẠCH" line is found: the opening paragraph.
_OPENING = ("thuc hien ", "can cu ", "de trien khai", "nham ", "trien khai ")
_HEADER_LIMIT = 30  # paragraphs: a header is a page top, never the whole body
_ISSUER = re.compile(r"^\s*(?:(?:ubnd|uy ban nhan dan)\s+)?(xa|phuong|dac khu|tinh)\s+(\S.*)$")
_COMMITTEE = re.compile(r"^\s*(?:ubnd|uy ban nhan dan)\s*$")
_KINDS = {"xa": "xa", "phuong": "phuong", "dac khu": "dac_khu"}
# A header typed without diacritics ("So: 21/KH-UBND", "Nam Tam, ngay 05 thang 3 nam 2026"):
# the words the date grammar needs get them back; the user's own words are left as written.
_ASCII_WORDS = (
    (re.compile(r"^(\s*)so(\s*:)", re.IGNORECASE), r"\1Số\2"),
    (re.compile(r"\bngay(?=\s*(?:[\d.…_]|thang\b|$))", re.IGNORECASE), "ngày"),
    (re.compile(r"\bthang(?=\s*[\d.…_])", re.IGNORECASE), "tháng"),
    (re.compile(r"(?<=[\d.…_ ])nam(?=\s*(?:[\d.…_]|$))", re.IGNORECASE), "năm"),
)


def _with_keywords(text: str) -> str:
    if not text.isascii():
        return text
    for pattern, replacement in _ASCII_WORDS:
        text = pattern.sub(replacement, text)
    return text


def plan_line(lines: Sequence[BodyLine]) -> int | None:
    """The paragraph that is the word "KẾ HOẠCH" (alone, or opening the title)."""
    for index, line in enumerate(lines[:_HEADER_LIMIT]):
        words = fold(line.text)
        if words == "ke hoach":
            return index
        if (
            words.startswith("ke hoach ")
            and not words.startswith("ke hoach so")
            and (line.bold or line.text[:8].isupper())
        ):
            return index
    return None


# The motto inside a paragraph: the right-hand block of a header typed on the same lines
# as the left one, with tabs (Word) or a wide gap (PDF) between them, both read as a space.
_MOTTO_INSIDE = re.compile(
    r"\s(?:cong\W+hoa\W+xa\W+hoi\W+chu\W+nghia|doc\W+lap\W+tu\W+do\W+hanh\W+phuc)\b"
)


def left_block(text: str) -> str:
    """The left-hand part of a header line whose right-hand part is the motto ("XÃ MƯỜNG KIM
    <tab> Độc lập - Tự do - Hạnh phúc" -> "XÃ MƯỜNG KIM"); the line itself otherwise."""
    found = _MOTTO_INSIDE.search(loose(text))
    return text[: found.start()].rstrip() if found else text


def _motto(line: BodyLine) -> bool:
    words = fold(line.text)
    return not words or any(words.startswith(m) or m.startswith(words) for m in _MOTTO)


def header_end(lines: Sequence[BodyLine]) -> int:
    """Index of the first paragraph after the header and title (the opening paragraph)."""
    start = plan_line(lines)
    if start is None:
        for index, line in enumerate(lines[:_HEADER_LIMIT]):
            if (fold(line.text) + " ").startswith(_OPENING) or (
                is_heading(line) and line.table is None and not _motto(line)
            ):
                return index
        return min(len(lines), _HEADER_LIMIT)
    return start + 1 + len(_title_lines(lines, start))


def _title_lines(lines: Sequence[BodyLine], start: int) -> list[BodyLine]:
    """The title after "KẾ HOẠCH": its first paragraph always (even "Thực hiện Nghị quyết
    ..."), then short ones that are not the opening paragraph, a heading or a rule line."""
    title: list[BodyLine] = []
    for line in lines[start + 1 : start + 6]:
        words = fold(line.text) + " "
        if not words.strip():
            if title:
                break
            continue  # "______" under the title, or an empty paragraph
        closing = words.endswith("nhu sau ") or words.startswith("can cu ")
        if not title:
            if closing or (is_heading(line) and not line.bold):
                break
            title.append(line)
            continue
        if closing or words.startswith(_OPENING) or len(line.text) > 200 or is_heading(line):
            break
        if title[0].bold and not line.bold:
            break
        title.append(line)
    return title


def _title(lines: Sequence[BodyLine], start: int | None) -> str:
    if start is None:
        return ""
    own = squash(lines[start].text)
    rest = own[len("KẾ HOẠCH") :].strip(" :-–") if fold(own) != "ke hoach" else ""
    parts = [rest] if rest else []
    parts += [line.text for line in _title_lines(lines, start)]
    return squash(" ".join(parts))


def _name(written: str) -> str:
    """The unit's name as written, in title case when the header shouts it ("NẬM TĂM")."""
    name = squash(written).strip(" .,;:-–")
    if name.isupper():
        name = " ".join(word.capitalize() for word in name.split())
    return name


def _issuer(block: Sequence[BodyLine]) -> dict[str, str]:
    """Unit and kind from the issuing block: "ỦY BAN NHÂN DÂN" then "XÃ NẬM TĂM" (or both in
    one paragraph); a province line ("UBND TỈNH LAI CHÂU") above it gives the province."""
    unit: dict[str, str] = {}
    after_committee = False
    for line in block:
        if _motto(line):
            continue
        written = left_block(line.text)
        text = loose(written)
        if _COMMITTEE.match(text):
            after_committee = True
            continue
        found = _ISSUER.match(text)
        named = found is not None and (after_committee or text.lstrip()[:2] in ("ub", "uy"))
        after_committee = False
        if not named or found is None:
            continue
        kind, name = found.group(1), _name(written[found.start(2) :])
        if not name:
            continue
        if kind == "tinh":
            unit.setdefault("province", name)
        elif "name" not in unit:
            unit["name"], unit["kind"] = name, _KINDS[kind]
    return unit


def _read(
    field: str, offers: list[tuple[BodyLine, FieldRead]], part: BodyPart, vi: str, en: str
) -> str | dt.date | None:
    """The first real value; else a warning at the first placeholder; else 'not found'."""
    for _, read in offers:
        if read.value is not None:
            return read.value
    blank = next(((line, read) for line, read in offers if read.line), None)
    if blank is not None:
        line, read = blank
        part.warnings.append(
            warning(
                line,
                f"{vi} {read.why[0]} ('{read.line}'): document.{field} để trống",
                f"{en} {read.why[1]} ('{read.line}'): document.{field} left empty",
                absent=f"document.{field}",
            )
        )
    else:
        part.warnings.append(
            warning(
                None,
                f"không tìm thấy {vi} ở phần đầu văn bản: document.{field} để trống",
                f"{en} is not in the document's header: document.{field} left empty",
                absent=f"document.{field}",
            )
        )
    return None


def read_header(lines: Sequence[BodyLine]) -> BodyPart:
    """``unit`` (name, kind, province when the header names it) and ``document`` (number,
    issued, title) from the paragraphs before the opening one."""
    part = BodyPart()
    start = plan_line(lines)
    block = list(lines[: start if start is not None else header_end(lines)])
    numbers: list[tuple[BodyLine, FieldRead]] = []
    dates: list[tuple[BodyLine, FieldRead]] = []
    for line in block:
        if _motto(line):
            continue
        number, issued = own_number_and_date(_with_keywords(squash(plain_dashes(line.text))))
        if number.value is not None or number.line:
            numbers.append((line, number))
        if issued.value is not None or issued.line:
            dates.append((line, issued))
    document: dict[str, object] = {}
    number_value = _read("number", numbers, part, "số kế hoạch", "the plan number")
    if number_value:
        document["number"] = number_value
    issued_value = _read("issued", dates, part, "ngày ban hành kế hoạch", "the plan's issue date")
    if issued_value:
        document["issued"] = issued_value
    title = _title(lines, start)
    if title:
        document["title"] = title
    else:
        part.warnings.append(
            warning(
                None,
                "không tìm thấy dòng 'KẾ HOẠCH' và tên kế hoạch: document.title để trống",
                "no 'KẾ HOẠCH' line with the plan's title: document.title left empty",
                absent="document.title",
            )
        )
    unit = _issuer(block)
    if "name" not in unit:
        part.warnings.append(
            warning(
                None,
                "không tìm thấy đơn vị ban hành ('ỦY BAN NHÂN DÂN / XÃ ...') ở phần đầu văn bản",
                "the issuing unit ('ỦY BAN NHÂN DÂN / XÃ ...') is not in the header",
                absent="unit.name",
            )
        )
    if unit:
        part.fields["unit"] = unit
    if document:
        part.fields["document"] = document
    return part
