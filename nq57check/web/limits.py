"""Every bound of the web page's uploads, with its reason; each is checked before the work
it guards (a body is counted while it streams, a zip's members before one is extracted)."""

from __future__ import annotations

from nq57check.importers import limits as office
from nq57check.loading import yamlio

MiB = 1024 * 1024

MAX_REQUEST_BYTES = 64 * MiB
"""One upload request, all its parts: a plan (50 MiB at most, as the importer takes) and its
reports, or one zip. Counted while the body streams; past it the request is refused (413)."""

MAX_PLAN_BYTES = office.MAX_FILE_BYTES
"""A Word/Excel/PDF plan: what ``nq57check check KeHoach.docx`` accepts."""

MAX_YAML_BYTES = yamlio.MAX_FILE_BYTES
"""A YAML/JSON plan, report, waivers or decisions file: what the loader accepts."""

MAX_FILES = 64
"""File parts of one upload: a plan and a year of reports, with room to spare."""

MAX_FIELDS = 16
"""Text fields of the upload form (token, language, date, pack)."""

MAX_FIELD_BYTES = 64 * 1024
"""One text field; a note on a decision is a sentence or two."""

MAX_FORM_BYTES = 2 * MiB
"""The decisions form (no files): a decision, note and document for each finding."""

MAX_FORM_FIELDS = 8_000
"""Fields of the decisions form: three per finding and a few more."""

MAX_ZIP_BYTES = MAX_REQUEST_BYTES
"""A zip of a commune or a province folder, as uploaded (compressed)."""

MAX_ZIP_MEMBERS = 5_000
"""Members of that zip: a province of ~150 communes with a plan and 12 reports each is
about 2,000; the central directory of more is refused before anything is extracted."""

MAX_ZIP_TOTAL_BYTES = 512 * MiB
"""All members inflated, as the zip declares them (a member that inflates past its declared
size is cut off and refused: it fails the copy's bound)."""

MAX_ZIP_MEMBER_BYTES = office.MAX_FILE_BYTES
"""One member inflated: no file inside may be larger than the same file uploaded alone."""

MAX_ZIP_DEPTH = 12
"""Folders a member may be nested in (province/commune/reports/file is four)."""

MAX_NAME_CHARS = 100
"""One file name as shown on the page (never a path on disk)."""

MAX_NAME_BYTES = 200
"""One file or folder name kept from an upload, after sanitising, in UTF-8 bytes: filesystems
take 255 bytes a name, and a Vietnamese letter is up to 3 bytes (100 'ữ' are 300); the cut
never splits a letter, and a suffix is kept apart (at most ``MAX_SUFFIX_BYTES``)."""

MAX_SUFFIX_BYTES = 16
"""The suffix of a file inside a zip (``.docx``, ``.yaml``, ``.pdf``): longer is cut."""

MAX_UPLOADS_WAITING = 4
"""Uploads being received or waiting for the checker (it checks one at a time); more get a
'busy' page. A post is given a slot only once its headers pass the CSRF checks that need no
body (``Sec-Fetch-Site``, ``Origin``, the cookie) and its declared length is in bounds."""

BODY_SECONDS = 30.0
"""Time to receive any upload's body, on top of its size at ``BODY_MIN_RATE``."""

BODY_MIN_RATE = 256 * 1024
"""Bytes a second an upload is given time for (2 Mbit/s: 64 MiB in under five minutes); a
body that takes longer (trickled to hold a slot) is cut off with a 408 page."""


def body_seconds(declared: int | None) -> float:
    """The deadline of a body of ``declared`` bytes (none declared: the largest taken)."""
    size = MAX_REQUEST_BYTES if declared is None else min(declared, MAX_REQUEST_BYTES)
    return BODY_SECONDS + size / BODY_MIN_RATE
