"""The inspector's marks on the page as a ``decisions.yaml`` the CLI reads.

The page offers, per open finding, *accepted* (the inspector judged it fine: listed with the
decision, not counted) or *confirmed* (it stands and needs judgement: kept, with the note),
which are the two decisions of :mod:`nq57check.check.decisions`. Each entry names the
finding by its fingerprint, which contains the plan file's name: put the file beside the
plan of the same name (``KeHoach.docx``) and ``nq57check check`` applies it.
"""

from __future__ import annotations

import datetime as dt

import yaml

from nq57check.core.dates import plausible
from nq57check.findings import CommuneResult, Finding
from nq57check.reporters.common import open_findings
from nq57check.web.form import Form
from nq57check.web.texts import words
from nq57check.web.uploads import UploadError

CHOICES = ("accepted", "confirmed")
MAX_NOTE = 500
MAX_BY = 120


def _one_line(text: str, limit: int) -> str:
    """One printable line (a YAML comment or value may hold no control character)."""
    flat = "".join(c for c in " ".join(text.split()) if c.isprintable())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _refuse(key: str, **values: str) -> UploadError:
    return UploadError(400, words("vi")[key].format(**values), words("en")[key].format(**values))


def decided(commune: CommuneResult, form: Form) -> list[tuple[Finding, dict[str, object]]]:
    """The marked findings of ``commune`` with their entries; unknown fingerprints are
    ignored (they are not this commune's open findings)."""
    by = _one_line(form.get("by"), MAX_BY)
    raw_date = form.get("date").strip()
    try:
        date = plausible(dt.date.fromisoformat(raw_date))
    except ValueError:
        raise _refuse("bad_date", value=_one_line(raw_date, 40)) from None
    chosen = []
    for finding in open_findings(commune):
        fingerprint = finding.fingerprint()
        choice = form.get(f"d-{fingerprint}")
        if choice not in CHOICES:
            continue
        entry: dict[str, object] = {
            "finding": fingerprint,
            "decision": choice,
            "by": by,
            "date": date,
        }
        note = _one_line(form.get(f"n-{fingerprint}"), MAX_NOTE)
        document = _one_line(form.get(f"doc-{fingerprint}"), MAX_BY)
        if note:
            entry["note"] = note
        if document:
            entry["document"] = document
        chosen.append((finding, entry))
    if not chosen:
        raise _refuse("no_decision")
    if not by:
        raise _refuse("no_by")
    return chosen


def decisions_yaml(commune: CommuneResult, form: Form) -> str:
    """The file's text: a header, then per decision a comment naming the finding."""
    lines = [
        "# decisions.yaml written by the nq57check web page: put it beside the plan"
        f" ({commune.plan_file or 'plan'}).",
        "# accepted: listed with the decision, not counted; confirmed: the finding stands.",
        "decisions:",
    ]
    for finding, entry in decided(commune, form):
        about = f"{finding.rule} {finding.task or ''}".strip()
        lines.append(f"  # {_one_line(about + ': ' + finding.message, 160)}")
        body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
        lines += [f"  {line}" for line in body.splitlines()]
    return "\n".join(lines) + "\n"
