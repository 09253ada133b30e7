"""Shared by the kinds' test modules: a task, and the rules an example plan fires."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from nq57check.check.evaluate import Checker
from nq57check.check.selftest import example_findings
from nq57check.packs.loader import load_pack

MAT = "Gửi nhận văn bản Mật, Tối mật qua mạng thông tin diện rộng của Đảng"


def task(number: int, name: str, deadline: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(number),
        "name": name,
        "lead": "Văn phòng",
        "output": "Kết quả cụ thể",
        "deadline": deadline,
        **extra,
    }


def fired(
    pack_name: str,
    rule_ids: list[str],
    snippet: dict[str, Any],
    on: dt.date = dt.date(2026, 2, 10),
    rules_dirs: list[Path] | None = None,
) -> list[str]:
    checker = Checker.build(load_pack(pack_name, rules_dirs), rule_ids)
    return [f"{f.rule}:{f.task or ''}" for f in example_findings(checker, snippet, as_of=on)]
