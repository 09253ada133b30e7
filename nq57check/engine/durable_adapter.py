"""The one module that talks to durable-rules; every engine pitfall is handled here.

durable-rules 2.0.28 (a Rete engine with a C core) has sharp edges, each verified on this
machine (see the project README, "Engine"). What this adapter guarantees to the rest of
the code, and how:

1. Multi-key condition objects check only their first key: conditions are compiled to
   ``$and`` (:func:`normalise_condition`).
2. Patterns without a positive ``kind`` test match the session state and loop: refused.
3. A fact no rule matches raises ``MessageNotHandledException``; in a batch that also
   defers the actions of the facts that did match, and deleting the session afterwards
   crashes the C core. Every ruleset therefore gets a *sink* rule whose first pattern takes
   any fact and whose second never arrives, so every fact is handled and none fires.
4. Facts are de-duplicated by ``id``/content: the adapter numbers every fact itself.
5. Exceptions in actions are swallowed into the session state: actions here only record
   the match, inside our own try/except, and the state is checked after every run.
6. At most 1,024 live sessions per ruleset: every run deletes its session, and a counter
   refuses to go past the limit if deletion ever failed.
7. One ``Host`` per process, and ``set_rulesets`` mutates its input: a module-level host,
   and deep copies of the definitions.
8. Non-equality joins between facts read out of bounds in the C core: refused at compile
   time (compare against constants; compute differences into facts beforehand).
9. ``any`` over facts fires extra combinations: not offered; callers compile alternatives
   into separate rules.
10. A negation is decided when the positive facts complete the match, and a rule made only
   of a negation never fires: negations go last, after a trigger fact the adapter asserts
   once all other facts are in.
11./12. Text must be NFC; numbers must be ints or plain strings (no floats, no bools):
   facts are validated and converted before they reach the engine.
13. At most 255 properties per fact: refused above 250.
15. (Found here.) Each session mallocs large per-node pools in the C core; glibc keeps
   them after ``delete_state``, and a long batch's RSS creeps up (x1.3 over 3,321
   communes). :func:`release_freed_memory` asks glibc to return freed memory
   (``malloc_trim``); the batch calls it between communes, which keeps memory flat.
14. (Found here, not in the shared notes.) ``createStateNode`` in the C core leaves the
   session's ``context.messages``/``stateFact`` pointers uninitialised and
   ``deleteStateNode`` frees them: deleting a session in which no action ever ran frees
   garbage ("free(): invalid pointer", abort). Every ruleset gets an *opened* rule that
   fires once per session on the trigger fact, so the context is always initialised.
16. (Found here.) A ruleset's network has fixed-size tables: 256 patterns ending on one
   test were "Could not create ruleset, error code: 108", and other tables, once full, make
   building or matching loop for ever or crash (:mod:`nq57check.engine.capacity` lists
   them). The rules are measured first and split into several engine rulesets run in
   turn on the same facts, in one session each; a rule too large alone is refused.
"""

from __future__ import annotations

import functools
import itertools
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from durable import engine as _engine

from nq57check.engine.capacity import DURABLE, CapacityError, Limits, partition
from nq57check.engine.relevance import FactFilter, fields_read

TRIGGER_KIND = "__eval__"
NEVER_KIND = "__never__"
SINK_RULE = "__sink__"
OPENED_RULE = "__opened__"
MAX_LIVE_SESSIONS = 1000  # durable's hard limit is 1,024 per ruleset
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


def _compile(spec: RuleSpec, run: Callable[[Any], None]) -> dict[str, Any]:
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
    prepared = _prepared(fact)
    return dict(prepared) if prepared is fact else prepared


def _prepared(fact: dict[str, Any]) -> dict[str, Any]:
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


# What a trim leaves at the top of the heap: about two communes' engine sessions. Trimmed to
# nothing, the next commune paged the same ~8 MB in again (~600 page faults a commune);
# with this pad a serial 250-commune check took 0.94x the CPU (0.84-1.00, 6 runs each,
# in turn) at the same peak RSS.
TRIM_PAD = 16 * 2**20


