"""HTML gap list: one self-contained, printable (A4) file to take on an inspection visit.

Rendered with Jinja2 and autoescaping on, because findings quote user text. The stylesheet
is inline and nothing is fetched from anywhere, so the file opens offline and prints the
same everywhere: each commune starts a new page and table headers repeat on every page.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from nq57check.findings import RunResult
from nq57check.reporters.common import cell_text
from nq57check.reporters.gaplist import build

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
    return _template().render(gap=gap, w=gap.words)
