"""``check`` and ``gaps``: one run of the commune pipeline, reported in every format asked."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nq57check.cli.options import (
    check_options,
    guarded,
    refuse_overwriting,
    today,
    write_file,
)
from nq57check.core.text import terminal_safe

if TYPE_CHECKING:
    from nq57check.findings import InputProblem


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """What ``check`` and ``gaps`` were asked, option by option (see :func:`check_options`)."""

    paths: tuple[Path, ...]
    pack: str | None
    rules_dirs: tuple[Path, ...]
    formats: tuple[tuple[str, Path | None], ...]
    lang: str
    fail_on: str
    as_of: dt.date | None
    output: Path | None
    only: tuple[str, ...]
    skip: tuple[str, ...]
    waivers: Path | None
    trust_roots: Path | None
    baseline: Path | None
    write_baseline: Path | None
    jobs: int | None
    quiet: bool
    announce: bool = False  # gaps: one line on stderr saying where the report went


def run_and_report(request: CheckRequest) -> None:
    """Check, then write every output asked for; exit with the run's status."""
    from nq57check.check.batch import run_batch
    from nq57check.check.commune import Options
    from nq57check.reporters import BINARY_FORMATS, renderer

    (paths, pack, rules_dirs, formats, lang, fail_on, as_of) = (
        request.paths,
        request.pack,
        request.rules_dirs,
        request.formats,
        request.lang,
        request.fail_on,
        request.as_of,
    )
    output, only, skip, waivers = request.output, request.only, request.skip, request.waivers
    baseline, write_baseline = request.baseline, request.write_baseline
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
        trust_roots=request.trust_roots,
    )
    targets = [t for _, t in formats if t] + [t for t in (output, write_baseline) if t]
    named_inputs = [p for p in (*paths, baseline, waivers) if p is not None and p.is_file()]
    refuse_overwriting(targets, named_inputs)
    progress = not request.quiet and sys.stderr.isatty()
    if baseline is not None:  # a broken baseline is refused before a long run, not after
        from nq57check.check.baseline import apply_baseline, read_baseline

        entries = read_baseline(baseline)
    if request.trust_roots is not None:  # unusable roots: refused once, before the run
        from nq57check.evidence.verify import load_roots

        load_roots(request.trust_roots)
    run = run_batch(list(paths), options, today(), jobs=request.jobs, progress=progress)
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
    written: list[Path] = []
    if write_baseline is not None:
        from nq57check.check.baseline import baseline_text

        unwritten += attempt(write_file, write_baseline, baseline_text(run))
    for fmt, target in formats:
        rendered = renderer(fmt)(run, lang=lang)
        destination = target or output
        failed = attempt(emit, rendered, destination, binary=fmt in BINARY_FORMATS)
        unwritten += failed
        if not failed and destination is not None:
            written.append(destination)
    if any(fmt == "table" for fmt, _ in formats):  # the other formats carry them inside
        from nq57check.reporters.common import note_lines

        for line in note_lines(run, lang):
            click.echo(line, err=True)
    for problem in [p for c in run.communes for p in c.problems] + unwritten:
        click.echo(f"error: {terminal_safe(problem.render())}", err=True)
    if request.announce and not request.quiet:
        for path in written:
            click.echo(terminal_safe(written_line(path, run, lang)), err=True)
    sys.exit(2 if unwritten else run.exit_code(fail_on))  # type: ignore[arg-type]


WRITTEN = {
    "vi": "đã ghi {path}: {communes} xã/phường, {unusable} không dùng được",
    "en": "wrote {path}: {communes} communes, {unusable} unusable",
}


def written_line(path: Path, run: Any, lang: str) -> str:
    """'đã ghi gaps.html: 40 xã/phường, 1 không dùng được': where the roll-up went."""
    summary = run.summary()
    return WRITTEN.get(lang, WRITTEN["vi"]).format(
        path=path, communes=summary["communes"], unusable=summary["unusable"]
    )


def attempt(write: Callable[..., None], *args: Any, **kwargs: Any) -> list[InputProblem]:
    """Run one write; its failure is returned, for the other outputs to be written."""
    from nq57check.core.problems import InputError

    try:
        write(*args, **kwargs)
    except InputError as exc:
        return exc.problems
    return []


@click.command()
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
    run_and_report(CheckRequest(**kwargs))


@click.command()
@check_options(default_format="html", default_fail_on="never")
@guarded
def gaps(**kwargs: Any) -> None:
    """Gap lists for inspection visits: every commune under FOLDER, with a summary.

    \b
    Examples:
      nq57check gaps provinces/lai-chau --as-of 2026-09-30 -o gaps.html
      nq57check gaps provinces/lai-chau --format xlsx -o gaps.xlsx
      nq57check gaps provinces/lai-chau --format markdown
      nq57check gaps provinces/lai-chau --format docx -o gaps.docx

    Communes come in rank order: risk class (rules/requirements.yaml), then the findings in
    that class. With -o, one line on stderr says where the report went.
    """
    run_and_report(CheckRequest(**kwargs, announce=True))


def emit(rendered: str | bytes, output: Path | None, *, binary: bool = False) -> None:
    if output is not None:
        write_file(output, rendered)
        return
    if isinstance(rendered, bytes) or binary:
        raise click.UsageError("this format is binary: write it to a file with -o FILE")
    click.echo(rendered, nl=False)


