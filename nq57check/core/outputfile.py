"""Writing outputs so that no file the user owns is ever left half-written or destroyed.

Every report, baseline, imported plan and template goes through :func:`atomic_write`: the
bytes go to a temporary file in the target's own folder (same file system, so the rename is
atomic), are flushed to disk, and only then replace the target. A kill at any moment leaves
either the previous file or the new one, never a truncated one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

# Names and suffixes of the files a check reads in a commune folder: an output must never
# land on one of them, whether or not this run reads it.
INPUT_NAMES = frozenset(
    {"plan.yaml", "plan.yml", "plan.json", "waivers.yaml", "waivers.yml", "decisions.yaml",
     "decisions.yml"}
)
INPUT_SUFFIXES = frozenset(
    {".yaml", ".yml", ".json", ".docx", ".xlsx", ".pdf", ".doc", ".xls", ".rtf", ".odt", ".ods"}
)
PLAN_NAMES = ("plan.yaml", "plan.yml", "plan.json")


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` atomically (temporary file, fsync, rename).

    Only a regular file (or a new one) is replaced by renaming. A link is followed, so the
    file it names is replaced and the link kept; a device or pipe (``-o /dev/stdout``,
    ``/dev/full``) is written to as it is: renaming over it would destroy the device.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        with path.open("wb") as stream:  # a device or a pipe: nothing to replace
            stream.write(payload)
        return
    folder = path.parent if str(path.parent) else Path(".")
    mode = stat.S_IMODE(info.st_mode) if info is not None else _default_mode()
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename itself durable too, where supported
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def commune_input(path: Path) -> bool:
    """Is ``path`` an existing file of a commune folder that a check would read?

    A folder holding a plan is a commune folder; its ``reports/`` folder is part of it.
    Plans, reports, waivers, decisions, baselines and office documents there are inputs.
    """
    if not path.exists() or path.suffix.lower() not in INPUT_SUFFIXES:
        return False
    folder = path.resolve().parent
    if path.name.lower() in INPUT_NAMES:
        return True
    candidates = [folder, folder.parent] if folder.name == "reports" else [folder]
    return any((c / name).exists() for c in candidates for name in PLAN_NAMES)
