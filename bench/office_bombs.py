"""Office and PDF "bombs": small files that ask for gigabytes or minutes, run under limits.

Why: a commune's appendix comes from outside, so a 40 KB file must never cost a worker
gigabytes or minutes (issue 12, point 5). Each bomb is built here in a temporary folder
(nothing binary is kept in the tree); ``nq57check check FILE`` then runs on it in a child
process under an address-space limit (``RLIMIT_AS``) and a time limit, and the table shows
the file's size, the exit code, the seconds and the child's peak RSS (``ru_maxrss`` from
``wait4``), with the command used. Exit 2 with a message naming the limit is the expected
outcome for a refused bomb; exit 0/1 means it was read within the limits.

    python bench/office_bombs.py [--memory-mb 1024] [--seconds 60] [--only NAME ...]
                                 [--tree DIR] [--keep DIR]

``--tree DIR`` imports ``nq57check`` from another checkout (``PYTHONPATH=DIR``), to compare
with the code before a change. The builders are also used by ``tests/test_hostile_office.py``
with smaller sizes, so the tests and this script exercise the same files.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

# -- zip packages written by hand: a member may be a repeated block, inflating to GiB ---------


@dataclass
class Member:
    """One zip member: its deflated bytes, CRC-32 and (declared) uncompressed size."""

    name: str
    deflated: bytes
    crc: int
    size: int
    adler: int = 1  # Adler-32 of the content, for a zlib (PDF) stream


def member(name: str, data: bytes | str) -> Member:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Member(name, packer.compress(raw) + packer.flush(), zlib.crc32(raw), len(raw))


def repeated_member(name: str, head: str, unit: str, count: int, tail: str) -> Member:
    """``head + unit * count + tail`` deflated without ever holding it: the unit is packed
    into a ~1 MiB block once, fully flushed (so the same input gives the same bytes), and the
    block's bytes are repeated. The CRC is computed over the real content, so the member is
    honest: only its size is hostile."""
    unit_bytes = unit.encode("utf-8")
    per_block = max(1, (1 << 20) // len(unit_bytes))
    blocks, rest = divmod(count, per_block)
    block_data = unit_bytes * per_block
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [packer.compress(head.encode("utf-8")), packer.flush(zlib.Z_FULL_FLUSH)]
    crc = zlib.crc32(head.encode("utf-8"))
    adler = zlib.adler32(head.encode("utf-8"))
    if blocks:
        block = packer.compress(block_data) + packer.flush(zlib.Z_FULL_FLUSH)
        again = packer.compress(block_data) + packer.flush(zlib.Z_FULL_FLUSH)
        assert block == again, "deflate blocks after a full flush must repeat"
        out.append(block * (blocks - 1))
        out.append(again)
        for _ in range(blocks):
            crc = zlib.crc32(block_data, crc)
            adler = zlib.adler32(block_data, adler)
    tail_bytes = unit_bytes * rest + tail.encode("utf-8")
    out.append(packer.compress(tail_bytes) + packer.flush())
    crc = zlib.crc32(tail_bytes, crc)
    adler = zlib.adler32(tail_bytes, adler)
    size = len(head.encode("utf-8")) + len(block_data) * blocks + len(tail_bytes)
    return Member(name, b"".join(out), crc & 0xFFFFFFFF, size, adler & 0xFFFFFFFF)


def write_zip(path: Path, members: Iterable[Member]) -> Path:
    """A plain (non-zip64) archive of deflated members, written byte by byte."""
    local, central = bytearray(), bytearray()
    count = 0
    for item in members:
        name = item.name.encode("utf-8")
        fields = (20, 0, 8, 0, 0x21, item.crc, len(item.deflated), item.size, len(name), 0)
        offset = len(local)
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + name + item.deflated
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, offset) + name
        count += 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(local), 0)
    path.write_bytes(bytes(local) + bytes(central) + end)
    return path


# -- Word ---------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}" Target="word/document.xml"/></Relationships>'
)
HEADER = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Kết quả", "Thời gian hoàn thành"]
TITLE = "Kèm theo Kế hoạch số 12/KH-UBND ngày 20/02/2026 của UBND xã Thử"


def task_row(n: int) -> list[str]:
    return [str(n), f"Nhiệm vụ số {n}", "Văn phòng HĐND và UBND xã", "Báo cáo", "Quý I/2026"]


def tc(text: str, props: str = "") -> str:
    pr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    return f"<w:tc>{pr}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def tr(cells: Iterable[str], props: str = "") -> str:
    pr = f"<w:trPr>{props}</w:trPr>" if props else ""
    return f"<w:tr>{pr}{''.join(cells)}</w:tr>"


def docx_head(rows: int = 1) -> str:
    """The document up to (and inside) the task table, with ``rows`` ordinary task rows."""
    body = [tr(tc(h) for h in HEADER)] + [tr(tc(t) for t in task_row(n)) for n in range(1, rows)]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
        f"<w:p><w:r><w:t>{TITLE}</w:t></w:r></w:p><w:tbl>" + "".join(body)
    )


DOCX_TAIL = "</w:tbl><w:p/></w:body></w:document>"


def write_docx(path: Path, document: Member | str) -> Path:
    part = document if isinstance(document, Member) else member("word/document.xml", document)
    return write_zip(
        path, [member("[Content_Types].xml", _DOCX_TYPES), member("_rels/.rels", _DOCX_RELS), part]
    )


def docx_grid(path: Path, attribute: str = "gridSpan", value: int = 30_000_000) -> Path:
    """One task row whose cell spans (gridSpan) or is preceded by (gridBefore) 30M columns."""
    cells = task_row(1)
    if attribute == "gridSpan":
        row = tr([tc(cells[0]), tc(cells[1], f'<w:gridSpan w:val="{value}"/>'), tc(cells[2])])
    else:
        row = tr((tc(t) for t in cells), f'<w:gridBefore w:val="{value}"/>')
    return write_docx(path, docx_head() + row + DOCX_TAIL)


def docx_rows(path: Path, rows: int = 100_000, *, distinct: bool = False) -> Path:
    """A task table of ``rows`` rows (82 s and 2.7 GB before the row bound); the same row
    repeated (a small file), or numbered rows (a real table of that length)."""
    if distinct:
        return write_docx(path, docx_head(rows + 1) + DOCX_TAIL)
    unit = tr(tc(t) for t in task_row(7))
    return write_docx(
        path, repeated_member("word/document.xml", docx_head(), unit, rows, DOCX_TAIL)
    )


def docx_at_limits(path: Path, rows: int = 5_000, columns: int = 64) -> Path:
    """Not a bomb: the largest table the bounds let through (64 columns, a part just under
    ``MAX_PART_BYTES``), each row a task: the worst accepted case."""
    header = tr([tc(h) for h in HEADER] + [tc("") for _ in range(len(HEADER), columns)])
    cells = [tc("") for _ in range(len(HEADER), columns)]
    body = "".join(tr([tc(t) for t in task_row(n)] + cells) for n in range(1, rows + 1))
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
    xml = head + f"<w:p><w:r><w:t>{TITLE}</w:t></w:r></w:p><w:tbl>" + header + body + DOCX_TAIL
    return write_docx(path, xml)


def docx_huge_part(path: Path, size: int = 1536 << 20) -> Path:
    """document.xml of ``size`` bytes once inflated (a comment of spaces), 1.5 MB on disk."""
    head = docx_head(3) + "<!--"
    unit = " " * 1024
    return write_docx(
        path, repeated_member("word/document.xml", head, unit, size // len(unit), "-->" + DOCX_TAIL)
    )


def docx_lying_size(path: Path, size: int = 256 << 20) -> Path:
    """A member that declares a few kilobytes but inflates to ``size``: zip readers stop at
    the declared size and the CRC then fails, so the declared size is the one that counts."""
    big = docx_huge_part(path, size)
    data = bytearray(big.read_bytes())
    return _set_declared_size(path, data, "word/document.xml", 4096)


def _set_declared_size(path: Path, data: bytearray, name: str, size: int) -> Path:
    encoded = name.encode("utf-8")
    for signature, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(encoded)] == encoded:
                struct.pack_into("<L", data, start + at, size)
            start += 4
    path.write_bytes(bytes(data))
    return path


def docx_vmerge(path: Path, rows: int = 9_000, chars: int = 30_000) -> Path:
    """A lead cell of ``chars`` characters merged down (vMerge) over ``rows`` tasks: each task
    gets a copy, ``rows * chars`` characters in all."""
    lead = tc("Văn phòng " * (chars // 10), '<w:vMerge w:val="restart"/>')
    first = tr([tc("1"), tc("Nhiệm vụ 1"), lead, tc("Báo cáo"), tc("Quý I/2026")])
    unit = tr([tc("2"), tc("Nhiệm vụ"), tc("", "<w:vMerge/>"), tc("Báo cáo"), tc("Quý I/2026")])
    document = repeated_member("word/document.xml", docx_head() + first, unit, rows, DOCX_TAIL)
    return write_docx(path, document)


def docx_tables(path: Path, tables: int = 30_000) -> Path:
    """Many small tables, each under the row bound alone."""
    unit = "</w:tbl><w:tbl>" + tr(tc(t) for t in task_row(3)) + tr(tc(t) for t in task_row(4))
    return write_docx(
        path, repeated_member("word/document.xml", docx_head(), unit, tables, DOCX_TAIL)
    )


def zip_entries(path: Path, entries: int = 60_000) -> Path:
    """A package of tens of thousands of empty members: a central directory of megabytes."""
    members = [member("[Content_Types].xml", _DOCX_TYPES), member("_rels/.rels", _DOCX_RELS)]
    members.append(member("word/document.xml", docx_head(3) + DOCX_TAIL))
    members += [member(f"word/media/x{n}.xml", b"") for n in range(entries)]
    return write_zip(path, members)


# -- Excel --------------------------------------------------------------------------------------

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_XLSX_RELS = _DOCX_RELS.replace("word/document.xml", "xl/workbook.xml")
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S}" xmlns:r="{_R}"><sheets>'
    '<sheet name="Phụ lục" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xrow(r: int, values: Iterable[str], extra: str = "") -> str:
    cells = "".join(
        f'<c r="{column_letter(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
        for c, v in enumerate(values, 1)
    )
    return f'<row r="{r}">{cells}{extra}</row>'


def sheet_head(rows: int = 1) -> str:
    body = [xrow(1, [TITLE]), xrow(2, HEADER)]
    body += [xrow(n + 2, task_row(n)) for n in range(1, rows)]
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{S}"><sheetData>' + "".join(
        body
    )


def write_xlsx(path: Path, sheet: Member | str, shared: Member | str | None = None) -> Path:
    part = sheet if isinstance(sheet, Member) else member("xl/worksheets/sheet1.xml", sheet)
    if shared is None:
        shared = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{S}" count="0"/>'
    strings = shared if isinstance(shared, Member) else member("xl/sharedStrings.xml", shared)
    members = [member("[Content_Types].xml", _XLSX_TYPES), member("_rels/.rels", _XLSX_RELS)]
    members += [member("xl/workbook.xml", _WORKBOOK)]
    members += [member("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS), part, strings]
    return write_zip(path, members)


def xlsx_merges(path: Path, refs: Iterable[str], rows: int = 3) -> Path:
    merges = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    return write_xlsx(
        path, sheet_head(rows) + f"</sheetData><mergeCells>{merges}</mergeCells></worksheet>"
    )


def xlsx_whole_sheet_merge(path: Path) -> Path:
    """One merge A1:XFD1048576: every cell of the sheet (6 GB before clamping)."""
    return xlsx_merges(path, ["A1:XFD1048576"])


def xlsx_row_merges(path: Path, merges: int = 2_000) -> Path:
    """``merges`` merges, each a whole row A:XFD (25 s before clamping); legitimate in shape."""
    return xlsx_merges(path, (f"A{r}:XFD{r}" for r in range(3, 3 + merges)), rows=3)


def xlsx_overlapping_merges(path: Path, merges: int = 2_000) -> Path:
    """The same huge merge ``merges`` times over (Excel would refuse to open this)."""
    return xlsx_merges(path, ["A3:XFD1048576"] * merges, rows=5_000)


def xlsx_far_column(path: Path, rows: int = 5_000) -> Path:
    """One cell in column XFD on every row: each row becomes 16,384 cells."""
    far = '<c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c>'
    body = "".join(xrow(n + 2, task_row(n), far.format(r=n + 2)) for n in range(1, rows))
    return write_xlsx(path, sheet_head() + body + "</sheetData></worksheet>")


def xlsx_shared_text(path: Path, rows: int = 5_000, columns: int = 60, chars: int = 32_000) -> Path:
    """One 32,000-character shared string referenced by every cell of a wide table."""
    text = "a" * chars
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{S}"><si><t>{text}</t></si></sst>'
    cells = "".join(
        f'<c r="{column_letter(c)}{{r}}" t="s"><v>0</v></c>' for c in range(2, columns + 1)
    )
    unit = f'<row r="{{r}}"><c r="A{{r}}"><v>{{r}}</v></c>{cells}</row>'
    body = "".join(unit.format(r=r) for r in range(3, rows + 3))
    return write_xlsx(path, sheet_head() + body + "</sheetData></worksheet>", shared)


def xlsx_many_strings(path: Path, strings: int = 3_000_000) -> Path:
    """A shared-strings table of millions of entries (openpyxl reads the table whole)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{S}">'
    shared = repeated_member(
        "xl/sharedStrings.xml", head, "<si><t>nhiệm vụ</t></si>", strings, "</sst>"
    )
    return write_xlsx(path, sheet_head(3) + "</sheetData></worksheet>", shared)


