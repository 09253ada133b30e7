"""Decoding input bytes: UTF-8 only, with a useful message when it is not.

Vietnamese files from older offices come in Windows-1258 or the legacy TCVN3 (ABC) and VNI
encodings; decoding them as UTF-8 either fails or produces mojibake that no pattern
matches. We detect and name them rather than guess-convert, so the user re-saves the file.
"""

from __future__ import annotations

import re

from nq57check.core.problems import InputError
from nq57check.core.text import nfc

# Characters that TCVN3 (ABC) fonts use for Vietnamese letters and that VNI does not use,
# read as Windows-1252/Latin-1 (TCVN3 also uses accented Latin letters, as VNI does).
_TCVN3_HINT = re.compile("[µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞß]")
_VIETNAMESE = re.compile("[\u1ea0-\u1ef9đĐơƠưƯăĂ]")
# VNI writes a base letter followed by a diacritic byte from a small set.
_VNI_HINT = re.compile("[a-zA-Z][ùøûõïöôòóñ][a-zA-Z ]")


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode_text(raw: bytes, display: str) -> str:
    """UTF-8 (optional BOM) to NFC text, or an InputError naming the likely encoding."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(display, "file is UTF-16; save it as UTF-8", line=1)
    if b"\x00" in raw[:4096]:
        raise InputError.single(display, "file is binary (contains NUL bytes), not YAML/JSON")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = legacy_encoding_guess(raw.decode("latin-1"))
        line = _line_of(raw, exc.start)
        hint = f" It looks like {guess}." if guess else ""
        raise InputError.single(
            display,
            f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}).{hint}"
            " Save it as UTF-8 and try again.",
            line=line,
        ) from exc
    guess = legacy_encoding_guess(text, minimum=8)
    if guess and guess != "Windows-1258":
        raise InputError.single(
            display,
            f"text looks like {guess}-encoded Vietnamese read as Unicode;"
            " convert it to Unicode (UTF-8) first",
        )
    return nfc(text)


def legacy_encoding_guess(text: str, *, minimum: int = 3) -> str | None:
    """Name the legacy encoding ``text`` (decoded as Latin-1/UTF-8) most likely is."""
    sample = text[:20000]
    if _VIETNAMESE.search(sample):
        return None
    tcvn = len(_TCVN3_HINT.findall(sample))
    vni = len(_VNI_HINT.findall(sample))
    cp1258 = sum(1 for ch in sample if ch in "\xd2\xde\xec\xf2\xcc\xe3\xf5\xd5\xdd")
    if tcvn >= minimum and tcvn > vni:
        return "TCVN3 (ABC)"
    if vni >= minimum:
        return "VNI"
    if cp1258 >= minimum:
        return "Windows-1258"
    return None
