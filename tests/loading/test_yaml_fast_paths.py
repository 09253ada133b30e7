"""The loader's shortcuts give exactly what PyYAML's own safe load gives.

Why: the resolver answers without PyYAML's steps, and converted dates, numbers, booleans
and nulls are remembered by their text; a shortcut that differed once (``007`` is octal 7
in YAML 1.1, ``1e3`` is a string, ``2026-13-01`` is no date) would change a plan's meaning
silently. Every case is loaded twice, so the second answer comes from what was remembered.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from nq57check.core.problems import InputError
from nq57check.loading.yamlio import parse_text


def same(ours: Any, theirs: Any) -> bool:
    """Equal and of the same type all the way down (``True == 1``, ``1 == 1.0`` are not)."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, dict):
        return list(ours) == list(theirs) and all(same(ours[k], theirs[k]) for k in ours)
    if isinstance(ours, list):
        return len(ours) == len(theirs) and all(map(same, ours, theirs))
    if isinstance(ours, float) and math.isnan(ours):
        return math.isnan(theirs)
    if isinstance(ours, dt.datetime):
        return ours == theirs and ours.tzinfo == theirs.tzinfo
    return bool(ours == theirs)


def reference(text: str) -> Any:
    """PyYAML's own safe load, the slow path: its resolver and constructors unchanged."""
    return yaml.load(text, Loader=yaml.CSafeLoader)


# fmt: off
PLAIN = [
    # dates and timestamps
    "2026-05-27", "2024-02-29", "2026-1-5", "0001-01-01", "9999-12-31",
    "2026-01-01T10:00:00Z", "2026-01-01 10:00:00+07:00", "2026-01-01t10:00:00.5-03:30",
    # integers, YAML 1.1: octal with a leading 0, hex, binary, base 60, underscores, signs
    "0", "-0", "+0", "7", "007", "017", "08", "0x10", "0X10", "0xff", "0b101", "0o17",
    "1_000", "+1", "-1", "+1_0", "190:20:30", "12345678901234567890123456789012345",
    # floats, and what YAML 1.1 does not take as one
    "1.5", "-1.5", "+.5", "1.", "1e3", "1.0e+3", "6.8523015e+5", "1_000.5", ".inf", "-.Inf",
    ".NaN", "190:20:30.15",
    # booleans and nulls, every spelling YAML 1.1 has
    "yes", "Yes", "YES", "no", "No", "true", "True", "TRUE", "false", "on", "On", "off",
    "OFF", "y", "n", "~", "null", "Null", "NULL", "",
    # strings that look close to the above
    "2026-05-27x", "20260527", "2026/05/27", "x2026-05-27", "1,000", "0x", "0b2", "--1",
    "yes!", "nulls", "in_progress", "Quý I/2026", "= 5", "2026-1-32",
]
ERRORS = ["2026-13-01", "2026-02-29", "2026-04-31", "2026-00-10"]
TAGGED = [
    "!!str 2026-05-27", "!!str 007", "!!str yes", "!!int 42", '!!int "42"', "!!int 007",
    "!!float 1", '!!float "1e3"', "!!bool yes", '!!bool "true"', "!!null ''", "! 123",
    "!!timestamp 2026-05-27", '!!timestamp "2026-05-27"', "!!str", "!!int 0x1F",
]
TAGGED_ERRORS = ["!!int 2026-05-27", "!!bool maybe", "!!timestamp 20_6-01-01", "!!float x"]
# fmt: on


@pytest.mark.parametrize("text", PLAIN + TAGGED)
def test_values_match_pyyaml_loaded_twice(text: str) -> None:
    documents = [f"v: {text}\n", f"- {text}\n- [{text}]\n"]
    if '"' not in text:
        documents.append(f'q: "{text}"\n')
    for document in documents:
        try:
            theirs = reference(document)
        except yaml.YAMLError:  # "- [!!str]": not YAML, whichever loader reads it
            with pytest.raises(InputError):
                parse_text(document, "x.yaml")
            continue
        for _ in range(2):
            ours, _locations = parse_text(document, "x.yaml")
            assert same(ours, theirs), (document, ours, theirs)


@pytest.mark.parametrize("text", ERRORS + TAGGED_ERRORS)
def test_impossible_values_are_refused_each_time(text: str) -> None:
    document = f"a: 1\nv: {text}\n"
    with pytest.raises(Exception):  # noqa: B017 - PyYAML raises several kinds
        reference(document)
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            parse_text(document, "x.yaml")
        assert caught.value.problems[0].line == 2


def test_number_and_date_keys_match_pyyaml() -> None:
    document = "1: a\n007: b\n2026-05-27: c\n0x10: d\n"
    theirs = {str(k) if isinstance(k, dt.date) else k: v for k, v in reference(document).items()}
    for _ in range(2):
        assert same(parse_text(document, "x.yaml")[0], theirs)


scalar_text = st.text(alphabet="0123456789-_:+.eExXoObBtTzZ ~ynYN", min_size=0, max_size=12)


@settings(max_examples=400, deadline=None)
@given(scalar_text)
def test_any_scalar_text_loads_as_pyyaml_loads_it(text: str) -> None:
    document = f"v: {text}\n"
    try:
        theirs = reference(document)
    except Exception:  # whatever PyYAML refuses, we refuse with a line
        with pytest.raises(InputError):
            parse_text(document, "x.yaml")
        return
    for _ in range(2):
        assert same(parse_text(document, "x.yaml")[0], theirs), document
