"""Documents in and out: ``import`` a Word/Excel/PDF appendix, write a ``template``, print a
file format's ``schema``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from nq57check.cli.options import (
    guarded,
    lang_option,
    pack_option,
    refuse_overwriting,
    rules_option,
    write_file,
)
from nq57check.core.problems import InputError


@click.command("import")
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the plan file here (default: standard output).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing -o file (people edit imported plans by hand: off by default).",
)
@lang_option
@guarded
def import_command(document: Path, output: Path | None, force: bool, lang: str) -> None:
    """Import a plan (.docx, .xlsx, text .pdf) into a plan file: its appendix task table and,
    for Word and PDF, the tasks written as numbered paragraphs of its body.

    Cells and paragraphs that could not be read or mapped are printed as warnings (the same
    lines as `check` prints for a document) and kept in the plan's provenance; no row is
    dropped silently. Review the result, then `nq57check check` it.

    \b
    Examples:
      nq57check import KeHoach.docx -o xa-phong-tho/plan.yaml
      nq57check import PhuLuc.xlsx > plan.yaml
    """
    from nq57check.check.discovery import display_path
    from nq57check.importers.onthefly import import_plan_text, note_of
    from nq57check.loading.plan import validate_plan
    from nq57check.loading.yamlio import parse_text
    from nq57check.reporters.common import note_key, note_line

    shown = display_path(document)
    if output is not None:
        if (output.exists() or output.is_symlink()) and not force:
            raise click.UsageError(
                f"{output} exists (an imported plan may have been edited by hand);"
                " add --force to replace it"
            )
        refuse_overwriting([output], [document], replacing=force)
    result, text = import_plan_text(document, shown)
    data, locations = parse_text(text, str(output or "plan.yaml"))
    validate_plan(data, locations)  # what we write must be a plan `check` accepts
    for note in sorted((note_of(w, shown, lang) for w in result.warnings), key=note_key):
        click.echo(note_line(note, lang), err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError.single(str(output), f"cannot write: {exc.strerror}") from exc
        write_file(output, text)
        tasks = len(result.plan.get("tasks", []))
        click.echo(
            f"{shown}: {tasks} tasks -> {display_path(output)} ({len(result.warnings)} warnings)",
            err=True,
        )


@click.command()
@pack_option
@rules_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The template to write: a .xlsx or .docx file.",
)
@guarded
def template(pack: str | None, rules_dirs: tuple[Path, ...], output: Path) -> None:
    """Write a blank appendix with the pack's mandatory tasks pre-filled.

    Each mandatory task comes with its requirement IDs and latest deadline; a commune fills
    in the head, lead unit, cooperating units and output. Importing the template unchanged
    gives a plan whose only findings are the empty cells.

    \b
    Examples:
      nq57check template --pack lai-chau -o KeHoach.xlsx
      nq57check template -o KeHoach.docx
    """
    from nq57check.importers import TemplateRow, write_template
    from nq57check.packs.loader import default_pack, load_pack

    if output.suffix.lower() not in (".xlsx", ".docx"):
        raise click.BadParameter("the template is a .xlsx or .docx file", param_hint="-o")
    resolved = load_pack(pack or default_pack(), list(rules_dirs))
    rows = [
        TemplateRow(
            name=active.params.template_name or active.rule.title.vi,
            requirements=[active.rule.requirement],
            deadline=active.params.template_deadline,
        )
        for active in resolved.rules
        if active.rule.kind == "task-present"
    ]
    title = (
        "DANH MỤC NHIỆM VỤ TRỌNG TÂM THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NĂM 2026"
        f" (mẫu theo bộ quy tắc {resolved.name} {resolved.version})"
        # where the plan's own number and date go; left blank, they are unknown on import
        "\n(Kèm theo Kế hoạch số      /KH-UBND ngày     /     /2026 của UBND xã ...)"
    )
    refuse_overwriting([output], [])  # never over a commune's plan or someone's document
    write_template(output, rows, title=title)
    click.echo(
        f"{output}: {len(rows)} mandatory tasks ({resolved.name} {resolved.version})", err=True
    )


@click.command()
@click.argument("what", type=click.Choice(["plan", "report", "findings"]))
@guarded
def schema(what: str) -> None:
    """Print the JSON Schema of a file format (for editors that validate as you type)."""
    from nq57check.schemas import json_schema

    click.echo(json.dumps(json_schema(what), ensure_ascii=False, indent=2))
