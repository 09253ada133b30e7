"""``explain``: how each task of a plan was read (deadline, requirements covered)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from nq57check.cli.options import (
    IsoDate,
    guarded,
    pack_option,
    rules_option,
    today,
    trust_roots_option,
)


@click.command()
@click.argument("plan", type=click.Path(exists=True, dir_okay=True, path_type=Path))
@click.option("--task", "task_id", metavar="ID", help="Only this task.")
@pack_option
@rules_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--as-of", type=IsoDate(), help="Reference date for years left implicit.")
@trust_roots_option
@guarded
def explain(
    plan: Path,
    task_id: str | None,
    pack: str | None,
    rules_dirs: tuple[Path, ...],
    fmt: str,
    as_of: object,
    trust_roots: Path | None,
) -> None:
    """Show how each task was read: deadline, the requirements it covers, and (in a commune
    folder) each evidence file's signer, signing time and whether its trust was checked.

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
    session = Session(Options(pack=pack, rules_dirs=list(rules_dirs), trust_roots=trust_roots))
    loaded = session.load(path, display_path(path))
    checker = session.plan_checker(loaded, loaded.display)  # a bad pack: at the plan's line
    rows = explain_plan(loaded, checker, as_of or today())  # type: ignore[arg-type]
    if (path.parent / "reports").exists():
        from nq57check.check.commune import CommuneResult
        from nq57check.check.explain import add_evidence

        scratch = CommuneResult(path=display_path(path.parent))
        reports = session.load_reports(path, loaded, scratch)
        add_evidence(rows, reports, session.verify_evidence(reports, checker, scratch))
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
