"""A PDF body as :class:`BodyLine` paragraphs, from the text layer outside the ruled tables.

A PDF has lines, not paragraphs: the lines a word processor wrapped are joined back, and a
new paragraph starts where a person sees one: a list marker or a number at the line's start
("- ", "+ ", "2.1. ", "a) ", "II. "), a first-line indent, a gap wider than the line spacing,
or after a line that ends a sentence well short of the right margin. A paragraph cut by a page break
is continued on the next page when that page's first line starts none of these.
"""

from __future__ import annotations

import re
from typing import Any

from nq57check.core.text import clean, squash
from nq57check.importers.body.lines import BodyLine
from nq57check.importers.meta import join_lines

# a line that opens an item: dash/plus/bullet, "1.", "2.1.", "a)", "II." (then a space)
OPENS = re.compile(
    r"^(?:[-–—+•*▪●◦]\s|(?:\d{1,2}\.)+\d{0,2}\.?\s|\d{1,2}\)\s|[a-zđ]\)\s|[IVXL]{1,6}\.\s)"
)
_INDENT = 8.0  # points right of the page's left margin: a first-line indent
_SHORT = 40.0  # points left of the right margin: the line ended its paragraph
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")


class _Para:
    __slots__ = ("page", "parts")

    def __init__(self, page: int, text: str) -> None:
        self.page, self.parts = page, [text]


def page_lines(page: Any, boxes: list[tuple[float, float, float, float]]) -> list[dict[str, Any]]:
    """The page's text lines outside its tables (pdfplumber's ``extract_text_lines``)."""

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    lines = page.filter(outside).extract_text_lines(return_chars=False)
    return [ln for ln in lines if ln["text"].strip() and not _PAGE_NUMBER.match(ln["text"].strip())]


def _ends(line: dict[str, Any], right: float) -> bool:
    """A line that closes its paragraph: it stops short of the margin after a full stop,
    a colon or a semicolon (a ragged line that stops mid-sentence does not)."""
    return line["x1"] < right - _SHORT and line["text"].rstrip().endswith((".", ":", ";"))


class PdfParagraphs:
    """Joins the lines of successive pages into paragraphs."""

    def __init__(self) -> None:
        self.paras: list[_Para] = []
        self.open = False  # the last paragraph may continue on the next page

    def add_page(self, number: int, lines: list[dict[str, Any]]) -> int:
        """Adds a page's lines; returns the characters read, for the budget."""
        if not lines:
            self.open = False
            return 0
        left = min(ln["x0"] for ln in lines)
        right = max(ln["x1"] for ln in lines)
        chars = 0
        prev: dict[str, Any] | None = None
        for line in lines:
            text = squash(clean(line["text"]))
            chars += len(text)
            starts = OPENS.match(text) is not None or line["x0"] > left + _INDENT
            if prev is None:
                new = starts or not self.open
            else:
                height = max(prev["bottom"] - prev["top"], 1.0)
                gap = line["top"] - prev["bottom"]
                new = starts or gap > 0.8 * height or _ends(prev, right)
            if new or not self.paras:
                self.paras.append(_Para(number, text))
            else:
                self.paras[-1].parts.append(text)
            prev = line
        self.open = prev is not None and not _ends(prev, right)
        return chars

    def lines(self) -> list[BodyLine]:
        return [
            BodyLine(join_lines("\n".join(p.parts)), n, p.page)
            for n, p in enumerate(self.paras, start=1)
        ]
