"""Shapes shared by the readers and the table mapper.

Readers (docx, xlsx, pdf) only turn a file into :class:`RawTable` objects plus free text;
everything that decides what a column or row *means* lives in ``table.py``, so the three
formats behave the same and can be tested the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


class ImportFailure(Exception):
    """The document cannot be imported; the message says what was found and what to do."""


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
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    """A plan mapping ready for ``Plan.model_validate`` and what the user should review."""

    plan: dict[str, Any]
    warnings: list[str]
