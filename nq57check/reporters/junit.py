"""JUnit XML: the format CI dashboards (Jenkins, GitLab) already chart.

Each commune is a test suite and each (rule, commune) pair a test case, so a dashboard shows
which rules pass for which commune over time. Error and warning findings fail their case (one
``<failure>`` listing every hit); a case whose only hits are waived is skipped; info findings
go to ``<system-out>`` and do not fail. Input problems are ``<error>``s of an ``input`` case, and
the rule cases of that commune are skipped with the reason (never passed). What
the importer guessed reading a Word/Excel/PDF plan goes to the suite's ``<system-out>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from nq57check.findings import CommuneResult, Finding, NotEvaluated, RunResult
from nq57check.reporters.common import (
    TOOL_NAME,
    labels,
    note_line,
    packs_text,
    sorted_communes,
    sorted_findings,
    sorted_notes,
    sorted_problems,
)

INPUT_CASE = "input-error"


@dataclass(slots=True)
class _Counts:
    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0

    def add(self, other: _Counts) -> None:
        self.tests += other.tests
        self.failures += other.failures
        self.errors += other.errors
        self.skipped += other.skipped

    def put(self, element: ET.Element) -> None:
        for name in ("tests", "failures", "errors", "skipped"):
            element.set(name, str(getattr(self, name)))


@dataclass(slots=True)
class _Case:
    rule: str
    title: str
    findings: list[Finding] = field(default_factory=list)


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry at all (ElementTree escapes the rest)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or _xml_char_ok(ch))


def _xml_char_ok(ch: str) -> bool:
    return (" " <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd") or ch > "\uffff"


def _hit_line(finding: Finding, lang: str = "vi") -> str:
    where = finding.location(lang)
    task = f" [{finding.task}]" if finding.task else ""
    return f"{where}: {finding.message}{task}"


def _cases(run: RunResult, commune: CommuneResult) -> list[_Case]:
    """Every declared rule, plus any rule a finding names that no pack declared."""
    cases: dict[str, _Case] = {}
    for rule in run.rules:
        cases.setdefault(rule.id, _Case(rule.id, rule.title))
    for finding in sorted_findings(commune.findings):
        case = cases.setdefault(finding.rule, _Case(finding.rule, finding.title))
        case.findings.append(finding)
    return list(cases.values())


def _case_element(suite: ET.Element, case: _Case, classname: str, lang: str) -> _Counts:
    words = labels(lang)
    counts = _Counts(tests=1)
    name = f"{case.rule} {case.title}".strip()
    element = ET.SubElement(suite, "testcase", classname=_xml_safe(classname), name=_xml_safe(name))
    failing = [f for f in case.findings if f.waived is None and f.severity != "info"]
    waived = [f for f in case.findings if f.waived is not None]
    notes = [f for f in case.findings if f.waived is None and f.severity == "info"]
    if failing:
        counts.failures = 1
        kind = "error" if any(f.severity == "error" for f in failing) else "warning"
        failure = ET.SubElement(
            element, "failure", message=_xml_safe(failing[0].message), type=kind
        )
        body = [f"{words[f.severity]}: {_hit_line(f, lang)}" for f in failing]
        body += [f"{words['waived']}: {_hit_line(f, lang)} ({f.waived})" for f in waived]
        failure.text = _xml_safe("\n".join(body))
    elif waived:
        counts.skipped = 1
        reasons = "; ".join(f.waived or "" for f in waived)
        skipped = ET.SubElement(element, "skipped", message=_xml_safe(reasons))
        skipped.text = _xml_safe("\n".join(f"{_hit_line(f, lang)} ({f.waived})" for f in waived))
    if notes:
        out = ET.SubElement(element, "system-out")
        out.text = _xml_safe("\n".join(f"{words['info']}: {_hit_line(f, lang)}" for f in notes))
    return counts


def _not_evaluated_case(
    suite: ET.Element, case: _Case, classname: str, entry: NotEvaluated
) -> _Counts:
    """A rule the commune could not be evaluated against is skipped, with the reason: never
    a passing case."""
    name = f"{case.rule} {case.title}".strip()
    element = ET.SubElement(suite, "testcase", classname=_xml_safe(classname), name=_xml_safe(name))
    ET.SubElement(element, "skipped", message=_xml_safe(f"{entry.requirement}: {entry.reason}"))
    return _Counts(tests=1, skipped=1)


def _unusable_case(
    suite: ET.Element, case: _Case, classname: str, commune: CommuneResult, lang: str
) -> _Counts:
    """A rule of a commune whose input could not be used is skipped with that reason: the
    commune's one ``error`` case says what is wrong, its rules did not pass."""
    name = f"{case.rule} {case.title}".strip()
    element = ET.SubElement(suite, "testcase", classname=_xml_safe(classname), name=_xml_safe(name))
    reason = f"{labels(lang)['input_error']}: {sorted_problems(commune)[0].render()}"
    ET.SubElement(element, "skipped", message=_xml_safe(reason))
    return _Counts(tests=1, skipped=1)


