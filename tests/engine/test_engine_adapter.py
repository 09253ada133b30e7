"""The durable-rules adapter guards against every engine pitfall (see its module docstring)."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
import threading

import pytest

from nq57check.engine import durable_adapter as da
from nq57check.engine.durable_adapter import CompiledRuleset, EngineError, RuleSpec, _get_host


def names(matches: list[da.Match]) -> list[str]:
    return sorted(m.rule for m in matches)


def test_multi_key_condition_checks_every_key() -> None:
    # pitfall 1: {"kind": "task", "lead_ok": 0} would silently check only "kind"
    rs = CompiledRuleset([RuleSpec("r", (("t", {"kind": "task", "lead_ok": 0}),))])
    assert names(rs.run([{"kind": "task", "lead_ok": 1}])) == []
    assert names(rs.run([{"kind": "task", "lead_ok": 0}])) == ["r"]


def test_pattern_without_kind_is_refused() -> None:
    # pitfall 2: a kind-less pattern matches the session state and loops
    with pytest.raises(EngineError, match="must test 'kind'"):
        CompiledRuleset([RuleSpec("r", (("t", {"$nex": {"due": 1}}),))])


def test_unhandled_facts_do_not_defer_or_drop_matches() -> None:
    # pitfall 3: one unhandled fact in a batch used to defer every action of the batch
    rs = CompiledRuleset([RuleSpec("r", (("t", {"kind": "task"}),))])
    facts = [{"kind": "task", "n": 1}, {"kind": "nobody-listens"}, {"kind": "task", "n": 2}]
    assert len(rs.run(facts)) == 2


def test_identical_facts_are_not_deduplicated() -> None:
    # pitfall 4: facts with equal content collapse unless each has its own id
    rs = CompiledRuleset([RuleSpec("r", (("t", {"kind": "task"}),))])
    assert len(rs.run([{"kind": "task", "x": 1}, {"kind": "task", "x": 1}])) == 2


def test_action_failure_is_surfaced(monkeypatch: pytest.MonkeyPatch) -> None:
    # pitfall 5: the engine swallows exceptions raised in actions
    rs = CompiledRuleset([RuleSpec("r", (("t", {"kind": "task"}),))])

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(da, "Match", broken)
    with pytest.raises(EngineError, match="boom"):
        rs.run([{"kind": "task"}])


def test_more_sessions_than_the_engine_limit() -> None:
    # pitfall 6: the 1,025th live session crashes the process; sessions are deleted per run
    rs = CompiledRuleset([RuleSpec("r", (("t", {"kind": "task", "bad": 1}),))])
    total = sum(len(rs.run([{"kind": "task", "bad": i % 2}])) for i in range(1100))
    assert total == 550


def test_rulesets_can_coexist_and_inputs_are_not_mutated() -> None:
    # pitfall 7: one host per process; set_rulesets mutates what it is given
    spec = RuleSpec("r", (("t", {"kind": "task"}),))
    other = RuleSpec("r", (("t", {"kind": "task", "x": 1}),))
    first, second = CompiledRuleset([spec]), CompiledRuleset([other])
    assert first.name != second.name
    assert len(first.run([{"kind": "task"}])) == 1
    assert len(second.run([{"kind": "task"}])) == 0


def test_the_same_rules_compiled_again_share_one_engine_ruleset() -> None:
    # durable-rules frees only part of a deleted ruleset: compiling a pack again (a batch
    # after a batch in one process) must not register it again
    host = _get_host()
    spec = RuleSpec("shared", (("t", {"kind": "task", "n": 7}),), ({"kind": "stop", "n": 7},))
    first = CompiledRuleset([spec])
    registered = len(host._ruleset_list)
    again = [CompiledRuleset([spec]) for _ in range(5)]
    assert len(host._ruleset_list) == registered
    assert {r.name for r in again} == {first.name}
    # runs of rulesets that share an engine ruleset see only their own facts
    assert [m.facts["t"]["id_"] for m in first.run([{"kind": "task", "n": 7, "id_": 1}])] == [1]
    assert again[0].run([{"kind": "task", "n": 7}, {"kind": "stop", "n": 7}]) == []
    assert len(again[1].run([{"kind": "task", "n": 7}, {"kind": "task", "n": 7}])) == 2


def test_registering_a_ruleset_leaves_its_rules_as_they_were() -> None:
    # the engine gets a copy of each rule's dict, not of the patterns inside: it must not
    # change those, or a second ruleset (or the next worker's) would compile other rules
    condition = {"kind": "task", "$and": [{"status": "late"}, {"$gte": {"days": 3}}]}
    spec = RuleSpec("r", (("t", condition),), absent=({"kind": "waiver"},))
    before = copy.deepcopy(spec)
    first = CompiledRuleset([spec])
    assert spec == before
    second = CompiledRuleset([spec])
    facts = [{"kind": "task", "status": "late", "days": 4}]
    assert len(first.run(facts)) == len(second.run(facts)) == 1
    assert second.run([*facts, {"kind": "waiver"}]) == []


@pytest.mark.parametrize(
    "condition",
    [
        {"kind": "task", "$gt": {"due": {"p": "due"}}},
        {"kind": "task", "$add": {"a": 1}},
    ],
)
def test_unsafe_comparisons_are_refused(condition: dict[str, object]) -> None:
    # pitfall 8: non-equality joins and arithmetic read out of bounds in the C core
    with pytest.raises(EngineError):
        CompiledRuleset([RuleSpec("r", (("p", {"kind": "plan"}), ("t", condition)))])


def test_equality_join_between_facts() -> None:
    rs = CompiledRuleset(
        [
            RuleSpec(
                "joined",
                (
                    ("t", {"kind": "task", "late": 1}),
                    ("u", {"$and": [{"kind": "update"}, {"idx": {"t": "idx"}}]}),
                ),
            )
        ]
    )
    facts = [
        {"kind": "task", "idx": 1, "late": 1},
        {"kind": "task", "idx": 2, "late": 0},
        {"kind": "update", "idx": 1},
        {"kind": "update", "idx": 2},
    ]
    matches = rs.run(facts)
    assert [(m.facts["t"]["idx"], m.facts["u"]["idx"]) for m in matches] == [(1, 1)]


def test_negation_sees_facts_asserted_after_the_positive_ones() -> None:
    # pitfall 10: a blocker arriving after the positive match must still block
    rs = CompiledRuleset(
        [RuleSpec("missing", (("p", {"kind": "plan"}),), ({"kind": "cover", "req": "A"},))]
    )
    assert names(rs.run([{"kind": "plan"}, {"kind": "cover", "req": "A"}])) == []
    assert names(rs.run([{"kind": "plan"}, {"kind": "cover", "req": "B"}])) == ["missing"]


def test_fact_values_are_made_engine_safe() -> None:
    # pitfalls 11-13: NFC text, ints not floats/bools, bounded property count
    rs = CompiledRuleset([RuleSpec("r", (("t", {"kind": "task", "ok": 1, "name": "Mạng mật"}),))])
    nfd = "Ma\u0323ng ma\u0302\u0323t"
    assert len(rs.run([{"kind": "task", "ok": True, "name": nfd}])) == 1
    with pytest.raises(EngineError, match="not an int"):
        rs.run([{"kind": "task", "ratio": 0.5}])
    with pytest.raises(EngineError, match="properties"):
        rs.run([{"kind": "task", **{f"p{i}": i for i in range(300)}}])
    with pytest.raises(EngineError, match="NFC"):
        CompiledRuleset([RuleSpec("r2", (("t", {"kind": "task", "name": nfd}),))])


def test_session_without_any_action_is_deleted_safely() -> None:
    # found here: deleting a session where no action ran freed uninitialised pointers
    # (abort). Run in a child process so a regression cannot take the test runner down.
    code = textwrap.dedent(
        """
        from nq57check.engine.durable_adapter import CompiledRuleset, RuleSpec
        rs = CompiledRuleset([RuleSpec("late", (("c", {"kind": "cover", "req": "A"}),))])
        for _ in range(50):
            rs.run([{"kind": "plan"}, {"kind": "cover", "req": "C", "due": 5}])
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_engine_host_starts_no_background_threads() -> None:
    """durable's Host re-arms two timer threads every 0.2 s; the adapter's host has none."""
    ruleset = CompiledRuleset([RuleSpec("r", (("t", {"kind": "task"}),))])
    assert ruleset.run([{"kind": "task"}])
    assert not [t for t in threading.enumerate() if isinstance(t, threading.Timer)]
