"""The console entry point: the collector is set for a short run before anything is imported."""

from __future__ import annotations

from nq57check import gcpolicy


def run() -> None:
    gcpolicy.pause_for_startup()
    try:
        import sys

        from nq57check.cli import main
        from nq57check.cli.options import take_debug_flag

        main(args=take_debug_flag(sys.argv[1:]))
    finally:
        gcpolicy.before_exit()
