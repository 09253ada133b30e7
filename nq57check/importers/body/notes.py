"""What the body extractors share: warnings and unmapped entries that name the paragraph, and
a fold that keeps every character's position, so a pattern found in folded text cuts the
user's own text (never a refolded copy of it)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from nq57check.core.text import fold, squash
from nq57check.importers.base import ImportWarning
from nq57check.importers.body.lines import BodyLine


def warning(line: BodyLine | None, vi: str, en: str, *, absent: str = "") -> ImportWarning:
    """An importer note naming the paragraph ("đoạn 12", "paragraph 12") and page if known;
    ``absent`` names the plan field a "not found" note is about."""
    if line is None:
        return ImportWarning(vi, en, absent=absent)
    return ImportWarning(vi, en, paragraph=line.paragraph, page=line.page, absent=absent)


def unmapped(line: BodyLine, reason: str, text: str | None = None) -> dict[str, Any]:
    """A ``provenance.unmapped`` entry for a paragraph that read like plan content."""
    entry: dict[str, Any] = {"paragraph": line.paragraph, "text": text or line.text}
    if line.page is not None:
        entry["page"] = line.page
    entry["reason"] = reason
    return entry


@functools.lru_cache(maxsize=4096)
def _one(char: str) -> str:
    folded = fold(char)
    return folded if len(folded) == 1 else char.lower()


def loose(text: str) -> str:
    """Lower case without diacritics, one character for one ('Kế hoạch' -> 'ke hoach'):
    punctuation and spacing are kept, so match positions are positions in ``text``."""
    return "".join(_one(char) for char in text)


# 'Có Phụ lục số 01 … kèm theo' (folded): the body saying an appendix is attached
APPENDIX_REFERENCE = re.compile(r"\bphu luc(?: so)?(?: [0-9ivxl]{1,4})?\b(?:.{0,200}?)\bkem theo\b")

_NUMBERING = re.compile(
    r"^\s*(?:(?:phần|phan|mục|muc|điều|dieu)\s+)?"
    r"(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])\s*[.):/-]\s*"
    r"|^\s*\(\s*(?:\d{1,2}|[a-zđ])\s*\)\s*|^\s*[-–+•*·]\s*",
    re.IGNORECASE,
)


def numbering(text: str) -> tuple[str, str]:
    """Split a paragraph into its numbering ("II.", "2.1.", "a)", "(3)", "-", "+") and the
    rest; ("", text) when it has none."""
    found = _NUMBERING.match(text)
    if not found:
        return "", text
    return found.group(0).strip(), text[found.end() :].strip()


def heading_words(line: BodyLine) -> str:
    """The folded words of a paragraph without its numbering ("II. MỤC TIÊU" -> "muc tieu")."""
    return fold(numbering(line.text)[1])


def is_heading(line: BodyLine) -> bool:
    """A section heading: numbered with a roman numeral or digits (not a bullet), or bold,
    and short (headings are titles, not sentences)."""
    mark, rest = numbering(line.text)
    short = len(rest) <= 160 and not rest.rstrip().endswith((";", ","))
    if not short:
        return False
    if mark and mark[0] not in "-–+•*·(":
        return True
    return line.bold and not mark


def text_of(lines: Sequence[BodyLine]) -> str:
    """Paragraphs joined by single spaces (a sentence may run over several)."""
    return squash(" ".join(line.text for line in lines))
