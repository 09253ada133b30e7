"""Engine facts from a commune's monthly status reports, as of one moment.

The engine cannot order facts, do date arithmetic or compare two facts' numbers (see the
adapter's notes), so this module computes exactly that, and nothing more, into ints:
which months and quarters are due, the latest update of each task, deadlines passed, days
left, straight-line expected values, shares in basis points. Which plan task an update or
a piece of evidence belongs to, and whether a matching update/evidence/review exists, is
left to equality joins in the engine (on ``idx``, ``key``, ``iid``).

Only reports submitted on or before ``as_of`` exist for the facts. Report-side detail the
findings need (file, line, document number) goes into ``CommuneFacts.reports``;
evidence titles go nowhere (they may be classified).

A period "is due" when its report is due: the ``due_day`` (default 15) of the following
month. Months, quarters (reviews), recurring task periods and scheduled inspections are
judged only once due, so a report still in time is never counted missing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from nq57check.core.text import fold
from nq57check.evidence.verdict import Verdict
from nq57check.facts.evidence import verdict_facts
from nq57check.facts.model import CommuneFacts, ReplacedBy, ReportView, Where
from nq57check.facts.plan import ordinal, plan_year
from nq57check.grammar.deadlines import parse_deadline
from nq57check.loading.yamlio import PathKey

if TYPE_CHECKING:  # report models load only when a commune has reports
    from nq57check.loading.reports import LoadedReport

CLOSED = frozenset({"done", "stopped", "replaced"})
DEFAULT_DUE_DAY = 15
_RECURRENCE_UNIT = {"monthly": "m", "ongoing": "m", "quarterly": "q", "yearly": "y"}


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def report_due(period_end: dt.date, due_day: int) -> dt.date:
    """The report covering ``period_end`` must arrive before this day."""
    return next_month(period_end).replace(day=due_day)


def month_key(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def quarter_key(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_end(day: dt.date) -> dt.date:
    last = ((day.month - 1) // 3 + 1) * 3
    return month_end(dt.date(day.year, last, 1))


def bp(numerator: float, denominator: float) -> int:
    """A share as basis points (ints only in the engine), clamped to 0..10000."""
    if denominator <= 0:
        return 0
    return max(0, min(10000, round(10000 * numerator / denominator)))


def _months(start: dt.date, until: dt.date) -> list[dt.date]:
    """First days of the months from ``start``'s month whose last day is before ``until``."""
    result, day = [], start.replace(day=1)
    while month_end(day) < until:
        result.append(day)
        day = next_month(day)
    return result


