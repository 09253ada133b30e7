"""Typed body paragraphs for the body extractors' tests (no document needed)."""

from __future__ import annotations

from nq57check.importers.body.lines import BodyLine


def paragraphs(*texts: str | BodyLine, page: int | None = None) -> list[BodyLine]:
    """Numbered 1, 2, ... in order; a BodyLine given as is keeps its style, bold and table
    (its number is replaced by its position)."""
    out = []
    for number, item in enumerate(texts, start=1):
        if isinstance(item, BodyLine):
            out.append(BodyLine(item.text, number, page, item.style, item.bold, item.table))
        else:
            out.append(BodyLine(item, number, page))
    return out


def cell(text: str) -> BodyLine:
    """A paragraph of the header's two-column layout table."""
    return BodyLine(text, 0, table=1)


def bold(text: str) -> BodyLine:
    return BodyLine(text, 0, bold=True)
