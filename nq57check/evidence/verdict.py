"""What was found in one evidence file: the verdict the facts are built from.

A verdict never holds a title (a classified one must not be output) nor the file's text:
only its state, the signer's certificate names, the signing time and whether the
document's number was found in the text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

State = Literal[
    "none",  # the item names no file: its `signed` claim cannot be checked
    "missing",  # no such file in the commune folder
    "stored",  # a classified document kept on this machine: never opened
    "absent",  # a classified item names a file that is not on this machine (looked up only)
    "unverified",  # a .docx (or another format): present, its signature not verified
    "unreadable",  # not a PDF, encrypted, damaged, too large, a decompression bomb
    "unsigned",  # a PDF without a signature
    "broken",  # a signature does not verify, or what it signed was changed afterwards
    "partial",  # the signature does not cover the whole file (content added after signing)
    "untrusted",  # intact, but its chain does not reach a trusted root (roots were given)
    "valid",  # intact, whole file; trusted when roots were given, else not checked
]
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving time
STATES: tuple[str, ...] = State.__args__  # type: ignore[attr-defined]

# States where the file was judged and its signature cannot be relied on.
BAD_SIGNATURE = frozenset({"missing", "unreadable", "unsigned", "broken", "partial", "untrusted"})


# Why a file is unreadable, broken, partial or unverified: a key, so findings say it in the
# run's language (``PROBLEMS``), never a library's English.
REASONS: dict[str, dict[str, str]] = {
    "missing": {
        "vi": "không có tệp này trong thư mục của xã",
        "en": "no such file in the commune folder",
    },
    "not_regular": {"vi": "không phải một tệp thông thường", "en": "it is not a regular file"},
    "os_error": {"vi": "không mở được tệp", "en": "the file cannot be opened"},
    "too_large": {
        "vi": "tệp quá lớn, không đọc (giới hạn MAX_EVIDENCE_BYTES)",
        "en": "the file is too large and was not read (limit MAX_EVIDENCE_BYTES)",
    },
    "not_pdf": {"vi": "tệp không phải PDF", "en": "the file is not a PDF"},
    "encrypted": {
        "vi": "PDF có mật khẩu (mã hóa), không kiểm tra được chữ ký",
        "en": "the PDF is encrypted (password-protected); its signature cannot be checked",
    },
    "bomb": {
        "vi": "PDF có luồng dữ liệu giải nén vượt giới hạn (nghi là tệp độc hại)",
        "en": "a stream of the PDF inflates past the limit (a decompression bomb?)",
    },
    "damaged": {"vi": "PDF bị hỏng, không đọc được", "en": "the PDF is damaged and cannot be read"},
    "unsigned": {"vi": "tệp không có chữ ký số", "en": "the file carries no digital signature"},
    "changed": {
        "vi": "nội dung đã bị thay đổi sau khi ký: tệp bị sửa sau chữ ký của {changed}",
        "en": "content changed after signing: the file was changed after {changed} signed it",
    },
    "invalid": {
        "vi": "chữ ký số không hợp lệ hoặc tệp đã bị sửa sau khi ký",
        "en": "the signature does not verify, or the file was changed after signing",
    },
    "added": {
        "vi": "chữ ký không bao trùm toàn bộ tệp (có nội dung thêm vào sau khi ký)",
        "en": "the signature does not cover the whole file (content was added after signing)",
    },
    "untrusted": {
        "vi": "chuỗi chứng thư của người ký không dẫn tới chứng thư gốc tin cậy nào",
        "en": "the signer's certificate chain reaches no trusted root",
    },
    "word": {
        "vi": "tệp Word: chữ ký số chưa được kiểm tra",
        "en": "a Word file: its signature was not verified",
    },
}


def vietnam_time(when: dt.datetime) -> str:
    """A signing time as findings and ``explain`` write it: dd/mm/YYYY HH:MM, Vietnam's time."""
    return when.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M (UTC+7)")


@dataclass(frozen=True, slots=True)
class Signed:
    """One signature's signer (certificate subject O and CN) and the time it states."""

    organisation: str = ""
    common_name: str = ""
    signed_at: dt.datetime | None = None

    @property
    def name(self) -> str:
        parts = [
            f"O={self.organisation}" if self.organisation else "",
            f"CN={self.common_name}" if self.common_name else "",
        ]
        return ", ".join(p for p in parts if p) or "?"


