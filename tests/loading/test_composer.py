"""The composer's light scalars: the same data and lines as real nodes, and PyYAML left as it was.

Why: while we compose, PyYAML's ``ScalarNode`` is replaced in its composer's module (see
composer.py). A replacement left in place after an error would hand every later PyYAML
user tuples instead of nodes; a slow path that differed would change what a plan says
on a machine where the replacement does not take.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from nq57check.core.problems import InputError
from nq57check.loading import composer
from nq57check.loading.yamlio import parse_text

DOCUMENTS = [
    "unit: {name: Xã Mường Tè, province: Lai Châu}\ntasks:\n  - id: 1\n    name: 'Mạng'\n",
    "- a\n- [b, 2026-05-27, 007, ~, yes, 1.5]\n- {c: !!str 12, d: !!int '3'}\n",
    "base: &b {status: done, progress: 100}\nmonths:\n  - *b\n  - *b\n",
    "plain scalar alone\n",
    "? 9\n: nine\n'10': ten\n",
    "text: |\n  dòng một\n  dòng hai\nfolded: >\n  a\n  b\n",
]


def real_scalar_node_in_place() -> bool:
    return getattr(composer._composer_module, "ScalarNode", None) is yaml.nodes.ScalarNode


def test_this_pyyaml_takes_the_light_scalars() -> None:
    # the fast path is the one measured; a PyYAML that stops calling it by name is news
    assert composer.LIGHT


@pytest.mark.parametrize("text", DOCUMENTS)
def test_light_and_real_nodes_give_the_same_data_and_lines(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = parse_text(text, "f.yaml")
    monkeypatch.setattr(composer, "LIGHT", False)  # real nodes, turned into tuples after
    slow = parse_text(text, "f.yaml")
    assert fast[0] == slow[0]
    assert fast[1].lines == slow[1].lines
    assert real_scalar_node_in_place()


def test_lines_are_those_of_the_text() -> None:
    data, where = parse_text("a: 1\nb:\n  - x\n  -\n    c: 'y'\n", "f.yaml")
    assert data == {"a": 1, "b": ["x", {"c": "y"}]}
    assert where.lines == {
        (): 1,
        ("a",): 1,
        ("b",): 2,
        ("b", 0): 3,
        ("b", 1): 5,
        ("b", 1, "c"): 5,
    }


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: [1, 2\n", None),  # not YAML: the parser's own error
        ("a: 1\nb: 2026-13-01\n", 2),  # an impossible date, from the builder
        ("a: 1\na: 2\n", 2),  # a duplicate key
        ("a: !!python/object x\n", 1),  # a tag we do not construct
    ],
)
def test_after_an_error_pyyaml_has_its_own_nodes_again(text: str, line: int | None) -> None:
    with pytest.raises(InputError) as caught:
        parse_text(text, "bad.yaml")
    assert caught.value.problems[0].file == "bad.yaml"
    if line is not None:
        assert caught.value.problems[0].line == line
    assert real_scalar_node_in_place()
    node = yaml.compose("k: v\n", Loader=yaml.CSafeLoader)  # other users: real nodes
    assert node is not None
    assert isinstance(node.value[0][1], yaml.ScalarNode)
    assert yaml.load("k: 2026-05-27\n", Loader=yaml.CSafeLoader) == {"k": dt.date(2026, 5, 27)}


def test_too_many_nodes_leaves_pyyaml_as_it_was(tmp_path: Path) -> None:
    text = "[" + "1," * (composer.MAX_NODES + 10) + "1]\n"
    with pytest.raises(InputError, match="more than"):
        parse_text(text, "big.yaml")
    assert real_scalar_node_in_place()


def test_threads_composing_at_once_each_get_their_own_data() -> None:
    texts = [f"id: {n}\nname: 'Nhiệm vụ {n}'\nitems: [{n}, {n + 1}]\n" for n in range(40)]
    results: dict[int, Any] = {}
    errors: list[BaseException] = []

    def work(first: int) -> None:
        try:
            for n in range(first, len(texts), 4):
                for _ in range(20):
                    results[n] = parse_text(texts[n], f"{n}.yaml")[0]
        except BaseException as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(first,)) for first in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == {
        n: {"id": n, "name": f"Nhiệm vụ {n}", "items": [n, n + 1]} for n in range(40)
    }
    assert real_scalar_node_in_place()


@pytest.mark.parametrize(
    "text",
    ["a: &x 1\nb: &x 2\n", "a: &x 1\nb: &x [2]\n", "a: &x [1]\nb: &x 2\n"],
)
def test_an_anchor_defined_twice_is_an_error_at_its_line(text: str) -> None:
    # the composer words this error from the first node's marks, which a light scalar
    # lacks: the text is composed again with real nodes for it
    with pytest.raises(InputError) as caught:
        parse_text(text, "twice.yaml")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("twice.yaml", 2)
    assert problem.message == "invalid YAML: an anchor defined twice (first at line 1)"
    assert real_scalar_node_in_place()


@pytest.mark.parametrize(
    "text",
    [
        "a: &x " + "[" * 500 + "]" * 500 + "\n",  # under the bracket count that is measured
        "".join(" " * n + f"k{n}:\n" for n in range(600)) + " " * 600 + "v: &a 1\n",
    ],
)
def test_deep_nesting_with_an_anchor_is_refused_not_a_recursion_error(text: str) -> None:
    with pytest.raises(InputError, match="nesting deeper than 64 levels"):
        parse_text(text, "deep.yaml")


def test_deep_json_is_not_blamed_on_an_alias() -> None:
    with pytest.raises(InputError) as caught:
        parse_text("[" * 100 + "]" * 100, "deep.json")
    assert caught.value.problems[0].message == "nesting deeper than 64 levels"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!map [1, 2]\n", "a list tagged !!map; remove the tag"),
        ("a: !!seq {x: 1}\n", "a mapping tagged !!seq; remove the tag"),
    ],
)
def test_a_collection_tag_on_the_other_kind_is_refused(text: str, message: str) -> None:
    with pytest.raises(yaml.YAMLError):  # PyYAML refuses these too
        yaml.load(text, Loader=yaml.CSafeLoader)
    with pytest.raises(InputError) as caught:
        parse_text(text, "tag.yaml")
    assert (caught.value.problems[0].line, caught.value.problems[0].message) == (1, message)
