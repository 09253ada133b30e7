"""Evaluate one commune: facts through the engine, matches into findings.

Data flows one way: loaded files -> facts -> engine matches -> findings. Nothing here
reads the clock: the moment of evaluation (``as_of``) is always passed in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from nq57check.check.judgement_policy import JudgementPolicy
from nq57check.core.text import excerpt
from nq57check.engine.durable_adapter import CompiledRuleset, RuleSpec
from nq57check.facts.model import CommuneFacts
from nq57check.facts.plan import build_plan_facts
from nq57check.findings import Finding, NotEvaluated, RuleMeta
from nq57check.kinds import REGISTRY, Site
from nq57check.kinds.base import rule_of
from nq57check.loading.document import DocumentLocations, Place, place_of
from nq57check.loading.plan import LoadedPlan
from nq57check.packs.loader import ActiveRule, ResolvedPack


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


_FORMATTER = string.Formatter()

# Why a rule was not evaluated, and what a finding of a rule newer than the plan adds.
NOT_EVALUATED_REASONS: dict[str, dict[str, str]] = {
    "vi": {
        "not_in_force": "có hiệu lực từ {date}",
        "no_reports": "không có báo cáo",
        "no_indicator": "không báo cáo nào nêu số liệu chỉ tiêu {indicators}",
        "no_budget": "không báo cáo nào nêu kinh phí (budget)",
        "no_body": "kế hoạch chỉ được đọc từ bảng phụ lục, chưa đọc phần thân văn bản",
        "no_target": "kế hoạch không nêu chỉ tiêu {indicators}",
        "no_evidence_files": "không minh chứng nào nêu tệp (file), nên không kiểm tra được tệp",
        "after_issue": " (Quy tắc có hiệu lực từ {effective}, sau ngày ban hành kế hoạch"
        " {issued}: kế hoạch cần được cập nhật.)",
    },
    "en": {
        "not_in_force": "in force from {date}",
        "no_reports": "no reports given",
        "no_indicator": "no report states the indicator(s) {indicators}",
        "no_budget": "no report states a budget",
        "no_body": "the plan was read from its appendix table only, not from its body",
        "no_target": "the plan states no target for {indicators}",
        "no_evidence_files": "no evidence item names its file, so no file could be checked",
        "after_issue": " (This rule came into force on {effective}, after the plan was issued"
        " on {issued}: the plan must be updated.)",
    },
}


def _day(day: dt.date, lang: str) -> str:
    return day.isoformat() if lang == "en" else day.strftime("%d/%m/%Y")


MESSAGE_VALUE_LIMIT = 300  # characters of one value from a file inside a finding's message


def _pick(value: Any, lang: str) -> Any:
    """A value a kind gives in both languages (``{"vi": .., "en": ..}``), in the run's."""
    if isinstance(value, dict) and "vi" in value and "en" in value:
        return value.get(lang, value["vi"])
    return value


def render(template: str, values: dict[str, Any]) -> str:
    """The message with its values; a value from a file is cut to a few hundred characters
    (a 5,000-digit number or a 5 MB unit name must not become the whole report)."""
    shown = {
        key: excerpt(value, MESSAGE_VALUE_LIMIT) if isinstance(value, str) else value
        for key, value in values.items()
    }
    return _FORMATTER.vformat(template, (), _Blank(shown))


def selected(
    pack: ResolvedPack, only: Iterable[str] | None, skip: Iterable[str] = ()
) -> list[ActiveRule]:
    """Rules in force, narrowed to ``only`` and without ``skip`` (rule or requirement IDs)."""
    wanted = set(only) if only is not None else None
    unwanted = set(skip)
    return [
        a
        for a in pack.rules
        if (wanted is None or a.rule.id in wanted or a.rule.requirement in wanted)
        and a.rule.id not in unwanted
        and a.rule.requirement not in unwanted
    ]


def _latest_text(params: object) -> str:
    """A task-deadline rule's latest deadline, as the catalog writes it ("Quý I/2026")."""
    text = getattr(params, "latest_text", "") or ""
    latest = getattr(params, "latest", None)
    if not text and isinstance(latest, dt.date):
        text = latest.strftime("%d/%m/%Y")
    return str(text)


def rule_metas(
    pack: ResolvedPack, only: Iterable[str] | None, lang: str, skip: Iterable[str] = ()
) -> list[RuleMeta]:
    metas = []
    for active in selected(pack, only, skip):
        rule = active.rule
        requirement = pack.requirements.get(rule.requirement)
        metas.append(
            RuleMeta(
                id=rule.id,
                requirement=rule.requirement,
                severity=rule.severity,
                title=rule.title.pick(lang),
                description=rule.message.pick(lang),
                source=rule.source,
                evidence=rule.evidence.pick(lang) if rule.evidence else "",
                area=requirement.area if requirement else "",
                pack=active.pack,
                kind=rule.kind,
                latest=_latest_text(active.params),
            )
        )
    return sorted(metas, key=lambda m: m.id)