SIGNATURE_WORDS = {
    "vi": ("Người ký theo chứng thư", "thời điểm ký"),
    "en": ("Signer per certificate", "signed"),
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """One evidence file's verdict; ``reason`` is a key of :data:`REASONS` (never the file's
    text), ``detail`` a technical English aside for the notes (an exception's class).

    ``organisation``, ``common_name`` and ``signed_at`` are the first signer whose signature
    covers the content as it now is, ``cosigners`` the later ones; ``changed`` are signers
    whose signed content was changed afterwards: they are never credited with the file."""

    state: State
    file: str = ""  # as shown: the report's folder-relative path, "" for a classified item
    reason: str = ""
    detail: str = ""
    organisation: str = ""  # signer certificate subject O
    common_name: str = ""  # signer certificate subject CN
    signed_at: dt.datetime | None = None  # the signing time the signature states
    trust_checked: bool = False  # roots were given and the chain was checked against them
    number_found: bool | None = None  # the evidence's number in the PDF's text (None: not read)
    sha256: str = ""
    cosigners: tuple[Signed, ...] = ()
    changed: tuple[Signed, ...] = ()

    def signers(self) -> tuple[Signed, ...]:
        """Every signer whose signature covers the content as it now is (none: ())."""
        first = Signed(self.organisation, self.common_name, self.signed_at)
        known = first.organisation or first.common_name or first.signed_at is not None
        return ((first,) if known else ()) + self.cosigners

    @property
    def signer(self) -> str:
        """The signers' names, '; ' between several; '' when no signature covers the file."""
        return "; ".join(s.name for s in self.signers())

    def signed_on(self) -> str:
        """The signing times as written in findings (dd/mm/YYYY HH:MM in Vietnam's time),
        in the order of :meth:`signer`; '' when none is known."""
        times = [vietnam_time(s.signed_at) if s.signed_at else "?" for s in self.signers()]
        return "; ".join(times) if any(t != "?" for t in times) else ""

    def signature(self) -> dict[str, str]:
        """' Signer per certificate: ..; signed: ..' in both languages, each part only when
        known ('' when neither is): an unreadable file's finding says nothing of a signer."""
        signer, when = self.signer, self.signed_on()
        out = {}
        for lang, (who, at) in SIGNATURE_WORDS.items():
            parts = ([f"{who}: {signer}"] if signer else []) + ([f"{at}: {when}"] if when else [])
            out[lang] = f" {'; '.join(parts)}." if parts else ""
        return out

    def problem(self) -> dict[str, str]:
        """Why the file is what it is, in both languages (``REASONS``), signers filled in."""
        words = REASONS.get(self.reason, {"vi": "", "en": ""})
        changed = "; ".join(s.name for s in self.changed) or "?"
        return {lang: text.format(changed=changed) for lang, text in words.items()}


NOTES = {
    "vi": {
        "valid": "chữ ký số toàn vẹn, bao trùm toàn bộ tệp (người ký: {signer}; ký lúc"
        " {signed_at}); chưa đối chiếu với chứng thư gốc tin cậy nào (không có --trust-roots"
        " hay trust_roots của bộ quy tắc), nên không khẳng định được là chữ ký tin cậy",
        "trusted": "chữ ký số toàn vẹn, bao trùm toàn bộ tệp, chuỗi chứng thư dẫn tới"
        " một chứng thư gốc đã cho (người ký: {signer}; ký lúc {signed_at})",
        "unverified": "{problem}",
    },
    "en": {
        "valid": "the signature is intact and covers the whole file (signer: {signer};"
        " signed {signed_at}); it was not checked against any trusted root (no --trust-roots"
        " nor pack trust_roots), so it is not known to be trusted",
        "trusted": "the signature is intact, covers the whole file, and its chain reaches"
        " a given trusted root (signer: {signer}; signed {signed_at})",
        "unverified": "{problem}",
    },
}


def note_text(verdict: Verdict, lang: str) -> str | None:
    """What a run's notes say of a verdict that is no finding (valid, not verified), or None."""
    words = NOTES.get(lang, NOTES["vi"])
    if verdict.state == "valid":
        key = "trusted" if verdict.trust_checked else "valid"
    elif verdict.state == "unverified":
        key = "unverified"
    else:
        return None
    problem = verdict.problem().get(lang, "")
    return words[key].format(
        file=verdict.file,
        signer=verdict.signer or "?",
        signed_at=verdict.signed_on() or "?",
        problem=problem,
    )
