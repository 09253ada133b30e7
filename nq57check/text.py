"""Vietnamese text helpers: one place decides how text is normalised and compared.

User text is stored NFC (the form durable-rules and most tools expect) and never altered
for output; matching uses a *folded* copy: lower-case, diacritics removed (đ -> d), every
run of non-alphanumerics collapsed to one space. Folded text is plain ASCII ``[a-z0-9 ]``,
so patterns built from it never need regex escaping.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Fold for diacritic- and case-insensitive matching: 'Mạng Mật' -> 'mang mat'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.lower()).strip()


def squash(text: str) -> str:
    """Collapse whitespace (line breaks inside table cells) without touching anything else."""
    return _SPACES.sub(" ", text).strip()


def word_count(text: str) -> int:
    """Number of words in folded text; a cheap proxy for 'a non-trivial name'."""
    folded = fold(text)
    return len(folded.split()) if folded else 0
