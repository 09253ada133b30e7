"""A PDF's signatures, verified with pyHanko; its number looked for in its text.

What is verified: each embedded signature's CMS value against the signer's certificate
(``valid``), the digest of the signed byte ranges against the file (``intact``: a byte
changed after signing breaks it), what later revisions changed after each signature
(pyHanko's difference analysis: anything beyond filling forms and adding signatures is
content changed after signing, even when someone else signed the whole file again), and
that the last signature covers the whole file (content appended after signing is a
finding, even if pyHanko's diff policy would accept it). With trust roots, the signer's
chain must reach one of them; revocation is never fetched (no network:
``allow_fetching=False``), so a revoked certificate is not detected.

Bounds: the caller has checked the size before reading; pyHanko decodes streams under
:data:`DECODE_LIMITS` (a FlateDecode bomb is refused at the stream, not after it), and
the text is read with pdfminer under the importers' PDF bounds, first pages only.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nq57check.core.text import fold
from nq57check.evidence.verdict import Signed, State

MiB = 1024 * 1024
MAX_EVIDENCE_BYTES = 32 * MiB
"""An evidence file on disk: a signed decision of a few pages is tens to hundreds of KB, a
scanned one a few MB. A larger file is refused unread."""

TEXT_PAGES = 3
"""Pages whose text is searched for the document's number (it is printed on the first)."""

_QUIET = ("pyhanko", "pyhanko_certvalidator")


def _decode_limits() -> Any:
    """Tighter than pyHanko's own defaults (256 MiB a stream): the importers' bounds."""
    from pyhanko.pdf_utils.decode_limits import (
        DecodeLimits,
        DocumentDecodeBudget,
        StreamDecodeLimits,
    )

    return DecodeLimits(
        per_stream=StreamDecodeLimits(max_ratio=1100, max_output_size=16 * MiB),
        document_budget=DocumentDecodeBudget(base_allowance=64 * MiB, max_ratio=20),
    )


def _names(cert: Any) -> tuple[str, str]:
    """Subject O and CN of an asn1crypto certificate ('' when absent)."""
    subject = cert.subject.native
    org = subject.get("organization_name", "")
    cn = subject.get("common_name", "")
    org = ", ".join(org) if isinstance(org, list) else str(org or "")
    cn = ", ".join(cn) if isinstance(cn, list) else str(cn or "")
    return org, cn


@dataclass(frozen=True, slots=True)
class Signatures:
    """What a PDF's signatures were found to be (see :class:`~.verdict.Verdict`)."""

    state: State
    reason: str = ""
    covering: tuple[Signed, ...] = ()  # signers of the content as it now is
    changed: tuple[Signed, ...] = ()  # signers whose signed content was changed afterwards


def _signed(status: Any) -> Signed:
    """The signer and signing time of one validated signature."""
    org, cn = _names(status.signing_cert)
    when = status.signer_reported_dt
    stamp = status.timestamp_validity  # a TSA's time, when intact, beats the signer's
    if stamp is not None and stamp.intact and stamp.valid:
        when = stamp.timestamp
    return Signed(org, cn, when)


def _changed_after(status: Any) -> bool:
    """Whether the revisions after this signature changed more than filling forms and adding
    signatures (pyHanko's difference analysis): a page's text, an annotation, anything else.
    ANNOTATIONS is over the line too: a note drawn over the text changes what is read."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    level = status.modification_level
    return status.docmdp_ok is False or (
        level is not None and level > ModificationLevel.FORM_FILLING
    )


def verify_signatures(data: bytes, roots: Sequence[Any] | None) -> Signatures:
    """A PDF's signatures judged; ``roots`` None: trust not checked (a valid signature is
    then ``valid`` without being called trusted).

    Each signature is checked, and so is what came after it: a signature whose content was
    changed by a later revision makes the file ``broken`` however many signatures follow
    (a re-signature by someone else covers the change, it does not undo it), and its signer
    is named as the one whose content was changed, never as the file's signer. Any failure
    of pyHanko to read the file is ``unreadable``.
    """
    from pyhanko.pdf_utils.misc import PdfDecodeLimitError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    # Signing keys need digitalSignature or nonRepudiation, either one: pyHanko's default
    # (nonRepudiation only) would call a certificate issued with digitalSignature alone
    # untrusted; what official-use certificates carry was not checked against a real one.
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
    for logger in _QUIET:  # pyHanko logs a traceback for every untrusted chain
        logging.getLogger(logger).setLevel(logging.CRITICAL)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False, decode_limits=_decode_limits())
        if reader.encrypted:
            return Signatures("unreadable", "encrypted")
        signatures = list(reader.embedded_signatures)
        if not signatures:
            return Signatures("unsigned", "unsigned")
        covering: list[Signed] = []
        changed: list[Signed] = []
        untrusted = added = False
        for number, embedded in enumerate(signatures):
            context = ValidationContext(trust_roots=list(roots or []), allow_fetching=False)
            status = validate_pdf_signature(embedded, context, key_usage_settings=usage)
            who = _signed(status)
            if not (status.intact and status.valid):
                return Signatures("broken", "invalid", (who,))
            if _changed_after(status):
                changed.append(who)
                continue
            covering.append(who)
            last = number == len(signatures) - 1
            added |= last and status.coverage != SignatureCoverageLevel.ENTIRE_FILE
            untrusted |= roots is not None and not status.trusted
        if changed:
            return Signatures("broken", "changed", tuple(covering), tuple(changed))
        if added:
            return Signatures("partial", "added", tuple(covering))
        if untrusted:
            return Signatures("untrusted", "untrusted", tuple(covering))
        return Signatures("valid", "", tuple(covering))
    except PdfDecodeLimitError:
        return Signatures("unreadable", "bomb")
    except Exception:  # pyHanko's many parse errors: damaged, not a PDF after all
        return Signatures("unreadable", "damaged")


class Refused(Exception):
    """The PDF passed a bound while its text was read (a stream inflating past the limit,
    too many pages or characters): the file is hostile or damaged, not merely unsearchable."""


def number_in_text(path: Path, name: str, number: str) -> bool | None:
    """Whether ``number`` (folded, spaces ignored) is in the first pages' text; None when
    the text cannot be read (a scan, a damaged file). A bound passed raises :class:`Refused`."""
    from nq57check.importers import guards  # the importers' bounded pdfminer

    wanted = fold(number).replace(" ", "")
    meter: guards.PdfMeter | None = None
    try:
        import pdfplumber

        with guards.pdf_bounds(name) as meter:
            guards.check_pdf_pages(path, meter)
            meter.check()
            with pdfplumber.open(str(path)) as pdf:
                text = "".join((page.extract_text() or "") for page in pdf.pages[:TEXT_PAGES])
            meter.check()
    except Exception as exc:  # the signature verdict stands; the number is simply not checked
        if meter is not None and meter.refusal is not None:
            raise Refused(meter.refusal) from exc
        return None
    folded = fold(text).replace(" ", "")
    if not folded or not wanted:
        return None
    return wanted in folded
