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


OFFICE_SUFFIXES = frozenset({".docx", ".xlsx", ".pdf", ".doc", ".xls", ".rtf", ".odt", ".ods"})
WRITER = "nq57check"  # the creator our xlsx reports and templates carry in their properties


def _commune_folder(folder: Path) -> bool:
    return (folder / "reports").is_dir() or any((folder / n).exists() for n in PLAN_NAMES)


def written_by_us(path: Path) -> bool:
    """An Office file whose core properties name nq57check as its creator (an earlier report
    or template of ours, which may be replaced); anything else is someone's document."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > 64 * 1024:
                return False
            core = archive.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return f">{WRITER}" in core


def commune_input(path: Path, *, replacing_plan: bool = False) -> bool:
    """Would writing ``path`` destroy a file a check reads, or add one it would read?

    A folder holding a plan (or ``reports/``) is a commune folder. Its plans, reports,
    waivers and decisions are inputs, and so is any new YAML/JSON/office file in its
    ``reports/``, or a second plan file. An existing office document that nq57check did not
    write is someone's document: maybe an office-only commune's plan, maybe not; it is
    never replaced. ``replacing_plan``: ``import -o plan.yaml --force`` may replace a plan.
    """
    suffix = path.suffix.lower()
    if suffix not in INPUT_SUFFIXES:
        return False
    folder = Path(os.path.realpath(path.parent if str(path.parent) else "."))
    name = path.name.lower()
    exists = path.exists()
    if folder.name == "reports" and _commune_folder(folder.parent):
        return True
    if name in PLAN_NAMES:
        if replacing_plan:
            return False
        return exists or any((folder / n).exists() for n in PLAN_NAMES)
    if name in INPUT_NAMES:
        return exists or _commune_folder(folder)
    if not exists:
        return False
    if _commune_folder(folder):
        return True
    return suffix in OFFICE_SUFFIXES and not written_by_us(path)