@dataclass(slots=True)
class Checker:
    """A resolved pack compiled into one engine ruleset; reused for every commune."""

    pack: ResolvedPack
    ruleset: CompiledRuleset
    by_id: dict[str, ActiveRule]

    @classmethod
    def build(
        cls, pack: ResolvedPack, only: Iterable[str] | None = None, skip: Iterable[str] = ()
    ) -> Checker:
        specs: list[RuleSpec] = []
        by_id: dict[str, ActiveRule] = {}
        for active in selected(pack, only, skip):
            kind = REGISTRY[active.rule.kind]
            specs.extend(kind.compile(active.rule, active.params))
            by_id[active.rule.id] = active
        return cls(pack, CompiledRuleset(specs), by_id)

    @property
    def judgement_policy(self) -> JudgementPolicy:
        """The pack's rules on waivers and decisions (its data, not Python's)."""
        pack = self.pack
        return JudgementPolicy(
            requires={
                a.rule.id: frozenset(a.rule.waiver_requires)
                for a in pack.rules
                if a.rule.waiver_requires
            },
            rules=frozenset(a.rule.id for a in pack.rules) | frozenset(pack.disabled),
            requirements=frozenset(pack.requirements),
        )

    def facts_for(self, loaded: LoadedPlan, as_of: dt.date) -> CommuneFacts:
        return build_plan_facts(loaded.plan, loaded.locations, self.pack.detections, as_of)

    def evaluate(
        self,
        facts: CommuneFacts,
        *,
        in_force_on: dt.date,
        lang: str,
        issued: dt.date | None = None,
    ) -> list[Finding]:
        """Findings of the rules in force on ``in_force_on`` (the evaluation date).

        A plan rule that came into force after ``issued`` (the plan's issue date) still
        applies, and its message says so: the plan must be updated.
        """
        findings: list[Finding] = []
        for match in self.ruleset.run(facts.facts):
            active = self.by_id[rule_of(match.rule)]
            rule = active.rule
            if rule.effective > in_force_on:
                continue  # listed by not_evaluated, never silently
            kind = REGISTRY[rule.kind]
            site = kind.site(rule, active.params, match, facts)
            finding = self._finding(active, site, facts, lang)
            if issued is not None and rule.effective > issued and not kind.reads_reports:
                words = NOT_EVALUATED_REASONS.get(lang, NOT_EVALUATED_REASONS["vi"])
                note = words["after_issue"].format(
                    effective=_day(rule.effective, lang), issued=_day(issued, lang)
                )
                finding = dataclasses.replace(finding, message=finding.message + note)
            findings.append(finding)
        return sorted(set(findings), key=Finding.sort_key)

    def not_evaluated(
        self,
        *,
        on: dt.date,
        reports: bool,
        lang: str,
        plan: Any = None,
        given: Sequence[Any] = (),
    ) -> list[NotEvaluated]:
        """Rules that cannot be evaluated: not in force on ``on`` (the evaluation date),
        reading reports when none were given (``reports`` false: a plan check), or lacking
        what the ``given`` reports never state (the kind's ``unevaluable``)."""
        words = NOT_EVALUATED_REASONS.get(lang, NOT_EVALUATED_REASONS["vi"])
        out: list[NotEvaluated] = []
        for rule_id in sorted(self.by_id):
            active = self.by_id[rule_id]
            rule = active.rule
            if rule.effective > on:
                reason = words["not_in_force"].format(date=_day(rule.effective, lang))
            elif plan is not None and (
                missing := REGISTRY[rule.kind].unevaluable_plan(plan, active.params)
            ):
                key, values = missing
                reason = words[key].format(**values)
            elif not reports and REGISTRY[rule.kind].reads_reports:
                reason = words["no_reports"]
            elif reports and plan is not None and (
                missing := REGISTRY[rule.kind].unevaluable(plan, given)
            ):
                key, values = missing
                reason = words[key].format(**values)
            else:
                continue
            out.append(NotEvaluated(rule.id, rule.requirement, reason, active.pack))
        return out

    def _finding(self, active: ActiveRule, site: Site, facts: CommuneFacts, lang: str) -> Finding:
        rule = active.rule
        requirement = self.pack.requirements.get(rule.requirement)
        values = {
            "task": site.task or "",
            "deadline": site.deadline or "",
            "requirement": rule.requirement,
            "unit": facts.plan.unit.name,
            **{k: _pick(v, lang) for k, v in site.values.items()},
        }
        # On an imported document: its table, row and page (no lines); else nothing.
        place = place_of(facts.locations, site.path) if site.file is None else Place()
        line = site.line or facts.locations.line_of(site.path)
        if site.file is None and isinstance(facts.locations, DocumentLocations):
            line = 0  # a Word/PDF plan has no lines: "KeHoach.docx:1" would be invented
        return Finding(
            rule=rule.id,
            requirement=rule.requirement,
            severity=rule.severity,
            message=render(rule.message.pick(lang), values),
            file=site.file or facts.locations.file,
            line=line,
            title=rule.title.pick(lang),
            task=site.task,
            source=rule.source,
            area=requirement.area if requirement else "",
            evidence=rule.evidence.pick(lang) if rule.evidence else "",
            deadline=site.deadline,
            due=site.due,
            pack=active.pack,
            review=rule.review,
            table=place.table,
            row=place.row,
            page=place.page,
            paragraph=place.paragraph,
        )
