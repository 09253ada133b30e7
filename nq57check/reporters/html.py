"""HTML gap list: one self-contained, printable (A4) file to take on an inspection visit.

Rendered with Jinja2 and autoescaping on, because findings quote user text. The stylesheet
is inline and nothing is fetched from anywhere, so the file opens offline and prints the
same everywhere: each commune starts a new page, its first page holds what matters most,
and table headers repeat on every page. A roll-up's pictures are inline SVG (no script).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from nq57check.findings import RunResult
from nq57check.reporters.common import cell_text
from nq57check.reporters.gaplist import GapList, build
from nq57check.reporters.svg import HEAT_ROWS, bars, heat_map

TEMPLATE = "gaplist.html.j2"


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(
        loader=PackageLoader("nq57check.reporters", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["cell_text"] = cell_text
    return env.get_template(TEMPLATE)


def render(run: RunResult, *, lang: str = "vi") -> str:
    """The gap list as one HTML5 document (UTF-8 text)."""
    gap = build(run, lang)
    heat, counts = pictures(gap)
    return _template().render(gap=gap, w=gap.words, heat_svg=heat, bars_svg=counts)


def pictures(gap: GapList) -> tuple[str, str]:
    """The heat map (communes x areas, errors and warnings) and the communes per risk class."""
    if not gap.rollup:
        return "", ""
    rows = [
        (f"{rank}. {row.label}", [c.get("error", 0) + c.get("warning", 0) for c in row.cells])
        for rank, row in enumerate(gap.ranking, 1)
    ]
    heat = heat_map(rows, [title for _, title in gap.areas], gap.words["heat_map"])
    if len(rows) > HEAT_ROWS:  # a cut picture says so
        note = gap.words["heat_cut"].format(shown=HEAT_ROWS, total=len(rows))
        heat += f'<p class="muted">{escape(note)}</p>'
    return heat, bars(gap.risk_counts, gap.words["risk_counts"])
