"""Where the built-in rules are: located once, for packs, the catalog, columns and defaults."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def builtin_rules_dir() -> Path:
    """Packs shipped in the wheel (``nq57check/_rules``) or, from a checkout, ``rules/``."""
    installed = PACKAGE_DIR / "_rules"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "rules"
