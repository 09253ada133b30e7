"""Loaders never crash: any bytes give a plan or an InputError with a file and line."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nq57check.core.problems import InputError
from nq57check.loading.encoding import decode_text
from nq57check.loading.plan import validate_plan
from nq57check.loading.yamlio import parse_text

YAML_ALPHABET = string.printable + "ạảãáàăâđêôơưĐỆỘ–“”…\u0301\u0323\ufeff\x00\x07"
yaml_text = st.text(alphabet=YAML_ALPHABET, max_size=400)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(["id", "name", "lead", "tasks", "unit", "x", "value"]),
            children,
            max_size=4,
        ),
    ),
    max_leaves=20,
)
plan_like = st.fixed_dictionaries(
    {},
    optional={
        "unit": st.one_of(values, st.fixed_dictionaries({"name": st.text(max_size=10)})),
        "document": values,
        "tasks": st.lists(
            st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "name",
                        "lead",
                        "head",
                        "output",
                        "deadline",
                        "support",
                        "section",
                        "requirements",
                        "bogus",
                    ]
                ),
                values,
                max_size=6,
            ),
            max_size=5,
        ),
        "targets": values,
        "sections": values,
    },
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(yaml_text)
def test_parse_text_never_crashes(text: str) -> None:
    try:
        parse_text(text, "f.yaml")
    except InputError as exc:
        assert all(p.file == "f.yaml" for p in exc.problems)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decoding_any_bytes_never_crashes(raw: bytes) -> None:
    try:
        text = decode_text(raw, "f.yaml")
        parse_text(text, "f.yaml")
    except InputError:
        pass


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(plan_like)
def test_validating_any_structure_never_crashes(data: dict) -> None:  # type: ignore[type-arg]
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True)
    parsed, locations = parse_text(text, "plan.yaml")
    try:
        validate_plan(parsed, locations)
    except InputError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line is not None and problem.line >= 1
