"""An evidence file's verdict as engine facts: ints and one state the rules compare.

The engine cannot compare a datetime with a date, so whether the signing time (in Vietnam's
time) falls after the report's submission day is decided here, as ``late``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from nq57check.evidence.verdict import BAD_SIGNATURE, VIETNAM, Verdict


def verdict_facts(verdict: Verdict | None, submitted: dt.date) -> dict[str, Any]:
    """What the evidence file was found to be, as ints and one state the rules compare."""
    if verdict is None:
        return {"vstate": "none", "sig_ok": 1, "late": 0, "number_missing": 0}
    signed_on = verdict.signed_at.astimezone(VIETNAM).date() if verdict.signed_at else None
    return {
        "vstate": verdict.state,
        "sig_ok": int(verdict.state not in BAD_SIGNATURE),
        "late": int(signed_on is not None and signed_on > submitted),
        "number_missing": int(verdict.number_found is False),
    }
