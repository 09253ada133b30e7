"""How much of durable-rules' fixed-size C tables a ruleset fills, measured before it is built.

durable-rules 2.0.28 compiles a ruleset into a Rete network whose tables have fixed sizes
(``src/rules/rules.h``, ``rete.c`` and ``events.c`` of the release). Past them it fails in
ways that lose a whole batch; a pack of 300 rules found the first ("Could not create
ruleset, error code: 108"). Each limit, read in the C source and confirmed on this machine:

- *patterns on one condition node* (``BETA_LIST_LENGTH``, 256 slots ended by a zero): a
  pattern's tests form a chain of shared condition nodes and the pattern hangs on its last
  one. 257 patterns is error 108 (or a write past the list), and 256 leave no end marker
  for the matcher to stop at: at most 255;
- *conditions under one node* (``NEXT_BUCKET_LENGTH``, a 512-slot open-addressing table):
  with all 512 slots taken, building the 513th condition and matching any fact both loop
  for ever: at most 511;
- *absence tests and ``$or`` junctions under one node* (``NEXT_LIST_LENGTH``, 128 slots
  ended by a zero; the 129th is error 107): at most 127;
- *rules per ruleset* (``MAX_ACTIONS``, error 106): at most 4,096;
- *expressions per pattern* (``MAX_SEQUENCE_EXPRESSIONS``: two per ``$and``/``$or``, one per
  join; the 32nd is error 113): at most 31;
- *nodes waiting while one fact is matched* (``MAX_STACK_SIZE``): the matcher walks the
  network depth-first with a 64-entry stack; more is error 303 mid-run, after which deleting
  the session aborts the process: at most 64, bounded here as if every test could hold.

:class:`Network` replays how durable shares nodes (under one parent, a test of the same
field with the same operator and constant is one node; regexes, joins and ``$or``
junctions are never shared) and measures every table as rules are added.
:func:`partition` cuts rules into consecutive groups that each fit one ruleset; a rule that
cannot fit even alone is refused with the limit it breaks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Pattern = tuple[str, dict[str, Any]]  # (alias, compiled condition)


class CapacityError(ValueError):
    """A rule that does not fit in one durable-rules ruleset even alone."""

    def __init__(self, rule: str, problem: str) -> None:
        super().__init__(f"rule {rule} does not fit one engine ruleset: {problem}")
        self.rule = rule
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Limits:
    """durable-rules 2.0.28's table sizes, as usable maxima (see the module docstring)."""

    patterns_per_node: int = 255
    conditions_per_node: int = 511
    absences_per_node: int = 127
    rules: int = 4096
    expressions_per_pattern: int = 31
    pending_nodes: int = 64


DURABLE = Limits()
_SHARED_OPERATORS = frozenset({"$lt", "$gt", "$lte", "$gte", "$neq", "$ex", "$nex"})


@dataclass(eq=False, slots=True)
class _Node:
    """One condition (alpha) node: its children, the patterns on it, and its stack bound."""

    label: str
    shared: dict[tuple[Any, ...], _Node] = field(default_factory=dict)  # in the 512-slot table
    unshared: int = 0  # regexes and joins, also in that table
    absences: dict[tuple[Any, ...], _Node] = field(default_factory=dict)  # in the 128-slot list
    junctions: int = 0  # $or junctions hung on this node, also in that list
    patterns: int = 0
    # How many children may be pushed at once when a fact passes this node: every child
    # can, except that equality tests of one field with different constants exclude each
    # other (durable compares an int fact with a text constant as text: "1" and 1 both hold).
    others: int = 0
    equalities: dict[str, Counter[str]] = field(default_factory=dict)
    pushed: int = 0
    deepest_child: int = 0  # the largest ``peak`` among the children
    peak: int = 0  # most stack entries the subtree below this node can need

    def conditions(self) -> int:
        return len(self.shared) + self.unshared

    def list_entries(self) -> int:
        return len(self.absences) + self.junctions


def _describe(operator: str, name: str, value: Any) -> str:
    return f"{name} {operator} {value!r}" if operator else f"{name} == {value!r}"


