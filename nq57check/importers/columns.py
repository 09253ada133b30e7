"""Map header cells to plan fields by meaning, using the synonym table in ``rules/columns.yaml``.

The synonyms are data, not code, so a province whose appendices say "Đơn vị thực hiện" can be
supported by editing YAML. Matching is on folded text, so "Chủ trì", "CHỦ TRÌ" and "Chu tri"
are the same header.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from nq57check.core.rules_dir import builtin_rules_dir
from nq57check.core.text import fold

FIELDS = ("id", "name", "head", "lead", "support", "output", "deadline", "requirements", "note")
_HEADER_MAX_WORDS = 12
_NUMBER = re.compile(r"\(?\d+(?:\.\d+)*[.)]*")
LABELS = {
    "id": "STT",
    "name": "Tên nhiệm vụ",
    "head": "Người đứng đầu chịu trách nhiệm",
    "lead": "Cơ quan chủ trì",
    "support": "Cơ quan phối hợp",
    "output": "Kết quả/sản phẩm",
    "deadline": "Thời gian hoàn thành",
    "requirements": "Mã yêu cầu",
    "note": "Ghi chú",
}


def _rules_file() -> Path:
    """``columns.yaml`` of the built-in rules (a checkout's ``rules/`` or the wheel's)."""
    path = builtin_rules_dir() / "columns.yaml"
    if not path.is_file():
        raise FileNotFoundError("rules/columns.yaml not found next to the nq57check package")
    return path


@functools.lru_cache(maxsize=4)
def load_synonyms(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Folded synonyms per field, checked once: an unknown field is a bug in the rules file."""
    source = path or _rules_file()
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    fields = data.get("fields") or {}
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise ValueError(f"{source}: unknown field(s) {unknown}; known: {list(FIELDS)}")
    return {name: tuple(fold(str(s)) for s in fields.get(name) or ()) for name in FIELDS}


@dataclass(frozen=True, slots=True)
class Match:
    field: str
    score: tuple[int, int, int]  # (exact, words matched, -start): bigger is better


def _find(words: list[str], needle: list[str]) -> int:
    """Start index of ``needle`` as a run of whole words in ``words``, or -1."""
    size = len(needle)
    for start in range(len(words) - size + 1):
        if words[start : start + size] == needle:
            return start
    return -1


def match_header(text: str, synonyms: dict[str, tuple[str, ...]] | None = None) -> Match | None:
    """The field a header cell means, or ``None`` when nothing in the table matches."""
    folded = fold(text)
    words = folded.split()
    if not words or len(words) > _HEADER_MAX_WORDS:
        return None
    best: Match | None = None
    for name, options in (synonyms or load_synonyms()).items():
        for option in options:
            needle = option.split()
            start = _find(words, needle) if needle else -1
            if start < 0:
                continue
            candidate = Match(name, (int(option == folded), len(needle), -start))
            if best is None or candidate.score > best.score:
                best = candidate
    return best


@dataclass(slots=True)
class ColumnMap:
    """Which grid column holds which field, plus the header text of every column."""

    fields: dict[str, int]
    headers: list[str]

    @property
    def width(self) -> int:
        return len(self.headers)

    def unmapped_columns(self) -> list[int]:
        used = set(self.fields.values())
        return [i for i in range(self.width) if i not in used]

    def signature(self) -> tuple[str, ...]:
        """Folded headers, to recognise the header row repeated on every page."""
        return tuple(fold(h) for h in self.headers)


def map_columns(headers: list[str], shown: list[str] | None = None) -> ColumnMap:
    """Give each field to the column that matches it best; ties go to the leftmost column.

    ``shown`` is the header text to report (a two-row header matches on the lower cell but
    is shown as 'Cơ quan thực hiện Chủ trì').
    """
    synonyms = load_synonyms()
    ranked: dict[str, tuple[tuple[int, int, int], int]] = {}
    for index, header in enumerate(headers):
        found = match_header(header, synonyms)
        if found is None:
            continue
        current = ranked.get(found.field)
        if current is None or found.score > current[0]:
            ranked[found.field] = (found.score, index)
    return ColumnMap({name: index for name, (_, index) in ranked.items()}, list(shown or headers))


def looks_like_header(headers: list[str]) -> bool:
    """A task-table header names the task column and at least one of number/lead/deadline.

    Most of its cells must be header words, and none a task number, so a data row with a
    short "Nhiệm vụ thường xuyên" cell is not taken for a header.
    """
    filled = [h for h in headers if h.strip()]
    if any(_NUMBER.fullmatch(h.strip()) for h in filled):
        return False
    matched = sum(match_header(h) is not None for h in filled)
    if matched * 2 < len(filled):
        return False
    mapping = map_columns(headers)
    if "name" not in mapping.fields:
        return False
    others = {"id", "lead", "deadline", "head", "support", "output"} & set(mapping.fields)
    return len(others) >= 2 or bool({"id", "lead", "deadline"} & others)


# A targets table ("Biểu chỉ tiêu"): its header names an indicator or target column and no
# task column, and its rows state percentages. Its rows are targets, read by the body's
# targets reader (importers/body/targets.py), never tasks.
_TARGET_WORDS = re.compile(r"\b(?:chi tieu|muc tieu|ty le)\b")
_TASK_WORDS = re.compile(r"\b(?:nhiem vu|cong viec|giai phap|sang kien|mo hinh)\b")
_PERCENT_CELL = re.compile(r"^\D{0,25}\d{1,3}(?:[.,]\d{1,2})?\s*%\s*\D{0,15}$")


def is_targets_table(headers: list[str], rows: list[list[str]]) -> bool:
    """``headers`` a header row, ``rows`` the cell texts under it: a table of targets, not of
    tasks, when the header names an indicator/target column ("Nội dung chỉ tiêu", "Chỉ tiêu
    năm 2026", a "%" column) and no task column, and most rows hold a percentage cell."""
    folded = [fold(h) for h in headers]
    if any(_TASK_WORDS.search(h) for h in folded):
        return False
    if not any(_TARGET_WORDS.search(h) for h in folded) and not any("%" in h for h in headers):
        return False
    data = [row for row in rows if any(c.strip() for c in row)]
    with_percent = sum(any(_PERCENT_CELL.match(c.strip()) for c in row) for row in data)
    return bool(data) and with_percent * 2 >= len(data)
