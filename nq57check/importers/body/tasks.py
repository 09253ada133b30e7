"""Tasks written as paragraphs: ``read_tasks(lines) -> BodyPart``.

A plan body gives its tasks in a few ways, often mixed: a numbered or dashed paragraph
followed by "+ Đơn vị chủ trì: …", "+ Đơn vị phối hợp: …", "+ Sản phẩm: …", "+ Thời gian thực
hiện: …" lines (one such block after a run of bullets applies to each bullet of the run); the
bullets and paragraphs of the "Nhiệm vụ, giải pháp" part, one task each, with a lead or a time
sometimes written in the sentence itself ("…, giao UBND xã chủ trì, hoàn thành trong Quý II");
and the duties written per unit under "Tổ chức thực hiện", led by the unit in the heading.
Headings give the section (numbered as the plan numbers them: "III.1.2"), and a heading that
is a time gives its deadline as in the appendix table. Purpose, principles and goals are not
tasks unless field lines follow them; a paragraph there that still names a lead or a deadline
goes to ``unmapped`` with the reason, never silently away.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nq57check.core.text import fold
from nq57check.grammar.deadlines import section_deadline
from nq57check.importers.base import ImportWarning
from nq57check.importers.body.basis import owned_by_basis
from nq57check.importers.body.fields import (
    FIELD_NAMES,
    Reading,
    inline_fields,
    is_closing,
    lead_unit,
    read_line,
    reads_like_task,
    split_value,
)
from nq57check.importers.body.lines import BodyLine, BodyPart
from nq57check.importers.body.notes import APPENDIX_REFERENCE, warning
from nq57check.importers.body.reporting import is_reporting_clause

_TASK_PART = re.compile(r"\b(?:nhiem vu|giai phap|noi dung thuc hien|cac hoat dong)\b")
_DUTY_PART = re.compile(r"\bto chuc thuc hien\b|\btrach nhiem (?:cua cac|thuc hien)\b")
_OTHER_PART = re.compile(
    r"\b(?:muc dich|yeu cau|muc tieu|chi tieu|nguyen tac|quan diem|can cu|ket qua dat duoc)\b"
)
# 'Phòng Kinh tế: Tham mưu …' under 'Tổ chức thực hiện': a unit (a few words, no digit), a colon
_UNIT_FIRST = re.compile(r"^(?P<unit>[^\W\d][^:\d]{2,80}?)\s*:\s+(?P<duty>\S.{10,})$", re.S)
_REFERENCE = re.compile(r"^\(.*\)\.?$", re.S)  # '(Có Phụ lục số 01 … kèm theo)'
# 'Phụ lục 01. DANH MỤC NHIỆM VỤ': the title of an attached appendix; the body ends there
_APPENDIX_TITLE = re.compile(r"^(?:[-–+•*]\s*)?phu luc\b")
# under 'Tổ chức thực hiện', a numbered subheading that names a topic, not a unit: '3. Chế độ
# báo cáo', '4. Kinh phí thực hiện', '5. Kiểm tra, giám sát', '6. Hiệu lực thi hành'
_TOPIC = re.compile(
    r"^(?:\S+\s+){0,2}(?:che do|bao cao|kinh phi|nguon (?:kinh phi|von)|kiem tra|giam sat"
    r"|khen thuong|hieu luc|dieu khoan|thi hanh|thong tin bao cao|so ket|tong ket|to chuc thuc hien"
    r"|phan cong|tien do)\b"
)
# what a unit's name starts with: 'Phòng …', 'Công an xã', 'Các thôn, bản', 'Đề nghị Ủy ban …'
_UNIT_NOUN = re.compile(
    r"^(?:de nghi |kinh de nghi )?(?:cac )?(?:phong|van phong|cong an|ban|trung tam|ubnd|uy ban"
    r"|dang uy|hdnd|mat tran|mttq|doan|hoi|truong|tram|thon|ban|to|khoi|chi bo|chi nhanh|buu"
    r"|co quan|don vi|bo phan|cong chuc|can bo|quan su|hop tac xa|doanh nghiep|nha)\b"
)


@dataclass
class _Task:
    line: BodyLine
    section: str | None
    kind: str  # 'task', 'duty' (its lead from the unit heading) or 'candidate'
    name: str
    fields: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    numbered: bool = False  # '2.', 'b)': a task of its own, never one bullet of a run
    labelled: set[str] = field(default_factory=set)  # fields given by a 'Label: value' line


@dataclass
class _Heading:
    level: int
    id: str
    title: str
    part: str  # 'task', 'duty', 'other' or '' (inherited)


class _Reader:
    def __init__(self) -> None:
        self.stack: list[_Heading] = []
        self.tasks: list[_Task] = []
        self.candidates: list[_Task] = []  # items of goal parts waiting for field lines
        self.run: list[_Task] = []  # tasks since the last field block, in this section
        self.in_fields = False
        self.sections: dict[str, dict[str, Any]] = {}
        self.unmapped: list[dict[str, Any]] = []
        self.warnings: list[str] = []  # ImportWarning, each naming its paragraph
        self.headings: list[_Heading] = []

    # -- where we are ---------------------------------------------------------------------
    def part(self) -> str:
        for heading in reversed(self.stack):
            if heading.part:
                return heading.part
        return ""

    def section(self) -> _Heading | None:
        return self.stack[-1] if self.stack else None

    def heading(self, reading: Reading, line: BodyLine) -> None:
        level = _depth(reading)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        title = reading.text.rstrip(" :.")
        parent = self.stack[-1].id if self.stack else ""
        if reading.scheme == "decimal" and self.stack and self.stack[0].level == 0:
            number = f"{self.stack[0].id}.{reading.number}"
        elif reading.scheme in ("roman", "decimal") or not parent:
            number = reading.number
        else:
            number = f"{parent}.{reading.number}"
        folded = fold(title)
        part = ""
        taken = {h.id for h in self.headings}
        base, suffix = number, 2
        while number in taken:
            number, suffix = f"{base}-{suffix}", suffix + 1
        if self.part() == "duty":
            if _TOPIC.match(folded) and not _UNIT_NOUN.match(folded):
                part = "other"  # '3. Chế độ báo cáo': a topic, its paragraphs are no duties
            # else a unit under 'Tổ chức thực hiện', whatever its name says
        elif _DUTY_PART.search(folded):
            part = "duty"
        elif _OTHER_PART.search(folded):
            part = "other"
        elif _TASK_PART.search(folded):
            part = "task"
        heading = _Heading(level, number, title, part)
        self.stack.append(heading)
        self.headings.append(heading)
        self.run, self.in_fields, self.candidates = [], False, []

    # -- paragraphs -----------------------------------------------------------------------
    def paragraph(self, reading: Reading, line: BodyLine, following: Reading | None) -> None:
        self.in_fields = False
        part = self.part()
        section = self.section()
        text = reading.text
        if part == "duty":
            under_unit = section is not None and section.part != "duty"
            unit = _UNIT_FIRST.match(text)
            if under_unit and section is not None:
                self._add(_Task(line, section.id, "duty", text))
            elif unit and section is not None:  # '- Phòng Kinh tế: tham mưu bố trí kinh phí …'
                task = _Task(line, section.id, "task", text)
                task.fields["lead"] = _lead_of_unit(unit.group("unit"))
                self._add(task)
            elif reads_like_task(text):
                self._unplaced(
                    line,
                    "reads like a task (names a lead or a deadline) but stands "
                    "under 'Tổ chức thực hiện' before any unit heading",
                )
            return
        if (
            part == "task"
            and text[:1].islower()
            and not (reading.marker or reading.scheme)  # '2. aaa…' is a task, not a wrap
            and self.run
        ):
            self.run[-1].name = f"{self.run[-1].name} {text}"  # a wrapped paragraph continued
            return
        sid = section.id if section else None
        if (
            text.endswith(":")
            and following is not None
            and not following.field
            and (following.marker or following.scheme)
        ):
            return  # '- Về hạ tầng số:' over its bullets: a group, not a task
        numbered = reading.scheme in ("decimal", "letter")
        if part == "task":
            self._add(_Task(line, sid, "task", text, numbered=numbered))
        else:
            task = _Task(line, sid, "candidate", text, numbered=numbered)
            self.candidates.append(task)

    def field_line(self, reading: Reading, line: BodyLine) -> None:
        if reading.field == "?":  # 'Label: value' of no known field: kept aside
            if self.run:
                self._unknown_label(reading, line)
            else:
                self._unplaced(line, "a 'label: value' line with no task before it")
            return
        if not self.in_fields:
            if self.candidates:  # goal bullets with a lead/time block: tasks after all
                for task in self.candidates:
                    task.kind = "task"
                    self._add(task)
                self.candidates = []
            self.in_fields = True
        if not self.run:
            label = FIELD_NAMES.get(reading.field, reading.value.split(":")[0])
            self._unplaced(line, f"a '{label}' line with no task before it in its section")
            return
        pieces = split_value(reading.value)
        values = [(kind or reading.field, value) for kind, value in pieces]
        for task in self.run:
            for name, value in values:
                self._set(task, name, value, line)

    def _unknown_label(self, reading: Reading, line: BodyLine) -> None:
        """Kept under ``unmapped`` with a warning; the task above stays a task."""
        self._unplaced(line, "a 'label: value' line under a task whose label is not known")
        known = ", ".join(FIELD_NAMES.values())
        self.warnings.append(
            warning(
                line,
                f"dòng '{reading.value[:60]}' có nhãn không nhận ra: không đọc vào nhiệm vụ "
                f"(giữ trong provenance.unmapped); nhãn đọc được: {known}",
                f"line '{reading.value[:60]}' has a label that is not known: not read into "
                f"the task (kept under provenance.unmapped); known labels: {known}",
            )
        )

    def _set(self, task: _Task, name: str, value: str, line: BodyLine) -> None:
        """One labelled value into ``task``; a second value of a one-value field keeps the
        first and says so (an edit left behind is not silently resolved)."""
        if name == "support":
            task.fields.setdefault("support", "")
            sep = "; " if task.fields["support"] else ""
            task.fields["support"] += sep + value
            return
        unit, note = lead_unit(value) if name == "lead" else (value, "")
        if name in task.labelled and task.fields.get(name) != unit:
            task.notes.append(f"{FIELD_NAMES[name]} (dòng thứ hai): {value}")
            self.warnings.append(
                warning(
                    line,
                    f"nhiệm vụ '{task.name[:50]}' có hai dòng '{FIELD_NAMES[name]}': giữ dòng "
                    f"đầu '{task.fields[name]}', dòng sau '{value}' ghi vào ghi chú",
                    f"task '{task.name[:50]}' has two '{FIELD_NAMES[name]}' lines: the first "
                    f"'{task.fields[name]}' is kept, the second '{value}' goes to the note",
                )
            )
            return
        task.fields[name] = unit
        task.labelled.add(name)
        if note:
            task.notes.append(f"{FIELD_NAMES['lead']}: {note}")

    def _add(self, task: _Task) -> None:
        if (
            self.in_fields
            or (self.run and (self.run[-1].fields or self.run[-1].numbered))
            or task.numbered
        ):
            self.run = []  # a field block is shared by bullets only, not by numbered siblings
        self.in_fields = False
        for name, value in inline_fields(task.name).items():
            task.fields.setdefault(name, value)
        self.tasks.append(task)
        self.run.append(task)

    def _unplaced(self, line: BodyLine, reason: str) -> None:
        entry: dict[str, Any] = {"paragraph": line.paragraph}
        if line.page is not None:
            entry["page"] = line.page
        entry.update(text=line.text, reason=reason)
        self.unmapped.append(entry)

    def finish_section_candidates(self) -> None:
        for task in self.candidates:
            if reads_like_task(task.name):
                self._unplaced(
                    task.line,
                    "reads like a task (names a lead or a deadline) but "
                    "stands outside the task parts with no 'Đơn vị chủ trì' line",
                )
        self.candidates = []


def _is_heading(reading: Reading, line: BodyLine, following: Reading | None) -> bool:
    """A numbered paragraph that opens a part rather than stating a task."""
    if not reading.scheme or reading.field:
        return False
    text = reading.text
    words = len(text.split())
    if reading.scheme == "roman" or text.isupper():
        return True
    if line.bold or line.style.lower().startswith(("heading", "tiêu đề", "tieu de")):
        return words <= 40
    if following is not None and following.field:
        return False  # a numbered task with its own field lines
    if following is None or (following.scheme and _depth(following) <= _depth(reading)):
        return False  # nothing under it: 'b) …' after 'a) …' is an item, not a part
    colon = text.find(":")
    if 0 <= colon < len(text) - 2 and len(text[colon + 1 :].split()) > 4:
        return False  # 'Mục đích: Quán triệt, triển khai …' is content
    inner_sentence = re.search(r"[.;]\s+\S", text.rstrip(". "))
    return words <= 25 and inner_sentence is None


def _owned(text: str, part: str) -> bool:
    """A paragraph another extractor reads, so not a task: the basis ('Căn cứ …', 'Kế hoạch
    này thay thế …'), an appendix reference, and outside the task parts the reporting clause
    (inside them 'Báo cáo định kỳ hằng quý …' may be a task of its own)."""
    if owned_by_basis(text) or APPENDIX_REFERENCE.search(fold(text)):
        return True
    return part != "task" and is_reporting_clause(text)


def _depth(reading: Reading) -> int:
    return {"roman": 0, "decimal": reading.number.count(".") + 1}.get(reading.scheme, 9)


def _lead_of_unit(title: str) -> str:
    """The unit a duty heading names: 'Đề nghị Ủy ban MTTQ xã' asks Ủy ban MTTQ xã."""
    words = title.split()
    for lead_in in ("kinh de nghi", "de nghi"):
        count = len(lead_in.split())
        if fold(" ".join(words[:count])) == lead_in:
            words = words[count:]
            break
    return " ".join(words).strip(" .:")


def read_tasks(lines: Sequence[BodyLine]) -> BodyPart:
    """The tasks of a body, each with its paragraph in ``origin``; see the module doc."""
    reader = _Reader()
    readings = [read_line(line.text) for line in lines]
    after: list[Reading | None] = [None] * len(lines)  # the next paragraph outside tables
    upcoming: Reading | None = None
    for index in range(len(lines) - 1, -1, -1):
        after[index] = upcoming
        if lines[index].table is None:
            upcoming = readings[index]
    for index, (line, reading) in enumerate(zip(lines, readings, strict=True)):
        if line.table is not None:
            continue  # the header block and other layout tables hold no tasks
        if is_closing(reading.text):
            break
        if _REFERENCE.match(reading.text) or _owned(reading.text, reader.part()):
            continue
        if _APPENDIX_TITLE.match(fold(reading.text)) and len(reading.text.split()) <= 30:
            reader.finish_section_candidates()
            reader.stack, reader.run = [], []  # nothing is read until a heading of its own
            continue
        following = after[index]
        if reading.field:
            reader.field_line(reading, line)
        elif _is_heading(reading, line, following):
            reader.finish_section_candidates()
            reader.heading(reading, line)
        elif reader.stack:
            reader.paragraph(reading, line, following)
    reader.finish_section_candidates()
    return _part(reader)


def _part(reader: _Reader) -> BodyPart:
    tasks: list[dict[str, Any]] = []
    sections: dict[str, dict[str, Any]] = {}
    titles = {h.id: h.title for h in _all_headings(reader)}
    for number, task in enumerate((t for t in reader.tasks if t.kind != "candidate"), start=1):
        fields = dict(task.fields)
        if task.kind == "duty" and not fields.get("lead") and task.section:
            fields["lead"] = _lead_of_unit(titles.get(task.section, ""))
        out: dict[str, Any] = {"id": str(number)}
        if task.section:
            out["section"] = task.section
            if task.section not in sections:
                section: dict[str, Any] = {"id": task.section, "title": titles[task.section]}
                deadline = section_deadline(titles[task.section])
                if deadline:
                    section["deadline"] = deadline
                sections[task.section] = section
        support = [s.strip() for s in fields.get("support", "").split(";") if s.strip()]
        out.update(
            name=task.name,
            head=fields.get("head", ""),
            lead=fields.get("lead", ""),
            support=support,
            output=fields.get("output", ""),
            deadline=fields.get("deadline", ""),
            requirements=[],
        )
        if task.notes:
            out["note"] = "; ".join(task.notes)
        origin: dict[str, Any] = {"paragraph": task.line.paragraph}
        if task.line.page is not None:
            origin["page"] = task.line.page
        out["origin"] = origin
        tasks.append(out)
    warnings: list[str] = list(reader.warnings)
    if reader.unmapped:
        warnings.append(
            ImportWarning(
                f"số đoạn đọc như nhiệm vụ nhưng không xếp được: {len(reader.unmapped)}; "
                "các đoạn này không được kiểm tra (giữ trong provenance.unmapped)",
                f"paragraphs that read like tasks but could not be placed: "
                f"{len(reader.unmapped)}; they are not checked (kept under provenance.unmapped)",
                paragraph=reader.unmapped[0]["paragraph"],
                page=reader.unmapped[0].get("page"),
            )
        )
    found: dict[str, Any] = {"tasks": tasks, "sections": list(sections.values())} if tasks else {}
    return BodyPart(found, warnings, reader.unmapped)


def _all_headings(reader: _Reader) -> list[_Heading]:
    return reader.headings
