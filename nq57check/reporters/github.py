"""GitHub Actions workflow commands: findings as annotations on the pull request's files.

One ``::error|::warning|::notice`` command per open finding and per input problem; waived
findings are not annotated (they are counted in the summary). The run facts (packs, as-of
date, input SHA-256s) go in a collapsed log group, then one plain summary line closes. What
the importer guessed reading a Word/Excel/PDF plan is a ``::warning`` on the document; a
document has no lines, so its annotations name the table and row in the message instead.
"""

from __future__ import annotations

from nq57check.core.problems import document_place
from nq57check.findings import CommuneResult, Finding, RunResult
from nq57check.reporters.common import (
    IMPORT_NOTE,
    TOOL_NAME,
    all_inputs,
    evidence_of,
    labels,
    not_evaluated_groups,
    not_evaluated_words,
    note_words,
    packs_text,
    rules_by_id,
    sorted_communes,
    sorted_findings,
    sorted_notes,
    sorted_problems,
    source_of,
)

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message as the runner unescapes it (% first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus ':' and ',' which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _plain(text: str) -> str:
    """A log line that cannot turn into a command: no line breaks inside it."""
    return text.replace("\r", " ").replace("\n", " ")


def command(kind: str, message: str, *, file: str, line: int | None, title: str) -> str:
    """``::kind file=F,line=L,title=T::message`` with every part escaped."""
    props = [f"file={escape_property(file.replace(chr(92), '/'))}"]
    if line is not None and line >= 1:
        props.append(f"line={line}")
    props.append(f"title={escape_property(title)}")
    return f"::{kind} {','.join(props)}::{escape_data(message)}"


def _message(finding: Finding, lang: str, evidence: str, source: str) -> str:
    """The finding's message, then what an author needs to fix it (one line each)."""
    words = labels(lang)
    parts = [finding.message]
    where = document_place(finding.table, finding.row, finding.page, lang, finding.paragraph)
    for key, value in (
        ("location", where),
        ("task", finding.task),
        ("deadline", finding.deadline),
        ("source", source),
        ("evidence", evidence),
    ):
        if value:
            parts.append(f"{words[key]}: {value}")
    return "\n".join(parts)


def _note_commands(commune: CommuneResult, lang: str) -> list[str]:
    """``::warning`` per importer note, on the document (no line: it has none)."""
    title = f"{IMPORT_NOTE} ({note_words(lang)['note_title']})"
    lines = []
    for note in sorted_notes(commune):
        place = document_place(note.table, note.row, note.page, lang, note.paragraph)
        text = f"{place}: {note.message}" if place else note.message
        lines.append(command("warning", text, file=note.file, line=None, title=title))
    return lines


def _not_evaluated_notices(commune: CommuneResult, lang: str) -> list[str]:
    """One ``::notice`` per reason a commune's rules were not evaluated, naming every rule."""
    words = not_evaluated_words(lang)
    notices = []
    for reason, entries in not_evaluated_groups(commune):
        text = words["line"].format(count=len(entries), reason=reason)
        text += "\n" + ", ".join(f"{e.rule} ({e.requirement})" for e in entries)
        title = f"not-evaluated ({words['count']})"
        where = commune.plan_file or commune.path
        notices.append(command("notice", text, file=where, line=None, title=title))
    return notices


def render(run: RunResult, *, lang: str = "vi") -> str:
    """Workflow commands, one per line, ending with the summary line."""
    words = labels(lang)
    rules = rules_by_id(run)
    lines: list[str] = []
    counts = {"error": 0, "warning": 0, "info": 0}
    waived = problems = 0
    for commune in sorted_communes(run):
        lines += _note_commands(commune, lang)
        for problem in sorted_problems(commune):
            problems += 1
            text = f"{problem.field}: {problem.message}" if problem.field else problem.message
            lines.append(
                command(
                    "error",
                    text,
                    file=problem.file,
                    line=problem.line,
                    title=f"input-error ({words['input_error']})",
                )
            )
        for finding in sorted_findings(commune.findings):
            if finding.waived is not None:
                waived += 1
                continue
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
            lines.append(
                command(
                    COMMANDS.get(finding.severity, "warning"),
                    _message(finding, lang, evidence_of(finding, rules), source_of(finding, rules)),
                    file=finding.file,
                    line=finding.line,
                    title=f"{finding.rule} ({finding.requirement})",
                )
            )
    for commune in sorted_communes(run):
        lines.extend(_not_evaluated_notices(commune, lang))
    lines.append(f"::group::{TOOL_NAME} {run.tool_version}".rstrip())
    lines.append(_plain(f"{words['packs']}: {packs_text(run)}"))
    lines.append(_plain(f"{words['as_of']}: {run.as_of}"))
    lines.extend(_plain(f"sha256 {digest}  {file}") for file, digest in all_inputs(run))
    lines.append("::endgroup::")
    summary = words["github_summary"].format(
        communes=len(run.communes), waived=waived, problems=problems, **counts
    )
    tail = f"({words['as_of']} {run.as_of}; {packs_text(run)})"
    lines.append(_plain(f"{TOOL_NAME}: {summary} {tail}"))
    return "\n".join(lines) + "\n"
