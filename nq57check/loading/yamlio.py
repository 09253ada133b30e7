"""Safe YAML/JSON loading that remembers where every value came from.

PyYAML's C parser composes the node graph (composer.py: scalars as light tuples); we build
plain dicts/lists/scalars from it ourselves so that we can (a) record the line of every key and
item, (b) refuse duplicate keys, (c) refuse alias bombs by bounding the expanded size, and
(d) turn impossible dates into file:line errors instead of tracebacks.
"""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nq57check.core.problems import InputError
from nq57check.core.text import excerpt
from nq57check.loading.composer import (
    MAP_TAG,
    MAX_NODES,
    SEQ_TAG,
    STR_TAG,
    BaseLoader,
    Scalar,
    TooManyNodes,
    compose,
)
from nq57check.loading.encoding import decode_text

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
# PyYAML's C composer recurses once per level and overflows the C stack (a segfault, not an
# exception) from ~30,000 levels. Levels come from flow brackets or from indicators that
# share a line ("- - - x"); indentation alone cannot nest that deep within MAX_FILE_BYTES.
_FLOW_OPENERS_SAFE = 2_000
_INDICATOR_PAIRS = ("- -", "- ?", "-  ", "-\t", "? ")  # substring tests: ~30x cheaper
_COMPACT_RUN = re.compile(r"(?:[-?][ \t]+){" + str(MAX_DEPTH) + ",}")
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)

PathKey = tuple[str | int, ...]


