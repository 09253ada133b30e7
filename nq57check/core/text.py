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
_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


# Characters a document may carry that show nothing (zero-width space and joiners, word
# joiner, byte-order mark, soft hyphen, direction marks) and the hyphens that look like '-'
# (U+2010 hyphen, U+2011 non-breaking hyphen, which Word's "Số: 21/KH‑UBND" may hold).
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_INVISIBLE += "\u2060\u2061\u2062\u2063\u2064\ufeff"
_LOADED = {**dict.fromkeys(map(ord, _INVISIBLE)), 0x2010: "-", 0x2011: "-"}
_DASHES = str.maketrans({0x2012: "-", 0x2013: "-", 0x2212: "-"})


def clean(text: str) -> str:
    """``text`` as read from a document, for matching and for storing: NFC, without the
    invisible format characters (a ZWSP inside "Mường\u200bKim" would stay in the unit's
    name and break every match on it) and with U+2010/U+2011 hyphens as '-'. Nothing a
    reader sees changes."""
    return nfc(text.translate(_LOADED))


def plain_dashes(text: str) -> str:
    """A document number's dashes as '-' ("21/KH–UBND" -> "21/KH-UBND"): figure dash, en
    dash and minus sign are read as the hyphen a number is written with. Only for the text of
    a number: in prose an en dash is the user's punctuation."""
    return clean(text).translate(_DASHES)


# Where the letters with an ASCII base letter live (Latin-1, Latin Extended-A/B, Latin
# Extended Additional: all of Vietnamese) and the combining marks of NFD text. Any other
# non-ASCII character becomes a space anyway, through _NON_ALNUM.
_FOLD_RANGES = (range(0x80, 0x250), range(0x300, 0x370), range(0x1E00, 0x1F00))


def _fold_table() -> dict[int, str]:
    """One translation table: a character's ASCII base letter when it has one (ạ -> a,
    Đ -> d), nothing for combining marks, else a space."""
    table: dict[int, str] = {}
    for code in (c for block in _FOLD_RANGES for c in block):
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = ""
            continue
        base = "".join(
            c
            for c in unicodedata.normalize("NFD", char.translate(_D_MAP))
            if not unicodedata.combining(c)
        ).lower()
        table[code] = base if base.isascii() and base.isalnum() else " "
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Fold for diacritic- and case-insensitive matching: 'Mạng Mật' -> 'mang mat'.

    A single ``str.translate`` over a precomputed table (this runs on every task of
    every commune); characters above the table become spaces, like punctuation.
    """
    folded = text.lower().translate(_FOLD)
    return _NON_ALNUM.sub(" ", folded).strip()


def squash(text: str) -> str:
    """Collapse whitespace (line breaks inside table cells) without touching anything else."""
    return " ".join(text.split())  # str.split() splits on exactly what regex \s matches


# What a terminal would obey rather than show: the C0 controls (ESC, CR, NUL, BEL...) but
# tab and line feed, DEL, and the C1 controls (U+009B is CSI, U+009D is OSC on their own).
_TERMINAL_ESCAPES: dict[int, str] = {
    code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0)) if code not in (9, 10)
}


def terminal_safe(text: str) -> str:
    """``text`` with every control character shown as ``\\xNN``, for output to a terminal.

    A file's text must not drive the terminal of whoever reads the report: set its title
    (``ESC ] 0;...``), recolour or clear it, or hide a line behind a carriage return. The
    characters stay visible so the reader sees the file holds them; letters (Vietnamese
    included), tabs and line breaks are unchanged.
    """
    return text.translate(_TERMINAL_ESCAPES)


ECHO_LIMIT = 120


def excerpt(value: object, limit: int = ECHO_LIMIT) -> str:
    """At most ``limit`` characters of a value taken from a file, for an error message.

    Errors are printed, annotated in CI and kept in reports: a file must not be able to
    make them carry its whole content (a link to a system file, a 5,000-digit number).
    """
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"
