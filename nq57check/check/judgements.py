"""People's judgements applied to a commune's findings: waivers and review decisions.

Both files sit beside the plan (``waivers.yaml``, ``decisions.yaml``); ``--waivers FILE``
names a waiver file for every commune instead. Their SHA-256 join the commune's inputs, so
a gap list states everything it was computed from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from nq57check.check.judgement_policy import DECISION_FILE, WAIVER_FILE, JudgementPolicy
from nq57check.core.problems import InputError
from nq57check.findings import CommuneResult

__all__ = ["DECISION_FILE", "WAIVER_FILE", "JudgementPolicy", "apply_judgements"]


def _judgement_file(path: Path, shown: str) -> bool:
    """Present and usable; a folder or a device where the file should be is an error."""
    if path.is_file():
        return True
    if path.exists() or path.is_symlink():
        raise InputError.single(shown, "not a regular file (a folder, device or dead link)")
    return False


def apply_judgements(
    result: CommuneResult,
    plan_path: Path,
    *,
    as_of: dt.date,
    lang: str,
    waiver_file: Path | None,
    display: Callable[[Path], str],
    policy: JudgementPolicy | None = None,
) -> None:
    policy = policy or JudgementPolicy()
    decisions_path = plan_path.parent / DECISION_FILE
    if _judgement_file(decisions_path, display(decisions_path)):
        from nq57check.check.decisions import (  # only when present
            apply_decisions,
            load_decisions,
            unused_decisions,
        )

        shown = display(decisions_path)
        decisions, digest, places = load_decisions(decisions_path, shown, within=plan_path.parent)
        unused = unused_decisions(result.findings, decisions, places, lang)
        result.inputs[shown] = digest
        result.findings = apply_decisions(result.findings, decisions, lang, policy) + unused
    waivers_path = waiver_file or plan_path.parent / WAIVER_FILE
    if _judgement_file(waivers_path, display(waivers_path)):
        from nq57check.check.waivers import apply_waivers, load_waivers  # only when present

        shown = display(waivers_path)
        beside = None if waiver_file else plan_path.parent  # --waivers FILE: the user's choice
        loaded = load_waivers(waivers_path, shown, policy, within=beside)
        result.inputs[shown] = loaded.sha256
        result.findings = apply_waivers(result.findings, loaded, as_of, lang, policy)
