"""Import a commune's plan from .docx, .xlsx or .pdf into a plan mapping: the appendix task
table and, for Word and PDF, the plan body's numbered paragraphs (``importers/body``).

Public API::

    result = import_document(Path("phu_luc.docx"))   # ImportResult(plan, warnings)
    text = dump_plan_yaml(result.plan)               # a plan.yaml to review
    write_template(Path("mau.xlsx"), rows, title=...)  # a blank appendix to fill in

Bad input (old .doc, password-protected or damaged files, scanned PDFs, no task table)
raises :class:`ImportFailure` with a message that says what was found and what to do.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path

from nq57check import __version__
from nq57check.importers import guards, limits
from nq57check.importers.base import Extracted, ImportFailure, ImportResult, ImportWarning
from nq57check.importers.body.assemble import body_lines, missing_appendix, read_body
from nq57check.importers.table import build_plan, read_tables
from nq57check.importers.template import TemplateRow, write_template
from nq57check.importers.yamlout import dump_plan_yaml
from nq57check.loading.yamlio import not_regular

__all__ = [
    "SUFFIXES",
    "ImportFailure",
    "ImportResult",
    "ImportWarning",
    "TemplateRow",
    "dump_plan_yaml",
    "import_document",
    "write_template",
]

SUFFIXES = (".docx", ".xlsx", ".pdf")
MAX_BYTES = limits.MAX_FILE_BYTES
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLD = {
    ".doc": "an old binary Word file (.doc): open it in Word or LibreOffice Writer, "
    "'Save As' Word Document (.docx), and import the .docx",
    ".xls": "an old binary Excel file (.xls): open it in Excel or LibreOffice Calc, "
    "'Save As' Excel Workbook (.xlsx), and import the .xlsx",
    ".rtf": "an RTF file: save it as Word Document (.docx) and import the .docx",
    ".odt": "an OpenDocument file: save it as Word Document (.docx) and import the .docx",
    ".ods": "an OpenDocument spreadsheet: save it as .xlsx and import the .xlsx",
}
_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_KIND = {".docx": "Word (.docx)", ".xlsx": "Excel (.xlsx)"}


def _sniff(path: Path, data: bytes) -> None:
    """Refuse, with advice, what the readers would only fail on with a traceback."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        if b"%PDF-" not in data[:1024]:
            raise ImportFailure(
                f"{path.name}: not a PDF (no %PDF header); the file is damaged or misnamed."
            )
        return
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise ImportFailure(
                f"{path.name}: the file is password-protected (encrypted). Open it, remove the "
                "password (File > Info > Protect > Encrypt with password: clear it), save, "
                "and import again."
            )
        old = ".doc" if suffix == ".docx" else ".xls"
        raise ImportFailure(f"{path.name}: this is {_OLD[old]} (it only has a {suffix} name).")
    guards.check_package(path.name, data)
    if not zipfile.is_zipfile(path):
        raise ImportFailure(
            f"{path.name}: not a valid {_KIND[suffix]} file (not a zip package); it is damaged "
            "or has the wrong extension. Open it in Word/Excel and save it again."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            guards.check_members(path.name, archive)  # declared sizes, before inflating any
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise ImportFailure(f"{path.name}: damaged zip package ({exc}); save it again.") from exc
    if bad is not None:
        raise ImportFailure(f"{path.name}: damaged part '{bad}' in the package; save it again.")
    if "[Content_Types].xml" not in names or _PARTS[suffix] not in names:
        other = next((k for s, k in _KIND.items() if _PARTS[s] in names), None)
        found = f"a {other} file" if other else "a zip file that is not an Office document"
        raise ImportFailure(
            f"{path.name}: this is {found}, not {_KIND[suffix]}. Check the file and its extension."
        )


def _reader(suffix: str) -> Callable[[Path], Extracted]:
    """Readers import their library on first use, so one missing library breaks one format."""
    if suffix == ".docx":
        from nq57check.importers.docx import read_docx

        return read_docx
    if suffix == ".xlsx":
        from nq57check.importers.xlsx import read_xlsx

        return read_xlsx
    from nq57check.importers.pdf import read_pdf

    return read_pdf


def _read(path: Path, suffix: str) -> Extracted:
    """Run the reader; a PDF under the bounds of :func:`guards.pdf_bounds`."""
    reader = _reader(suffix)
    if suffix != ".pdf":
        return reader(path)
    with guards.pdf_bounds(path.name) as meter:
        guards.check_pdf_pages(path, meter)
        try:
            extracted = reader(path)
        except Exception:
            meter.check()  # a bound passed inside pdfplumber: say which, not "damaged"
            raise
        meter.check()
    return extracted


def import_document(path: Path) -> ImportResult:
    """Read the body and task table(s) of a .docx, .xlsx or text .pdf plan into a plan mapping."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _OLD:
        raise ImportFailure(f"{path.name}: this is {_OLD[suffix]}.")
    if suffix not in SUFFIXES:
        raise ImportFailure(
            f"{path.name}: cannot import '{suffix or 'no extension'}' files; "
            f"supported: {', '.join(SUFFIXES)}."
        )
    try:
        info = path.stat()
        what = not_regular(info.st_mode)
        if what is not None:
            raise ImportFailure(f"{path}: cannot import it: it is {what}, not a file.")
        size = info.st_size
        if size > MAX_BYTES:
            raise ImportFailure(f"{path.name}: {size:,} bytes is over the {MAX_BYTES:,} limit.")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"{path}: cannot read the file ({exc.strerror or exc}).") from exc
    if not data:
        raise ImportFailure(f"{path.name}: the file is empty.")
    try:
        _sniff(path, data)
        extracted = _read(path, suffix)
    except ImportFailure:
        raise
    except Exception as exc:  # library errors on damaged content: say so, not a traceback
        raise ImportFailure(
            f"{path.name}: could not read the {suffix} file ({type(exc).__name__}: {exc}); it "
            "may be damaged. Open it in Word/Excel, save it again, and import the new copy."
        ) from exc
    guards.check_extracted(path.name, extracted)
    digest = hashlib.sha256(data).hexdigest()
    mapper = read_tables(extracted, path.name)
    lines = body_lines(extracted.body, mapper.task_tables)
    body = read_body(lines)
    if not mapper.found_header:
        body.warnings.extend(missing_appendix(lines))
    plan, warnings = build_plan(
        extracted,
        source=path.name,
        stem=path.stem,
        sha256=digest,
        importer=f"nq57check {__version__} ({suffix[1:]})",
        mapper=mapper,
        body=body,
        folder=path.resolve().parent.name,
    )
    guards.check_plan(path.name, plan)
    return ImportResult(plan=plan, warnings=warnings, sha256=digest)
