"""Commands beside ``check``: explain, rules, schema (kept apart to keep modules small)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from nq57check.cli_common import (
    IsoDate,
    guarded,
    lang_option,
    pack_option,
    rules_option,
    today,
)


def register_more(main: click.Group) -> None:
    main.add_command(explain)
    main.add_command(rules)
    main.add_command(schema)


@click.command()
@click.argument("plan", type=click.Path(exists=True, dir_okay=True, path_type=Path))
@click.option("--task", "task_id", metavar="ID", help="Only this task.")
@pack_option
@rules_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--as-of", type=IsoDate(), help="Reference date for years left implicit.")
@guarded
def explain(
    plan: Path,
    task_id: str | None,
    pack: str | None,
    rules_dirs: tuple[Path, ...],
    fmt: str,
    as_of: object,
) -> None:
    """Show how each task was read: deadline and the requirements it covers.

    \b
    Examples:
      nq57check explain examples/phong-tho/plan.yaml
      nq57check explain examples/phong-tho --task 3 --format json
    """
    from nq57check.check.commune import Options, Session
    from nq57check.check.discovery import discover, display_path
    from nq57check.check.explain import explain_plan, render_text
    from nq57check.core.problems import InputError

    found, problems = discover([plan])  # a folder: its plan.yaml, .yml or .json, as check
    if problems:
        raise InputError(problems)
    if len(found) > 1:
        raise click.BadParameter(
            f"{plan} holds {len(found)} communes; explain takes one plan", param_hint="PLAN"
        )
    path = found[0]
    session = Session(Options(pack=pack, rules_dirs=list(rules_dirs)))
    loaded = session.load(path, display_path(path))
    checker = session.plan_checker(loaded, loaded.display)  # a bad pack: at the plan's line
    rows = explain_plan(loaded, checker, as_of or today())  # type: ignore[arg-type]
    if task_id is not None:
        rows = [r for r in rows if r["task"] == task_id]
        if not rows:
            raise click.BadParameter(
                f"no task '{task_id}' in {loaded.display}", param_hint="--task"
            )
    if fmt == "json":
        click.echo(
            json.dumps({"plan": loaded.display, "tasks": rows}, ensure_ascii=False, indent=2)
        )
    else:
        click.echo(render_text(rows), nl=False)


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

    from nq57check.packs.loader import load_pack

    resolved = load_pack(pack or "lai-chau", list(rules_dirs))
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

    from nq57check.packs.loader import load_pack

    resolved = load_pack(pack or "lai-chau", list(rules_dirs))
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
    from nq57check.packs.loader import load_pack

    resolved = load_pack(pack or "lai-chau", list(rules_dirs))
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


@click.command()
@click.argument("what", type=click.Choice(["plan", "report", "findings"]))
@guarded
def schema(what: str) -> None:
    """Print the JSON Schema of a file format (for editors that validate as you type)."""
    from nq57check.schemas import json_schema

    click.echo(json.dumps(json_schema(what), ensure_ascii=False, indent=2))