def xlsx_unmapped(path: Path, rows: int = 5_000, columns: int = 64) -> Path:
    """5,000 task rows (``MAX_TASKS``) of 64 filled cells (``MAX_COLUMNS``): 295,000 cells of
    columns nobody named, each of which would be kept under ``provenance.unmapped``."""
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{S}"><si><t>x</t></si></sst>'
    filler = "".join(
        f'<c r="{column_letter(c)}{{r}}" t="s"><v>0</v></c>' for c in range(6, columns + 1)
    )
    body = "".join(xrow(n + 2, task_row(n), filler.format(r=n + 2)) for n in range(1, rows + 1))
    return write_xlsx(path, sheet_head() + body + "</sheetData></worksheet>", shared)


def xlsx_rows(path: Path, rows: int = 100_000, *, distinct: bool = False) -> Path:
    """A sheet of ``rows`` task rows, repeated or numbered as for :func:`docx_rows`."""
    if distinct:
        return write_xlsx(path, sheet_head(rows + 1) + "</sheetData></worksheet>")
    cell = '<c t="inlineStr"><is><t>{}</t></is></c>'
    unit = "<row>" + cell.format("7") + cell.format("Nhiệm vụ") + "</row>"
    sheet = repeated_member(
        "xl/worksheets/sheet1.xml", sheet_head(), unit, rows, "</sheetData></worksheet>"
    )
    return write_xlsx(path, sheet)


