"""Reading stays inside the tree being checked.

A report, waivers file or plan in a commune folder may be a symbolic link. One that leads
out of the commune's folder (to ``/etc/passwd``, another user's files) is refused by name
before it is opened: its lines would otherwise be echoed in error messages, and from there
into CI annotations. Resolving a path reads only the links, never the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from nq57check.core.problems import InputError


def refuse_leaving(path: Path, within: Path, display: str) -> None:
    """Raise unless ``path``, links followed, is ``within`` (a folder) or below it."""
    target = os.path.realpath(path)
    root = os.path.realpath(within)
    if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
        return
    raise InputError.single(
        display,
        "is a link to a file outside the folder being checked; refused without opening it",
    )
