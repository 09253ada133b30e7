"""The documents a plan implements (``document.basis``) and the plan it replaces
(``document.replaces``).

The basis is what the opening paragraph says the plan carries out ("Thực hiện Kế hoạch số
32-KH/TU ngày 09/01/2026 của Ban Thường vụ Tỉnh ủy ...; Kế hoạch số 978/KH-UBND ..."), one
"Căn cứ ..." paragraph per document, or a "Căn cứ" section's bullets, plus the document the
title names ("Kế hoạch thực hiện Nghị quyết 57-NQ/TW ..."). Each is kept as written, cut
before what it is about ("... về thực hiện ..."), so the entries look like the typed
examples' ("Kế hoạch số 978/KH-UBND ngày 06/2/2026 của UBND tỉnh Lai Châu"). Only documents
the plan itself cites count: one a cited plan implements ("Kế hoạch số 104-KH/ĐU ... về thực
hiện Nghị quyết số 57-NQ/TW") is not the plan's own basis.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nq57check.core.text import fold, squash
from nq57check.grammar.docnumbers import DocNumber, parse_doc_number
from nq57check.importers.body.header import header_end, plan_line
from nq57check.importers.body.lines import BodyLine, BodyPart
from nq57check.importers.body.notes import heading_words, is_heading, loose, unmapped, warning

_TYPES = (
    r"nghi quyet|ke hoach|chuong trinh hanh dong|chuong trinh|thong bao ket luan|thong bao"
    r"|quyet dinh|cong van|chi thi|ket luan|huong dan|luat|nghi dinh|thong tu|de an|quy che"
    r"|quy dinh|van ban|cong dien|bao cao"
)
_DATE = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}"
_NUMBER = r"\d{1,7}\s*[/-]\s*[\w/&.-]*\w"
# What ends an issuer: the subject ("về", "thực hiện", ...), punctuation, the next citation.
_ISSUER_END = (
    r"(?=\s+(?:ve|thuc hien|trien khai|ban hanh|nham|tai|theo|va\s+(?:" + _TYPES + r"))\b"
    r"|\s*[;:(]|\.(?:\s|$)|,\s*(?:" + _TYPES + r"|ngay)\b|$)"
)
_CITATION = re.compile(
    r"\b(?P<type>" + _TYPES + r")\s+(?:so\s*:?\s*)?(?P<num>" + _NUMBER + r")"
    r"(?:\s*,?\s*ngay\s+(?:" + _DATE + r"))?"
    r"(?:\s*,?\s*(?:cua|do)\s+.{1,160}?" + _ISSUER_END + r")?"
)
_OPENERS = re.compile(r"^\s*(?:[-–+•*]\s*)?(?:thuc hien|can cu|trien khai|de trien khai)\b")
_BETWEEN = re.compile(r"^[\s,]*(?:(?:va|cung|cac|voi)\b[\s,]*)*$")  # 'A, B và C' are siblings
_REPLACES = re.compile(r"\b(?:thay the|bai bo)(?:\s+cho)?\s+")
_SENTENCE = re.compile(r";|\.(?=\s+(\w))")


def _sentence_ends(text: str) -> list[int]:
    """Where ';' clauses and sentences end: a '.' counts before a capital letter only
    ("06.2.2026", "TP. Lai Châu" and abbreviations do not end a sentence)."""
    return [
        m.start()
        for m in _SENTENCE.finditer(text)
        if m.group(0) == ";" or (m.group(1) or "").isupper()
    ]


def _key(number: str) -> str:
    parsed = parse_doc_number(number)
    return parsed.normalized() if isinstance(parsed, DocNumber) else fold(number)


def _cut(text: str, start: int, end: int) -> str:
    return squash(text[start:end]).strip(" ,;.:/")


def citations(text: str, *, own_only: bool = True) -> list[tuple[str, str]]:
    """(as written, number) of the documents ``text`` cites; with ``own_only`` only those
    that open a clause or sit beside one that does ('A; B và C'), not the ones they cite."""
    found: list[tuple[str, str]] = []
    folded = loose(text)
    start, new_sentence = 0, False
    for part in [*_sentence_ends(text), len(folded)]:
        segment_start, segment_end, start = start, part, part + 1
        after_full_stop, new_sentence = new_sentence, folded[part : part + 1] == "."
        previous_end: int | None = None
        for match in _CITATION.finditer(folded, segment_start, segment_end):
            gap = folded[segment_start if previous_end is None else previous_end : match.start()]
            if previous_end is None:  # opens the clause: "Thực hiện ...", "- ", or after ';'
                sibling = bool(_OPENERS.match(gap + " ")) or (
                    not after_full_stop and not gap.strip(" -–+•*")
                )
            else:
                sibling = bool(_BETWEEN.match(gap))
            if own_only and not sibling:
                break
            found.append(
                (
                    _cut(text, match.start(), match.end()),
                    squash(text[match.start("num") : match.end("num")]),
                )
            )
            previous_end = match.end()
    return found


def owned_by_basis(text: str) -> bool:
    """A paragraph this module reads, never a task: 'Căn cứ …' citing a document, or 'Kế
    hoạch này thay thế Kế hoạch số …'."""
    folded = loose(text)
    if _REPLACES.search(folded) and citations(text, own_only=True):
        return True
    return bool(re.match(r"^\s*(?:[-–+•*]\s*)?can cu\b", folded)) and bool(citations(text))


