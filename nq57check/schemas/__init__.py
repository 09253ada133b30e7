"""JSON Schemas of the file formats, generated from the pydantic models (and the findings)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def json_schema(what: str) -> dict[str, Any]:
    if what == "plan":
        from nq57check.loading.models import Plan

        return Plan.model_json_schema()
    if what == "report":
        from nq57check.loading.report_models import Report

        return Report.model_json_schema()
    text = resources.files("nq57check.schemas").joinpath("findings.schema.json").read_text("utf-8")
    return dict(json.loads(text))
