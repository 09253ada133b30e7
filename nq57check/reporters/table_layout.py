"""The terminal table's pieces: task ranges, columns wrapped to a width, colours.

Kept apart from :mod:`~nq57check.reporters.table` so the table says *what* is shown and this
says *how it fits a terminal*. Every text handed in is made terminal-safe here, before any
colour code is added, so a file's control characters are shown, never obeyed, while the
tool's own colours still reach the terminal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from nq57check.core.text import terminal_safe

# ANSI styles per severity: errors stand out, information recedes.
STYLES: dict[str, str] = {
    "error": "1;31",
    "warning": "33",
    "info": "36",
    "heading": "1",
    "dim": "2",
}
DEFAULT_WIDTH = 100  # not a terminal and no COLUMNS: files and pipes get a stable width
MIN_WIDTH = 60
MIN_TEXT = 24  # the message column is not squeezed below this while others can give way
PREFERRED_TEXT = 50  # ... nor below this while a capped column is wider than its cap
MIN_CAPPED = 10


def wants_color(stream_is_tty: bool, env: Mapping[str, str] | None = None) -> bool:
    """Colour on a terminal only; ``NO_COLOR`` (any value) turns it off, ``FORCE_COLOR``
    (any value but empty or "0") turns it on for a pipe (CI logs that render colours)."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force is not None and force not in ("", "0"):
        return True
    return stream_is_tty


@dataclass(frozen=True, slots=True)
class Paint:
    """Adds colour codes, or nothing when colour is off; text is made terminal-safe first."""

    color: bool = False

    def __call__(self, text: str, style: str | None = None) -> str:
        safe = terminal_safe(text)
        if not self.color or not style or not safe:
            return safe
        return f"\x1b[{STYLES.get(style, style)}m{safe}\x1b[0m"


def _natural(value: str) -> tuple[tuple[int, int | str], ...]:
    """'2.10' after '2.9', '10' after '9': the order a person numbers tasks in."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|\D+", value))


def task_ranges(ids: Iterable[str]) -> str:
    """'1–31, 33–46, 2a': whole-number task IDs in runs, the others as they are, each once."""
    unique = sorted(set(ids), key=_natural)
    numbers = sorted(int(i) for i in unique if i.isdigit() and len(i) < 10)
    others = [i for i in unique if not (i.isdigit() and len(i) < 10)]
    parts: list[str] = []
    start = previous = None
    for number in [*numbers, None]:
        if number is not None and previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None and previous is not None:
            if previous - start >= 2:
                parts.append(f"{start}–{previous}")
            else:
                parts.extend(str(n) for n in range(start, previous + 1))
        start = previous = number
    return ", ".join(parts + others)


def wrap(text: str, width: int) -> list[str]:
    """Words into lines of at most ``width`` (a longer word gets a line of its own, cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line or not lines:
        lines.append(line)
    return lines


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its heading, whether it is right-aligned, and whether it may wrap (the
    last wrapping column takes the width left by the others)."""

    heading: str
    right: bool = False
    flexible: bool = False
    max_width: int | None = None


def layout(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    paint: Paint,
    styles: Sequence[str | None] = (),
    indent: str = "",
) -> list[str]:
    """Rows under their headings, each cell wrapped within its column, the whole within
    ``width``; ``styles[i]`` colours row i's first cell (its severity)."""
    gap = "  "
    widths = [
        max([len(col.heading), *(len(row[i]) for row in rows)]) for i, col in enumerate(columns)
    ]
    flexible = [i for i, col in enumerate(columns) if col.flexible]
    if flexible:
        last = flexible[-1]

        def room() -> int:
            fixed = sum(w for i, w in enumerate(widths) if i != last)
            return width - len(indent) - fixed - len(gap) * (len(widths) - 1)

        def shrink(floor: Callable[[int], int], wanted: int) -> None:
            """Narrow the widest capped column (places, task ranges) while the text column
            has less than ``wanted`` and some capped column is wider than its floor."""
            capped = [i for i, col in enumerate(columns) if col.max_width and i != last]
            while room() < wanted:
                wider = [i for i in capped if widths[i] > floor(i)]
                if not wider:
                    return
                widths[max(wider, key=lambda i: widths[i])] -= 1

        natural = widths[last]
        # A wide terminal shows places whole; a narrow one wraps them before the text.
        shrink(
            lambda i: max(columns[i].max_width or 0, len(columns[i].heading)),
            min(natural, PREFERRED_TEXT),
        )
        shrink(lambda i: max(MIN_CAPPED, len(columns[i].heading)), MIN_TEXT)
        widths[last] = max(MIN_TEXT // 2, min(natural, room()))
    pairs = list(zip(columns, widths, strict=True))
    lines = [indent + gap.join(_cell(c.heading, w, c.right) for c, w in pairs)]
    lines[0] = paint(lines[0].rstrip(), "heading")
    lines.append(paint(indent + gap.join("-" * w for w in widths), "dim"))
    for number, row in enumerate(rows):
        cells = [
            wrap(value, w) if columns[i].flexible or len(value) > w else [value]
            for i, (value, w) in enumerate(zip(row, widths, strict=True))
        ]
        style = styles[number] if number < len(styles) else None
        for depth in range(max(len(c) for c in cells)):
            parts = []
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True)):
                shown = _cell(cell[depth] if depth < len(cell) else "", w, columns[i].right)
                parts.append(paint(shown, style) if i == 0 and depth == 0 else paint(shown))
            lines.append((indent + gap.join(parts)).rstrip())
    return lines


def _cell(text: str, width: int, right: bool) -> str:
    return text.rjust(width) if right else text.ljust(width)