def xlsx_empty_cells(path: Path, cells: int = 4_000_000) -> Path:
    """Millions of empty ``<c/>`` elements in one row: nothing past the bounds holds a value,
    but openpyxl parses every one."""
    sheet = repeated_member(
        "xl/worksheets/sheet1.xml",
        sheet_head(3) + "<row>",
        "<c/>",
        cells,
        "</row></sheetData></worksheet>",
    )
    return write_xlsx(path, sheet)


LAUGHS = (
    '<!DOCTYPE x [<!ENTITY a "hahahahahahahahahaha">'
    + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
    + "]>"
)


def docx_entities(path: Path) -> Path:
    """'Billion laughs': nine nested entities, 10^9 characters from 1 KB of DTD."""
    xml = docx_head(3) + DOCX_TAIL
    xml = xml.replace("<w:document", LAUGHS.replace("x [", "w:document [") + "<w:document", 1)
    return write_docx(path, xml.replace(TITLE, "&i;"))


def xlsx_entities(path: Path) -> Path:
    """The same entities in the shared-strings table."""
    head = '<?xml version="1.0" encoding="UTF-8"?>' + LAUGHS.replace("x [", "sst [")
    shared = head + f'<sst xmlns="{S}"><si><t>&i;</t></si></sst>'
    cell = '<c r="B3" t="s"><v>0</v></c>'
    return write_xlsx(
        path, sheet_head(1) + f'<row r="3">{cell}</row></sheetData></worksheet>', shared
    )