def add_report_facts(
    facts: CommuneFacts,
    reports: Sequence[LoadedReport],
    as_of: dt.date,
    pack_parameters: dict[str, Any] | None = None,
    verdicts: Mapping[tuple[str, str, int], Verdict] | None = None,
) -> None:
    """Append the report facts for ``as_of`` to ``facts`` (and the view to ``facts.reports``).

    ``verdicts`` (by report shown, task id, evidence index) are what the evidence files
    were found to be; an item naming no file has none and its ``signed`` is taken as given.
    """
    params = (pack_parameters or {}).get("reports", {}) or {}
    due_day = int(params.get("due_day", DEFAULT_DUE_DAY))
    plan = facts.plan
    # Reports are due from the plan's issue, but never before its year begins (a plan issued
    # in December, or misdated, owes no report for the months before its year).
    year_start = dt.date(plan_year(plan, as_of), 1, 1)
    start = max(plan.document.issued or year_start, year_start)
    visible = [r for r in reports if r.report.submitted <= as_of]
    view = ReportView(as_of=as_of, due_day=due_day)
    out: list[dict[str, Any]] = []
    by_period = {r.report.period: r for r in visible}
    task_index = {task.id: i for i, task in enumerate(plan.tasks)}

    # Months: missing and late are separate facts' values, judged once the report is due.
    for first in _months(start, as_of):
        key = month_key(first)
        due = report_due(month_end(first), due_day)
        loaded = by_period.get(key)
        on_time = int(loaded is not None and loaded.report.submitted < due)
        view.months.append(
            {
                "period": key,
                "due": due.strftime("%d/%m/%Y"),
                "file": loaded.display if loaded else None,
                "line": loaded.locations.line_of(("submitted",)) if loaded else 1,
                "submitted": loaded.report.submitted.strftime("%d/%m/%Y") if loaded else "",
            }
        )
        out.append(
            {
                "kind": "month",
                "key": key,
                "pos": len(view.months) - 1,
                "has_report": int(loaded is not None),
                "on_time": on_time,
                "due_passed": int(as_of >= due),
            }
        )

    # Reports and task updates, oldest first; "latest" is the last one seen per task.
    # (This loop builds most of a commune's facts: what is the same for a whole report is
    # computed once per report, and lines are looked up directly where they were recorded.)
    latest: dict[int, tuple[int, str, int]] = {}  # idx -> (fact position, status, progress)
    closed_before: set[int] = set()
    task_ids = [task.id for task in plan.tasks]
    known = verdicts or {}
    for loaded in visible:
        report = loaded.report
        first = report.month
        due = report_due(month_end(first), due_day)
        period, updates = report.period, report.tasks
        lines, line_of = loaded.locations.lines, loaded.locations.line_of
        fresh_ids = {
            tid for tid, upd in updates.items() if upd.updated is None or upd.updated >= first
        }
        open_count = len(task_ids) - len(closed_before)
        updated = sum(
            1 for i, tid in enumerate(task_ids) if tid in fresh_ids and i not in closed_before
        )
        view.reports.append(Where(loaded.display, line_of(("tasks",)), period=period))
        view.submitted[period] = report.submitted.strftime("%d/%m/%Y")
        out.append(
            {
                "kind": "report",
                "key": period,
                "pos": len(view.reports) - 1,
                "updated_bp": bp(updated, open_count) if open_count else 10000,
                "updated_pct": round(100 * updated / open_count) if open_count else 100,
            }
        )
        qkey, ykey = quarter_key(first), str(first.year)
        timely = int(report.submitted < due)
        view.task_places[period] = (loaded.locations, updates.keys())
        for tid, upd in updates.items():
            idx = task_index[tid]
            status = upd.status
            done = int(status == "done")
            out.append(
                {
                    "kind": "update",
                    "idx": idx,
                    "key": period,
                    "mkey": period,
                    "qkey": qkey,
                    "ykey": ykey,
                    "status": status,
                    "progress_bp": upd.progress * 100,
                    "latest": 0,
                    "fresh": int(tid in fresh_ids),
                    "timely": timely,
                    "closed": int(status in CLOSED),
                    "done": done,
                }
            )
            latest[idx] = (len(out) - 1, status, upd.progress)
            for number, ev in enumerate(upd.evidence):
                where: PathKey = ("tasks", tid, "evidence", number)
                line = lines.get(where)
                view.evidence.append(
                    Where(
                        loaded.display,
                        line if line is not None else line_of(where),
                        number=ev.number,
                        period=period,
                    )
                )
                verdict = known.get((loaded.display, tid, number))
                view.verdicts.append(verdict)
                out.append(
                    {
                        **verdict_facts(verdict, report.submitted),
                        "kind": "evidence",
                        "idx": idx,
                        "pos": len(view.evidence) - 1,
                        "done": done,
                        "signed": int(ev.signed),
                        "has_number": int(bool(ev.number)),
                        "has_date": int(ev.date is not None),
                        "channel": ev.channel,
                        "classification": ev.classification,
                        "classified": int(ev.classification != "none"),
                    }
                )
        closed_before |= {task_index[tid] for tid, upd in updates.items() if upd.status in CLOSED}
    for position, _, _ in latest.values():
        out[position]["latest"] = 1

    out += _task_facts(facts, view, latest, start, as_of, due_day)
    out += _quarter_facts(visible, start, as_of, due_day)
    out += _indicator_facts(facts, view, visible, start, as_of)
    out += _budget_facts(view, visible)
    out += _inspection_facts(facts, view, visible, as_of, due_day)
    facts.facts.extend(out)
    facts.reports = view


def _task_facts(
    facts: CommuneFacts,
    view: ReportView,
    latest: dict[int, tuple[int, str, int]],
    start: dt.date,
    as_of: dt.date,
    due_day: int,
) -> list[dict[str, Any]]:
    """Per task: deadline passed, days left, behind the straight line; recurring periods."""
    out: list[dict[str, Any]] = []
    for idx, deadline in enumerate(facts.deadlines):
        progress = latest.get(idx, (0, "not_started", 0))[2]
        if deadline.kind in ("date", "period") and deadline.end is not None:
            total = (deadline.end - start).days  # the straight line starts at plan issue
            expected = bp((as_of - start).days, total) if total > 0 else 10000
            behind = int(progress * 100 < expected)
            days_left = (deadline.end - as_of).days
            view.tasks[idx] = {
                "due": deadline.end.strftime("%d/%m/%Y"),
                "progress": progress,
                "expected": round(expected / 100),
                "days_left": days_left,
                "days_over": -days_left,
            }
            out.append(
                {
                    "kind": "tstate",
                    "idx": idx,
                    "recurring": 0,
                    "past_due": int(deadline.end < as_of),
                    "days_left": days_left,
                    "behind": behind,
                    "due": ordinal(deadline.end),
                }
            )
        elif deadline.kind == "recurrence" and deadline.recurrence in _RECURRENCE_UNIT:
            unit = _RECURRENCE_UNIT[deadline.recurrence]
            begin = max(start, deadline.start or start)
            for key in _recurring_periods(unit, begin, as_of, due_day):
                out.append({"kind": "tperiod", "idx": idx, "unit": unit, "key": key})
    return out


@functools.lru_cache(maxsize=256)
def _recurring_periods(unit: str, begin: dt.date, as_of: dt.date, due_day: int) -> tuple[str, ...]:
    """Keys of the periods from ``begin`` whose report is due by ``as_of`` (the same few
    answers for every recurring task of every commune of a run: remembered)."""
    keys: list[str] = []
    for first in _months(begin, as_of):
        end = month_end(first)
        if as_of < report_due(end, due_day):
            continue
        if unit == "m":
            keys.append(month_key(first))
        elif unit == "q" and end == quarter_end(first):
            keys.append(quarter_key(first))
        elif unit == "y" and first.month == 12:
            keys.append(str(first.year))
    return tuple(keys)