@dataclass(slots=True)
class Locations:
    """Line (1-based) of every mapping value and sequence item, keyed by its path."""

    file: str
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int:
        """The line of ``path`` or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            line = self.lines.get(probe)
            if line is not None:
                return line
            probe = probe[:-1]
        return self.lines.get((), 1)


@dataclass(slots=True)
class LoadedDocument:
    path: Path
    display: str
    data: Any
    locations: Locations
    sha256: str


_SCALARS = yaml.constructor.SafeConstructor()
# Tags whose values are immutable and depend only on the text: each text is converted
# once (dates and numbers recur in every report) and the value shared. Errors are not kept.
_CONVERTED: dict[str, dict[str, Any]] = {
    f"tag:yaml.org,2002:{name}": {} for name in ("timestamp", "int", "bool", "null", "float")
}
_MISSING = object()


def _line_of(node: Any) -> int:
    """0-based line of a node: a scalar (a tuple, composer.py) or a collection node."""
    return node[2] if type(node) is tuple else node.start_mark.line


class _Builder:
    """Plain data from a composed node graph, recording the line of every key and item.

    Scalars come as ``(tag, text, line)`` tuples (composer.py); collections are PyYAML's
    ``MappingNode`` and ``SequenceNode``, the only other nodes a composer makes.
    """

    def __init__(self, display: str, *, anchors: bool = False) -> None:
        self.display = display
        self.lines: dict[PathKey, int] = {}
        self.expanded: dict[int, int] = {}
        hint = " (recursive alias?)" if anchors else ""  # only an anchor can make a cycle
        self.too_deep = f"nesting deeper than {MAX_DEPTH} levels{hint}"

    def fail(self, node: Any, message: str) -> InputError:
        return InputError.single(self.display, message, line=_line_of(node) + 1)

    def size(self, node: Any, depth: int = 0) -> int:
        """Expanded node count, memoised per node, so aliases cannot hide exponential size;
        as deep as :meth:`build` goes and no deeper (a recursion limit is no message)."""
        if type(node) is tuple:
            return 1
        if depth > MAX_DEPTH:
            raise self.fail(node, self.too_deep)
        key = id(node)
        cached = self.expanded.get(key)
        if cached is not None:
            return cached
        self.expanded[key] = 1  # guards recursive aliases while counting
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(
                self.size(k, depth + 1) + self.size(v, depth + 1) for k, v in node.value
            )
        else:
            total = 1 + sum(self.size(item, depth + 1) for item in node.value)
        self.expanded[key] = total
        if total > MAX_NODES:
            raise self.fail(
                node,
                f"document expands to more than {MAX_NODES:,} values (YAML aliases?); refused",
            )
        return total

    def build(self, node: Any, path: PathKey, depth: int = 0) -> Any:
        """Plain data from a collection ``node``; the line of ``path`` is already recorded.

        Scalars (most nodes) are converted inline, without a recursive call: this loop runs
        for every value of every file of a national batch.
        """
        if depth > MAX_DEPTH:
            raise self.fail(node, self.too_deep)
        mapping = isinstance(node, yaml.MappingNode)
        if node.tag != (MAP_TAG if mapping else SEQ_TAG):
            if node.tag in (MAP_TAG, SEQ_TAG):  # !!seq on a mapping: PyYAML refuses it too
                what = "mapping" if mapping else "list"
                short = node.tag.replace("tag:yaml.org,2002:", "!!")
                raise self.fail(node, f"a {what} tagged {short}; remove the tag")
            raise self.fail(node, f"unsupported YAML tag {node.tag!r}")
        lines = self.lines
        if mapping:
            result: dict[Any, Any] = {}
            numbers: dict[str, int] | None = None  # text -> number keys, once there is one
            for key_node, value_node in node.value:
                if type(key_node) is tuple and key_node[0] == STR_TAG:
                    key = key_node[1]  # most keys: build_key's first case, inline
                    if key in result:
                        raise self.duplicate(key_node, key, path)
                    if numbers:
                        numbers = self.same_key_as_text(key, key_node, result, numbers, path)
                else:
                    key = self.build_key(key_node)
                    if key in result:
                        raise self.duplicate(key_node, key, path)
                    if isinstance(key, int) or numbers:
                        numbers = self.same_key_as_text(key, key_node, result, numbers, path)
                where = path + (key,)  # noqa: RUF005 - concatenation is 35% faster here
                lines[where] = key_node[2] + 1
                if type(value_node) is tuple:
                    tag, text = value_node[0], value_node[1]
                    if tag == STR_TAG:
                        result[key] = text
                    else:  # a date, number, boolean or null seen before: scalar's first case
                        known = _CONVERTED.get(tag)
                        value = _MISSING if known is None else known.get(text, _MISSING)
                        result[key] = self.scalar(value_node) if value is _MISSING else value
                else:
                    result[key] = self.build(value_node, where, depth + 1)
            return result
        items: list[Any] = []
        for index, item in enumerate(node.value):
            where = path + (index,)  # noqa: RUF005 - as above
            if type(item) is tuple:
                lines[where] = item[2] + 1
                items.append(item[1] if item[0] == STR_TAG else self.scalar(item))
            else:
                lines[where] = item.start_mark.line + 1
                items.append(self.build(item, where, depth + 1))
        return items

    def duplicate(self, node: Any, key: str | int, path: PathKey) -> InputError:
        first = self.lines.get((*path, key), 0)
        return self.fail(node, f"duplicate key '{excerpt(key)}' (first at line {first})")

    def same_key_as_text(
        self,
        key: str | int,
        node: Any,
        result: dict[Any, Any],
        numbers: dict[str, int] | None,
        path: PathKey,
    ) -> dict[str, int]:
        """Refuse ``9`` beside ``"9"``: every model reads keys as text, so the last would
        silently win (two updates of task 9 in one report, merged)."""
        numbers = {} if numbers is None else numbers
        text = str(key)
        other: str | int | None = None
        if isinstance(key, int):
            other = text if text in result else None
            numbers[text] = key
        elif text in numbers:
            other = numbers[text]
        if other is not None:
            first = self.lines.get((*path, other), 0)
            raise self.fail(
                node,
                f"duplicate key '{excerpt(text)}' (first at line {first}): a number and a quoted"
                " number are the same key here",
            )
        return numbers

    def build_key(self, node: Any) -> str | int:
        if type(node) is not tuple:
            raise self.fail(node, "a key must be plain text")
        tag, text, _ = node
        if tag == STR_TAG:
            return str(text)
        if tag == "tag:yaml.org,2002:merge":
            raise self.fail(node, "merge keys ('<<') are not supported")
        value = self.scalar(node)
        if isinstance(value, (bool, float)) or value is None:
            return str(text)
        return value if isinstance(value, int) else str(value)

    def scalar(self, node: Scalar) -> Any:
        tag, text, _ = node
        if tag == STR_TAG:  # most values: PyYAML's str constructor only returns it
            return text
        known = _CONVERTED.get(tag)
        if known is not None:
            value = known.get(text, _MISSING)
            if value is not _MISSING:
                return value
        constructor = _SCALARS.yaml_constructors.get(tag)
        if constructor is None:
            raise self.fail(node, f"unsupported YAML tag {tag!r}")
        try:  # PyYAML's constructors read a real node's text (and its marks, to complain)
            value = constructor(_SCALARS, yaml.ScalarNode(tag, text))
        except Exception as exc:  # PyYAML's constructors raise KeyError, AttributeError ...
            if _IMPLICIT.resolve(yaml.ScalarNode, text, (True, False)) != tag:
                # an explicit tag (!!bool xyz): the text is not shown, since it may be
                # anything, a classified document's title included
                short = tag.replace("tag:yaml.org,2002:", "!!")
                raise self.fail(
                    node, f"the value tagged {excerpt(short, 40)} is not one; remove the tag"
                ) from exc
            if tag == "tag:yaml.org,2002:timestamp":
                raise self.fail(node, f"date '{excerpt(text)}' does not exist") from exc
            if "digits" in str(exc):  # int("9" * 5000): Python's conversion limit
                reason = f"a number of {len(text):,} digits is too long"
            else:
                reason = str(exc)
            raise self.fail(node, f"cannot read value '{excerpt(text)}': {reason}") from exc
        if known is not None and len(text) < 32 and len(known) < 10_000:
            known[text] = value
        return value


_IMPLICIT = yaml.resolver.Resolver()  # what a plain scalar's text resolves to untagged


def not_regular(mode: int) -> str | None:
    """What a path is when it is not a regular file (reading a FIFO blocks for ever, and
    /dev/zero never ends), or None."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bytes(
    path: Path, display: str, *, limit: int = MAX_FILE_BYTES, within: Path | None = None
) -> bytes:
    """The file's bytes, bounded; ``within``: refuse a link that leads out of that folder."""
    if within is not None:
        from nq57check.core.confine import refuse_leaving

        refuse_leaving(path, within, display)
    try:
        info = path.stat()
        what = not_regular(info.st_mode)
        if what is not None:
            raise InputError.single(display, f"cannot read file: it is {what}, not a file")
        if info.st_size > limit:
            raise InputError.single(
                display, f"file is {info.st_size:,} bytes, over the {limit:,}-byte limit"
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # it may have grown since stat
        if len(data) > limit:
            raise InputError.single(display, f"file is over the {limit:,}-byte limit")
        return data
    except OSError as exc:
        raise InputError.single(display, f"cannot read file: {exc.strerror or exc}") from exc


def _refuse_deep_nesting(text: str, display: str) -> None:
    """Measure nesting with an (iterative) event parser before the composer recurses.

    The refusal is ours whatever PyYAML's version: libyaml 0.2.5 (PyYAML 6.0.4 on) stops at
    1,000 flow levels with its own "exceeded maximum nesting depth" while scanning ahead,
    before a single event reaches us, and older builds never stop. So a file the C parser
    rejects is measured again with the pure-Python parser, which scans lazily and has no
    limit of its own; that second pass only ever runs on a file that is already broken.
    """
    openers = text.count("[") + text.count("{")
    if openers < _FLOW_OPENERS_SAFE and (
        # every level takes a bracket or an indicator: with fewer than that in all, the
        # composer cannot go deep enough to overflow, and the builder refuses past 64 (the
        # same bound as for brackets alone; counting is ~4x cheaper than the pairs below).
        # Complex keys ('? ') are measured still: the builder would refuse them as keys
        # before their depth, and the depth is the message they deserve.
        (openers + text.count("-") + text.count("?") < _FLOW_OPENERS_SAFE and "? " not in text)
        or not (any(pair in text for pair in _INDICATOR_PAIRS) and _COMPACT_RUN.search(text))
    ):
        return  # every plan and report seen so far: no second pass
    try:
        _measure_depth(text, display, BaseLoader)
    except yaml.YAMLError:
        _measure_depth(text, display, yaml.SafeLoader)
        raise


def _measure_depth(text: str, display: str, loader: Any) -> None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise InputError.single(
                        display,
                        f"nesting deeper than {MAX_DEPTH} levels; refused",
                        line=mark.line + 1 if mark is not None else None,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except RecursionError as exc:  # pragma: no cover - the parsers above are iterative
        message = f"nesting deeper than {MAX_DEPTH} levels; refused"
        raise InputError.single(display, message) from exc


def _count_nodes(text: str, display: str, loader: Any = BaseLoader) -> None:
    """Count nodes from parser events (constant memory), refusing at ``MAX_NODES``.

    Runs when the resolver cannot count: explicitly tagged nodes (``!!str x``) are composed
    without asking it, so a large text with a ``!`` is counted here first; and to find the
    line once the composer's count has been passed. A text of fewer than ``MAX_NODES // 2``
    characters cannot hold that many nodes: a node takes a character at least (``{a,b}`` is
    five nodes, its null values included, in five), so half of it is a wide margin.
    """
    count = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, _NODE_EVENTS):
                count += 1
                if count > MAX_NODES:
                    mark = event.start_mark
                    raise InputError.single(
                        display,
                        f"more than {MAX_NODES:,} values (a plan of 5,000 tasks has ~130,000); "
                        "refused",
                        line=mark.line + 1 if mark is not None else None,
                    )
    except yaml.YAMLError:
        return  # the composer reports it with its line


def parse_text(text: str, display: str) -> tuple[Any, Locations]:
    """Parse YAML (or JSON) text into plain data plus locations."""
    try:
        _refuse_deep_nesting(text, display)
        if len(text) > MAX_NODES // 2 and "!" in text:
            _count_nodes(text, display)  # tagged nodes are composed without being counted
        try:
            node = compose(text)
        except TooManyNodes:
            _count_nodes(text, display)  # raises, with the line
            raise InputError.single(display, f"more than {MAX_NODES:,} values; refused") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        if (exc.context or "").startswith("found duplicate anchor") and exc.context_mark:
            problem = f"an anchor defined twice (first at line {exc.context_mark.line + 1})"
        raise InputError.single(display, f"invalid YAML: {problem}", line=line) from exc
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else "a byte"
        raise InputError.single(
            display,
            f"invalid YAML: character {character} is not allowed ({exc.reason})",
            line=line,
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError.single(display, f"invalid YAML: {exc}") from exc
    anchors = "&" in text  # only anchors make aliases, and only aliases can hide a bomb
    builder = _Builder(display, anchors=anchors)
    if node is None:
        return None, Locations(display, {(): 1})
    if anchors:
        builder.size(node)
    builder.lines[()] = _line_of(node) + 1
    data = builder.scalar(node) if type(node) is tuple else builder.build(node, ())
    return data, Locations(display, builder.lines)


def _refuse_loose_json(text: str, display: str) -> None:
    """A ``.json`` file is strict JSON: YAML would quietly accept a trailing comma,
    comments, single quotes or unquoted keys, which other JSON tools then reject."""
    import json

    def no_constant(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    try:
        json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise InputError.single(
            display, f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from exc
    except RecursionError as exc:
        message = f"nesting deeper than {MAX_DEPTH} levels; refused"
        raise InputError.single(display, message) from exc
    except ValueError as exc:
        reason = "a number too long to read" if "digits" in str(exc) else str(exc)
        raise InputError.single(display, f"invalid JSON: {reason}") from exc


def load_document(
    path: Path, display: str | None = None, *, within: Path | None = None
) -> LoadedDocument:
    """Read, decode (UTF-8, BOM accepted, NFC) and parse one YAML/JSON file."""
    shown = display or str(path)
    raw = read_bytes(path, shown, within=within)
    text = decode_text(raw, shown)
    if path.suffix.lower() == ".json":
        _refuse_loose_json(text, shown)
    data, locations = parse_text(text, shown)
    return LoadedDocument(
        path=path,
        display=shown,
        data=data,
        locations=locations,
        sha256=hashlib.sha256(raw).hexdigest(),
    )