# -- PDF ----------------------------------------------------------------------------------------


def write_pdf(path: Path, objects: list[bytes]) -> Path:
    """Objects 1..n (1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def stream(data: bytes, extra: bytes = b"", *, deflated: bool = False) -> bytes:
    if deflated:
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def table_content(rows: int = 3) -> bytes:
    """A ruled table (header + task rows) drawn with lines and Helvetica text."""
    widths = [40, 200, 160, 100, 110]
    top, height = 760, 20
    ops = [b"0.5 w"]
    xs = [30]
    for w in widths:
        xs.append(xs[-1] + w)
    for r in range(rows + 2):
        y = top - r * height
        ops.append(b"%d %d m %d %d l S" % (xs[0], y, xs[-1], y))
    for x in xs:
        ops.append(b"%d %d m %d %d l S" % (x, top, x, top - (rows + 1) * height))
    texts = [HEADER] + [task_row(n) for n in range(1, rows + 1)]
    for r, values in enumerate(texts):
        for c, value in enumerate(values):
            ascii_ = ascii_text(value)
            ops.append(
                b"BT /F1 7 Tf %d %d Td (%s) Tj ET" % (xs[c] + 2, top - r * height - 13, ascii_)
            )
    return b"\n".join(ops)


def ascii_text(text: str) -> bytes:
    """'Tên nhiệm vụ' -> b'Ten nhiem vu': the standard Helvetica has no Vietnamese letters,
    and headers are matched without diacritics anyway."""
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return decomposed.encode("ascii", "ignore")


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _pdf(path: Path, content: bytes, extra_objects: list[bytes], xobjects: bytes = b"") -> Path:
    resources = b"<< /Font << /F1 4 0 R >> %s >>" % xobjects
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Resources %s /Contents 5 0 R >>"
        % resources,
        _FONT,
        content,
        *extra_objects,
    ]
    return write_pdf(path, objects)


def pdf_table(path: Path, rows: int = 3) -> Path:
    """A small, honest one-page PDF with a ruled task table."""
    return _pdf(path, stream(table_content(rows)), [])


def pdf_pages(path: Path, pages: int = 20_000) -> Path:
    """A page tree of ``pages`` pages sharing one small content stream."""
    first = 5
    kids = b" ".join(b"%d 0 R" % n for n in range(first, first + pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _FONT,
        stream(table_content()),
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595]"
        b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    return write_pdf(path, objects + [page] * pages)


def pdf_grid(path: Path, lines: int = 1_500) -> Path:
    """A page ruled by ``lines`` horizontal and ``lines`` vertical lines: table finding
    compares every pair of them."""
    step = 550 / lines
    ops = [b"0.1 w"]
    ops += [b"20 %.2f m 820 %.2f l S" % (20 + i * step, 20 + i * step) for i in range(lines)]
    ops += [
        b"%.2f 20 m %.2f 570 l S" % (20 + i * step * 1.4, 20 + i * step * 1.4) for i in range(lines)
    ]
    data = zlib.compress(table_content() + b"\n" + b"\n".join(ops), 9)
    return _pdf(path, stream(data, deflated=True), [])


def pdf_many_chars(path: Path, draws: int = 5_000, per_draw: int = 1_000) -> Path:
    """A form XObject of ``per_draw`` characters drawn ``draws`` times: millions of chars."""
    form = b"BT /F1 1 Tf 0 0 Td (" + b"A" * per_draw + b") Tj ET"
    content = table_content() + b"\n" + b"/X1 Do\n" * draws
    xobject = stream(
        form,
        b" /Type /XObject /Subtype /Form /BBox [0 0 842 595]"
        b" /Resources << /Font << /F1 4 0 R >> >>",
    )
    return _pdf(path, stream(content), [xobject], b"/XObject << /X1 6 0 R >>")


def pdf_huge_stream(path: Path, size: int = 1 << 30) -> Path:
    """A content stream that inflates to ``size`` bytes (1 GiB) of spaces."""
    head = table_content().decode("latin-1") + "\n"
    packed = repeated_member("c", head, " " * 1024, size // 1024, "\n")
    data = zlib_wrap(packed)
    return _pdf(path, stream(data, deflated=True), [])


def zlib_wrap(item: Member) -> bytes:
    """Raw deflate (as in zip) -> a zlib stream (as in PDF): header, data, Adler-32."""
    return b"\x78\xda" + item.deflated + struct.pack(">L", item.adler)


# -- YAML ---------------------------------------------------------------------------------------


def yaml_flow_list(path: Path, items: int = 1_700_000) -> Path:
    """A 5 MB plan whose ``tasks`` is a flow list of 1.7 million ``1`` items."""
    path.write_text("tasks: [" + "1," * (items - 1) + "1]\n", encoding="utf-8")
    return path


# -- the run ------------------------------------------------------------------------------------


@dataclass
class Bomb:
    name: str
    suffix: str
    build: Callable[[Path], Path]
    what: str


BOMBS = [
    Bomb("docx-gridspan", ".docx", docx_grid, "gridSpan 30,000,000 in one cell"),
    Bomb("docx-gridbefore", ".docx", lambda p: docx_grid(p, "gridBefore"), "gridBefore 30,000,000"),
    Bomb("docx-rows", ".docx", docx_rows, "a 100,000-row task table"),
    Bomb("docx-tables", ".docx", docx_tables, "30,000 two-row tables"),
    Bomb("docx-vmerge", ".docx", docx_vmerge, "a 30,000-char cell merged down 9,000 rows"),
    Bomb("docx-huge-part", ".docx", docx_huge_part, "document.xml of 1.5 GiB uncompressed"),
    Bomb("docx-lying-size", ".docx", docx_lying_size, "document.xml declares 4 KB, holds 256 MiB"),
    Bomb("zip-entries", ".docx", zip_entries, "60,000 members in the package"),
    Bomb("xlsx-merge-all", ".xlsx", xlsx_whole_sheet_merge, "one merge A1:XFD1048576"),
    Bomb("xlsx-row-merges", ".xlsx", xlsx_row_merges, "2,000 whole-row merges A:XFD"),
    Bomb("xlsx-overlap", ".xlsx", xlsx_overlapping_merges, "2,000 copies of A3:XFD1048576"),
    Bomb("xlsx-far-column", ".xlsx", xlsx_far_column, "a cell in column XFD on 5,000 rows"),
    Bomb("xlsx-shared-text", ".xlsx", xlsx_shared_text, "a 32,000-char string in 300,000 cells"),
    Bomb("xlsx-many-strings", ".xlsx", xlsx_many_strings, "3,000,000 shared strings"),
    Bomb("xlsx-rows", ".xlsx", xlsx_rows, "a 100,000-row sheet"),
    Bomb("xlsx-empty-cells", ".xlsx", xlsx_empty_cells, "4,000,000 empty cells in one row"),
    Bomb("docx-entities", ".docx", docx_entities, "billion laughs in document.xml"),
    Bomb("xlsx-entities", ".xlsx", xlsx_entities, "billion laughs in sharedStrings.xml"),
    Bomb("pdf-chars", ".pdf", pdf_many_chars, "5,000,000 characters from one form"),
    Bomb("pdf-stream", ".pdf", pdf_huge_stream, "a content stream of 1 GiB"),
    Bomb("pdf-pages", ".pdf", pdf_pages, "20,000 pages"),
    Bomb("pdf-grid", ".pdf", pdf_grid, "a page of 1,500 x 1,500 ruling lines"),
    Bomb("yaml-flow-list", ".yaml", yaml_flow_list, "a flow list of 1.7 million items"),
    Bomb("docx-at-limits", ".docx", docx_at_limits, "not a bomb: 5,000 rows x 64 columns"),
    Bomb("xlsx-unmapped", ".xlsx", xlsx_unmapped, "5,000 tasks, 59 unnamed columns filled"),
    Bomb(
        "docx-plain",
        ".docx",
        lambda p: docx_rows(p, 300, distinct=True),
        "control: a 300-row table",
    ),
    Bomb(
        "xlsx-plain",
        ".xlsx",
        lambda p: xlsx_rows(p, 300, distinct=True),
        "control: a 300-row sheet",
    ),
    Bomb("pdf-plain", ".pdf", pdf_table, "control: a 3-row ruled table"),
]


@dataclass
class Outcome:
    code: int | str
    seconds: float
    peak_mb: float
    message: str


def run_limited(
    command: list[str], memory_mb: int, seconds: float, env: dict[str, str], cwd: Path
) -> Outcome:
    """Run ``command`` under RLIMIT_AS and a wall-clock limit; peak RSS from wait4.

    ``cwd`` is the bombs' folder, not a checkout: ``python -m`` puts the working folder first
    on ``sys.path``, which would shadow ``--tree``."""

    def limit() -> None:
        size = memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
        cpu = int(seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit, env=env, cwd=cwd
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            child.send_signal(signal.SIGKILL)

        timer = threading.Timer(seconds, kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        child.returncode = 0  # reaped above; keep Popen from waiting again
        elapsed = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace").strip()
    if killed.is_set():
        code: int | str = "timeout"
    elif os.WIFSIGNALED(status):
        code = f"signal {os.WTERMSIG(status)}"
    else:
        code = os.WEXITSTATUS(status)
    lines = text.splitlines()
    message = lines[-1] if lines else ""
    return Outcome(code, elapsed, usage.ru_maxrss / 1024, message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--only", nargs="*", default=None, help="bomb names to run")
    parser.add_argument("--tree", type=Path, default=None, help="import nq57check from here")
    parser.add_argument("--keep", type=Path, default=None, help="build the files here, keep them")
    parser.add_argument("--width", type=int, default=110, help="message column width")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.tree is not None:
        env["PYTHONPATH"] = str(args.tree.resolve())
    folder = Path(tempfile.mkdtemp(prefix="nq57-bombs-")) if args.keep is None else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        chosen = [b for b in BOMBS if not args.only or b.name in args.only]
        command = [sys.executable, "-m", "nq57check", "check"]
        print(f"command: {' '.join(command)} FILE --as-of 2026-05-01 --format json")
        print(f"limits: RLIMIT_AS {args.memory_mb} MiB, {args.seconds:g} s wall (RLIMIT_CPU too)")
        if args.tree is not None:
            print(f"PYTHONPATH={env['PYTHONPATH']}")
        print()
        head = f"{'bomb':18} {'file':>10} {'exit':>9} {'seconds':>8} {'peak MB':>8}  message"
        print(head)
        print("-" * len(head))
        for bomb in chosen:
            path = bomb.build(folder / f"{bomb.name}{bomb.suffix}")
            size = path.stat().st_size
            shown = f"{size / 1024:,.0f} KB" if size < 10 << 20 else f"{size >> 20:,} MB"
            full = [*command, path.name, "--as-of", "2026-05-01", "--format", "json"]
            outcome = run_limited(full, args.memory_mb, args.seconds, env, folder)
            message = outcome.message[: args.width]
            print(
                f"{bomb.name:18} {shown:>10} {outcome.code!s:>9} {outcome.seconds:8.2f}"
                f" {outcome.peak_mb:8.0f}  {message}",
                flush=True,
            )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
