"""What the engine is given: rules in durable-rules' grammar, and facts its C core keeps.

Pure data work, no engine: the pitfalls it guards against (numbered as in
:mod:`nq57check.engine.durable_adapter`) are 1, 2, 4 and 8-13. Kept apart so that the
adapter holds only what talks to durable-rules itself.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TRIGGER_KIND = "__eval__"
NEVER_KIND = "__never__"
SINK_RULE = "__sink__"
OPENED_RULE = "__opened__"
MAX_PROPERTIES = 250
MATCHES_PER_CALL = 1000
_COMPARISONS = ("$lt", "$gt", "$lte", "$gte", "$neq")
_ARITHMETIC = ("$add", "$sub", "$mul", "$div")
_INT64 = (-(2**63), 2**63 - 1)


class EngineError(Exception):
    """A rule or fact the engine cannot run safely, or an action that failed."""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """An engine rule: positive patterns (alias -> condition), then negated conditions.

    A match means: facts exist for every pattern, and after all facts are in, no fact
    satisfies any of the ``absent`` conditions.
    """

    name: str
    patterns: tuple[tuple[str, dict[str, Any]], ...]
    absent: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    rule: str
    facts: dict[str, dict[str, Any]]


def normalise_condition(condition: dict[str, Any]) -> dict[str, Any]:
    """Compile a condition so that every object has exactly one key (pitfall 1)."""
    if not isinstance(condition, dict) or not condition:
        raise EngineError(f"a condition must be a non-empty mapping, got {condition!r}")
    if len(condition) > 1:
        return {"$and": [normalise_condition({k: v}) for k, v in condition.items()]}
    ((key, value),) = condition.items()
    if key in ("$and", "$or"):
        if not isinstance(value, list) or not value:
            raise EngineError(f"{key} needs a non-empty list")
        return {key: [normalise_condition(item) for item in value]}
    if key in _ARITHMETIC:
        raise EngineError(f"{key} is not allowed (crashes the engine's C core)")
    if key in _COMPARISONS or key in ("$mt", "$ex", "$nex"):
        if not isinstance(value, dict) or len(value) != 1:
            raise EngineError(f"{key} takes exactly one field, got {value!r}")
        ((fieldname, operand),) = value.items()
        if isinstance(operand, dict):
            raise EngineError(
                f"{key} on '{fieldname}' compares with another fact: only equality joins are"
                " safe in durable-rules; compute the comparison into a fact instead"
            )
        _check_value(operand, f"{key} {fieldname}")
        return {key: {fieldname: operand}}
    if key.startswith("$"):
        raise EngineError(f"unsupported operator {key}")
    if isinstance(value, dict):
        if len(value) != 1 or not all(isinstance(v, str) for v in value.values()):
            raise EngineError(f"a join on '{key}' must name one alias and one field")
        return {key: value}
    _check_value(value, key)
    return {key: value}


def _check_value(value: Any, where: str) -> None:
    if isinstance(value, (bool, float)):
        raise EngineError(f"{where}: use ints or text in the engine, not {type(value).__name__}")
    if isinstance(value, int) and not _INT64[0] <= value <= _INT64[1]:
        # the C core reads ints with atol: a larger one silently became another number
        digits = len(str(abs(value))) if abs(value) < 10**4000 else "over 4,000"
        raise EngineError(f"{where}: an integer of {digits} digits is beyond the engine's 64 bits")
    if isinstance(value, str) and unicodedata.normalize("NFC", value) != value:
        raise EngineError(f"{where}: text must be NFC")


def _kind_of(condition: dict[str, Any]) -> str | None:
    """The positive ``kind`` equality a condition requires (pitfall 2), if any."""
    if isinstance(condition.get("kind"), str):
        return str(condition["kind"])
    for part in condition.get("$and", []):
        found = _kind_of(part)
        if found:
            return found
    return None


def compile_rule(spec: RuleSpec, run: Callable[[Any], None]) -> dict[str, Any]:
    if not spec.patterns:
        raise EngineError(f"rule {spec.name}: needs at least one positive pattern")
    pattern_list: list[dict[str, Any]] = []
    aliases: set[str] = set()
    for alias, condition in spec.patterns:
        if not alias.isidentifier() or alias.startswith("_") or alias in aliases:
            raise EngineError(f"rule {spec.name}: bad or repeated alias {alias!r}")
        if alias == "m":  # durable's default alias: the match reads back as a bare fact
            raise EngineError(f"rule {spec.name}: alias 'm' is reserved by durable-rules")
        aliases.add(alias)
        compiled = normalise_condition(condition)
        if _kind_of(compiled) is None:
            raise EngineError(f"rule {spec.name}: pattern '{alias}' must test 'kind'")
        pattern_list.append({alias: compiled})
    if spec.absent:
        pattern_list.append({"trigger": {"kind": TRIGGER_KIND}})
        for condition in spec.absent:
            compiled = normalise_condition(condition)
            if _kind_of(compiled) is None:
                raise EngineError(f"rule {spec.name}: negated condition must test 'kind'")
            pattern_list.append({f"absent_{len(pattern_list)}$not": compiled})
    # "cap" hands every pending match of the rule to one action call: one Python callback
    # (and one JSON round trip inside durable) per rule and session, not per match.
    return {"all": pattern_list, "cap": MATCHES_PER_CALL, "run": run}


def prepare_fact(fact: dict[str, Any]) -> dict[str, Any]:
    """Validate and convert one fact into what the C core stores faithfully (a new dict)."""
    safe = engine_safe(fact)
    return dict(safe) if safe is fact else safe


def engine_safe(fact: dict[str, Any]) -> dict[str, Any]:
    """:func:`prepare_fact`, but the fact itself when it is already safe (the common case:
    a run neither changes nor keeps the caller's facts, it sends projections of them)."""
    kind = fact.get("kind")
    if not isinstance(kind, str) or not kind or kind == TRIGGER_KIND:
        raise EngineError(f"every fact needs a 'kind' (got {kind!r})")
    if len(fact) > MAX_PROPERTIES:
        raise EngineError(f"fact of kind {kind} has {len(fact)} properties (max {MAX_PROPERTIES})")
    if "id" in fact or "sid" in fact:
        raise EngineError("'id' and 'sid' are assigned by the engine adapter")
    for value in fact.values():
        kind_of_value = type(value)
        if kind_of_value is not int and not (kind_of_value is str and value.isascii()):
            break
    else:
        return fact  # the common case: ints and ASCII text only, already safe
    clean: dict[str, Any] = {}
    for key, value in fact.items():
        kind_of_value = type(value)
        if kind_of_value is int or (kind_of_value is str and value.isascii()):
            clean[key] = value
            continue
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, float):
            if not value.is_integer():
                raise EngineError(f"{kind}.{key}: {value} is not an int (use basis points)")
            value = int(value)
        elif isinstance(value, str):
            if not value.isascii():
                value = unicodedata.normalize("NFC", value)
        elif isinstance(value, list):
            value = [unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in value]
        elif value is not None and not isinstance(value, int):
            raise EngineError(f"{kind}.{key}: unsupported value type {type(value).__name__}")
        if value is not None:
            clean[key] = value
    return clean


def no_action(closure: Any) -> None:  # pragma: no cover - never registered with the engine
    pass


def adapter_rules(action: Callable[[str], Callable[[Any], None]]) -> dict[str, dict[str, Any]]:
    """The sink and opening rules every engine ruleset carries (pitfalls 3 and 14)."""
    return {
        SINK_RULE: {
            "all": [{"any": {"$ex": {"kind": 1}}}, {"never": {"kind": NEVER_KIND}}],
            "run": action(SINK_RULE),
        },
        OPENED_RULE: {"all": [{"trigger": {"kind": TRIGGER_KIND}}], "run": action(OPENED_RULE)},
    }
