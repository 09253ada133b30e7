"""PyYAML's composer, made to hand us each scalar as a ``(tag, text, line)`` tuple.

Why: the composer builds a node graph for the builder (yamlio.py) to turn into plain data.
For every scalar, most of a plan's or a report's nodes, it calls ``yaml.nodes.ScalarNode``,
a Python class: an instance, its ``__dict__`` and two marks kept alive per value. Looked up
by name in the composer's module at each call (``yaml._yaml`` for the C parser,
``yaml.composer`` for the pure-Python one), that class can be replaced while we compose
by a function that keeps only what the builder reads: the tag, the text and the line.
Composing the 2,600 files of 200 communes took 6.6-6.8 ms a commune instead of 9.2-9.3.

The replacement holds only while our own composer runs, under a lock, and is put back
however that ends; nothing else in this process composes YAML with PyYAML's C loader or
emits it with its C dumper, whose emitter compares nodes with the same name (the packs,
plans and reports are all read here; the importers' ``safe_load`` and dumps use PyYAML's
Python classes, whose module is not touched when the C parser is there). Code that used
those from another thread while we compose would see tuples: a library caller running
both at once must not use the C loader or dumper in other threads.
At import a two-line probe checks that the composer really calls the replacement; a
PyYAML that did not would still be read correctly, its real nodes turned into the same
tuples afterwards (:func:`_lightened`), only slower.
"""

from __future__ import annotations

import threading
from types import ModuleType
from typing import Any

import yaml

try:  # the C parser is ~10x faster; fall back silently where libyaml is missing
    import yaml._yaml as _composer_module
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    import yaml.composer as _composer_module  # type: ignore[no-redef]
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

BaseLoader: type = _BaseLoader  # PyYAML's safe loader: the event parsers use it too
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
MAX_NODES = 200_000  # nodes of one file, aliases expanded; a 5,000-task plan has ~130,000

Scalar = tuple[str, str, int]  # (tag, text, 0-based line): what a scalar node becomes
_RESOLVED: dict[str, str] = {}  # plain scalar text -> its implicit tag


def light_scalar(
    tag: str, value: str, start_mark: Any, end_mark: Any = None, style: Any = None
) -> Scalar:
    """Stands in for ``ScalarNode`` while we compose (both composers' call signatures)."""
    return (tag, value, start_mark.line if start_mark is not None else 0)


_REAL_SCALAR_NODE = yaml.ScalarNode
_SCALAR_KINDS = (light_scalar, _REAL_SCALAR_NODE)  # the composer passes either as ``kind``


class TooManyNodes(Exception):
    """The composer reached ``MAX_NODES`` nodes; raised from inside it, so it stops there."""


class _Loader(_BaseLoader):
    """The safe loader, answering the composer's per-node questions in fewer steps.

    The (pure-Python) resolver is asked the tag of every node. With no path resolvers (we
    register none) PyYAML's answer depends only on the node's kind and, for a plain scalar,
    its text: a quoted scalar is a string, a collection a map or a sequence; and plain
    texts such as ``status``, ``in_progress``, ``true`` or ``2026-05-27`` recur thousands
    of times in a batch, so their tags are remembered. The same absence of path resolvers
    makes its descend/ascend bookkeeping, called around every node, do nothing.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind in _SCALAR_KINDS:
            if not implicit[0]:  # not plain: PyYAML's default scalar tag
                return STR_TAG
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = str(super().resolve(_REAL_SCALAR_NODE, value, implicit))
                if len(value) < 32 and len(_RESOLVED) < 10_000:  # ~3,200 after 1,660 communes
                    _RESOLVED[value] = tag
            return tag
        return SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to track: no path resolver is registered."""

    def ascend_resolver(self) -> None:
        """Nothing to track: no path resolver is registered."""


class _CountingLoader(_Loader):
    """The loader for texts long enough to hold more than ``MAX_NODES`` nodes.

    The composer also asks the resolver for the tag of every untagged node before building
    it, which makes this the one cheap place to stop a 5 MB flow list of 1.7 million items
    at ``MAX_NODES``, instead of after the composer has built all of them. Shorter texts,
    every plan of a national run, use :class:`_Loader`.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.nodes_left = MAX_NODES

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        self.nodes_left -= 1
        if self.nodes_left < 0:
            raise TooManyNodes
        return super().resolve(kind, value, implicit)


_swap_lock = threading.Lock()


def _composed(loader: Any, module: ModuleType, light: bool) -> Any:
    """The loader's single node, composed with ``light_scalar`` in place when ``light``."""
    if not light:
        return loader.get_single_node()
    with _swap_lock:
        module.ScalarNode = light_scalar  # type: ignore[attr-defined]
        try:
            return loader.get_single_node()
        finally:
            module.ScalarNode = _REAL_SCALAR_NODE  # type: ignore[attr-defined]


def _lightened(node: Any, memo: dict[int, Any] | None = None) -> Any:
    """Real nodes with every scalar as :data:`Scalar`, aliases kept shared (the slow path)."""
    memo = {} if memo is None else memo
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.start_mark.line if node.start_mark else 0)
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = node
    if isinstance(node, yaml.MappingNode):
        node.value = [(_lightened(k, memo), _lightened(v, memo)) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        node.value = [_lightened(item, memo) for item in node.value]
    return node


def _replacement_works() -> bool:
    """Whether this PyYAML's composer calls ``ScalarNode`` by its module's name."""
    if getattr(_composer_module, "ScalarNode", None) is not _REAL_SCALAR_NODE:
        return False
    loader = _Loader("a: b\n")
    try:
        root = _composed(loader, _composer_module, True)
    except Exception:  # pragma: no cover - a PyYAML unlike any we know
        return False
    finally:
        loader.dispose()
    return isinstance(root, yaml.MappingNode) and root.value[0][1] == (STR_TAG, "b", 0)


LIGHT = _replacement_works()


def compose(text: str) -> Any:
    """The root node of ``text`` (None when empty), scalars as :data:`Scalar` tuples.

    Raises :class:`TooManyNodes` past ``MAX_NODES`` nodes (counted for long texts only: a
    shorter one cannot hold that many) and PyYAML's own errors for text that is not YAML.
    """
    light = LIGHT
    while True:
        loader = _CountingLoader(text) if len(text) > MAX_NODES // 2 else _Loader(text)
        try:
            root = _composed(loader, _composer_module, light)
            break
        except AttributeError:
            # The composer read a mark of a light scalar: it does so only to word one error
            # of its own (an anchor defined twice, the first time on a scalar), so real
            # nodes get that error with its lines.
            if not light:
                raise
            light = False
        finally:
            loader.dispose()
    return root if light or root is None else _lightened(root)
