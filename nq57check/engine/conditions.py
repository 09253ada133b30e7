"""Builders of engine conditions: kinds say what they test, only the engine knows the dialect.

A condition is still plain data (durable-rules' JSON grammar, the same dicts as before, so
rulesets and fingerprints are unchanged); these builders are the one place its operators
(``$and``, ``$lt``, ``$mt`` ...) are spelled outside the adapter. Equality stays a plain
``{"field": value}`` and a join a plain ``{"field": {"alias": "field"}}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Condition = dict[str, Any]


def all_of(*parts: Condition) -> Condition:
    """Every part holds (``$and``)."""
    return {"$and": list(parts)}


def any_of(*parts: Condition) -> Condition:
    """At least one part holds (``$or``)."""
    return {"$or": list(parts)}


def any_in(parts: Iterable[Condition]) -> Condition:
    """At least one of a generated list of parts holds (``$or``)."""
    return {"$or": list(parts)}


def lt(field: str, value: object) -> Condition:
    return {"$lt": {field: value}}


def lte(field: str, value: object) -> Condition:
    return {"$lte": {field: value}}


def gt(field: str, value: object) -> Condition:
    return {"$gt": {field: value}}


def gte(field: str, value: object) -> Condition:
    return {"$gte": {field: value}}


def neq(field: str, value: object) -> Condition:
    return {"$neq": {field: value}}


def matches(field: str, pattern: str) -> Condition:
    """The field's whole text matches the (engine's own, anchored) regex ``pattern``."""
    return {"$mt": {field: pattern}}
