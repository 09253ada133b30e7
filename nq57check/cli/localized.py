"""Click's own error output in Vietnamese under ``--lang vi`` (the default).

Click prints usage errors itself ("Usage: ... Error: Invalid value for '--task': ..."), in
English, before or after a command runs. The root group catches them on their way out and
gives them a ``show`` that prints the same parts in the run's language: the usage line, the
hint to ``--help`` and the message, translated by :mod:`~nq57check.core.messages`.
"""

from __future__ import annotations

import functools
import importlib
import sys
from typing import IO, Any

import click

from nq57check.cli.options import current_lang


def show_vietnamese(exc: click.ClickException, file: IO[Any] | None = None) -> None:
    """What ``exc.show()`` prints, in Vietnamese."""
    from nq57check.core.messages import translate

    lines = []
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        lines.append(ctx.get_usage().replace("Usage:", "Cách dùng:", 1))
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(f"Xem '{ctx.command_path} {ctx.help_option_names[0]}' để được hướng dẫn.")
        lines.append("")
    lines.append(f"Lỗi: {translate(exc.format_message(), 'vi')}")
    click.echo("\n".join(lines), file=file or sys.stderr)


class LocalizedGroup(click.Group):
    """The root command: every usage error below it is shown in the run's language.

    Its commands are named with the module that defines each (``lazy_commands``) and
    imported when asked for: a run of ``check`` does not import the web server's module,
    nor ``rules``' or ``import``'s (click's documented pattern for lazy subcommands).
    """

    def __init__(
        self, *args: Any, lazy_commands: dict[str, tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.lazy_commands, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module, attribute = self.lazy_commands[cmd_name]
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):  # pragma: no cover - a wiring mistake
                raise TypeError(f"{module}.{attribute} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.ClickException as exc:
            raise _localized(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            raise _localized(exc) from None


def _localized(exc: click.ClickException) -> click.ClickException:
    if current_lang() == "vi":
        exc.show = functools.partial(show_vietnamese, exc)  # type: ignore[method-assign]
    return exc
