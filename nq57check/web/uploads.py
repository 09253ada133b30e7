"""Uploaded files into the private folder of one request: names sanitised, zips checked.

No name a user sent reaches the filesystem as they wrote it: a file keeps only its last
component, made of letters, digits, spaces and ``-_()`` (anything else becomes ``_``), with
its suffix checked against the kinds the checker reads. The stem is kept, not replaced by a
fixed name, because the checker reads it: the unit name falls back to it, and a finding's
fingerprint (what ``decisions.yaml`` names) contains the file's name, so a decision taken
on the page must match ``nq57check check`` run on the inspector's own ``KeHoach.docx``.
A zip's members are all checked (count, declared sizes, names, links, encryption) before
the first one is written.
"""

from __future__ import annotations

import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from nq57check.web import limits

PLAN_SUFFIXES = (".docx", ".xlsx", ".pdf", ".yaml", ".yml", ".json")
REPORT_SUFFIXES = (".yaml", ".yml", ".json")
ZIP_SUFFIX = ".zip"
JUDGEMENT_NAMES = ("decisions.yaml", "waivers.yaml")
MONTH = re.compile(r"(?<!\d)(20\d\d|2100)-(0[1-9]|1[0-2])(?!\d)")
_KEPT = " -_()"


class UploadError(Exception):
    """An upload that cannot be taken, with the HTTP status and what to tell the person."""

    def __init__(self, status: int, vi: str, en: str) -> None:
        super().__init__(en)
        self.status, self.vi, self.en = status, vi, en

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True, slots=True)
class Part:
    """One file part of the form, saved under a name of ours (``parts/3``)."""

    field: str
    filename: str  # as sent: shown escaped, never used as a path
    path: Path
    size: int


def shown_name(original: str) -> str:
    """The sent name as it may be shown: its last component, printable, at most 100 chars."""
    base = re.split(r"[/\\]", original)[-1]
    text = "".join(c for c in unicodedata.normalize("NFC", base) if c.isprintable())
    return text[: limits.MAX_NAME_CHARS] or "?"


def cut_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, never inside a letter."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def safe_component(original: str, limit: int | None = None) -> str:
    """One folder or file name made safe: NFC, only letters, digits and ``-_() .``, no
    leading dot or ``~$`` (so never ``..``), at most ``MAX_NAME_BYTES`` of UTF-8."""
    text = unicodedata.normalize("NFC", original)
    kept = "".join(c if c.isalnum() or c in _KEPT or c == "." else "_" for c in text)
    kept = cut_bytes(kept.strip(" ._"), limit or limits.MAX_NAME_BYTES).strip(" ._")
    return kept or "tep"


def safe_name(original: str, suffixes: tuple[str, ...]) -> str:
    """``KeHoach Xã A.docx`` -> ``KeHoach Xã A.docx``; ``../../x.sh`` is refused (suffix)."""
    base = re.split(r"[/\\]", original)[-1]
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in suffixes:
        shown = shown_name(original)
        raise UploadError(
            400,
            f"'{shown}': không nhận loại tệp này (chỉ nhận {', '.join(suffixes)}).",
            f"'{shown}': this kind of file is not taken (only {', '.join(suffixes)}).",
        )
    return safe_component(stem) + suffix


def place_plan(plan: Part, attachments: list[Part], root: Path) -> Path:
    """A plan and its reports as a commune folder, ``root``; the path to check.

    A plan alone is a plan check (as ``check KeHoach.docx``: report rules not evaluated);
    with reports it is a commune whose reports are due, as ``check FOLDER`` is.
    """
    name = safe_name(plan.filename, PLAN_SUFFIXES)
    _bound(plan, limits.MAX_PLAN_BYTES if _office(name) else limits.MAX_YAML_BYTES)
    folder = root
    target = folder / name
    plan.path.rename(target)
    if not attachments:
        return target
    reports = folder / "reports"
    for part in attachments:
        kept = safe_name(part.filename, REPORT_SUFFIXES)
        _bound(part, limits.MAX_YAML_BYTES)
        if kept.lower() in JUDGEMENT_NAMES:
            destination = folder / kept.lower()
        elif MONTH.search(kept):
            reports.mkdir(exist_ok=True)
            destination = reports / kept
        else:
            shown = shown_name(part.filename)
            raise UploadError(
                400,
                f"'{shown}': tên báo cáo phải có tháng báo cáo (2026-05.yaml), hoặc là"
                " decisions.yaml / waivers.yaml.",
                f"'{shown}': a report's name must contain its month (2026-05.yaml), or be"
                " decisions.yaml / waivers.yaml.",
            )
        if destination.exists():
            raise UploadError(
                400,
                f"Hai tệp cùng tên '{kept}'.",
                f"Two files named '{kept}'.",
            )
        part.path.rename(destination)
    return folder


def _office(name: str) -> bool:
    return name.lower().endswith((".docx", ".xlsx", ".pdf"))


def _bound(part: Part, limit: int) -> None:
    if part.size > limit:
        shown = shown_name(part.filename)
        raise UploadError(
            413,
            f"'{shown}': {part.size:,} byte, quá giới hạn {limit:,} byte.",
            f"'{shown}': {part.size:,} bytes is over the {limit:,}-byte limit.",
        )


