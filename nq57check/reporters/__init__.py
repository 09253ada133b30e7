"""Output formats, one module each; imported lazily so a run loads only what it prints."""

from __future__ import annotations

import importlib
from typing import Protocol

from nq57check.findings import RunResult

FORMATS: dict[str, str] = {
    "table": "table",
    "json": "json_",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "markdown": "markdown",
    "html": "html",
    "xlsx": "xlsx",
    "csv": "csv_",
    "docx": "docx_",
}
BINARY_FORMATS = frozenset({"xlsx", "docx"})


class Renderer(Protocol):
    def __call__(self, run: RunResult, *, lang: str = "vi") -> str | bytes: ...


def renderer(name: str) -> Renderer:
    module = importlib.import_module(f"nq57check.reporters.{FORMATS[name]}")
    render: Renderer = module.render
    return render
