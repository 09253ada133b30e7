"""``rules list|show|test``: the rules of a pack as in force, and their own examples."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from nq57check.cli.options import (
    guarded,
    lang_option,
    pack_option,
    rules_option,
)

if TYPE_CHECKING:
    from nq57check.packs.loader import ActiveRule, Requirement


@click.group()
def rules() -> None:
    """List, show and self-test the rules of a pack."""


WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "headers": "mã|yêu cầu|mức|loại|bộ quy tắc|tên",
        "disabled": "tắt",
        "no_rule": "bộ quy tắc {pack} không có quy tắc hay yêu cầu '{id}'",
        "did_you_mean": "; có phải là '{guess}'?",
        "requirement": "Yêu cầu {id} ({area}): {title}",
        "rules_of": "{count} quy tắc trong bộ {pack}:",
        "no_rules": "bộ quy tắc {pack} không có quy tắc nào cho yêu cầu này",
        "failed": "KHÔNG ĐẠT {rule} (ví dụ {expect} #{number}): {detail}",
        "tally": "{passed} đạt, {failed} không đạt",
    },
    "en": {
        "headers": "id|requirement|severity|kind|pack|title",
        "disabled": "disabled",
        "no_rule": "no rule or requirement '{id}' in pack {pack}",
        "did_you_mean": "; did you mean '{guess}'?",
        "requirement": "Requirement {id} ({area}): {title}",
        "rules_of": "{count} rules in pack {pack}:",
        "no_rules": "pack {pack} has no rule for this requirement",
        "failed": "FAIL {rule} ({expect} #{number}): {detail}",
        "tally": "{passed} passed, {failed} failed",
    },
}


def _rows(active: list[ActiveRule], lang: str, *, requirement: bool = True) -> list[list[str]]:
    from nq57check.reporters.common import severity_words

    severity = severity_words(lang, 1)
    return [
        [
            a.rule.id,
            *([a.rule.requirement] if requirement else []),
            severity.get(a.rule.severity, a.rule.severity),
            a.rule.kind,
            a.pack,
            a.rule.title.pick(lang),
        ]
        for a in active
    ]


@rules.command("list")
@pack_option
@rules_option
@lang_option
@guarded
def rules_list(pack: str | None, rules_dirs: tuple[Path, ...], lang: str) -> None:
    """List the rules in force in a pack (after extends and overrides)."""
    from tabulate import tabulate

    from nq57check.packs.loader import default_pack, load_pack

    words = WORDS[lang]
    resolved = load_pack(pack or default_pack(), list(rules_dirs))
    click.echo(
        f"{resolved.name} {resolved.version} ("
        + " <- ".join(f"{n} {v}" for n, v in resolved.lineage)
        + ")"
    )
    rows = _rows(resolved.rules, lang)
    click.echo(tabulate(rows, headers=words["headers"].split("|")))
    if resolved.disabled:
        click.echo(f"{words['disabled']}: {', '.join(resolved.disabled)}")


@rules.command("show")
@click.argument("rule_id", metavar="RULE_OR_REQUIREMENT")
@pack_option
@rules_option
@lang_option
@guarded
def rules_show(rule_id: str, pack: str | None, rules_dirs: tuple[Path, ...], lang: str) -> None:
    """Show one rule as in force (metadata, parameters, examples), or a requirement and the
    rules that check it.

    \b
    Examples:
      nq57check rules show nhiem-vu-mang-mat
      nq57check rules show R-MANG-MAT --lang en
    """
    import yaml

    from nq57check.core.hints import closest
    from nq57check.packs.loader import default_pack, load_pack

    words = WORDS[lang]
    resolved = load_pack(pack or default_pack(), list(rules_dirs))
    active = resolved.rule(rule_id)
    if active is not None:
        data = active.rule.model_dump(mode="json")
        data["defined_in"] = active.file
        click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), nl=False)
        return
    checking = [a for a in resolved.rules if a.rule.requirement == rule_id]
    requirement = resolved.requirements.get(rule_id)
    if requirement is None and not checking:
        known = [a.rule.id for a in resolved.rules] + list(resolved.requirements)
        guess = closest(rule_id, known)
        hint = words["did_you_mean"].format(guess=guess) if guess else ""
        raise click.BadParameter(
            words["no_rule"].format(id=rule_id, pack=resolved.name) + hint,
            param_hint="RULE_OR_REQUIREMENT",
        )
    _show_requirement(rule_id, requirement, checking, resolved.name, lang)


def _show_requirement(
    rid: str, requirement: Requirement | None, checking: list[ActiveRule], pack: str, lang: str
) -> None:
    """'Yêu cầu R-MANG-MAT (B): ...', then its rules as ``rules list`` shows them."""
    from tabulate import tabulate

    words = WORDS[lang]
    title = requirement.title.pick(lang) if requirement else ""
    area = requirement.area if requirement else "?"
    click.echo(words["requirement"].format(id=rid, area=area, title=title))
    if not checking:
        click.echo(words["no_rules"].format(pack=pack))
        return
    click.echo(words["rules_of"].format(count=len(checking), pack=pack))
    headers = [h for i, h in enumerate(words["headers"].split("|")) if i != 1]
    click.echo(tabulate(_rows(checking, lang, requirement=False), headers=headers))


@rules.command("test")
@click.argument("ids", nargs=-1)
@pack_option
@rules_option
@lang_option
@guarded
def rules_test(
    ids: tuple[str, ...], pack: str | None, rules_dirs: tuple[Path, ...], lang: str
) -> None:
    """Run every rule's fire/clean examples; exit 1 if any fails.

    \b
    Examples:
      nq57check rules test
      nq57check rules test R-MANG-MAT --pack nq57
    """
    from nq57check.check.selftest import run_examples
    from nq57check.core.hints import closest
    from nq57check.packs.loader import default_pack, load_pack

    resolved = load_pack(pack or default_pack(), list(rules_dirs))
    known = {a.rule.id for a in resolved.rules} | {a.rule.requirement for a in resolved.rules}
    words = WORDS[lang]
    for rule_id in ids:
        if rule_id not in known:
            guess = closest(rule_id, sorted(known))
            hint = words["did_you_mean"].format(guess=guess) if guess else ""
            raise click.BadParameter(
                words["no_rule"].format(id=rule_id, pack=resolved.name) + hint,
                param_hint="IDS",
            )
    results = run_examples(resolved, set(ids) or None)
    failed = [r for r in results if not r.ok]
    for r in failed:
        click.echo(words["failed"].format(rule=r.rule, expect=r.expect, number=r.number,
                                          detail=r.detail))
    click.echo(words["tally"].format(passed=len(results) - len(failed), failed=len(failed)))
    sys.exit(1 if failed or not results else 0)
