"""Grammars for the free text of plans: deadlines and document numbers (số ký hiệu)."""

from nq57check.grammar.deadlines import Deadline, parse_deadline
from nq57check.grammar.docnumbers import (
    DocNumber,
    DocNumberError,
    find_doc_numbers,
    parse_doc_number,
)

__all__ = [
    "Deadline",
    "DocNumber",
    "DocNumberError",
    "find_doc_numbers",
    "parse_deadline",
    "parse_doc_number",
]
