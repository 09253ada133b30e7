"""``rules list|show|test``: the rules of a pack as in force, and their own examples."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from nq57check.cli.options import (
    guarded,
    lang_option,
    pack_option,
    rules_option,
)


@click.group()
def rules() -> None:
    """List, show and self-test the rules of a pack."""


@rules.command("list")
@pack_option
@rules_option
@lang_option
@guarded
def rules_list(pack: str | None, rules_dirs: tuple[Path, ...], lang: str) -> None:
    """List the rules in force in a pack (after extends and overrides)."""
    from tabulate import tabulate

    from nq57check.packs.loader import default_pack, load_pack

    resolved = load_pack(pack or default_pack(), list(rules_dirs))
    rows = [
        [
            a.rule.id,
            a.rule.requirement,
            a.rule.severity,
            a.rule.kind,
            a.pack,
            a.rule.title.pick(lang),
        ]
        for a in resolved.rules
    ]
    click.echo(
        f"{resolved.name} {resolved.version} ("
        + " <- ".join(f"{n} {v}" for n, v in resolved.lineage)
        + ")"
    )
    click.echo(tabulate(rows, headers=["id", "requirement", "severity", "kind", "pack", "title"]))
    if resolved.disabled:
        click.echo(f"disabled: {', '.join(resolved.disabled)}")


@rules.command("show")
@click.argument("rule_id")
@pack_option
@rules_option
@guarded
def rules_show(rule_id: str, pack: str | None, rules_dirs: tuple[Path, ...]) -> None:
    """Show one rule as in force: metadata, parameters, examples."""
    import yaml

    from nq57check.packs.loader import default_pack, load_pack

    resolved = load_pack(pack or default_pack(), list(rules_dirs))
    active = resolved.rule(rule_id)
    if active is None:
        raise click.BadParameter(f"no rule '{rule_id}' in pack {resolved.name}")
    data = active.rule.model_dump(mode="json")
    data["defined_in"] = active.file
    click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), nl=False)


@rules.command("test")
@click.argument("ids", nargs=-1)
@pack_option
@rules_option
@guarded
def rules_test(ids: tuple[str, ...], pack: str | None, rules_dirs: tuple[Path, ...]) -> None:
    """Run every rule's fire/clean examples; exit 1 if any fails.

    \b
    Examples:
      nq57check rules test
      nq57check rules test R-MANG-MAT --pack nq57
    """
    from nq57check.check.selftest import run_examples
    from nq57check.packs.loader import default_pack, load_pack

    resolved = load_pack(pack or default_pack(), list(rules_dirs))
    known = {a.rule.id for a in resolved.rules} | {a.rule.requirement for a in resolved.rules}
    for rule_id in ids:
        if rule_id not in known:
            raise click.BadParameter(
                f"pack '{resolved.name}' has no rule or requirement '{rule_id}'",
                param_hint="IDS",
            )
    results = run_examples(resolved, set(ids) or None)
    failed = [r for r in results if not r.ok]
    for r in failed:
        click.echo(f"FAIL {r.rule} ({r.expect} #{r.number}): {r.detail}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed or not results else 0)
