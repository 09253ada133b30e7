"""The page's HTML: Jinja2 templates (autoescaped), rendered on the server.

The findings come from the same gap list data the HTML, Markdown and Excel reports are
built from (:func:`nq57check.reporters.gaplist.build`), so the page says what the download
says; what the plan read comes from the check's own session (:mod:`nq57check.web.checking`).
Nothing in a page is fetched from elsewhere: one stylesheet and one small script, both
served by this server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from nq57check.findings import CommuneResult
from nq57check.reporters.common import cell_text
from nq57check.reporters.gaplist import CommuneView, GapList, Item, build
from nq57check.web.checking import Checked, PlanRead
from nq57check.web.texts import words

# Gap-list formats offered for download, in order, when a reporter of that name exists
# (``docx`` appears as soon as it is registered in nq57check.reporters.FORMATS).
GAP_FORMATS = ("docx", "html", "xlsx")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def gap_formats() -> list[str]:
    from nq57check.reporters import FORMATS

    return [name for name in GAP_FORMATS if name in FORMATS]


@dataclass(slots=True)
class Stored:
    """One upload's result, kept in memory for its page and downloads."""

    checked: Checked
    lang: str
    uploaded: list[str]
    as_of: str
    pack: str


@dataclass(slots=True)
class CommunePage:
    index: int
    view: CommuneView
    result: CommuneResult
    read: PlanRead | None
    fingerprints: dict[tuple[str, str, str, str], str] = field(default_factory=dict)

    def fingerprint(self, item: Item) -> str:
        return self.fingerprints.get((item.rule, item.task, item.file, item.message), "")

    @property
    def unchecked(self) -> bool:
        """Input that could not be used: the commune was not (fully) checked, whatever the
        counts say, so the page leads with that, never with 'no findings'."""
        return bool(self.result.problems)


@dataclass(slots=True)
class ResultPage:
    gap: GapList
    communes: list[CommunePage]
    formats: list[str]

    @property
    def none_checked(self) -> bool:
        """No commune could be checked: the page is the reason, with nothing to download."""
        return all(c.unchecked for c in self.communes)


# The command line's advice to edit the rules folder (``rules/columns.yaml``) means nothing
# to a person on the page: that clause is left out there (the page says what to do instead).
_RULES_ADVICE = re.compile(r"\s*;[^;.]*\brules/[\w/-]+\.yaml")


def page_text(message: str) -> str:
    """A problem's message as the page shows it: without advice about the rules folder."""
    return _RULES_ADVICE.sub("", message)


def result_page(stored: Stored) -> ResultPage:
    run = stored.checked.run
    gap = build(run, stored.lang)
    by_path = {c.path: c for c in run.communes}
    pages = []
    for index, view in enumerate(gap.communes):
        commune = by_path[view.path]
        read = stored.checked.reads.get(commune.plan_file or "")
        page = CommunePage(index, view, commune, read)
        for finding in commune.findings:
            key = (finding.rule, finding.task or "", finding.file, finding.message)
            page.fingerprints[key] = finding.fingerprint()
        pages.append(page)
    result = ResultPage(gap, pages, gap_formats())
    if result.none_checked:
        result.formats = []  # a gap list of nothing would read as a pass
    return result


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("nq57check.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["cell_text"] = cell_text
    env.filters["page_text"] = page_text
    return env


def template(name: str) -> Template:
    return _environment().get_template(name)


def render(name: str, lang: str, **values: Any) -> str:
    return template(name).render(lang=lang, w=words(lang), **values)
