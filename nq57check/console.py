"""The console entry point: the collector is set for a short run before anything is imported."""

from __future__ import annotations

from nq57check import gcpolicy


def run() -> None:
    gcpolicy.pause_for_startup()
    try:
        from nq57check.cli import main

        main()
    finally:
        gcpolicy.before_exit()