class Network:
    """The alpha network durable-rules would build for the rules added so far."""

    def __init__(self, limits: Limits = DURABLE) -> None:
        self.limits = limits
        self.root = _Node("the fact")
        self.rules = 0

    def add(self, rule: str, patterns: Sequence[Pattern]) -> str | None:
        """Add one rule; return why the network no longer fits, or None."""
        self.rules += 1
        touched: list[tuple[_Node, _Node]] = []  # (parent, child) edges this rule used
        for alias, condition in patterns:
            expressions = _expressions(condition)
            if expressions > self.limits.expressions_per_pattern:
                return (
                    f"pattern '{alias}' needs {expressions} engine expressions;"
                    f" durable-rules allows at most {self.limits.expressions_per_pattern}"
                )
            last = self._build(self.root, condition, touched)
            last.patterns += 1
            if last.patterns > self.limits.patterns_per_node:
                return (
                    f"{last.patterns} patterns end on the test {last.label}; durable-rules"
                    f" allows at most {self.limits.patterns_per_node} on one test"
                )
        for parent, _ in touched:
            if parent.conditions() > self.limits.conditions_per_node:
                return (
                    f"{parent.conditions()} tests follow {parent.label}; durable-rules allows"
                    f" at most {self.limits.conditions_per_node} after one test"
                )
            if parent.list_entries() > self.limits.absences_per_node:
                return (
                    f"{parent.list_entries()} absence tests and alternatives follow"
                    f" {parent.label}; durable-rules allows at most"
                    f" {self.limits.absences_per_node}"
                )
        if self.rules > self.limits.rules:
            return f"{self.rules} rules; durable-rules allows at most {self.limits.rules}"
        pending = self._update_peaks(touched)
        if pending > self.limits.pending_nodes:
            return (
                f"matching one fact could leave {pending} tests pending at once (alternatives"
                f" or tests that can all hold); durable-rules' matcher holds at most"
                f" {self.limits.pending_nodes}"
            )
        return None

    def _build(
        self, parent: _Node, condition: dict[str, Any], touched: list[tuple[_Node, _Node]]
    ) -> _Node:
        """The node a (normalised, one-key) condition ends on, below ``parent``."""
        ((key, value),) = condition.items()
        if key == "$and":
            node = parent
            for part in value:
                node = self._build(node, part, touched)
            return node
        if key == "$or":
            junction = _Node("an alternative ($or)")
            for part in value:
                end = self._build(parent, part, touched)
                end.junctions += 1
                end.others += 1  # always pushed: its field never exists in a fact
                touched.append((end, junction))
            return junction
        if key.startswith("$"):
            ((name, operand),) = value.items()
            operator = key
        else:
            name, operand, operator = key, value, ""
        label = _describe(operator, name, operand)
        if isinstance(operand, dict) or operator in ("$mt", "$imt"):
            child = _Node(label)  # joins and regexes are never shared (rete.c compareValue)
            parent.unshared += 1
            parent.others += 1
            touched.append((parent, child))
            return child
        identity = (name, operator, type(operand).__name__, operand)
        table = parent.absences if operator == "$nex" else parent.shared
        child = table.get(identity)  # type: ignore[assignment]
        if child is None:
            child = table[identity] = _Node(label)
            if operator:
                parent.others += 1
            else:
                parent.equalities.setdefault(name, Counter())[str(operand)] += 1
        touched.append((parent, child))
        return child

    def _update_peaks(self, touched: list[tuple[_Node, _Node]]) -> int:
        """Recompute the stack bound of every node this rule touched, children first.

        Bounds only grow as rules are added, so each node keeps the largest bound among its
        children; only the nodes on the new rule's paths change.
        """
        children: dict[int, list[_Node]] = {}
        nodes: dict[int, _Node] = {id(self.root): self.root}
        for parent, child in touched:
            children.setdefault(id(parent), []).append(child)
            nodes[id(parent)] = parent
            nodes[id(child)] = child
        order: list[_Node] = []  # post-order over the touched sub-network
        state: dict[int, int] = {}
        stack: list[tuple[_Node, bool]] = [(self.root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if state.get(id(node)):
                continue
            state[id(node)] = 1
            stack.append((node, True))
            stack.extend((c, False) for c in children.get(id(node), ()) if not state.get(id(c)))
        for node in order:
            node.pushed = node.others + sum(max(c.values()) for c in node.equalities.values())
            for child in children.get(id(node), ()):
                node.deepest_child = max(node.deepest_child, child.peak)
            if node.pushed:
                node.peak = max(node.pushed, node.pushed - 1 + node.deepest_child)
        return self.root.peak


def _expressions(condition: dict[str, Any]) -> int:
    """Entries a pattern takes in its beta node's expression list (rete.c GET/APPEND_EXPRESSION)."""
    ((key, value),) = condition.items()
    if key in ("$and", "$or"):
        return 2 + sum(_expressions(part) for part in value)
    if not key.startswith("$") and isinstance(value, dict):
        return 1  # a join
    return 0


def partition(
    rules: Sequence[tuple[str, Sequence[Pattern]]],
    always: Iterable[tuple[str, Sequence[Pattern]]] = (),
    limits: Limits = DURABLE,
) -> list[list[str]]:
    """Names of ``rules`` in consecutive groups that each fit one ruleset with ``always``.

    ``always`` are the rules every group carries (the adapter's sink and opening rules).
    Raises :class:`CapacityError` for a rule that does not fit even in a group of its own.
    """
    fixed = list(always)

    def fresh() -> Network:
        network = Network(limits)
        for name, patterns in fixed:
            problem = network.add(name, patterns)
            if problem:  # pragma: no cover - the adapter's own rules are tiny
                raise CapacityError(name, problem)
        return network

    groups: list[list[str]] = [[]]
    network = fresh()
    for name, patterns in rules:
        if network.add(name, patterns) is None:
            groups[-1].append(name)
            continue
        network = fresh()  # the full group is closed as it was before this rule
        problem = network.add(name, patterns)
        if problem is not None:
            raise CapacityError(name, problem)
        if groups[-1]:
            groups.append([name])
        else:
            groups[-1].append(name)
    return groups
