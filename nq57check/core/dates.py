"""The dates this tool believes: plans, reports and ``--as-of`` fall within this century.

Outside this window a date is a typo, and believing it (a plan issued 0001-01-01, a check
``--as-of 9999-12-31``) would expect ~100,000 monthly reports: gigabytes of findings.
Kept free of heavy imports: the command line checks ``--as-of`` with it.
"""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def implausible(value: dt.date) -> str:
    """Why ``value`` cannot be right (the models' bounds say the same in their errors)."""
    return (
        f"{value.isoformat()} is not a plausible date here (expected {EARLIEST.year}-{LATEST.year})"
    )


def plausible(value: dt.date) -> dt.date:
    """``value``, or ValueError saying why it cannot be right."""
    if not EARLIEST <= value <= LATEST:
        raise ValueError(implausible(value))
    return value