@functools.cache
def _malloc_trim() -> Callable[[], object] | None:
    """glibc's ``malloc_trim``, or None where there is no such thing (looked up once, on
    first use: ``ctypes`` and the lookup cost a few ms a single-file check never needs)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # libc is loaded into every Python process
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return lambda: trim(TRIM_PAD)


def release_freed_memory() -> None:
    """Return memory freed by deleted sessions to the OS (glibc only; else nothing)."""
    trim = _malloc_trim()
    if trim is not None:
        trim()


class _Host(_engine.Host):
    """The engine's host without its two background timer threads.

    ``Host.__init__`` starts threads that re-arm themselves every 0.2 s to dispatch engine
    timers and messages queued between rulesets; these rulesets use neither (every action
    runs inside ``assert_facts``), so the threads only cost wake-ups in every process.
    """

    def _run(self) -> None:
        pass


_host_lock = threading.Lock()
_host: Any = None
_ruleset_numbers = itertools.count(1)


def _get_host() -> Any:
    global _host
    with _host_lock:
        if _host is None:
            _host = _Host()
        return _host


def _groups(
    definition: dict[str, dict[str, Any]], always: dict[str, dict[str, Any]], limits: Limits
) -> list[list[str]]:
    """Rule names in consecutive groups that each fit one engine ruleset (pitfall 16)."""

    def patterns(rule: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return [next(iter(pattern.items())) for pattern in rule["all"]]

    try:
        return partition(
            [(name, patterns(rule)) for name, rule in definition.items()],
            [(name, patterns(rule)) for name, rule in always.items()],
            limits,
        )
    except CapacityError as exc:
        raise EngineError(str(exc)) from exc


def capacity_problem(specs: Sequence[RuleSpec], limits: Limits = DURABLE) -> str | None:
    """Why one of ``specs`` cannot fit an engine ruleset even alone, or None.

    Packs ask when they load, so that such a rule is refused at its line; rules that
    only fill a ruleset together are split over several (see :class:`CompiledRuleset`).
    """
    always = _adapter_rules(lambda name: _no_action)
    for spec in specs:
        try:
            _groups({spec.name: _compile(spec, _no_action)}, always, limits)
        except EngineError as exc:
            cause = exc.__cause__
            if isinstance(cause, CapacityError):
                return f"more than the rules engine can hold: {cause.problem}"
            return f"the rules engine cannot run it: {exc}"
    return None


def _no_action(closure: Any) -> None:  # pragma: no cover - never registered with the engine
    pass


def _adapter_rules(action: Callable[[str], Callable[[Any], None]]) -> dict[str, dict[str, Any]]:
    """The sink and opening rules every engine ruleset carries (pitfalls 3 and 14)."""
    return {
        SINK_RULE: {
            "all": [{"any": {"$ex": {"kind": 1}}}, {"never": {"kind": NEVER_KIND}}],
            "run": action(SINK_RULE),
        },
        OPENED_RULE: {"all": [{"trigger": {"kind": TRIGGER_KIND}}], "run": action(OPENED_RULE)},
    }


@dataclass
class CompiledRuleset:
    """A set of rules registered once with the engine; run it once per commune."""

    specs: Sequence[RuleSpec]
    prune: bool = True  # facts no pattern can take stay out of the engine (relevance.py)
    project: bool = True  # the engine gets only the fields patterns read (relevance.py)
    name: str = ""
    limits: Limits = DURABLE  # the engine's table sizes; more rules are split (capacity.py)
    _results: dict[str, list[Match]] = field(default_factory=dict)
    _errors: dict[str, list[str]] = field(default_factory=dict)
    _sessions: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _live: int = 0
    _sent: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _parts: list[str] = field(default_factory=list)  # engine rulesets, run in this order

    def __post_init__(self) -> None:
        names = [spec.name for spec in self.specs]
        if len(set(names)) != len(names):
            raise EngineError("rule names must be unique within a ruleset")
        self.name = f"nq57_{next(_ruleset_numbers)}"
        definition = {spec.name: _compile(spec, self._action(spec.name)) for spec in self.specs}
        patterns = [  # the sink rule below takes every fact: not counted
            [(alias, condition) for pattern in rule["all"] for alias, condition in pattern.items()]
            for rule in definition.values()
        ]
        self._filter = FactFilter(patterns)
        self._read, self._read_of_all = fields_read(patterns)
        always = _adapter_rules(self._action)
        self._parts = []
        for number, names in enumerate(_groups(definition, always, self.limits)):
            part = {name: definition[name] for name in names} | always
            self._parts.append(self.name if number == 0 else f"{self.name}_{number + 1}")
            # set_rulesets deletes each rule's 'run' (pitfall 7) and only reads the rest: a
            # copy of each rule's own dict is enough (a deep copy was ~3 ms of every start)
            copies = {name: dict(rule) for name, rule in part.items()}
            _get_host().set_rulesets({self._parts[-1]: copies})

    def _action(self, rule: str) -> Callable[[Any], None]:
        def record(closure: Any) -> None:
            sid = "?"
            if rule == OPENED_RULE:
                return
            try:
                sid = str(closure.s.sid)
                frames = closure.m if isinstance(getattr(closure, "m", None), list) else None
                frames_data = [frame._d for frame in frames] if frames else [closure._m]
                results = self._results.setdefault(sid, [])
                sent = self._sent[sid]
                for frame in frames_data:
                    facts = {
                        alias: dict(sent[int(fact["id"][1:])])  # the whole fact
                        for alias, fact in frame.items()
                        if alias != "trigger"
                    }
                    results.append(Match(rule, facts))
            except Exception as exc:  # surfaced after the run (pitfall 5)
                self._errors.setdefault(sid, []).append(f"{rule}: {exc!r}")

        return record

    def _projected(self, fact: dict[str, Any]) -> dict[str, Any]:
        """The fields of ``fact`` some pattern reads: less JSON to write and for C to parse."""
        if not self.project:
            return dict(fact)
        wanted = self._read.get(fact["kind"], self._read_of_all)
        return {key: value for key, value in fact.items() if key in wanted}

    def run(self, facts: Iterable[dict[str, Any]]) -> list[Match]:
        """Assert ``facts`` in a fresh session, then the trigger; return every match."""
        if self._live >= MAX_LIVE_SESSIONS:
            raise EngineError("too many live engine sessions (a previous run did not clean up)")
        sid = f"s{next(self._sessions)}"
        whole = [_prepared(fact) for fact in facts]  # NFC first: the filter compares
        if self.prune:
            keep = self._filter.select(whole)
            whole = [fact for fact, wanted in zip(whole, keep, strict=True) if wanted]
        prepared: list[dict[str, Any]] = []
        if self.project:
            read, read_of_all = self._read, self._read_of_all
            for number, fact in enumerate(whole):  # the projection, numbered, in one pass
                wanted = read.get(fact["kind"], read_of_all)
                sent = {key: value for key, value in fact.items() if key in wanted}
                sent["id"] = f"f{number}"
                sent["sid"] = sid
                prepared.append(sent)
        else:
            for number, fact in enumerate(whole):
                prepared.append({**fact, "id": f"f{number}", "sid": sid})
        self._sent[sid] = whole
        prepared.append({"id": "trigger", "sid": sid, "kind": TRIGGER_KIND})
        host = _get_host()
        self._live += 1
        opened: list[str] = []
        try:
            for part in self._parts:  # every part sees every fact, then the trigger
                opened.append(part)
                try:
                    host.assert_facts(part, prepared)
                except _engine.MessageNotHandledException as exc:  # the sink should prevent it
                    raise EngineError("a fact reached no rule despite the sink rule") from exc
                state = host.get_state(part, sid)
                if isinstance(state, dict) and state.get("exception"):
                    self._errors.setdefault(sid, []).append(str(state["exception"]))
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"engine failed: {exc!r}") from exc
        finally:
            self._sent.pop(sid, None)
            deleted = 0
            for part in opened:
                try:
                    host.delete_state(part, sid)
                    deleted += 1
                except Exception:
                    pass
            if deleted == len(opened):
                self._live -= 1
        errors = self._errors.pop(sid, [])
        matches = self._results.pop(sid, [])
        if errors:
            raise EngineError("rule action failed: " + "; ".join(errors))
        return matches
