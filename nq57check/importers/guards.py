"""The bounds of :mod:`limits`, enforced before the readers expand what a file describes.

Why a module of its own: the readers (python-docx, openpyxl, pdfplumber) trust the file, so
each check here runs at the last moment it is still cheap. Zip sizes are read from the
central directory before anything is inflated; a table's text is counted, merged copies
included, before the mapper copies it; pdfminer's stream decoders and page interpreter are
swapped, for the length of one PDF import, for bounded ones. Every refusal is an
:class:`ImportFailure` naming the file, where (table, row, sheet, page) and the limit.
"""

from __future__ import annotations

import io
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nq57check.importers import limits
from nq57check.importers.base import Extracted, ImportFailure, RawTable

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # all that Word, Excel and Writer write


def _mib(size: int) -> str:
    return f"{size / limits.MiB:,.0f} MiB"


# -- zip packages --------------------------------------------------------------------------------


def _directory_size(data: bytes) -> int | None:
    """Bytes of the central directory, from the end record (zip64 included), or None."""
    at = data.rfind(_EOCD, max(0, len(data) - 22 - 65_535))
    if at < 0 or at + 22 > len(data):
        return None
    (size,) = struct.unpack_from("<L", data, at + 12)
    locator = at - 20
    if locator >= 0 and data[locator : locator + 4] == _EOCD64_LOCATOR:
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 <= len(data) and data[record : record + 4] == _EOCD64:
            (size,) = struct.unpack_from("<Q", data, record + 40)
    return int(size)


def check_package(name: str, data: bytes) -> None:
    """Refuse a zip whose directory alone would be a burden (``zipfile`` reads it whole)."""
    size = _directory_size(data)
    if size is not None and size > limits.MAX_ZIP_DIRECTORY_BYTES:
        raise ImportFailure(
            f"{name}: the package's table of contents is {size:,} bytes, over the "
            f"{limits.MAX_ZIP_DIRECTORY_BYTES:,}-byte limit (an Office file lists a few dozen "
            "parts); this is not a document Word or Excel wrote."
        )


def check_members(name: str, archive: zipfile.ZipFile) -> None:
    """Declared sizes and methods, before any member is inflated.

    ``zipfile`` never inflates a member past its declared size (one that holds more fails
    its CRC), so the declared sizes are the ones that count.
    """
    total = 0
    for info in archive.infolist():
        if info.compress_type not in _METHODS:
            raise ImportFailure(
                f"{name}: part '{info.filename}' uses zip compression method "
                f"{info.compress_type}, which Office never writes (only stored or deflated "
                "parts are read); save the file again from Word/Excel."
            )
        if info.file_size > limits.MAX_PART_BYTES:
            raise ImportFailure(
                f"{name}: part '{info.filename}' is {info.file_size:,} bytes uncompressed, over "
                f"the {_mib(limits.MAX_PART_BYTES)} limit for one part of the package "
                f"(limit MAX_PART_BYTES = {limits.MAX_PART_BYTES:,} bytes). Split the appendix "
                "or remove what makes it so large."
            )
        total += info.file_size
        if total > limits.MAX_PACKAGE_BYTES:
            raise ImportFailure(
                f"{name}: the package's parts come to more than "
                f"{_mib(limits.MAX_PACKAGE_BYTES)} uncompressed (limit MAX_PACKAGE_BYTES = "
                f"{limits.MAX_PACKAGE_BYTES:,} bytes); remove large pictures or split the file."
            )


# -- tables ----------------------------------------------------------------------------------


def _where(table: RawTable, row: int) -> str:
    label = f" ('{table.label}')" if table.label else ""
    return f"table {table.index}{label}, row {row}"


def refuse_rows(name: str, where: str) -> ImportFailure:
    return ImportFailure(
        f"{name}: {where}: the document's tables have more than {limits.MAX_ROWS:,} rows in "
        f"all, the most an appendix may have (limit MAX_ROWS; a plan has at most "
        f"{limits.MAX_TASKS:,} tasks). Split it or remove the rows that are not tasks."
    )


