"""The command line: ``nq57check check|explain|rules|import|template|schema``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 unusable
input (bad file, bad rule pack, bad option). Errors never show a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from nq57check import __version__

F = TypeVar("F", bound=Callable[..., Any])


def guarded(func: F) -> F:
    """Turn input errors into file:line messages and exit 2; never print a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from nq57check.loading.errors import InputError

        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem.render()}", err=True)
            sys.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug, not bad input: say so briefly
            if "--debug" in sys.argv:
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in nq57check; rerun with --debug for details.",
                err=True,
            )
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


class IsoDate(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date; write YYYY-MM-DD (e.g. 2026-09-30)", param, ctx)


def today() -> dt.date:
    """The only place the clock is read: the default ``--as-of``."""
    return dt.date.today()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="nq57check")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks of internal errors.")
def main(debug: bool) -> None:
    """Check commune plans and monthly reports under Resolution 57-NQ/TW.

    \b
    Examples:
      nq57check check examples/phong-tho
      nq57check check examples/ --format json --fail-on warning
      nq57check explain examples/phong-tho/plan.yaml --task 3
      nq57check rules list --pack lai-chau
    """


pack_option = click.option(
    "--pack", metavar="NAME",
    help="Rule pack to check against (default: the plan's 'pack' key, else lai-chau).",
)
rules_option = click.option(
    "--rules", "rules_dirs", multiple=True, metavar="DIR",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Extra folder of rule packs, searched before the built-in ones (repeatable).",
)
lang_option = click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
    help="Language of messages.",
)


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@pack_option
@rules_option
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "sarif", "junit", "github", "markdown",
                                 "html", "xlsx", "csv"]),
              help="Output format.")
@lang_option
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="error", show_default=True,
              help="Exit 1 when a finding at or above this severity remains.")
@click.option("--as-of", type=IsoDate(), help="Moment of evaluation (default: today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@guarded
def check(paths: tuple[Path, ...], pack: str | None, rules_dirs: tuple[Path, ...], fmt: str,
          lang: str, fail_on: str, as_of: dt.date | None, output: Path | None) -> None:
    """Check plan files or commune folders (folders are searched recursively).

    A commune folder holds plan.yaml (or .yml/.json) and, optionally, reports/.
    Word, Excel and PDF plans are imported on the fly.

    \b
    Examples:
      nq57check check examples/phong-tho
      nq57check check plans/ --format json -o findings.json
      nq57check check plan.yaml --fail-on warning --lang en
    Exit status: 0 clean, 1 findings at or above --fail-on, 2 unusable input.
    """
    from nq57check.reporters import BINARY_FORMATS, renderer
    from nq57check.runner import Options, run_check

    options = Options(pack=pack, rules_dirs=list(rules_dirs), as_of=as_of, lang=lang)
    run = run_check(list(paths), options, today())
    rendered = renderer(fmt)(run, lang=lang)
    emit(rendered, output, binary=fmt in BINARY_FORMATS)
    if run.has_problems():
        for commune in run.communes:
            for problem in commune.problems:
                click.echo(f"error: {problem.render()}", err=True)
    sys.exit(run.exit_code(fail_on))  # type: ignore[arg-type]


def emit(rendered: str | bytes, output: Path | None, *, binary: bool = False) -> None:
    if output is not None:
        if isinstance(rendered, bytes):
            output.write_bytes(rendered)
        else:
            output.write_text(rendered, encoding="utf-8")
        return
    if isinstance(rendered, bytes) or binary:
        raise click.UsageError("this format is binary: write it to a file with -o FILE")
    click.echo(rendered, nl=False)


from nq57check.cli_more import register_more  # noqa: E402

register_more(main)
