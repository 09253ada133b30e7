"""Every evidence file of a commune's reports, judged: the verdicts facts are built from.

Order of checks, each before the next can cost anything: a classified item's file is only
looked up (``lstat``), never opened; the path was confined to the commune's folder when the
report was loaded; a file that is not a regular file (a FIFO, a device) is refused unopened;
its size is checked before it is read; then the format by its first bytes, then pyHanko.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nq57check.core.problems import InputError
from nq57check.evidence.pdfsig import (
    MAX_EVIDENCE_BYTES,
    Refused,
    number_in_text,
    verify_signatures,
)
from nq57check.evidence.verdict import Signed, Verdict

if TYPE_CHECKING:
    from nq57check.loading.report_models import Evidence
    from nq57check.loading.reports import LoadedReport

Key = tuple[str, str, int]  # (report as shown, task id, evidence index)
MAX_ROOT_FILES = 200
MAX_ROOT_BYTES = 1024 * 1024
_WORD = (".docx", ".doc", ".odt")


def evidence_key(report: str, task: str, index: int) -> Key:
    return (report, task, index)


def verify_reports(
    reports: Sequence[LoadedReport], roots: Sequence[Any] | None
) -> dict[Key, Verdict]:
    """The verdict of every evidence item that names a file (items without one have none)."""
    verdicts: dict[Key, Verdict] = {}
    for loaded in reports:
        folder = loaded.path.parent
        shown_folder = os.path.dirname(loaded.display)
        for task_id, update in loaded.report.tasks.items():
            for index, item in enumerate(update.evidence):
                if item.file is None:
                    continue
                shown = os.path.normpath(os.path.join(shown_folder, item.file))  # '..' steps
                verdicts[evidence_key(loaded.display, task_id, index)] = verify_item(
                    item, folder / item.file, shown, roots
                )
    return verdicts


def verify_item(item: Evidence, path: Path, shown: str, roots: Sequence[Any] | None) -> Verdict:
    """One evidence file's verdict. A classified item is never opened, only looked up."""
    if item.classification != "none":
        # lexists reads the folder entry only: a FIFO, an unreadable file, a link, all count
        present = os.path.lexists(path)
        return Verdict("stored" if present else "absent", file="")
    try:
        info = path.stat()
    except FileNotFoundError:
        return Verdict("missing", file=shown, reason="missing")
    except OSError as exc:
        return Verdict("unreadable", file=shown, reason="os_error", detail=str(exc.strerror))
    if not stat.S_ISREG(info.st_mode):
        return Verdict("unreadable", file=shown, reason="not_regular")
    if info.st_size > MAX_EVIDENCE_BYTES:
        detail = f"{info.st_size:,} bytes > MAX_EVIDENCE_BYTES = {MAX_EVIDENCE_BYTES:,}"
        return Verdict("unreadable", file=shown, reason="too_large", detail=detail)
    if path.suffix.lower() in _WORD:
        return Verdict("unverified", file=shown, reason="word")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_EVIDENCE_BYTES + 1)
    except OSError as exc:
        return Verdict("unreadable", file=shown, reason="os_error", detail=str(exc.strerror))
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_EVIDENCE_BYTES:  # it grew since stat
        return Verdict("unreadable", file=shown, reason="too_large")
    if b"%PDF-" not in data[:1024]:
        return Verdict("unreadable", file=shown, reason="not_pdf", sha256=digest)
    found_signatures = verify_signatures(data, roots)
    state = found_signatures.state
    first = found_signatures.covering[0] if found_signatures.covering else Signed()
    try:
        found = number_in_text(path, shown, item.number) if state != "unreadable" else None
    except Refused as exc:
        return Verdict("unreadable", file=shown, reason="bomb", detail=str(exc), sha256=digest)
    return Verdict(
        state,
        file=shown,
        reason=found_signatures.reason,
        organisation=first.organisation,
        common_name=first.common_name,
        signed_at=first.signed_at,
        cosigners=found_signatures.covering[1:],
        changed=found_signatures.changed,
        trust_checked=roots is not None,
        number_found=found,
        sha256=digest,
    )


def load_roots(folder: Path) -> list[Any]:
    """The trusted root certificates in ``folder`` (PEM, several a file, or DER): an input
    error naming the file when one cannot be read, and when there is none at all."""
    from asn1crypto import pem, x509

    try:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".pem", ".crt", ".cer"))
    except OSError as exc:
        raise InputError.single(
            str(folder), f"cannot list trust roots: {exc.strerror or exc}"
        ) from exc
    if len(files) > MAX_ROOT_FILES:
        raise InputError.single(str(folder), f"more than {MAX_ROOT_FILES} certificate files")
    roots: list[Any] = []
    for path in files:
        try:
            if path.stat().st_size > MAX_ROOT_BYTES:
                raise ValueError(f"over {MAX_ROOT_BYTES:,} bytes")
            data = path.read_bytes()
            blobs = (
                [der for _, _, der in pem.unarmor(data, multiple=True)]
                if pem.detect(data)
                else [data]
            )
            for der in blobs:
                cert = x509.Certificate.load(der)
                _ = cert.native  # parse now: a damaged certificate is this file's error
                roots.append(cert)
        except (OSError, ValueError, TypeError) as exc:
            raise InputError.single(str(path), f"not a certificate (PEM or DER): {exc}") from exc
    if not roots:
        raise InputError.single(str(folder), "holds no certificate (*.pem, *.crt, *.cer)")
    return roots
