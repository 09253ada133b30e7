"""Baselines: report only what is new since a recorded run (and what was fixed since).

A baseline is a JSON file of finding fingerprints (rule, task, file name, message: stable
under line moves). ``--write-baseline`` records the current findings; ``--baseline`` then
hides those still present and reports baseline entries that no longer match, so a CI job
fails only on regressions.

A baseline is read with the standard library's JSON decoder, one entry at a time, so that
every problem has its line: a national baseline is tens of megabytes, which the YAML loader
(:mod:`nq57check.loading.yamlio`, ~1.5 s per megabyte) would take a minute to read.
Whatever the file holds, reading it is an input error at a line, never an internal one:
nesting past the decoder's recursion limit, numbers of thousands of digits (``int()``
refuses more than 4,300), ``NaN``, entries that are not mappings or whose fingerprint is
not text (unhashable: a TypeError), and a ``version`` this program does not write.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from nq57check.core.problems import InputError
from nq57check.findings import Finding, RunResult
from nq57check.loading.yamlio import read_bytes

BASELINE_VERSION = 1
BASELINE_MAX_BYTES = 200 * 1024 * 1024  # a national run's findings, with room to spare
MAX_DIGITS = 20  # the only number a baseline holds is its version
TEXT_FIELDS = ("rule", "requirement", "file", "message")  # written as text; task may be null
_SPACE = re.compile(r"[ \t\n\r]*")
_REWRITE = "write it again with --write-baseline"


def baseline_text(run: RunResult) -> str:
    entries = [
        {
            "fingerprint": f.fingerprint(),
            "rule": f.rule,
            "requirement": f.requirement,
            "task": f.task,
            "file": f.file,
            "message": f.message,
        }
        for f in sorted(run.all_findings(), key=Finding.sort_key)
    ]
    data = {"version": BASELINE_VERSION, "as_of": run.as_of, "findings": entries}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class _Refused(ValueError):
    """A value the decoder must not build (raised from its hooks)."""


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _Refused(f"a number of {digits:,} digits (at most {MAX_DIGITS})")
    return int(text)


def _no_constant(name: str) -> Any:
    raise _Refused(f"{name}, which is not a number JSON allows")


_DECODER = json.JSONDecoder(parse_int=_bounded_int, parse_constant=_no_constant)


class _Reader:
    """The top-level object and the ``findings`` array walked by hand, every other value
    decoded by the standard decoder: each entry keeps the offset it starts at."""

    def __init__(self, text: str, display: str) -> None:
        self.text = text
        self.display = display

    def fail(self, message: str, offset: int) -> InputError:
        line = self.text.count("\n", 0, offset) + 1
        return InputError.single(self.display, message, line=line)

    def space(self, offset: int) -> int:
        match = _SPACE.match(self.text, offset)
        return match.end() if match else offset

    def expect(self, offset: int, allowed: str, what: str) -> str:
        found = self.text[offset : offset + 1]
        if not found or found not in allowed:
            shown = repr(found) if found else "the end of the file"
            raise self.fail(f"baseline is not valid JSON: expected {what}, found {shown}", offset)
        return found

    def value(self, offset: int) -> tuple[Any, int]:
        try:
            return _DECODER.raw_decode(self.text, offset)
        except _Refused as exc:
            raise self.fail(f"baseline holds {exc}", offset) from exc
        except RecursionError as exc:
            message = "baseline nests values too deeply (it is not a baseline)"
            raise self.fail(message, offset) from exc
        except json.JSONDecodeError as exc:
            message = f"baseline is not valid JSON: {exc.msg}"
            raise InputError.single(self.display, message, line=exc.lineno) from exc

    def members(self) -> dict[str, tuple[int, Any]]:
        """Top-level key -> (offset of its value, value); ``findings`` as [(offset, entry)]."""
        offset = self.space(0)
        self.expect(offset, "{", "a JSON object (a baseline written by --write-baseline)")
        offset = self.space(offset + 1)
        members: dict[str, tuple[int, Any]] = {}
        if self.text.startswith("}", offset):
            return members
        while True:
            self.expect(offset, '"', "a key in double quotes")
            key, offset = self.value(offset)
            offset = self.space(offset)
            self.expect(offset, ":", "':'")
            start = offset = self.space(offset + 1)
            if key == "findings" and self.text.startswith("[", offset):
                value, offset = self.entries(offset)
            else:
                value, offset = self.value(offset)
            if key in members:
                raise self.fail(f"baseline has the key '{key}' twice", start)
            members[key] = (start, value)
            offset = self.space(offset)
            if self.expect(offset, ",}", "',' or '}'") == "}":
                break
            offset = self.space(offset + 1)
        end = self.space(offset + 1)
        if end < len(self.text):
            raise self.fail("baseline has more after its closing '}'", end)
        return members

    def entries(self, offset: int) -> tuple[list[tuple[int, Any]], int]:
        items: list[tuple[int, Any]] = []
        offset = self.space(offset + 1)
        if self.text.startswith("]", offset):
            return items, offset + 1
        while True:
            start = offset
            value, offset = self.value(offset)
            items.append((start, value))
            offset = self.space(offset)
            if self.expect(offset, ",]", "',' or ']'") == "]":
                return items, offset + 1
            offset = self.space(offset + 1)


def read_baseline(path: Path) -> list[dict[str, Any]]:
    """The entries of a baseline file, or an InputError at the file's line."""
    shown = str(path)
    raw = read_bytes(path, shown, limit=BASELINE_MAX_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError.single(shown, "baseline is not UTF-8 JSON", line=line) from exc
    reader = _Reader(text, shown)
    members = reader.members()
    if "findings" not in members or "version" not in members:
        missing = "findings" if "findings" not in members else "version"
        raise reader.fail(
            f"not a baseline file: it has no '{missing}' (write one with --write-baseline)", 0
        )
    at, version = members["version"]
    if type(version) is not int or version != BASELINE_VERSION:
        raise reader.fail(
            f"baseline version {repr(version)[:40]} is not one this nq57check reads"
            f" ({BASELINE_VERSION}); {_REWRITE}",
            at,
        )
    at, entries = members["findings"]
    if not isinstance(entries, list):
        raise reader.fail("'findings' must be a list of findings", at)
    return [_entry(reader, number, at, entry) for number, (at, entry) in enumerate(entries)]


def _entry(reader: _Reader, number: int, at: int, entry: Any) -> dict[str, Any]:
    where = f"findings[{number}]"
    if not isinstance(entry, dict):
        raise reader.fail(f"{where} must be a mapping, not {type(entry).__name__}", at)
    fingerprint = entry.get("fingerprint")
    if not isinstance(fingerprint, str) or not fingerprint:
        raise reader.fail(f"{where}: 'fingerprint' must be text; {_REWRITE}", at)
    for name in (*TEXT_FIELDS, "task"):
        value = entry.get(name)
        if value is not None and not isinstance(value, str):
            raise reader.fail(f"{where}: '{name}' must be text, not {type(value).__name__}", at)
    return entry


def apply_baseline(run: RunResult, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop findings present in the baseline; return baseline entries that no longer match."""
    known = {e["fingerprint"] for e in entries}
    seen: set[str] = set()
    for commune in run.communes:
        kept = []
        for finding in commune.findings:
            fingerprint = finding.fingerprint()
            if fingerprint in known:
                seen.add(fingerprint)
            else:
                kept.append(finding)
        commune.findings = kept
    return [e for e in entries if e["fingerprint"] not in seen]
