"""Turn pydantic errors into file:line problems a person can act on ("did you mean ...?")."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from nq57check.core.dates import implausible
from nq57check.core.hints import closest
from nq57check.core.problems import InputError, InputProblem
from nq57check.core.text import excerpt
from nq57check.loading.yamlio import Locations


def _unwrap(annotation: Any, *, part_is_key: bool) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(options[0], part_is_key=part_is_key) if options else annotation
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0], part_is_key=part_is_key)
    return annotation


ModelT = TypeVar("ModelT", bound=BaseModel)
_BOUNDS = frozenset({"greater_than_equal", "less_than_equal"})


def _element_model(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Walk a pydantic loc through models, lists and dicts to the owning model."""
    current: Any = model
    for part in loc:
        current = _unwrap(current, part_is_key=True)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if isinstance(part, str) and part in current.model_fields:
                current = current.model_fields[part].annotation
                continue
            return None
        origin = typing.get_origin(current)
        if origin in (list, dict):
            current = typing.get_args(current)[-1]
            continue
        return None
    current = _unwrap(current, part_is_key=True)
    origin = typing.get_origin(current)
    if origin in (list, dict):
        current = _unwrap(typing.get_args(current)[-1], part_is_key=True)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def problems_from_validation(
    exc: ValidationError,
    model: type[BaseModel],
    locations: Locations,
    prefix: str = "",
) -> list[InputProblem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        dotted = ".".join(excerpt(p, 60) for p in loc) or "(document)"
        message = str(error["msg"])
        if error["type"] == "extra_forbidden":
            owner = _element_model(model, loc[:-1])
            allowed = sorted(owner.model_fields) if owner else []
            guess = closest(str(loc[-1]), allowed)
            message = f"unknown key '{excerpt(loc[-1])}'"
            if guess:
                message += f"; did you mean '{guess}'?"
            elif allowed:
                message += f" (allowed: {', '.join(allowed)})"
        elif error["type"] == "missing":
            message = "required key is missing"
        elif error["type"] == "too_long":
            context = error.get("ctx", {})
            message = (
                f"{context.get('actual_length', 0):,} items; at most"
                f" {context.get('max_length', 0):,} are supported"
            )
        elif error["type"] == "value_error":  # our own validators: their words only
            message = message.removeprefix("Value error, ")
        elif error["type"] in _BOUNDS and isinstance(error.get("input"), dt.date):
            given = error["input"]  # a DocDate out of this century (as its day, if a datetime)
            message = implausible(given.date() if isinstance(given, dt.datetime) else given)
        elif error["type"].startswith("date"):
            given = error.get("input")
            shown = given.isoformat() if hasattr(given, "isoformat") else excerpt(repr(given))
            message = f"{message} (got {shown}; write dates as YYYY-MM-DD)"
        problems.append(
            InputProblem(
                file=locations.file,
                line=locations.line_of(loc),
                message=message,
                field=f"{prefix}{dotted}",
            )
        )
    return problems


def validate_document(model: type[ModelT], data: object, locations: Locations, what: str) -> ModelT:
    """Validate one file's data against its root model; every problem at once, with lines."""
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else "a single value"
        raise InputError.single(
            locations.file, f"{what} must be a mapping (key: value lines), not {shape}", line=1
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, model, locations)) from exc
