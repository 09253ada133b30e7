"""Shapes shared by the readers and the table mapper.

Readers (docx, xlsx, pdf) only turn a file into :class:`RawTable` objects plus free text;
everything that decides what a column or row *means* lives in ``table.py``, so the three
formats behave the same and can be tested the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nq57check.importers.body.lines import BodyLine


class ImportFailure(Exception):
    """The document cannot be imported; the message says what was found and what to do."""


class ImportWarning(str):
    """Something the importer guessed or could not read: its text in Vietnamese and English,
    and where it is in the document.

    As a string it is what ``nq57check import`` has always printed ("bảng 2 ('DM'), dòng 7
    (trang 3): Vietnamese (English)"), so code that treats warnings as text keeps working;
    reports take :meth:`text` in the run's language and the place from ``table``/``row``/``page``.
    A reader may still add a plain ``str``: it is then shown as it is in both languages.
    """

    vi: str
    en: str
    table: int | None
    row: int | None
    page: int | None
    label: str
    paragraph: int | None
    absent: str

    def __new__(
        cls,
        vi: str,
        en: str,
        *,
        table: int | None = None,
        row: int | None = None,
        page: int | None = None,
        label: str = "",
        paragraph: int | None = None,
        absent: str = "",
    ) -> ImportWarning:
        sheet = f" ('{label}')" if label and table is not None else ""
        place = f"bảng {table}{sheet}" if table is not None else ""
        if paragraph is not None:
            place = f"{place}, đoạn {paragraph}" if place else f"đoạn {paragraph}"
        if row is not None:
            place = f"{place}, dòng {row}" if place else f"dòng {row}"
        if page is not None:
            place = f"{place} (trang {page})" if place else f"trang {page}"
        text = f"{vi} ({en})"
        self = super().__new__(cls, f"{place}: {text}" if place else text)
        self.vi, self.en, self.label = vi, en, label
        self.table, self.row, self.page = table, row, page
        self.paragraph = paragraph
        # "this field was not found" notes name the plan path: the assembler drops them when
        # another part of the document (the appendix's own title line) gave the field
        self.absent = absent
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[str, str], dict[str, Any]]:
        place = {"table": self.table, "row": self.row, "page": self.page, "label": self.label}
        place["paragraph"] = self.paragraph
        return (self.vi, self.en), place

    def text(self, lang: str) -> str:
        """The message alone (no place) in ``lang``; a sheet's name is kept, it is what the
        user sees in Excel where a table number is not."""
        message = self.en if lang == "en" else self.vi
        if self.label and self.table is not None:
            sheet = "sheet" if lang == "en" else "trang tính"
            message = f"{sheet} '{self.label}': {message}"
        return message


@dataclass(slots=True)
class Cell:
    """One grid cell of a table as a reader saw it.

    ``covered`` marks the grid columns a horizontal merge spans beyond its first one (their
    text is in the cell to the left, so it must not be read twice). ``from_above`` marks the
    continuation of a vertical merge: the text is copied from the cell above, because a lead
    unit merged over three tasks belongs to all three.
    """

    text: str = ""
    covered: bool = False
    from_above: bool = False


@dataclass(slots=True)
class RawRow:
    """A table row: its cells, 1-based row number and page (when the format has pages)."""

    cells: list[Cell]
    row: int
    page: int | None = None

    def texts(self) -> list[str]:
        """The text of every cell, empty for covered ones."""
        return ["" if cell.covered else cell.text for cell in self.cells]


@dataclass(slots=True)
class RawTable:
    """A table in document order; ``index`` is what warnings call 'bảng N'."""

    index: int
    rows: list[RawRow]
    label: str = ""  # e.g. the sheet name, shown in messages
    # a PDF page's first table, as wide on the page as the table on the page before: the same
    # table continued over a page break, even when its columns could not be matched up
    continues: bool = False

    @classmethod
    def from_strings(
        cls,
        index: int,
        rows: Iterable[Sequence[str | None]],
        *,
        page: int | None = None,
        first_row: int = 1,
    ) -> RawTable:
        """Build from rows of strings (``None`` = covered by a merge), mainly for tests."""
        built = []
        for number, values in enumerate(rows, start=first_row):
            cells = [Cell("", covered=True) if v is None else Cell(v) for v in values]
            built.append(RawRow(cells, number, page))
        return cls(index, built)


@dataclass(slots=True)
class Extracted:
    """What a reader hands to the table mapper."""

    tables: list[RawTable]
    text: str  # the document's free text (paragraphs outside tables), lines kept
    warnings: list[str] = field(default_factory=list)  # ImportWarning, or plain text
    body: list[BodyLine] = field(default_factory=list)  # paragraphs, for the body extractors


@dataclass
class ImportResult:
    """A plan mapping ready for ``Plan.model_validate`` and what the user should review."""

    plan: dict[str, Any]
    warnings: list[str]  # ImportWarning items (plain text from a reader that gives no place)
    sha256: str = ""  # of the bytes that were imported (read once)