def _quarter_facts(
    visible: Sequence[LoadedReport], start: dt.date, as_of: dt.date, due_day: int
) -> list[dict[str, Any]]:
    out = [
        {"kind": "quarter", "key": key} for key in _recurring_periods("q", start, as_of, due_day)
    ]
    held = sorted({quarter_key(day) for r in visible for day in r.report.reviews})
    out += [{"kind": "review", "qkey": key} for key in held]
    return out


def _indicator_facts(
    facts: CommuneFacts,
    view: ReportView,
    visible: Sequence[LoadedReport],
    start: dt.date,
    as_of: dt.date,
) -> list[dict[str, Any]]:
    """Latest actual per target; expected value on the straight line issue -> deadline."""
    out: list[dict[str, Any]] = []
    for indicator, target in facts.plan.targets.items():
        source = next((r for r in reversed(visible) if indicator in r.report.indicators), None)
        deadline = parse_deadline(target.by, default_year=start.year)
        if source is None or deadline.end is None:
            continue  # nothing reported yet, or no readable deadline: nothing to compare
        actual_bp = round(source.report.indicators[indicator] * 100)
        target_bp = round(target.value * 100)
        at = min(month_end(source.report.month), as_of)
        total = (deadline.end - start).days
        expected_bp = target_bp * bp((at - start).days, total) // 10000 if total > 0 else target_bp
        view.indicators.append(
            {
                "indicator": indicator,
                "actual": _pct(actual_bp),
                "target": (">" if target.bound == "above" else "") + _pct(target_bp),
                "expected": _pct(expected_bp),
                "by": target.by,
                "period": source.report.period,
                "file": source.display,
                "line": source.locations.line_of(("indicators", indicator)),
            }
        )
        out.append(
            {
                "kind": "indicator",
                "ind": fold(indicator),
                "pos": len(view.indicators) - 1,
                "actual_bp": actual_bp,
                "expected_bp": expected_bp,
                "past_due": int(deadline.end < as_of),
                # "trên 90%" is not met by 90 itself
                "below": int(
                    actual_bp <= target_bp if target.bound == "above" else actual_bp < target_bp
                ),
                "behind": int(actual_bp < expected_bp),
            }
        )
    return out


def _pct(basis_points: int) -> str:
    return f"{basis_points / 100:g}"


def _budget_facts(view: ReportView, visible: Sequence[LoadedReport]) -> list[dict[str, Any]]:
    """Disbursed share of registered funding vs the share of the year elapsed at the report."""
    source = next((r for r in reversed(visible) if r.report.budget), None)
    if source is None or source.report.budget is None or not source.report.budget.registered:
        return []
    budget = source.report.budget
    end = month_end(source.report.month)
    year_days = 366 if calendar.isleap(end.year) else 365
    disbursed = bp(budget.disbursed, budget.registered)
    elapsed = bp(end.timetuple().tm_yday, year_days)
    view.budget = {
        "disbursed": _pct(disbursed),
        "elapsed": _pct(elapsed),
        "period": source.report.period,
        "file": source.display,
        "line": source.locations.line_of(("budget",)),
    }
    return [
        {
            "kind": "budget",
            "disbursed_bp": disbursed,
            "elapsed_bp": elapsed,
            "lag_bp": max(0, elapsed - disbursed),
        }
    ]


def _inspection_facts(
    facts: CommuneFacts,
    view: ReportView,
    visible: Sequence[LoadedReport],
    as_of: dt.date,
    due_day: int,
) -> list[dict[str, Any]]:
    """Scheduled inspections whose report is due, and the inspections reports say were held."""
    out: list[dict[str, Any]] = []
    year = plan_year(facts.plan, as_of)
    for number, inspection in enumerate(facts.plan.inspections):
        deadline = parse_deadline(inspection.deadline, default_year=year)
        if deadline.end is None or as_of < report_due(deadline.end, due_day):
            continue
        view.inspections.append(
            {"id": inspection.id, "deadline": inspection.deadline, "number": number}
        )
        out.append(
            {"kind": "inspection", "iid": fold(inspection.id), "pos": len(view.inspections) - 1}
        )
    held = sorted(
        {fold(i.inspection) for r in visible for i in r.report.inspections if i.inspection}
    )
    out += [{"kind": "held", "iid": iid} for iid in held]
    return out


def report_view(facts: CommuneFacts) -> ReportView:
    """The report view of a commune whose report facts were added (rules need it)."""
    if facts.reports is None:
        raise LookupError("report facts were not added for this commune")
    return facts.reports


def report_where(view: ReportView, period: str) -> Where | None:
    return next((w for w in view.reports if w.period == period), None)


def mark_replaced(facts: CommuneFacts, by_number: str, by_file: str) -> None:
    """A replaced plan is not checked: its only fact says by which plan it was replaced."""
    facts.facts[:] = [{"kind": "replaced"}]
    facts.replaced_by = ReplacedBy(by_number, by_file)
