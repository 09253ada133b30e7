"""A terminal table for a person: per commune, errors first, with the place and the rule.

The importer's notes on a Word/Excel/PDF plan go to standard error next to this table
(:func:`~nq57check.reporters.common.note_lines`), one line each.

Control characters from the files are shown as ``\\xNN``, never sent to the terminal as they
are (see :func:`~nq57check.core.text.terminal_safe`).
"""

from __future__ import annotations

import hashlib

from tabulate import tabulate

from nq57check.core.text import terminal_safe
from nq57check.findings import Finding, RunResult
from nq57check.reporters.common import not_evaluated_lines, severity_words

MAX_LISTED_INPUTS = 20
LABELS = {
    "vi": {
        "sev": "Mức",
        "where": "Vị trí",
        "task": "NV",
        "message": "Nội dung",
        "req": "Yêu cầu",
        **severity_words("vi", 1),
        "clean": "không có phát hiện",
        "unusable": "không đọc được",
        "summary": "Tổng: {communes} xã/phường, {error} lỗi,"
        " {warning} cảnh báo, {info} lưu ý, {waived} được miễn, {unusable} tệp không dùng được"
        " (ngày đánh giá {as_of}; bộ quy tắc {packs})",
        "waived": "miễn",
        "skipped": "bỏ qua",
        "inputs": "Tệp đầu vào (SHA-256):",
        "inputs_many": "{count} tệp đầu vào; SHA-256 của danh sách (sha256sum của từng tệp):"
        " {digest}. Mã từng tệp có trong báo cáo --format json.",
    },
    "en": {
        "sev": "Severity",
        "where": "Where",
        "task": "Task",
        "message": "Message",
        "req": "Requirement",
        **severity_words("en", 1),
        "clean": "no findings",
        "unusable": "unusable",
        "summary": "Total: {communes} communes, {error} errors, {warning} warnings, {info} info,"
        " {waived} waived, {unusable} unusable (as of {as_of}; packs {packs})",
        "waived": "waived",
        "skipped": "skipped",
        "inputs": "Input files (SHA-256):",
        "inputs_many": "{count} input files; SHA-256 of their list (sha256sum lines): {digest}."
        " Each file's hash is in --format json.",
    },
}


def _wrap(text: str, width: int = 70) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines)


def render(run: RunResult, *, lang: str = "vi") -> str:
    labels = LABELS.get(lang, LABELS["vi"])
    out: list[str] = []
    for commune in sorted(run.communes, key=lambda c: c.path):
        title = f"{commune.unit} ({commune.path})" if commune.unit else commune.path
        out.append(f"== {title}")
        if commune.skipped:
            out.append(f"   {labels['skipped']}: {commune.skipped}")
        for problem in commune.problems:
            out.append(f"   {labels['unusable']}: {problem.render()}")
        rows = []
        for f in sorted(commune.findings, key=Finding.sort_key):
            severity = labels[f.severity] + (f" ({labels['waived']})" if f.waived else "")
            cells = [severity, f.location(lang), f.task or "", _wrap(f.message), f.requirement]
            rows.append([terminal_safe(cell) for cell in cells])  # before tabulate measures
        if rows:
            headers = [labels[k] for k in ("sev", "where", "task", "message", "req")]
            out.append(tabulate(rows, headers=headers, tablefmt="simple"))
        elif not commune.problems and not commune.skipped:
            out.append(f"   {labels['clean']}")
        out.extend(f"   {line}" for line in not_evaluated_lines(commune, lang))
        out.append("")
    inputs = sorted((file, digest) for c in run.communes for file, digest in c.inputs.items())
    if len(inputs) > MAX_LISTED_INPUTS:  # a province's batch: one digest, not 40,000 lines
        combined = hashlib.sha256(
            "".join(f"{digest}  {file}\n" for file, digest in inputs).encode("utf-8")
        ).hexdigest()
        out.append(labels["inputs_many"].format(count=len(inputs), digest=combined))
        out.append("")
    elif inputs:
        out.append(labels["inputs"])
        out.extend(f"  {digest}  {file}" for file, digest in inputs)
        out.append("")
    summary = run.summary()
    packs = ", ".join(f"{p['name']} {p['version']}" for p in summary["packs"])
    out.append(
        labels["summary"].format(
            communes=summary["communes"],
            waived=summary["waived"],
            unusable=summary["unusable"],
            as_of=summary["as_of"],
            packs=packs or "-",
            **summary["by_severity"],
        )
    )
    return terminal_safe("\n".join(out)) + "\n"
