"""Evidence files judged in process: every state, bounds, and classified files never opened."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import pem
from asn1crypto import x509 as ax509

from evidence import pdfs
from nq57check.core.problems import InputError
from nq57check.evidence import pdfsig
from nq57check.evidence.verdict import Verdict
from nq57check.evidence.verify import load_roots, verify_item
from nq57check.loading.report_models import Evidence

NUMBER = "07/KH-UBND"


@cache
def signed() -> bytes:
    return pdfs.sign(pdfs.plain_pdf(f"So: {NUMBER}"))


def roots_of(pem_bytes: bytes) -> list[Any]:
    return [ax509.Certificate.load(pem.unarmor(pem_bytes)[2])]


def judge(tmp_path: Path, data: bytes, name: str = "e.pdf", roots: Any = None) -> Verdict:
    path = tmp_path / name
    path.write_bytes(data)
    return verify_item(Evidence(number=NUMBER, file=name), path, name, roots)


def test_signed_intact_file_is_valid_with_signer_and_time(tmp_path: Path) -> None:
    verdict = judge(tmp_path, signed())
    assert verdict.state == "valid" and not verdict.trust_checked
    assert (verdict.organisation, verdict.common_name) == (pdfs.ORG, pdfs.SIGNER)
    assert verdict.signed_at == pdfs.SIGNED_AT
    assert verdict.signed_on() == "02/03/2026 16:30 (UTC+7)"
    assert verdict.number_found is True


def test_trust_roots_decide_trusted_or_not(tmp_path: Path) -> None:
    own = roots_of(pdfs.default_signer().ca.pem)
    other = roots_of(pdfs.authority("Another Root").pem)
    assert judge(tmp_path, signed(), roots=own).state == "valid"
    verdict = judge(tmp_path, signed(), roots=other)
    assert verdict.state == "untrusted" and verdict.trust_checked


def test_a_key_for_digital_signature_alone_is_trusted(tmp_path: Path) -> None:
    """pyHanko's default wants nonRepudiation; a digitalSignature-only certificate is fine."""
    ca = pdfs.authority("Root B")
    who = pdfs.signer(ca, nonrepudiation=False)
    verdict = judge(tmp_path, pdfs.sign(pdfs.plain_pdf(), who), roots=roots_of(ca.pem))
    assert verdict.state == "valid" and verdict.trust_checked


def test_a_byte_changed_after_signing_breaks_it(tmp_path: Path) -> None:
    verdict = judge(tmp_path, pdfs.altered(signed()))
    assert (verdict.state, verdict.reason) == ("broken", "invalid")
    assert verdict.number_found is False  # 07/KH became 08/KH in the text


def test_an_allowed_update_after_signing_is_partial(tmp_path: Path) -> None:
    verdict = judge(tmp_path, pdfs.with_empty_field(signed()))
    assert (verdict.state, verdict.reason, verdict.common_name) == ("partial", "added", pdfs.SIGNER)


def test_content_changed_after_signing_credits_nobody(tmp_path: Path) -> None:
    """A catalog entry or the page's text changed after the only signature: broken, and the
    signer is named as the one whose content was changed, not as the file's signer."""
    for data in (pdfs.appended(signed()), pdfs.rewritten(signed())):
        verdict = judge(tmp_path, data)
        assert (verdict.state, verdict.reason) == ("broken", "changed")
        assert verdict.signer == "" and verdict.signed_on() == ""
        assert [s.common_name for s in verdict.changed] == [pdfs.SIGNER]


def test_unsigned_pdf(tmp_path: Path) -> None:
    assert judge(tmp_path, pdfs.plain_pdf()).state == "unsigned"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: b"GIF89a not a pdf at all", "not_pdf"),
        (lambda: pdfs.encrypted_pdf(), "encrypted"),
        (lambda: signed()[: len(signed()) // 2], "damaged"),
        (lambda: pdfs.bomb_pdf(), "bomb"),
    ],
    ids=["not-pdf", "encrypted", "damaged", "bomb"],
)
def test_bad_files_are_unreadable_with_a_reason(tmp_path: Path, make: Any, reason: str) -> None:
    verdict = judge(tmp_path, make())
    assert (verdict.state, verdict.reason) == ("unreadable", reason)