def _refuse(name: str, vi: str, en: str) -> UploadError:
    shown = shown_name(name)
    return UploadError(400, f"Tệp zip: '{shown}': {vi}", f"Zip file: '{shown}': {en}")


def _member_parts(info: zipfile.ZipInfo) -> list[str] | None:
    """The member's safe path components; None for what is skipped (folders, dot-files,
    macOS ``__MACOSX``); refused: absolute, ``..``, drive letters, links, devices."""
    name = info.filename
    if "\x00" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise _refuse(name, "đường dẫn tuyệt đối, không nhận.", "an absolute path; refused.")
    raw = [c for c in re.split(r"[/\\]", name) if c not in ("", ".")]
    if ".." in raw:
        raise _refuse(name, "đường dẫn ra ngoài thư mục (..), không nhận.", "leads out (..).")
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise _refuse(name, "là liên kết (symlink), không nhận.", "is a symbolic link; refused.")
    if info.is_dir() or not raw:
        return None
    if kind not in (0, stat.S_IFREG):
        raise _refuse(name, "không phải tệp thường.", "is not a regular file; refused.")
    if any(c.startswith(".") or c == "__MACOSX" for c in raw):
        return None
    if len(raw) > limits.MAX_ZIP_DEPTH:
        raise _refuse(
            name,
            f"lồng quá {limits.MAX_ZIP_DEPTH} thư mục.",
            f"nested deeper than {limits.MAX_ZIP_DEPTH} folders.",
        )
    return [safe_component(c) for c in raw[:-1]] + [_safe_file(raw[-1])]


def _safe_file(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return safe_component(name)
    return f"{safe_component(stem)}.{safe_component(suffix, limits.MAX_SUFFIX_BYTES).lower()}"


def extract_zip(archive: Path, root: Path, shown: str) -> None:
    """Every member of ``archive`` checked, then each written under ``root`` by its safe
    path with at most its declared size; anything wrong refuses the whole zip."""
    try:
        with zipfile.ZipFile(archive) as package:
            infos = package.infolist()
            if len(infos) > limits.MAX_ZIP_MEMBERS:
                raise _refuse(
                    shown,
                    f"{len(infos):,} mục, quá giới hạn {limits.MAX_ZIP_MEMBERS:,}.",
                    f"{len(infos):,} members, over the {limits.MAX_ZIP_MEMBERS:,} limit.",
                )
            plan: list[tuple[zipfile.ZipInfo, Path]] = []
            total, seen = 0, set()
            for info in infos:
                parts = _member_parts(info)
                if parts is None:
                    continue
                if info.flag_bits & 0x1:
                    raise _refuse(info.filename, "có mật khẩu.", "is encrypted; refused.")
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise _refuse(info.filename, "nén kiểu lạ.", "uses an unknown compression.")
                if info.file_size > limits.MAX_ZIP_MEMBER_BYTES:
                    raise _refuse(
                        info.filename,
                        f"{info.file_size:,} byte khi giải nén, quá giới hạn.",
                        f"{info.file_size:,} bytes inflated, over the"
                        f" {limits.MAX_ZIP_MEMBER_BYTES:,} limit.",
                    )
                total += info.file_size
                key = "/".join(parts).casefold()
                if key in seen:
                    raise _refuse(info.filename, "trùng tên.", "appears twice.")
                seen.add(key)
                plan.append((info, root.joinpath(*parts)))
            if total > limits.MAX_ZIP_TOTAL_BYTES:
                raise _refuse(
                    shown,
                    f"{total:,} byte khi giải nén, quá giới hạn {limits.MAX_ZIP_TOTAL_BYTES:,}.",
                    f"{total:,} bytes inflated, over the {limits.MAX_ZIP_TOTAL_BYTES:,} limit.",
                )
            real_root = root.resolve()
            for info, target in plan:
                if not target.resolve().is_relative_to(real_root):  # cannot happen: said
                    raise _refuse(info.filename, "ra ngoài thư mục.", "leads out.")
                target.parent.mkdir(parents=True, exist_ok=True)
                _copy(package, info, target)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise _refuse(shown, f"tệp zip hỏng ({exc}).", f"a damaged zip ({exc}).") from exc
    except (FileExistsError, NotADirectoryError, IsADirectoryError) as exc:
        # a member named like a folder of another ("a" and "a/b")
        raise _refuse(
            shown, "tên tệp và thư mục trùng nhau.", "a file and a folder share a name."
        ) from exc
    except OSError as exc:  # names are cut to fit, so a full disk or the like
        reason = exc.strerror or type(exc).__name__
        raise _refuse(
            shown, f"không giải nén được ({reason}).", f"cannot be extracted ({reason})."
        ) from exc


def _copy(package: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    """Copy one member, never more than it declared (a lying member is refused)."""
    left = info.file_size
    with package.open(info) as source, open(target, "xb") as sink:
        while True:
            chunk = source.read(min(1024 * 1024, left + 1))
            if not chunk:
                return
            left -= len(chunk)
            if left < 0:
                raise _refuse(
                    info.filename, "lớn hơn kích thước khai báo.", "is larger than declared."
                )
            sink.write(chunk)
