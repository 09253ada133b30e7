"""A .docx body as :class:`BodyLine` paragraphs, in document order.

Word's automatic numbering keeps "1.", "2.1." and the dash of a bullet out of the paragraph's
text (they are drawn from ``numbering.xml``), and a plan body is structured by exactly those
numbers; so the visible number is rebuilt from ``numPr`` (the common formats; an unknown one
gives no number rather than a wrong one). Paragraphs inside tables are kept with their table's
index: the two-column header block is a table, and the assembler drops the cells of the task
table the appendix importer reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.oxml.ns import qn

from nq57check.core.text import clean, squash
from nq57check.importers.body.lines import BodyLine

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_VAL = qn("w:val")
_MAX_DECIMAL = 99  # the most a body's '1.', '2.1.' counts to (what read_line takes as a number)
_MAX_START = 1000  # a list starting past it is not a plan's numbering (and 'M' * 10**6 is not)


def _roman(n: int) -> str:
    n = min(n, 3999)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _start(value: str) -> int:
    """``w:start``, bounded before it is converted (a 5,000-digit number is refused by int)."""
    if not value.isdigit():
        return 1
    return _MAX_START if len(value) > 4 else min(int(value), _MAX_START)


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * min((n - 1) // 26 + 1, 4)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
}


def _val(parent: Any, tag: str) -> str | None:
    node = parent.find(qn(tag)) if parent is not None else None
    return None if node is None else node.get(_VAL)


class Numbering:
    """Counters of Word's automatic lists, so each numbered paragraph gets its visible label."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> fmt
        self.counts: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in node.iterchildren(qn("w:lvl")):
                start = _val(lvl, "w:start") or "1"
                levels[int(lvl.get(qn("w:ilvl")) or 0)] = (
                    _val(lvl, "w:numFmt") or "decimal",
                    _val(lvl, "w:lvlText") or "",
                    _start(start),
                )
            abstract[node.get(qn("w:abstractNumId")) or ""] = levels
        for num in root.iterchildren(qn("w:num")):
            self.levels[num.get(qn("w:numId")) or ""] = abstract.get(
                _val(num, "w:abstractNumId") or "", {}
            )

    def label(self, p: Any, style_numpr: Any) -> str:
        """'2.1. ', '- ' or '' for paragraph ``p`` (its own numPr, else its style's)."""
        ppr = p.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is None:
            numpr = style_numpr
        if numpr is None:
            return ""
        num_id = _val(numpr, "w:numId") or ""
        level = int(_val(numpr, "w:ilvl") or 0) if (_val(numpr, "w:ilvl") or "0").isdigit() else 0
        levels = self.levels.get(num_id)
        if not levels or level not in levels or level > 8:
            return ""
        fmt, text, _start = levels[level]
        if fmt == "bullet":
            return "+ " if text.strip() == "+" else "- "
        counts = self.counts.setdefault(num_id, [0] * 9)
        counts[level] = min(counts[level] + 1 if counts[level] else levels[level][2], 99_999)
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        if fmt not in _FORMATS or not text:
            return ""
        label = text
        for k in range(level + 1):
            kfmt = levels.get(k, ("decimal", "", 1))[0]
            value = counts[k] or levels.get(k, ("", "", 1))[2]
            if kfmt.startswith("decimal") and value > _MAX_DECIMAL:
                return ""  # '2147483647.': no plan numbers so; no number rather than a wrong one
            render = _FORMATS.get(kfmt, str)
            label = label.replace(f"%{k + 1}", render(value))
        return f"{label} "


def _style_of(p: Any, styles: dict[str, Any]) -> tuple[str, Any, bool]:
    """The paragraph's style name, the numPr its style carries, and whether it is bold."""
    style_id = _val(p.find(qn("w:pPr")), "w:pStyle") or ""
    style = styles.get(style_id)
    if style is None:
        return "", None, False
    ppr = style.find(qn("w:pPr"))
    numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
    rpr = style.find(qn("w:rPr"))
    name = _val(style, "w:name") or style_id
    return name, numpr, _on(rpr, "w:b")


def _on(rpr: Any, tag: str) -> bool:
    if rpr is None:
        return False
    node = rpr.find(qn(tag))
    return node is not None and node.get(_VAL) not in ("0", "false", "off")


def _bold(p: Any, style_bold: bool) -> bool:
    """Every run with text is bold (by its own formatting or the paragraph style's)."""
    runs = [r for r in p.iter(qn("w:r")) if any((t.text or "").strip() for t in r.iter(qn("w:t")))]
    if not runs:
        return False
    for run in runs:
        rpr = run.find(qn("w:rPr"))
        node = rpr.find(qn("w:b")) if rpr is not None else None
        if node is None and not style_bold:
            return False
        if node is not None and node.get(_VAL) in ("0", "false", "off"):
            return False
    return True


class DocxLines:
    """Collects a document's paragraphs as the reader walks its body."""

    def __init__(self, document: Any, paragraph_text: Any) -> None:
        self.numbering = Numbering(document)
        self.text_of = paragraph_text
        self.styles: dict[str, Any] = {}
        try:
            for style in document.styles.element.iterchildren(qn("w:style")):
                self.styles[style.get(qn("w:styleId")) or ""] = style
        except (KeyError, NotImplementedError, AttributeError):
            pass
        self.lines: list[BodyLine] = []

    def add(self, p: Any, page: int | None, table: int | None = None) -> int:
        """One paragraph (empty ones are skipped); returns its characters, for the budget."""
        name, style_numpr, style_bold = _style_of(p, self.styles)
        label = self.numbering.label(p, style_numpr)
        text = squash(clean(self.text_of(p)))
        if not text:
            return 0
        self.lines.append(
            BodyLine(
                f"{label}{text}",
                len(self.lines) + 1,
                None,
                name,
                _bold(p, style_bold),
                table,
            )
        )
        return len(text)

    def add_row(self, cells: list[list[Any]], page: int | None, table: int) -> int:
        """A row of a data table (three or more columns: a targets table, a list of documents)
        as one paragraph, cells joined by ' | ': an indicator and its '90%' belong together,
        while each cell of a two-column layout table (the header) stays a paragraph."""
        texts = [
            " ".join(t for t in (squash(clean(self.text_of(p))) for p in cell) if t)
            for cell in cells
        ]
        text = " | ".join(t for t in texts if t)
        if not text:
            return 0
        first = next((p for cell in cells for p in cell), None)
        name, style_bold = "", False
        if first is not None:
            name, _, style_bold = _style_of(first, self.styles)
        bold = all(_bold(p, style_bold) for cell in cells for p in cell if self.text_of(p))
        self.lines.append(BodyLine(text, len(self.lines) + 1, page, name, bold, table))
        return len(text)
