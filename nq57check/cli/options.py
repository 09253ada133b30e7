"""Pieces every command shares: error handling, option types, the clock."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from nq57check.core.text import terminal_safe

# The command line never uses pydantic plugins; looking them up scans every installed
# distribution's metadata at the first model, a visible share of a single-file check.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

F = TypeVar("F", bound=Callable[..., Any])

_debug = False


def take_debug_flag(args: list[str]) -> list[str]:
    """``--debug`` is accepted anywhere on the line (the internal-error hint says to add
    it, and people add it at the end); it is taken out before click parses the rest."""
    global _debug
    if "--debug" in args[: args.index("--") if "--" in args else len(args)]:
        _debug = True
        args = [a for a in args if a != "--debug"]
    return args


def guarded(func: F) -> F:
    """Turn input errors into file:line messages and exit 2; never print a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from nq57check.core.problems import InputError

        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(f"error: {terminal_safe(problem.render())}", err=True)
            sys.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except OSError as exc:  # a file we were told to read or write
            where = exc.filename or "input/output"
            click.echo(f"error: {where}: {exc.strerror or exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug, not bad input: say so briefly
            if _debug:
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in nq57check; rerun with --debug (anywhere on the line) for"
                " the traceback.",
                err=True,
            )
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


def refuse_overwriting(
    targets: list[Path], inputs: list[Path], *, replacing: bool = False
) -> None:
    """Exit 2 before writing a report over a file this run reads (-o plan.yaml, the
    baseline), over an input of any commune folder, or over another output of the run.
    ``replacing`` is ``import -o FILE --force``: that plan is the user's own to replace."""
    from nq57check.core.outputfile import commune_input

    read = set()
    for path in inputs:
        try:
            read.add(path.resolve())
        except OSError:
            continue
    written: set[Path] = set()
    for target in targets:
        real = target.resolve()
        if real in read:
            raise click.UsageError(f"{target} is an input of this run; write the output elsewhere")
        if commune_input(target, replacing_plan=replacing):
            raise click.UsageError(
                f"{target} is an input of a commune folder (a plan, report, waivers, decisions"
                " or office file, or someone's document); write the output elsewhere"
            )
        if real in written:
            raise click.UsageError(f"two outputs would be written to {target}; give each its own")
        written.add(real)


def write_file(path: Path, data: str | bytes) -> None:
    """Write an output file atomically; a failure names it (exit 2) and leaves the old file."""
    from nq57check.core.outputfile import atomic_write
    from nq57check.core.problems import InputError

    try:
        atomic_write(path, data)
    except OSError as exc:
        raise InputError.single(str(path), f"cannot write: {exc.strerror or exc}") from exc


class IsoDate(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        from nq57check.core.dates import plausible

        try:
            date = dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date; write YYYY-MM-DD (e.g. 2026-09-30)", param, ctx)
        try:
            return plausible(date)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def today() -> dt.date:
    """The only place the clock is read: the default ``--as-of``."""
    return dt.date.today()


pack_option = click.option(
    "--pack",
    metavar="NAME",
    help="Rule pack to check against (default: the plan's 'pack' key, else lai-chau).",
)
rules_option = click.option(
    "--rules",
    "rules_dirs",
    multiple=True,
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Extra folder of rule packs, searched before the built-in ones (repeatable).",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of messages.",
)


FORMAT_NAMES = (
    "table", "json", "sarif", "junit", "github", "markdown", "html", "xlsx", "csv", "docx",
)  # fmt: skip


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


trust_roots_option = click.option(
    "--trust-roots",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of trusted root certificates (PEM) evidence signatures must chain to"
    " (default: the pack's trust_roots; none: signatures are not checked for trust).",
)


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
            trust_roots_option,
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
