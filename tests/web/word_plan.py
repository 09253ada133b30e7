"""A commune's Word plan made in code, for the web tests and ``bench/serve.py``.

Plain wording of the kind real plans use, a task table in the standard columns; task 2 has
no lead unit and task 3 no output, so every plan has findings on tasks as well as the
plan-level ones (mandatory tasks that no row covers).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures" / "import"))
import import_builders

NAMES = [
    ("Ban hành danh mục cơ sở dữ liệu của xã", "Quyết định ban hành danh mục", "Quý I/2026"),
    (
        "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức",
        "Lớp tập huấn được tổ chức",
        "Tháng 6/2026",
    ),
    (
        "Tuyên truyền về chuyển đổi số trên Trang thông tin điện tử",
        "Tin bài đăng tải",
        "Thường xuyên",
    ),
    ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Hồ sơ được số hóa", "Quý III/2026"),
    ("Rà soát, nâng cấp hạ tầng mạng nội bộ của UBND xã", "Báo cáo rà soát hạ tầng", "30/9/2026"),
]


def plan_mapping(tasks: int = 50, unit: str = "Nậm Tăm") -> dict[str, Any]:
    rows = []
    for number in range(1, tasks + 1):
        name, output, deadline = NAMES[(number - 1) % len(NAMES)]
        rows.append(
            {
                "id": str(number),
                "name": f"{name} (đợt {number})" if number > len(NAMES) else name,
                "head": "Chủ tịch UBND xã",
                "lead": "" if number == 2 else "Văn phòng HĐND và UBND xã",
                "support": ["Phòng Văn hóa - Xã hội"],
                "output": "" if number == 3 else output,
                "deadline": deadline,
            }
        )
    return {
        "unit": {"name": unit},
        "document": {"number": "45/KH-UBND", "issued": dt.date(2026, 2, 20)},
        "tasks": rows,
    }


def write_word_plan(path: Path, tasks: int = 50, unit: str = "Nậm Tăm") -> Path:
    """``path`` (a .docx) holding the appendix of a plan of ``tasks`` tasks."""
    return import_builders.docx_from_plan(plan_mapping(tasks, unit), path)
