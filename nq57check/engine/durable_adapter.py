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
   and a copy of each rule's dict.
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
17. (Found here.) ``delete_ruleset`` frees only part of a ruleset (~3.9 MB of the national
   pack's stay), and the host keeps every ruleset registered with it: a process compiling
   the same pack again (batch after batch) grew without end. An engine ruleset is
   registered once per definition and shared by every :class:`CompiledRuleset` with those
   rules; the actions find their run by the session's id, unique in the process.

Rules and facts are put in the engine's terms by :mod:`nq57check.engine.rulespec`.
"""

from __future__ import annotations

import functools
import itertools
import json
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from durable import engine as _engine

from nq57check.engine.capacity import DURABLE, CapacityError, Limits, partition
from nq57check.engine.relevance import FactFilter, fields_read
from nq57check.engine.rulespec import (
    OPENED_RULE,
    TRIGGER_KIND,
    EngineError,
    Match,
    RuleSpec,
    adapter_rules,
    compile_rule,
    engine_safe,
    no_action,
    normalise_condition,
    prepare_fact,
)

__all__ = [  # what the rest of the code takes from here (rulespec.py is the adapter's own)
    "CompiledRuleset",
    "EngineError",
    "Match",
    "RuleSpec",
    "capacity_problem",
    "normalise_condition",
    "prepare_fact",
    "release_freed_memory",
]
MAX_LIVE_SESSIONS = 1000  # durable's hard limit is 1,024 per ruleset

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
    with _host_lock:
        return _get_host_unlocked()


def _get_host_unlocked() -> Any:
    global _host
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
    always = adapter_rules(lambda name: no_action)
    for spec in specs:
        try:
            _groups({spec.name: compile_rule(spec, no_action)}, always, limits)
        except EngineError as exc:
            cause = exc.__cause__
            if isinstance(cause, CapacityError):
                return f"more than the rules engine can hold: {cause.problem}"
            return f"the rules engine cannot run it: {exc}"
    return None


@dataclass(slots=True)
class _Session:
    """One run's facts as sent (the actions hand back whole facts), matches and errors."""

    sent: list[dict[str, Any]]
    results: list[Match] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# Every session of every ruleset, by its sid (unique in the process): the actions find
# their run here, so one engine ruleset can serve every CompiledRuleset that has its rules.
_runs: dict[str, _Session] = {}
_session_numbers = itertools.count(1)
# Engine rulesets by their definition (rules without actions, as JSON). durable-rules frees
# only part of a deleted ruleset (~3.9 MB of the national pack's stays), so a definition
# is registered once per process and reused by every CompiledRuleset that has it: the
# benchmarks' turns, a library caller's batch after batch, each selftest of one rule.
_registered: dict[str, str] = {}
_live: Counter[str] = Counter()  # sessions open in each engine ruleset (durable's limit)


def _record(rule: str) -> Callable[[Any], None]:
    """The action of ``rule``: its matches, with the whole facts, into their session's run."""

    def record(closure: Any) -> None:
        if rule == OPENED_RULE:
            return
        run: _Session | None = None
        try:
            run = _runs[str(closure.s.sid)]
            frames = closure.m if isinstance(getattr(closure, "m", None), list) else None
            frames_data = [frame._d for frame in frames] if frames else [closure._m]
            sent = run.sent
            for frame in frames_data:
                facts = {
                    alias: dict(sent[int(fact["id"][1:])])  # the whole fact
                    for alias, fact in frame.items()
                    if alias != "trigger"
                }
                run.results.append(Match(rule, facts))
        except Exception as exc:  # surfaced after the run (pitfall 5)
            if run is not None:
                run.errors.append(f"{rule}: {exc!r}")

    return record


def _engine_ruleset(part: dict[str, dict[str, Any]]) -> str:
    """The name of an engine ruleset with exactly ``part``'s rules, registered if new."""
    key = json.dumps(
        {name: {k: v for k, v in rule.items() if k != "run"} for name, rule in part.items()},
        sort_keys=True,
        ensure_ascii=False,
    )
    with _host_lock:
        name = _registered.get(key)
        if name is None:
            name = f"nq57_{next(_ruleset_numbers)}"
            # set_rulesets deletes each rule's 'run' (pitfall 7) and only reads the rest: a
            # copy of each rule's own dict is enough (a deep copy was ~3 ms of every start)
            copies = {rule: dict(definition) for rule, definition in part.items()}
            _get_host_unlocked().set_rulesets({name: copies})
            _registered[key] = name
    return name


@dataclass
class CompiledRuleset:
    """A set of rules registered once with the engine; run it once per commune."""

    specs: Sequence[RuleSpec]
    prune: bool = True  # facts no pattern can take stay out of the engine (relevance.py)
    project: bool = True  # the engine gets only the fields patterns read (relevance.py)
    name: str = ""
    limits: Limits = DURABLE  # the engine's table sizes; more rules are split (capacity.py)
    _parts: list[str] = field(default_factory=list)  # engine rulesets, run in this order

    def __post_init__(self) -> None:
        names = [spec.name for spec in self.specs]
        if len(set(names)) != len(names):
            raise EngineError("rule names must be unique within a ruleset")
        definition = {spec.name: compile_rule(spec, _record(spec.name)) for spec in self.specs}
        patterns = [  # the sink rule below takes every fact: not counted
            [(alias, condition) for pattern in rule["all"] for alias, condition in pattern.items()]
            for rule in definition.values()
        ]
        self._filter = FactFilter(patterns)
        self._read, self._read_of_all = fields_read(patterns)
        always = adapter_rules(_record)
        self._parts = [
            _engine_ruleset({name: definition[name] for name in names} | always)
            for names in _groups(definition, always, self.limits)
        ]
        self.name = self._parts[0]

    def _projected(self, fact: dict[str, Any]) -> dict[str, Any]:
        """The fields of ``fact`` some pattern reads: less JSON to write and for C to parse."""
        if not self.project:
            return dict(fact)
        wanted = self._read.get(fact["kind"], self._read_of_all)
        return {key: value for key, value in fact.items() if key in wanted}

    def run(self, facts: Iterable[dict[str, Any]]) -> list[Match]:
        """Assert ``facts`` in a fresh session, then the trigger; return every match."""
        if any(_live[part] >= MAX_LIVE_SESSIONS for part in self._parts):
            raise EngineError("too many live engine sessions (a previous run did not clean up)")
        sid = f"s{next(_session_numbers)}"
        whole = [engine_safe(fact) for fact in facts]  # NFC first: the filter compares
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
        run = _runs[sid] = _Session(whole)
        prepared.append({"id": "trigger", "sid": sid, "kind": TRIGGER_KIND})
        host = _get_host()
        opened: list[str] = []
        try:
            for part in self._parts:  # every part sees every fact, then the trigger
                opened.append(part)
                _live[part] += 1
                try:
                    host.assert_facts(part, prepared)
                except _engine.MessageNotHandledException as exc:  # the sink should prevent it
                    raise EngineError("a fact reached no rule despite the sink rule") from exc
                state = host.get_state(part, sid)
                if isinstance(state, dict) and state.get("exception"):
                    run.errors.append(str(state["exception"]))
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"engine failed: {exc!r}") from exc
        finally:
            _runs.pop(sid, None)
            for part in opened:
                try:
                    host.delete_state(part, sid)
                except Exception:  # still held by the engine: it counts against the limit
                    continue
                _live[part] -= 1
        if run.errors:
            raise EngineError("rule action failed: " + "; ".join(run.errors))
        return run.results
