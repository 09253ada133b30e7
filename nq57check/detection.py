"""Which mandatory-task requirements a task covers, and why (for ``explain``).

Patterns are regexes over *folded* text (see :func:`nq57check.text.fold`), kept as data in
each pack's ``detection.yaml``. Exclusions are removed from the text before matching, so
"trừ hồ sơ thuộc phạm vi bí mật nhà nước" cannot make a task look like R-MANG-MAT while
the rest of the same task still can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nq57check.text import fold


@dataclass(frozen=True, slots=True)
class CompiledDetection:
    requirement: str
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    exclude: tuple[re.Pattern[str], ...]

    def first_match(self, folded: str) -> str | None:
        text = folded
        for pattern in self.exclude:
            text = pattern.sub(" ", text)
        for source, pattern in self.patterns:
            if pattern.search(text):
                return source
        return None


@dataclass(frozen=True, slots=True)
class Coverage:
    requirement: str
    how: str  # "tag" or the pattern that matched


def compile_detection(
    requirement: str, patterns: list[str], exclude: list[str]
) -> CompiledDetection:
    """Compile once per pack; raises ``re.error`` with the bad pattern for the loader."""
    return CompiledDetection(
        requirement=requirement,
        patterns=tuple((p, re.compile(p)) for p in patterns),
        exclude=tuple(re.compile(p) for p in exclude),
    )


def detect(
    texts: list[str], tags: list[str], detections: dict[str, CompiledDetection]
) -> list[Coverage]:
    """Requirements a task covers: its explicit tags if it has any, else the text's matches."""
    if tags:
        return [Coverage(tag, "tag") for tag in dict.fromkeys(tags)]
    folded = fold(" ".join(t for t in texts if t))
    found = []
    for requirement, detection in detections.items():
        how = detection.first_match(folded)
        if how is not None:
            found.append(Coverage(requirement, how))
    return found
