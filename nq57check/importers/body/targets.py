"""Numeric targets of a plan body: "Tỷ lệ hồ sơ trực tuyến đạt trên 90%" -> ``targets``.

A sentence stating a percentage maps to a catalog indicator (section C) by meaning: the
keyword sets in ``rules/indicators.yaml``, matched on folded text. The words before the number
give its bound: "trên / hơn / vượt 90%" is more than 90 (``above``); "đạt / tối thiểu / ít
nhất / không dưới / không thấp hơn / không ít hơn 90%", "90% trở lên" and a bare "100%" are at
least 90 (``at_least``); an upper bound ("dưới 10%", "tối đa") is no target of the catalog's
kind and is kept unmapped, and so is a change from a base ("tăng 20% so với năm 2025").
Every sentence kept unmapped is also a warning naming its paragraph.
Under the targets part ("Mục tiêu cụ thể", "Chỉ tiêu") a sentence that names no indicator,
or names one with no number, is kept in ``unmapped`` with the reason; elsewhere (a task that
states a percentage) only sentences naming an indicator are read, and the targets part wins
over them. The deadline (``by``) is the block's time line ("Thời gian thực hiện: Trong năm
2026"), else a time in the sentence, else the plan's year from its title.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nq57check.core.rules_dir import builtin_rules_dir
from nq57check.core.text import fold, squash
from nq57check.importers.body.header import header_end, plan_line
from nq57check.importers.body.lines import BodyLine, BodyPart
from nq57check.importers.body.notes import heading_words, is_heading, loose, numbering, warning
from nq57check.importers.body.notes import unmapped as unmapped_entry
from nq57check.importers.meta import TIME


@dataclass(frozen=True, slots=True)
class Indicator:
    """One catalog indicator and the folded phrases that name it."""

    id: str
    all: tuple[tuple[str, ...], ...]
    none: tuple[str, ...] = ()

    def named_in(self, padded: str) -> bool:
        """``padded`` is folded text with a space at each end (whole-word matching)."""
        if any(f" {phrase} " in padded for phrase in self.none):
            return False
        return all(any(f" {phrase} " in padded for phrase in group) for group in self.all)


@functools.lru_cache(maxsize=4)
def load_indicators(path: Path | None = None) -> tuple[Indicator, ...]:
    """The indicator keyword sets, checked once (a malformed file is a bug in the rules)."""
    source = path or builtin_rules_dir() / "indicators.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    out = []
    for name, spec in (data.get("indicators") or {}).items():
        groups = spec.get("all") if isinstance(spec, dict) else None
        if not groups or not all(isinstance(g, list) and g for g in groups):
            raise ValueError(f"{source}: indicator {name}: 'all' must be a list of phrase lists")
        folded = tuple(tuple(fold(str(p)) for p in group) for group in groups)
        out.append(Indicator(str(name), folded, tuple(fold(str(p)) for p in spec.get("none", []))))
    return tuple(out)


_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*%")
_ABOVE = re.compile(r"(?:\btren|\bhon|\bvuot(?: qua)?|\bvuot muc)\s*(?:muc\s*)?$")
_UPPER = re.compile(r"(?:\bduoi|\btoi da|\bkhong qua|\bkhong vuot qua|\bthap hon|\bgiam)\s*$")
# "không dưới / không thấp hơn / không ít hơn 90%" is a floor, not the upper bound "dưới".
_NOT_BELOW = re.compile(r"\bkhong\s+(?:duoi|thap hon|it hon|nho hon|kem hon)\s*(?:muc\s*)?$")
# "tăng 20% so với năm 2025", "giảm thêm 30%": a change from a base, not a level to reach.
_CHANGE = re.compile(
    r"\b(?:tang|giam|nang)(?:\s+(?:them|len|xuong|it nhat|toi thieu|tren|hon))*\s*$"
)
_CHANGE_WORD = re.compile(r"\b(?:tang|giam)\b")
_COMPARED = re.compile(r"\bso\s+(?:voi|cung ky)\b")
_ATTRIBUTE = re.compile(
    r"^[\s+\-–•*]*(?P<key>(?:don vi|co quan)\s+(?:chu tri|phoi hop)|thoi gian(?: thuc hien|"
    r" hoan thanh)?|thoi han(?: thuc hien| hoan thanh)?|tien do(?: thuc hien)?|san pham|ket qua)"
    r"\s*(?:thuc hien\s*)?:\s*",
)
_RUN_LIMIT = 16  # paragraphs a shared attribute block may follow
_TARGET_HEADINGS = ("muc tieu", "chi tieu", "cac chi tieu", "mot so chi tieu")
_NOT_TARGETS = ("muc tieu chung", "muc tieu tong quat", "muc dich")
_CLAUSES = re.compile(r";|\.(?=\s+\S)|:(?=\s*$)")
_PIECES = re.compile(r",\s+|\s+và\s+|\s+va\s+", re.IGNORECASE)
_TITLE_YEAR = re.compile(r"(?<!thang \d )(?<!thang \d\d )(?<!den )(?<!toi )\bnam (20\d\d)\b")


def _level(line: BodyLine) -> int:
    """How deep a heading is: "II." 1, "2." 2, "2.1." 3, "a)" 5, anything else 6."""
    mark = numbering(line.text)[0].rstrip(".):/- ")
    if re.fullmatch(r"[IVXLC]+", mark):
        return 1
    if re.fullmatch(r"\d+(?:\.\d+)*", mark):
        return 1 + mark.count(".") + 1
    if re.fullmatch(r"\(?[a-zđ]", mark):
        return 5
    return 6


def _year(lines: Sequence[BodyLine]) -> str:
    """ "Năm 2026" from the title (a date written out or a horizon skipped), else ""."""
    start = plan_line(lines)
    if start is None:
        return ""
    found = _TITLE_YEAR.search(fold(" ".join(x.text for x in lines[start : header_end(lines)])))
    return f"Năm {found.group(1)}" if found else ""


def _clauses(text: str) -> list[str]:
    """Sentences and ';' clauses; one with several percentages is cut into pieces that each
    hold one ("... đạt 95%, tỷ lệ ... đạt 80%")."""
    out: list[str] = []
    start = 0
    for cut in [*(m.end() for m in _CLAUSES.finditer(text)), len(text)]:
        clause = text[start:cut].strip(" ;.:")
        start = cut
        if len(_PERCENT.findall(clause)) <= 1:
            out.append(clause)
            continue
        pieces: list[str] = []
        pending = ""
        for piece in _PIECES.split(clause):
            pending = f"{pending}, {piece}" if pending else piece
            if _PERCENT.search(piece):
                pieces.append(pending)
                pending = ""
        if pending and pieces:
            pieces[-1] = f"{pieces[-1]}, {pending}"
        out += pieces
    return [clause for clause in out if clause]


@dataclass(slots=True)
class _Read:
    indicator: str
    target: dict[str, Any]
    line: BodyLine
    in_part: bool


def _relative(clause: str, match: re.Match[str]) -> bool:
    """ "tăng 20% so với năm 2025": the percentage is a change, not the level of a target."""
    before = loose(clause[: match.start()]).rstrip(" :")
    after = loose(clause[match.end() :])
    return bool(
        _CHANGE.search(before) or (_COMPARED.search(after) and _CHANGE_WORD.search(before))
    )


def _bound(clause: str, match: re.Match[str]) -> str | None:
    before = loose(clause[: match.start()]).rstrip(" :")
    if _NOT_BELOW.search(before):
        return "at_least"
    if _UPPER.search(before):
        return None
    return "above" if _ABOVE.search(before) else "at_least"


def _attributes(lines: Sequence[BodyLine], index: int) -> dict[str, str]:
    """The "+ Đơn vị chủ trì: ...", "+ Thời gian thực hiện: ..." lines of a paragraph's block:
    right after it, or after the run of bullets it opens (one lead line shared by a run of
    bullets applies to each), by folded key."""
    found: dict[str, str] = {}
    position = index + 1
    while position < min(len(lines), index + _RUN_LIMIT):
        line = lines[position]
        if is_heading(line) or _ATTRIBUTE.match(loose(line.text)):
            break
        position += 1
    for line in lines[position : position + 8]:
        matched = _ATTRIBUTE.match(loose(line.text))
        if not matched:
            break
        found.setdefault(matched.group("key"), squash(line.text[matched.end() :]).rstrip(" ."))
    return found


def read_targets(lines: Sequence[BodyLine]) -> BodyPart:
    """``targets`` (indicator -> value, bound, by, lead, note) from the body's sentences."""
    part = BodyPart()
    indicators = load_indicators()
    year = _year(lines)
    reads: list[_Read] = []
    part_level: int | None = None
    for index in range(header_end(lines), len(lines)):
        line = lines[index]
        if is_heading(line):
            level = _level(line)
            if part_level is not None and level <= part_level:
                part_level = None
            words = heading_words(line)
            if words.startswith(_TARGET_HEADINGS) and not words.startswith(_NOT_TARGETS):
                part_level = level
            if _PERCENT.search(line.text) is None:
                continue
        if _ATTRIBUTE.match(loose(line.text)):
            continue  # read with the paragraph it belongs to
        in_part = part_level is not None
        attributes = _attributes(lines, index)
        for clause in _clauses(numbering(line.text)[1]):
            padded = f" {fold(clause)} "
            named = [i.id for i in indicators if i.named_in(padded)]
            percent = list(_PERCENT.finditer(clause))
            if not percent:
                if in_part and named:
                    names = ", ".join(named)
                    why = f"chỉ tiêu {names} không ghi số (indicator {names} states no number)"
                    _set_aside(part, line, why, clause)
                continue
            value = float(percent[0].group(1).replace(",", "."))
            bound = _bound(clause, percent[0])
            reason = ""
            if not named:
                reason = "không nhận ra chỉ tiêu nào của danh mục (no catalog indicator)"
            elif _relative(clause, percent[0]):
                reason = (
                    "mức tăng/giảm so với một mốc, không phải mức chỉ tiêu cần đạt"
                    " (a relative change, not a target level)"
                )
            elif bound is None:
                reason = "giới hạn trên, không phải chỉ tiêu tối thiểu (an upper bound)"
            elif value > 100:
                reason = "tỷ lệ trên 100% (a percentage over 100)"
            if reason:
                if in_part or named:
                    _set_aside(part, line, reason, clause)
                continue
            target: dict[str, Any] = {"value": int(value) if value.is_integer() else value}
            if bound == "above":
                target["bound"] = "above"
            when = (
                attributes.get("thoi gian thuc hien")
                or attributes.get("thoi gian")
                or next(
                    (v for k, v in attributes.items() if k.startswith(("thoi gian", "thoi han"))),
                    "",
                )
            )
            inline = TIME.search(clause)
            by = when or (inline.group(0) if inline else "") or year
            if by:
                target["by"] = by
            lead = attributes.get("don vi chu tri") or attributes.get("co quan chu tri")
            if lead:
                target["lead"] = lead
            target["note"] = clause
            reads += [_Read(i, dict(target), line, in_part) for i in named]
    _keep(reads, part, year)
    return part