def _opening(lines: Sequence[BodyLine]) -> list[BodyLine]:
    """The opening paragraphs ("Thực hiện ...", "Căn cứ ...") before the first heading, and
    the paragraphs of any "Căn cứ" section ("I. CĂN CỨ XÂY DỰNG KẾ HOẠCH")."""
    out: list[BodyLine] = []
    before_headings, in_section = True, False
    for line in lines[header_end(lines) :]:
        if is_heading(line):
            before_headings = False
            in_section = heading_words(line).startswith("can cu")
            if in_section and _CITATION.search(loose(line.text)):
                out.append(line)  # "Căn cứ Nghị quyết số 57-NQ/TW ..." set in bold
            continue
        if in_section or (before_headings and _OPENERS.match(loose(line.text))):
            out.append(line)
    return out


def read_basis(lines: Sequence[BodyLine]) -> BodyPart:
    """``document.basis`` and ``document.replaces`` from the opening paragraph(s), the title
    and the sentence that names the replaced plan."""
    part = BodyPart()
    basis: list[str] = []
    keys: set[str] = set()

    def add(entries: list[tuple[str, str]], into: list[str], seen: set[str]) -> None:
        for written, number in entries:
            key = _key(number)
            if key not in seen:
                seen.add(key)
                into.append(written)

    start = plan_line(lines)
    if start is not None:
        title = " ".join(line.text for line in lines[start : header_end(lines)])
        add(citations(title, own_only=False)[:1], basis, keys)
    opening = _opening(lines)
    for line in opening:
        add(citations(line.text), basis, keys)
    if not opening:
        part.warnings.append(
            warning(
                None,
                "không tìm thấy đoạn 'Thực hiện ... / Căn cứ ...' nêu văn bản căn cứ:"
                " document.basis chỉ gồm văn bản nêu ở tên kế hoạch",
                "no opening 'Thực hiện ... / Căn cứ ...' paragraph citing the basis:"
                " document.basis holds only what the title names",
                absent="document.basis",
            )
        )
    replaces: list[str] = []
    replaced_keys: set[str] = set()
    for line in lines:
        folded = loose(line.text)
        for match in _REPLACES.finditer(folded):
            rest = line.text[match.end() :]
            cited = citations(rest, own_only=True)
            if not cited:
                part.unmapped.append(
                    unmapped(
                        line,
                        "thay thế một văn bản không ghi số (replaces a document with no number)",
                    )
                )
                part.warnings.append(
                    warning(
                        line,
                        "kế hoạch nêu thay thế một văn bản nhưng không ghi số:"
                        " document.replaces để trống",
                        "the plan says it replaces a document but gives no number:"
                        " document.replaces left empty",
                    )
                )
            add(cited, replaces, replaced_keys)
    document: dict[str, list[str]] = {}
    if basis:
        document["basis"] = basis
    if replaces:
        document["replaces"] = replaces
    if document:
        part.fields["document"] = document
    return part
