"""Reading a form body while it streams, within the limits, into the request's own folder.

Starlette's own parser spools large files to the system's temporary folder; this one writes
each file part straight into the private folder of the request (``parts/1``, ``parts/2``:
names of ours) and counts every byte as it arrives, so a body over its limit is refused
before it is all read and nothing lands anywhere else.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl

from python_multipart.multipart import MultipartParser, parse_options_header

from nq57check.web import limits
from nq57check.web.uploads import Part, UploadError


def too_large(limit: int) -> UploadError:
    return UploadError(
        413,
        f"Dữ liệu gửi lên quá giới hạn {limit:,} byte.",
        f"The upload is over the {limit:,}-byte limit.",
    )


def bad_form(detail: str) -> UploadError:
    return UploadError(400, f"Biểu mẫu gửi lên không hợp lệ ({detail}).", f"A bad form ({detail}).")


@dataclass(slots=True)
class Form:
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[Part] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[0] if values else default


async def bounded(stream: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    """The body's chunks; past ``limit`` bytes, refused (413) without reading on."""
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > limit:
            raise too_large(limit)
        yield chunk


class _Multipart:
    """python-multipart's callbacks: headers per part, file data to disk, fields in memory."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.form = Form()
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.name = ""
        self.filename: str | None = None
        self.data = bytearray()
        self.sink: IO[bytes] | None = None
        self.size = 0

    def callbacks(self) -> Any:
        return {
            "on_part_begin": self.begin,
            "on_part_data": self.part_data,
            "on_part_end": self.end,
            "on_header_field": self.header_field,
            "on_header_value": self.header_value_part,
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_done,
        }

    def begin(self) -> None:
        self.disposition, self.data, self.size, self.filename = b"", bytearray(), 0, None

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def header_value_part(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]
        if len(self.header_value) > limits.MAX_FIELD_BYTES:
            raise bad_form("header")

    def header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name, self.header_value = b"", b""

    def headers_done(self) -> None:
        _, options = parse_options_header(self.disposition)
        if b"name" not in options:
            raise bad_form("a part without a name")
        self.name = options[b"name"].decode("utf-8", "replace")
        if b"filename" in options:
            self.filename = options[b"filename"].decode("utf-8", "replace")
            if len(self.form.files) >= limits.MAX_FILES:
                raise UploadError(
                    413,
                    f"Quá {limits.MAX_FILES} tệp trong một lần gửi.",
                    f"More than {limits.MAX_FILES} files in one upload.",
                )
            path = self.folder / str(len(self.form.files) + 1)
            self.sink = open(path, "xb")  # noqa: SIM115 (closed at the part's end)
        elif sum(len(v) for v in self.form.fields.values()) >= limits.MAX_FIELDS:
            raise bad_form("too many fields")

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self.sink is not None:
            self.sink.write(data[start:end])
            self.size += end - start
            return
        self.data += data[start:end]
        if len(self.data) > limits.MAX_FIELD_BYTES:
            raise bad_form(f"field '{self.name[:40]}' is too long")

    def end(self) -> None:
        if self.sink is not None:
            path = Path(self.sink.name)
            self.sink.close()
            self.sink = None
            if self.filename:  # an empty file input sends a part with filename=""
                self.form.files.append(Part(self.name, self.filename, path, self.size))
            else:
                path.unlink()
            return
        value = self.data.decode("utf-8", "replace")
        self.form.fields.setdefault(self.name, []).append(value)

    def close(self) -> None:
        if self.sink is not None:
            self.sink.close()


async def read_multipart(headers: Any, stream: AsyncIterator[bytes], folder: Path) -> Form:
    """The upload form: its files saved in ``folder`` (which must exist), its fields."""
    kind, options = parse_options_header(headers.get("content-type", ""))
    if kind != b"multipart/form-data" or b"boundary" not in options:
        raise bad_form("not multipart/form-data")
    declared = headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.MAX_REQUEST_BYTES:
        raise too_large(limits.MAX_REQUEST_BYTES)
    state = _Multipart(folder)
    parser = MultipartParser(options[b"boundary"], state.callbacks())
    try:
        async for chunk in bounded(stream, limits.MAX_REQUEST_BYTES):
            parser.write(chunk)
        parser.finalize()
    except UploadError:
        raise
    except Exception as exc:  # python-multipart's own errors on a malformed body
        raise bad_form(type(exc).__name__) from exc
    finally:
        state.close()
    return state.form


async def read_urlencoded(headers: Any, stream: AsyncIterator[bytes]) -> Form:
    """A small form without files (the decisions), within ``MAX_FORM_BYTES``."""
    kind, _ = parse_options_header(headers.get("content-type", ""))
    if kind != b"application/x-www-form-urlencoded":
        raise bad_form("not application/x-www-form-urlencoded")
    body = bytearray()
    async for chunk in bounded(stream, limits.MAX_FORM_BYTES):
        body += chunk
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=limits.MAX_FORM_FIELDS,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise bad_form(type(exc).__name__) from exc
    form = Form()
    for name, value in pairs:
        form.fields.setdefault(name, []).append(value)
    return form