def _set_aside(part: BodyPart, line: BodyLine, reason: str, clause: str) -> None:
    """A target sentence not read as a target: kept in ``unmapped`` and said as a warning at
    its paragraph (a check on the fly never shows ``provenance.unmapped``)."""
    part.unmapped.append(unmapped_entry(line, reason, clause))
    vi, _, en = reason.partition(" (")
    shown = clause if len(clause) <= 80 else f"{clause[:80]}…"
    part.warnings.append(
        warning(
            line,
            f"câu chỉ tiêu không đọc được thành chỉ tiêu ('{shown}'): {vi}; không được kiểm tra"
            " (giữ trong provenance.unmapped)",
            f"a target sentence was not read as a target ('{shown}'): {en.rstrip(')') or vi};"
            " it is not checked (kept under provenance.unmapped)",
        )
    )


def _keep(reads: list[_Read], part: BodyPart, year: str) -> None:
    """One target per indicator: the targets part's first, else the first task's; another
    value elsewhere is a warning naming both paragraphs, never a silent choice."""
    kept: dict[str, _Read] = {}
    for read in sorted(reads, key=lambda r: not r.in_part):
        first = kept.setdefault(read.indicator, read)
        if first is read:
            continue
        old, new = first.target, read.target
        if (old["value"], old.get("bound")) != (new["value"], new.get("bound")):
            part.warnings.append(
                warning(
                    read.line,
                    f"chỉ tiêu {read.indicator} ghi {new['value']}%, khác đoạn"
                    f" {first.line.paragraph} ({old['value']}%): giữ đoạn {first.line.paragraph}",
                    f"target {read.indicator} says {new['value']}%, unlike paragraph"
                    f" {first.line.paragraph} ({old['value']}%): paragraph"
                    f" {first.line.paragraph} kept",
                )
            )
    if any("by" not in r.target for r in kept.values()):
        part.warnings.append(
            warning(
                None,
                "chỉ tiêu không ghi thời hạn và tên kế hoạch không nêu năm: 'by' để mặc định",
                "a target states no deadline and the title names no year: 'by' left to default",
            )
        )
    if kept:
        part.fields["targets"] = {name: read.target for name, read in kept.items()}
