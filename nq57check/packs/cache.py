"""Resolved packs, pickled and reused while their sources and this code are unchanged.

Why: resolving ``nq57`` (its YAML, pydantic schemas for the pack models, regex prefilters)
is ~100 ms of a ~0.4 s single-file check, as pre-commit runs it; unpickling it takes ~5 ms.
Only packs that resolved without error are stored. Any problem reading or writing the cache
(missing, corrupt, from another version, read-only disk) means the pack is resolved as if
there were no cache: the cache can make a run faster, never different.

The cache lives in ``$NQ57CHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/nq57check``, else
``~/.cache/nq57check``. ``NQ57CHECK_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ENV = "NQ57CHECK_CACHE_DIR"
OFF = ("", "0", "off", "none", "false")
KEEP = 16  # entries kept; older ones are removed when a new one is written
FORMAT = 2  # bump when the pickled layout changes in a way the code fingerprint misses
# (2: the modules moved to core/, check/, facts/ and kinds/{plan,reports}/)

PACKAGE_DIR = Path(__file__).resolve().parent.parent

T = TypeVar("T")


def cache_dir() -> Path | None:
    configured = os.environ.get(ENV)
    if configured is not None:
        return None if configured.strip().lower() in OFF else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home directory to be found: no cache
            return None
    return Path(base) / "nq57check"


def _code_stamp(digest: hashlib._Hash) -> None:
    """Every module of the package by size and mtime, so an edited checkout never reads
    a pack pickled by older code (the same test Python uses for its ``.pyc`` files)."""
    for root, dirs, files in os.walk(PACKAGE_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())


def _yaml_files(base: Path) -> list[Path]:
    """What a pack search directory can contribute: its own files and its packs' files."""
    found: list[Path] = []
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir():
            try:
                inner = sorted(os.scandir(entry.path), key=lambda e: e.name)
            except OSError:
                continue
            found.extend(Path(e.path) for e in inner if e.name.endswith(".yaml") and e.is_file())
        elif entry.name.endswith(".yaml"):
            found.append(Path(entry.path))
    return found


def fingerprint(name: str, search: list[Path]) -> str:
    """Changes whenever anything that resolving ``name`` over ``search`` reads could change."""
    from nq57check import __version__

    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version}\0{name}\0".encode())
    _code_stamp(digest)
    for base in search:
        digest.update(f"dir\0{base.resolve()}\0".encode())
        for path in _yaml_files(base):
            digest.update(f"{path.relative_to(base)}\0".encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"\0unreadable\0")
    return digest.hexdigest()


def cached(name: str, search: list[Path], resolve: Callable[[], T], kind: type[T]) -> T:
    """``resolve()``, or what it returned last time for the same inputs."""
    directory = cache_dir()
    if directory is None:
        return resolve()
    try:
        key = fingerprint(name, search)
    except Exception:  # e.g. a symlink loop in a rules dir: the loader will name it
        return resolve()
    entry = directory / f"pack-{key[:40]}.pickle"
    try:
        with entry.open("rb") as stream:
            value = pickle.load(stream)
        if isinstance(value, kind):
            return value
    except Exception:  # any unreadable entry is a miss, never an error
        pass
    value = resolve()
    _store(directory, entry, value)
    return value


def _store(directory: Path, entry: Path, value: object) -> None:
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)  # atomic: parallel workers never see half a file
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        _prune(directory)
    except Exception:  # a cache that cannot be written is just no cache
        pass


def _prune(directory: Path) -> None:
    entries = sorted(directory.glob("pack-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-KEEP]:
        old.unlink(missing_ok=True)