def _properties(parent: ET.Element, run: RunResult, commune: CommuneResult) -> None:
    props = ET.SubElement(parent, "properties")
    pairs = [("as_of", run.as_of), ("packs", packs_text(run)), ("commune.path", commune.path)]
    if commune.province:
        pairs.append(("commune.province", commune.province))
    if commune.plan_file:
        pairs.append(("commune.plan_file", commune.plan_file))
    pairs += [(f"sha256:{file}", digest) for file, digest in sorted(commune.inputs.items())]
    for name, value in pairs:
        ET.SubElement(props, "property", name=_xml_safe(name), value=_xml_safe(value))


def _suite(root: ET.Element, run: RunResult, commune: CommuneResult, lang: str) -> _Counts:
    words = labels(lang)
    classname = commune.unit or commune.path
    suite = ET.SubElement(root, "testsuite", name=_xml_safe(classname))
    _properties(suite, run, commune)
    counts = _Counts()
    if commune.problems:
        counts.tests += 1
        counts.errors += 1
        case = ET.SubElement(
            suite, "testcase", classname=_xml_safe(classname), name=words["input_error"]
        )
        problems = sorted_problems(commune)
        error = ET.SubElement(
            case, "error", message=_xml_safe(problems[0].render()), type=INPUT_CASE
        )
        error.text = _xml_safe("\n".join(p.render() for p in problems))
    if commune.skipped is not None:
        counts.tests += 1
        counts.skipped += 1
        case = ET.SubElement(
            suite, "testcase", classname=_xml_safe(classname), name=words["skipped"]
        )
        ET.SubElement(case, "skipped", message=_xml_safe(commune.skipped))
    else:
        not_run = {n.rule: n for n in commune.not_evaluated}
        for case_ in _cases(run, commune):
            if commune.problems and not case_.findings:  # never a pass on unread input
                counts.add(_unusable_case(suite, case_, classname, commune, lang))
            elif case_.rule in not_run and not case_.findings:
                counts.add(_not_evaluated_case(suite, case_, classname, not_run[case_.rule]))
            else:
                counts.add(_case_element(suite, case_, classname, lang))
    _notes(suite, commune, lang)
    counts.put(suite)
    suite.set("time", "0")
    return counts


def _notes(suite: ET.Element, commune: CommuneResult, lang: str) -> None:
    """The importer's notes on the commune's document, one line each, in the suite's output."""
    notes = sorted_notes(commune)
    if notes:
        out = ET.SubElement(suite, "system-out")
        out.text = _xml_safe("\n".join(note_line(n, lang) for n in notes))


def build(run: RunResult, *, lang: str = "vi") -> ET.Element:
    """The ``<testsuites>`` tree (tests read it back; render serialises it)."""
    root = ET.Element("testsuites", name=TOOL_NAME)
    total = _Counts()
    for commune in sorted_communes(run):
        total.add(_suite(root, run, commune, lang))
    total.put(root)
    root.set("time", "0")
    return root


def render(run: RunResult, *, lang: str = "vi") -> str:
    """UTF-8 JUnit XML text with an XML declaration."""
    root = build(run, lang=lang)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
