"""The shipped JSON Schema is valid draft 2020-12 and describes the json output."""

from __future__ import annotations

import copy
import importlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import nq57check

try:
    from reporter_fixtures import make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import make_run

SCHEMA_PATH = Path(nq57check.__file__).parent / "schemas" / "findings.schema.json"


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _document() -> dict[str, Any]:
    """The json output as specified, built here so the schema is tested on its own."""
    run = make_run()
    communes = sorted(run.communes, key=lambda c: c.path)
    return {
        "tool": {"name": "nq57check", "version": run.tool_version},
        "as_of": run.as_of,
        "packs": [{"name": n, "version": v} for n, v in run.packs],
        "communes": [
            {
                "path": c.path,
                "unit": c.unit,
                "province": c.province,
                "plan_file": c.plan_file,
                "inputs": c.inputs,
                "skipped": c.skipped,
                "problems": [
                    {"file": p.file, "line": p.line, "field": p.field, "message": p.message}
                    for p in c.problems
                ],
                "notes": [n.to_dict() for n in c.notes],
                "not_evaluated": [
                    {
                        "rule": "qua-han",
                        "requirement": "R-QUA-HAN",
                        "reason": "không có báo cáo",
                        "pack": "nq57",
                    }
                ],
            }
            for c in communes
        ],
        "findings": [
            {**f.to_dict(), "commune": c.path}
            for c in communes
            for f in sorted(c.findings, key=lambda f: f.sort_key())
        ],
        "summary": run.summary(),
    }


def test_schema_is_valid_2020_12() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_specified_document_validates() -> None:
    jsonschema.Draft202012Validator(_schema()).validate(_document())


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["findings"][0].update(severity="fatal"),
        lambda d: d["findings"][0].pop("fingerprint"),
        lambda d: d["communes"][0]["inputs"].update({"x": "not-a-hash"}),
        lambda d: d["summary"]["by_severity"].pop("info"),
        lambda d: d.update(as_of="20/04/2026"),
        lambda d: d["communes"][0]["problems"].append({"file": "f", "message": "m"}),
        lambda d: d["communes"][0]["notes"].append({"file": "f", "message": "m"}),
        lambda d: d["findings"][0].update(row=0),
        lambda d: d["communes"][0]["not_evaluated"][0].pop("reason"),
        lambda d: d["communes"][0].pop("not_evaluated"),
        lambda d: d["summary"].pop("not_evaluated"),
    ],
)
def test_schema_rejects_wrong_documents(mutate: Any) -> None:
    document = copy.deepcopy(_document())
    mutate(document)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_schema()).validate(document)


def test_json_reporter_output_validates() -> None:
    try:
        json_ = importlib.import_module("nq57check.reporters.json_")
    except ImportError:
        pytest.skip("nq57check.reporters.json_ not written yet")
    document = json.loads(json_.render(make_run()))
    jsonschema.Draft202012Validator(_schema()).validate(document)
