"""What the importer says about the document as a whole once body and table are merged: the
unit name when the document gives none, and the title-line reader's notes the body answers.
"""

from __future__ import annotations

import re
from typing import Any

from nq57check.core.text import fold, squash
from nq57check.importers.base import ImportWarning

# Words of a plan file's name that say what the file is, not whose ("KeHoach_2026",
# "ke-hoach-nq57"). An appendix's name ("phu_luc_25") is kept: it is often the commune's own.
_GENERIC_WORDS = frozenset(
    {"ke", "hoach", "kehoach", "kh", "plan", "nq", "nq57", "ubnd", "cds", "chuyen", "doi"}
    | {"so", "cdso", "final", "ban", "hanh", "banhanh", "moi", "new", "copy"}
)


def fallback_unit_name(stem: str, folder: str) -> tuple[str, ImportWarning]:
    """The unit name when the document names none, and the warning that says where it came
    from: the commune folder's name when the file's name is generic, else the file's."""
    words = re.split(r"[^a-z0-9]+", fold(stem))
    generic = all(w in _GENERIC_WORDS or w.isdigit() for w in words if w)
    name = squash(folder)
    if generic and name and fold(name) and name not in (".", ".."):
        return name, ImportWarning(
            f"không tìm thấy tên xã/phường trong tiêu đề và tên tệp '{stem}' không nêu tên xã;"
            f" dùng tên thư mục '{name}' (unit.name)",
            f"unit name not found in the title and the file name '{stem}' names no commune;"
            f" the folder name '{name}' is used (unit.name)",
        )
    return stem, ImportWarning(
        f"không tìm thấy tên xã/phường trong tiêu đề; dùng tên tệp '{stem}' (unit.name)",
        f"unit name not found in the title; the file name '{stem}' is used (unit.name)",
    )


def said_by_body(warnings: list[str], from_body: list[str], plan: dict[str, Any]) -> list[str]:
    """The title-line reader's notes without those on a field the body's header gave or
    already warns about at its paragraph (one "Số: /KH-UBND" is one warning, not two)."""
    said = {getattr(w, "absent", "") for w in from_body} - {""}

    def given(field: str) -> bool:
        value: Any = plan
        for key in field.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        return value not in (None, "", [], {})

    return [
        w
        for w in warnings
        if not (absent := getattr(w, "absent", "")) or (absent not in said and not given(absent))
    ]