def refuse_columns(name: str, where: str, what: str) -> ImportFailure:
    return ImportFailure(
        f"{name}: {where}: {what} exceeds {limits.MAX_COLUMNS} columns, the most a task table "
        "may have (limit MAX_COLUMNS; Word itself allows 63). The file is damaged or was not "
        "made by Word/Excel: open it, save it again and import the new copy."
    )


def refuse_chars(name: str, where: str) -> ImportFailure:
    if not where.startswith("table"):  # a body paragraph or the text around the tables
        return ImportFailure(
            f"{name}: {where}: the document's text passes {limits.MAX_CHARS:,} characters, "
            "the most a document may have (limit MAX_CHARS). Split the file, or remove the "
            "text that is not part of the plan (a pasted attachment, a repeated paragraph)."
        )
    return ImportFailure(
        f"{name}: {where}: the document's text passes {limits.MAX_CHARS:,} characters "
        "(a merged cell counts once for every row it covers), the most an appendix may have "
        "(limit MAX_CHARS). Split the file, or unmerge a long cell that covers many rows."
    )


@dataclass
class Budget:
    """Characters a reader has produced so far, so it can stop at the bound, not after."""

    name: str
    chars: int = 0

    def spend(self, count: int, where: str) -> None:
        self.chars += count
        if self.chars > limits.MAX_CHARS:
            raise refuse_chars(self.name, where)


def check_extracted(name: str, extracted: Extracted) -> None:
    """Bound what the table mapper will copy: rows, columns, and characters with merge copies.

    The readers bound rows and columns as they go (they are what costs memory there); this
    counts characters, where a vertical merge is a shared reference in the reader but
    becomes one string per task in the plan.
    """
    chars = len(extracted.text)
    rows = 0
    for table in extracted.tables:
        for row in table.rows:
            rows += 1
            if rows > limits.MAX_ROWS:
                raise refuse_rows(name, _where(table, row.row))
            if len(row.cells) > limits.MAX_COLUMNS:
                raise refuse_columns(
                    name, _where(table, row.row), f"a row of {len(row.cells):,} cells"
                )
            chars += sum(len(cell.text) for cell in row.cells if not cell.covered)
            if chars > limits.MAX_CHARS:
                raise refuse_chars(name, _where(table, row.row))
    if chars > limits.MAX_CHARS:
        raise refuse_chars(name, "the text outside the tables")


def check_plan(name: str, plan: dict[str, Any]) -> None:
    """The mapped plan must stay one a plan file can hold."""
    tasks = len(plan.get("tasks", []))
    if tasks > limits.MAX_TASKS:
        raise ImportFailure(
            f"{name}: {tasks:,} tasks were read, more than the {limits.MAX_TASKS:,} a plan may "
            "have (limit MAX_TASKS); split the appendix."
        )
    unmapped = len(plan.get("provenance", {}).get("unmapped", []))
    if unmapped > limits.MAX_UNMAPPED:
        raise ImportFailure(
            f"{name}: {unmapped:,} cells are in columns that were not recognised, more than "
            f"{limits.MAX_UNMAPPED:,} (limit MAX_UNMAPPED); check that the header row names "
            "the task table's columns."
        )


# -- PDF: bounded stream decoders and a counting page interpreter ---------------------------------


class PdfRefused(Exception):
    """Raised inside pdfminer when a bound is passed; :class:`PdfMeter` keeps the message,
    since pdfplumber wraps what pdfminer raises."""


