"""The command line: ``nq57check check|gaps|explain|rules|import|template|schema|serve``.

One module per command (check, rules, documents, explain, serve), their shared options in
options.py; a command's module is imported only when that command runs (or help lists it),
and each imports what its command needs when it runs. Exit codes: 0 nothing at or
above ``--fail-on``; 1 findings at or above it; 2 unusable input (bad file, bad rule pack,
bad option). Errors never show a traceback.
"""

from __future__ import annotations

import click

from nq57check import __version__
from nq57check.cli.localized import LocalizedGroup
from nq57check.cli.options import take_debug_flag

# name -> (module, attribute): every command (help lists them in alphabetical order)
COMMANDS = {
    "check": ("nq57check.cli.check", "check"),
    "gaps": ("nq57check.cli.check", "gaps"),
    "explain": ("nq57check.cli.explain", "explain"),
    "rules": ("nq57check.cli.rules", "rules"),
    "schema": ("nq57check.cli.documents", "schema"),
    "import": ("nq57check.cli.documents", "import_command"),
    "template": ("nq57check.cli.documents", "template"),
    "serve": ("nq57check.cli.serve", "serve"),
}


@click.group(
    cls=LocalizedGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
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
