"""The command line: ``nq57check check|explain|rules|import|template|schema``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 unusable
input (bad file, bad rule pack, bad option). Errors never show a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nq57check import __version__
from nq57check.cli_common import (
    F,
    IsoDate,
    guarded,
    lang_option,
    pack_option,
    refuse_overwriting,
    rules_option,
    take_debug_flag,
    today,
    write_file,
)
from nq57check.core.text import terminal_safe

if TYPE_CHECKING:
    from nq57check.findings import InputProblem


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="nq57check")
@click.option(
    "--debug", is_flag=True, help="Show the traceback of an internal error (anywhere on the line)."
)
def main(debug: bool) -> None:
    """Check commune plans and monthly reports under Resolution 57-NQ/TW.

    \b
    Examples:
      nq57check check examples/phong-tho
      nq57check check examples/ --format json --fail-on warning
      nq57check explain examples/phong-tho/plan.yaml --task 3
      nq57check rules list --pack lai-chau
    """
    if debug:  # as the first option; elsewhere on the line the entry point takes it
        take_debug_flag(["--debug"])


FORMAT_NAMES = ("table", "json", "sarif", "junit", "github", "markdown", "html", "xlsx", "csv")


class OutputSpec(click.ParamType):
    """``FMT`` or ``FMT:FILE``: several formats can come out of one run."""

    name = "FMT[:FILE]"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[str, Path | None]:
        if isinstance(value, tuple):
            return value
        fmt, _, target = str(value).partition(":")
        if fmt not in FORMAT_NAMES:
            self.fail(f"unknown format '{fmt}' (choose from {', '.join(FORMAT_NAMES)})", param, ctx)
        return fmt, Path(target) if target else None


def _paths(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[Path, ...]:
    """An empty argument ("$DIR" with DIR unset) must not mean the current folder."""
    if any(not value for value in values):
        raise click.BadParameter("an empty path was given (an unset variable?)", ctx, param)
    return tuple(Path(value) for value in values)


MAX_JOBS = 256  # more processes than this only thrash; a typo of 1,000,000 forked 1,500


def check_options(default_format: str, default_fail_on: str) -> Callable[[F], F]:
    """Options shared by ``check`` and ``gaps``."""

    def decorate(func: F) -> F:
        options = [
            click.argument(
                "paths",
                nargs=-1,
                required=True,
                type=click.Path(path_type=str),
                callback=_paths,
            ),
            pack_option,
            rules_option,
            click.option(
                "--format",
                "formats",
                multiple=True,
                type=OutputSpec(),
                default=[default_format],
                show_default=True,
                help="Output format, optionally with a file: json, sarif:out.sarif. "
                f"Repeatable. Formats: {', '.join(FORMAT_NAMES)}.",
            ),
            lang_option,
            click.option(
                "--fail-on",
                type=click.Choice(["error", "warning", "info", "never"]),
                default=default_fail_on,
                show_default=True,
                help="Exit 1 when a finding at or above this severity remains.",
            ),
            click.option(
                "--as-of", type=IsoDate(), help="Moment of evaluation, YYYY-MM-DD (default: today)."
            ),
            click.option(
                "-o",
                "--output",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Write the (single) report to this file, not standard output.",
            ),
            click.option(
                "--only",
                multiple=True,
                metavar="ID",
                help="Run only these rules or requirements (repeatable).",
            ),
            click.option(
                "--skip",
                multiple=True,
                metavar="ID",
                help="Do not run these rules or requirements (repeatable).",
            ),
            click.option(
                "--waivers",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="Waiver file for every commune (default: waivers.yaml beside each plan).",
            ),
            click.option(
                "--baseline",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="Report only findings not in this baseline.",
            ),
            click.option(
                "--write-baseline",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Record this run's findings as a baseline.",
            ),
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=1, max=MAX_JOBS),
                help="Worker processes (default: all cores for 8+ communes).",
            ),
            click.option("-q", "--quiet", is_flag=True, help="No progress bar."),
        ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def run_and_report(
    paths: tuple[Path, ...],
    pack: str | None,
    rules_dirs: tuple[Path, ...],
    formats: tuple[tuple[str, Path | None], ...],
    lang: str,
    fail_on: str,
    as_of: dt.date | None,
    output: Path | None,
    only: tuple[str, ...],
    skip: tuple[str, ...],
    waivers: Path | None,
    baseline: Path | None,
    write_baseline: Path | None,
    jobs: int | None,
    quiet: bool,
) -> None:
    from nq57check.check.batch import run_batch
    from nq57check.check.commune import Options
    from nq57check.reporters import BINARY_FORMATS, renderer

    to_stdout = [fmt for fmt, target in formats if target is None]
    if len(to_stdout) > 1:
        raise click.UsageError(
            "only one format can go to standard output or -o; give the"
            " others a file: --format sarif:out.sarif"
        )
    if only or skip:
        from nq57check.check.selection import require_known

        require_known("--only", only, rules_dirs, [pack] if pack else [])
        require_known("--skip", skip, rules_dirs, [pack] if pack else [])
    options = Options(
        pack=pack,
        rules_dirs=list(rules_dirs),
        as_of=as_of,
        lang=lang,
        only=list(only) or None,
        skip=list(skip),
        waivers=waivers,
    )
    targets = [t for _, t in formats if t] + [t for t in (output, write_baseline) if t]
    named_inputs = [p for p in (*paths, baseline, waivers) if p is not None and p.is_file()]
    refuse_overwriting(targets, named_inputs)
    progress = not quiet and sys.stderr.isatty()
    if baseline is not None:  # a broken baseline is refused before a long run, not after
        from nq57check.check.baseline import apply_baseline, read_baseline

        entries = read_baseline(baseline)
    run = run_batch(list(paths), options, today(), jobs=jobs, progress=progress)
    refuse_overwriting(targets, [Path(f) for c in run.communes for f in c.inputs])
    if (only or skip) and not run.rules and any(c.pack for c in run.communes):
        raise click.UsageError("--only and --skip left no rule to run; nothing was checked")
    if baseline is not None:
        for gone in apply_baseline(run, entries):
            line = (
                f"fixed since baseline: {gone.get('file')}: {gone.get('rule')}"
                f" {gone.get('task') or ''}: {gone.get('message')}"
            )
            click.echo(terminal_safe(line), err=True)  # the baseline's text, never obeyed
    unwritten: list[InputProblem] = []  # one output that cannot be written stops no other
    if write_baseline is not None:
        from nq57check.check.baseline import baseline_text

        unwritten += attempt(write_file, write_baseline, baseline_text(run))
    for fmt, target in formats:
        rendered = renderer(fmt)(run, lang=lang)
        unwritten += attempt(emit, rendered, target or output, binary=fmt in BINARY_FORMATS)
    if any(fmt == "table" for fmt, _ in formats):  # the other formats carry them inside
        from nq57check.reporters.common import note_lines

        for line in note_lines(run, lang):
            click.echo(line, err=True)
    for problem in [p for c in run.communes for p in c.problems] + unwritten:
        click.echo(f"error: {terminal_safe(problem.render())}", err=True)
    sys.exit(2 if unwritten else run.exit_code(fail_on))  # type: ignore[arg-type]


def attempt(write: Callable[..., None], *args: Any, **kwargs: Any) -> list[InputProblem]:
    """Run one write; its failure is returned, for the other outputs to be written."""
    from nq57check.core.problems import InputError

    try:
        write(*args, **kwargs)
    except InputError as exc:
        return exc.problems
    return []


@main.command()
@check_options(default_format="table", default_fail_on="error")
@guarded
def check(**kwargs: Any) -> None:
    """Check plan files or commune folders (folders are searched recursively).

    A commune folder holds plan.yaml (or .yml/.json), optionally reports/, waivers.yaml and
    decisions.yaml; its reports are due (none sent: every report due is missing). A plan file
    named alone, with no reports/ beside it, is a plan check: the report rules are listed as
    not evaluated. Word, Excel and PDF plans are imported on the fly.

    \b
    Examples:
      nq57check check examples/phong-tho
      nq57check check plans/ --format json -o findings.json
      nq57check check plan.yaml --fail-on warning --lang en
      nq57check check plans/ --format sarif:out.sarif --format table
    Exit status: 0 clean, 1 findings at or above --fail-on, 2 unusable input.
    """
    run_and_report(**kwargs)


@main.command()
@check_options(default_format="html", default_fail_on="never")
@guarded
def gaps(**kwargs: Any) -> None:
    """Gap lists for inspection visits: every commune under FOLDER, with a summary.

    \b
    Examples:
      nq57check gaps provinces/lai-chau --as-of 2026-09-30 -o gaps.html
      nq57check gaps provinces/lai-chau --format xlsx -o gaps.xlsx
      nq57check gaps provinces/lai-chau --format markdown
    """
    run_and_report(**kwargs)


def emit(rendered: str | bytes, output: Path | None, *, binary: bool = False) -> None:
    if output is not None:
        write_file(output, rendered)
        return
    if isinstance(rendered, bytes) or binary:
        raise click.UsageError("this format is binary: write it to a file with -o FILE")
    click.echo(rendered, nl=False)


from nq57check.cli_more import register_more  # noqa: E402

register_more(main)

from nq57check.cli_docs import register_docs  # noqa: E402

register_docs(main)
