"""What a rule pack says about people's judgements on its findings (shared by both files)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DECISION_FILE = "decisions.yaml"
WAIVER_FILE = "waivers.yaml"


@dataclass(frozen=True, slots=True)
class JudgementPolicy:
    """What the commune's rule pack says about judging its findings.

    ``requires`` maps a rule ID to the fields a waiver or an acceptance of its findings must
    cite (the pack's ``waiver_requires``); ``rules`` and ``requirements`` are the IDs a
    waiver may name, so that a misspelt one is refused with a suggestion.
    """

    requires: Mapping[str, frozenset[str]] = field(default_factory=dict)
    rules: frozenset[str] = frozenset()
    requirements: frozenset[str] = frozenset()