class PdfMeter:
    """What one PDF import has inflated and shown so far, and the first refusal."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.inflated = 0
        self.page = 0
        self.page_chars = 0
        self.chars = 0
        self.refusal: str | None = None

    def refuse(self, message: str) -> PdfRefused:
        if self.refusal is None:
            self.refusal = f"{self.name}: {message}"
        return PdfRefused(self.refusal)

    def check(self) -> None:
        """Raise the refusal if one happened, wherever pdfplumber reported it."""
        if self.refusal is not None:
            raise ImportFailure(self.refusal)

    def room(self) -> int:
        """Bytes the next stream may inflate to."""
        if self.refusal is not None:
            raise PdfRefused(self.refusal)
        return min(limits.MAX_PDF_STREAM_BYTES, limits.MAX_PDF_DECODED_BYTES - self.inflated)

    def spend(self, size: int) -> None:
        if size > limits.MAX_PDF_STREAM_BYTES:
            raise self.refuse(
                f"a stream of the PDF inflates to more than {_mib(limits.MAX_PDF_STREAM_BYTES)} "
                f"(limit MAX_PDF_STREAM_BYTES = {limits.MAX_PDF_STREAM_BYTES:,} bytes); the "
                "file is damaged or hostile. Export the PDF again, or import the .docx/.xlsx."
            )
        self.inflated += size
        if self.inflated > limits.MAX_PDF_DECODED_BYTES:
            raise self.refuse(
                f"the PDF's streams inflate to more than {_mib(limits.MAX_PDF_DECODED_BYTES)} "
                f"in all (limit MAX_PDF_DECODED_BYTES); import the .docx/.xlsx instead."
            )

    def new_page(self) -> None:
        self.page += 1
        self.page_chars = 0

    def shown(self, count: int) -> None:
        self.page_chars += count
        self.chars += count
        if self.page_chars > limits.MAX_PDF_PAGE_CHARS:
            raise self.refuse(
                f"page {self.page} shows more than {limits.MAX_PDF_PAGE_CHARS:,} characters "
                "(limit MAX_PDF_PAGE_CHARS; a dense page has a few thousand); the PDF is "
                "damaged or hostile. Import the .docx/.xlsx instead."
            )
        if self.chars > limits.MAX_PDF_CHARS:
            raise self.refuse(
                f"page {self.page}: the pages read show more than {limits.MAX_PDF_CHARS:,} "
                "characters in all (limit MAX_PDF_CHARS); split the PDF or import the "
                ".docx/.xlsx instead."
            )


class _Inflate:
    """Stands in for the ``zlib`` module inside ``pdfminer.pdftypes``: the one call pdfminer
    makes, ``decompress(data)``, with its output bounded."""

    error = zlib.error

    def __init__(self, meter: PdfMeter) -> None:
        self.meter = meter

    def decompress(self, data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, self.meter.room() + 1)
        self.meter.spend(len(out) + (1 if inflater.unconsumed_tail else 0))
        if not inflater.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self, *args: Any) -> Any:  # pragma: no cover - pdfminer calls it only
        return zlib.decompressobj(*args)  # from decompress_corrupted, which is replaced too


def _bounded_corrupted(meter: PdfMeter) -> Callable[[bytes], bytes]:
    """pdfminer's fallback for a stream whose checksum is wrong feeds zlib one byte at a time
    and concatenates (quadratic); this reads all but the checksum at once, bounded."""

    def inflate(data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        body, tail = data[:-4], data[-4:]
        out = [inflater.decompress(body, meter.room() + 1)]
        meter.spend(len(out[0]) + (1 if inflater.unconsumed_tail else 0))
        try:
            for byte in tail:
                out.append(inflater.decompress(bytes([byte])))
        except zlib.error:
            pass  # the checksum: what pdfminer's own fallback tolerates
        size = sum(map(len, out)) - len(out[0])
        meter.spend(size)
        return b"".join(out)

    return inflate


def _bounded_lzw(meter: PdfMeter) -> Callable[[bytes], bytes]:
    from pdfminer.lzw import LZWDecoder

    def decode(data: bytes) -> bytes:
        room, parts, size = meter.room(), [], 0
        for part in LZWDecoder(io.BytesIO(data)).run():
            size += len(part)
            if size > room:
                meter.spend(size)
                raise meter.refuse("an LZW stream passes its limit")
            parts.append(part)
        meter.spend(size)
        return b"".join(parts)

    return decode


def _bounded_by_ratio(
    meter: PdfMeter, decode: Callable[..., bytes], ratio: Callable[..., int]
) -> Callable[..., bytes]:
    """A decoder whose output is bounded by a closed form of its input: check it first."""

    def bounded(data: bytes, *args: Any) -> bytes:
        most = ratio(data, *args)
        if most > meter.room():
            meter.spend(most)
        out = decode(data, *args)
        meter.spend(len(out))
        return out

    return bounded


def _runlength_size(data: bytes) -> int:
    """The exact output length of RunLengthDecode (up to 128 bytes from every 2)."""
    size, at, end = 0, 0, len(data)
    while at < end:
        length = data[at]
        if length == 128:
            break
        if length < 128:
            size, at = size + length + 1, at + length + 2
        else:
            size, at = size + 257 - length, at + 2
    return size


def _runlength_most(data: bytes) -> int:
    """64 times the input at most; measured exactly when that could matter."""
    return 64 * len(data) + 128 if len(data) <= 65_536 else _runlength_size(data)


def _ccitt_most(data: bytes, params: Any) -> int:
    """Rows need at least a bit each, and a row is at most ``Columns`` bits."""
    try:
        columns = int(params.get("Columns", 1728))
    except (TypeError, ValueError, AttributeError):
        columns = 1728
    return max(columns, 1) * len(data)


_PATCH_LOCK = threading.RLock()


@contextmanager
def pdf_bounds(name: str) -> Iterator[PdfMeter]:
    """Within the block, pdfminer inflates and pdfplumber interprets pages under the PDF limits.

    pdfminer decodes each stream whole (``zlib.decompress``), so a 40 KB file can ask for a
    GiB; and a page's characters become objects before anyone can count them. The decoders
    of ``pdfminer.pdftypes`` and the interpreter pdfplumber builds each page with are swapped
    for bounded ones, and put back afterwards. Import is single-threaded; the lock only keeps
    two imports in one process from interleaving their swaps.
    """
    import pdfminer.pdftypes as pdftypes
    import pdfplumber.page as plumber_page
    from pdfminer.ccitt import ccittfaxdecode
    from pdfminer.runlength import rldecode

    meter = PdfMeter(name)
    interpreter = _counting_interpreter(meter)
    swaps: list[tuple[Any, str, Any]] = [
        (pdftypes, "zlib", _Inflate(meter)),
        (pdftypes, "decompress_corrupted", _bounded_corrupted(meter)),
        (pdftypes, "lzwdecode", _bounded_lzw(meter)),
        (pdftypes, "rldecode", _bounded_by_ratio(meter, rldecode, _runlength_most)),
        (pdftypes, "ccittfaxdecode", _bounded_by_ratio(meter, ccittfaxdecode, _ccitt_most)),
        (plumber_page, "PDFPageInterpreter", interpreter),
    ]
    with _PATCH_LOCK:
        saved = [(module, attr, getattr(module, attr)) for module, attr, _ in swaps]
        try:
            for module, attr, value in swaps:
                setattr(module, attr, value)
            yield meter
        finally:
            for module, attr, value in saved:
                setattr(module, attr, value)


def _glyphs(font: Any, data: bytes) -> int:
    """Characters a string shows in ``font`` (a CID font takes two bytes or more for one)."""
    decoded = font.decode(data)
    return len(decoded) if isinstance(decoded, Sized) else sum(1 for _ in decoded)


def _counting_interpreter(meter: PdfMeter) -> type:
    """pdfminer's page interpreter (the one pdfplumber uses), counting the characters each
    page shows, before they become objects."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    class CountingInterpreter(PDFPageInterpreter):
        def process_page(self, page: Any) -> None:
            meter.new_page()
            super().process_page(page)

        def do_TJ(self, seq: Any) -> None:
            font = self.textstate.font
            if font is not None and isinstance(seq, list):
                meter.shown(sum(_glyphs(font, s) for s in seq if isinstance(s, bytes)))
            super().do_TJ(seq)

    return CountingInterpreter


def check_pdf_pages(path: Path, meter: PdfMeter) -> None:
    """Count the page objects before pdfplumber loads every one of them.

    A damaged or encrypted file is left to the reader, which says so in its own words.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        with path.open("rb") as handle:
            document = PDFDocument(PDFParser(handle))
            for count, _ in enumerate(PDFPage.create_pages(document), 1):
                if count > limits.MAX_PDF_PAGES:
                    raise meter.refuse(
                        f"the PDF has more than {limits.MAX_PDF_PAGES:,} pages (limit "
                        "MAX_PDF_PAGES); split it, or import the .docx/.xlsx instead."
                    )
    except Exception:  # damaged or encrypted: the reader says which, unless a bound was hit
        meter.check()
