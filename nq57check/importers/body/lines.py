"""The one shape every body reader hands over: paragraphs in document order with their place.

Word and PDF readers produce it; the extractors (header, basis, targets, tasks, reporting
clause) only read it, so each can be tested on typed lines and serves both formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class BodyLine:
    """One paragraph of the body (NFC text, whitespace collapsed) and where the user finds it."""

    text: str
    paragraph: int  # 1-based, in document order, what messages call "đoạn N"
    page: int | None = None  # PDF page (Word has none we can trust)
    style: str = ""  # the Word style name ("Heading 1", "List Paragraph"), "" when unknown
    bold: bool = False  # every run of the paragraph is bold (headings often are)
    table: int | None = None  # a paragraph inside a layout table (the header's two columns)


@dataclass(slots=True)
class BodyPart:
    """What one extractor read from the body: a fragment of the plan mapping, merged at the top
    level by the assembler (``{"document": {"basis": [...]}}``, ``{"targets": {...}}``), the
    warnings for the user (ImportWarning, naming the paragraph), and what read like plan content
    but could not be placed (``provenance.unmapped`` entries, each with paragraph and reason)."""

    fields: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unmapped: list[dict[str, Any]] = field(default_factory=list)
