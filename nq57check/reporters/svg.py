"""The roll-up's pictures as inline SVG: no script, no fonts fetched, printed as drawn.

Deterministic text (fixed coordinates, integers), every label escaped, so the HTML stays
self-contained and byte-identical from run to run.
"""

from __future__ import annotations

from html import escape

HEAT_ROWS = 80  # a heat map of more communes is cut to the first ones (rank order), said so
_SHADES = ("#ffffff", "#fde0c5", "#facba6", "#f59e72", "#e4572e", "#b51f1f")


def _shade(value: int, top: int) -> str:
    if value <= 0 or top <= 0:
        return _SHADES[0]
    step = 1 + (len(_SHADES) - 2) * (value - 1) // max(1, top - 1) if top > 1 else 1
    return _SHADES[min(step, len(_SHADES) - 1)]


def heat_map(rows: list[tuple[str, list[int]]], columns: list[str], title: str) -> str:
    """Communes (rows, rank order) x requirement areas; each cell its count and a shade."""
    shown = rows[:HEAT_ROWS]
    label_w, cell_w, cell_h, head_h = 230, 92, 16, 34
    width = label_w + cell_w * len(columns)
    height = head_h + cell_h * len(shown) + 4
    top = max([v for _, values in shown for v in values] or [0])
    out = [
        f'<svg role="img" class="heat" '
        f'viewBox="0 0 {width} {height}" width="100%" font-size="10" '
        f'font-family="DejaVu Sans, Arial, sans-serif"><title>{escape(title)}</title>'
    ]
    for i, column in enumerate(columns):
        x = label_w + i * cell_w + cell_w // 2
        # the legend under the picture gives every title in full
        short = column if len(column) <= 16 else column[:15].rstrip() + "…"
        out.append(f'<text x="{x}" y="{head_h - 8}" text-anchor="middle">{escape(short)}</text>')
    for j, (label, values) in enumerate(shown):
        y = head_h + j * cell_h
        out.append(f'<text x="2" y="{y + 12}">{escape(label[:42])}</text>')
        for i, value in enumerate(values):
            x = label_w + i * cell_w
            out.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="{_shade(value, top)}" stroke="#999" stroke-width="0.5"/>'
                f'<text x="{x + cell_w // 2}" y="{y + 11}" text-anchor="middle">{value}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def bars(counts: list[tuple[str, int]], title: str) -> str:
    """Horizontal bars: communes per risk class."""
    label_w, bar_w, row_h = 300, 300, 18
    top = max([n for _, n in counts] or [0]) or 1
    height = row_h * len(counts) + 4
    out = [
        f'<svg role="img" class="bars" '
        f'viewBox="0 0 {label_w + bar_w + 40} {height}" width="100%" font-size="10" '
        f'font-family="DejaVu Sans, Arial, sans-serif"><title>{escape(title)}</title>'
    ]
    for j, (label, n) in enumerate(counts):
        y = j * row_h
        w = bar_w * n // top
        out.append(
            f'<text x="2" y="{y + 13}">{escape(label[:56])}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{w}" height="{row_h - 5}" fill="#a33"/>'
            f'<text x="{label_w + w + 4}" y="{y + 13}">{n}</text>'
        )
    out.append("</svg>")
    return "".join(out)