def test_a_huge_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:  # sparse: no disk used
        handle.truncate(pdfsig.MAX_EVIDENCE_BYTES + 1)
    monkeypatch.setattr(Path, "open", _refuse_open)
    verdict = verify_item(Evidence(number=NUMBER, file="huge.pdf"), path, "huge.pdf", None)
    assert (verdict.state, verdict.reason) == ("unreadable", "too_large")


def test_a_fifo_is_refused_unopened(tmp_path: Path) -> None:
    path = tmp_path / "pipe.pdf"
    os.mkfifo(path)  # opening it for reading would block with no writer
    verdict = verify_item(Evidence(number=NUMBER, file="pipe.pdf"), path, "pipe.pdf", None)
    assert (verdict.state, verdict.reason) == ("unreadable", "not_regular")


def test_missing_file(tmp_path: Path) -> None:
    verdict = verify_item(Evidence(file="no.pdf"), tmp_path / "no.pdf", "no.pdf", None)
    assert verdict.state == "missing"


def test_word_evidence_is_said_unverified(tmp_path: Path) -> None:
    assert judge(tmp_path, b"PK\x03\x04 word", name="e.docx").state == "unverified"


def _refuse_open(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError(f"opened {args[:1]}")


@pytest.mark.parametrize("level", ["mat", "toi_mat", "tuyet_mat"])
def test_classified_file_is_only_looked_up_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, level: str
) -> None:
    path = tmp_path / "mat.pdf"
    os.mkfifo(path)  # even a FIFO: opening it would block the run
    monkeypatch.setattr(builtins, "open", _refuse_open)
    monkeypatch.setattr(io, "open", _refuse_open)
    monkeypatch.setattr(os, "open", _refuse_open)
    monkeypatch.setattr(Path, "open", _refuse_open)
    item = Evidence(number="03/KH", title="CANARY", classification=level, file="mat.pdf")
    verdict = verify_item(item, path, "mat.pdf", None)
    assert verdict == Verdict("stored", file="")
    gone = verify_item(item, tmp_path / "other.pdf", "other.pdf", None)
    assert gone.state == "absent"


def test_roots_folder(tmp_path: Path) -> None:
    (tmp_path / "a.pem").write_bytes(pdfs.default_signer().ca.pem + pdfs.authority("B").pem)
    assert len(load_roots(tmp_path)) == 2
    (tmp_path / "bad.crt").write_bytes(
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    )
    with pytest.raises(InputError, match=r"bad\.crt"):
        load_roots(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no certificate"):
        load_roots(empty)


@pytest.mark.parametrize("path", ["/etc/passwd", "..\\x.pdf", "C:\\x.pdf", "\\\\srv\\x.pdf"])
def test_paths_leaving_the_folder_are_refused_by_the_model(path: str) -> None:
    """'/' steps are resolved against the folders when the report is loaded (the CLI tests)."""
    with pytest.raises(ValueError, match="evidence file"):
        Evidence(file=path)
    assert Evidence(file="../evidence/x.pdf").file == "../evidence/x.pdf"


def test_signing_time_is_compared_in_vietnam_time() -> None:
    from nq57check.facts.evidence import verdict_facts

    late = Verdict("valid", signed_at=dt.datetime(2026, 3, 5, 18, 0, tzinfo=dt.UTC))  # 6th, ICT
    same_day = Verdict("valid", signed_at=dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC))
    assert verdict_facts(late, dt.date(2026, 3, 5))["late"] == 1
    assert verdict_facts(same_day, dt.date(2026, 3, 5))["late"] == 0
