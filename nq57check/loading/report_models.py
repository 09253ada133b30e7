"""The monthly status report file (``reports/2026-05.yaml``), as pydantic models.

Same conventions as the plan models: unknown keys are refused, text is NFC, dates must
exist. A report is what a commune sends the provincial Department of Science and
Technology each month: where every plan task stands, its evidence, indicator actuals,
reviews and inspections held, and money disbursed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from nq57check.core.dates import EARLIEST, LATEST
from nq57check.core.text import excerpt
from nq57check.loading.models import DocDate, Percent, Strict, Text, WholePercent, empty_list

Status = Literal["not_started", "in_progress", "done", "stopped", "replaced"]
Signature = Literal["personal", "organisation", "official-use"]
Channel = Literal["edoc", "secret_network", "paper"]
Classification = Literal["none", "mat", "toi_mat", "tuyet_mat"]

# ASCII digits only: \d also matches "２０２６-０５" (full-width) and int() reads it as 2026-05.
_PERIOD = re.compile(r"^([0-9]{4})-([0-9]{2})$")


def _ascii_digits(text: str) -> str:
    """``text`` with every decimal digit (full-width, Arabic-Indic, ...) as 0-9."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _first_day(period: str) -> dt.date:
    year, month = period.split("-")
    return dt.date(int(year), int(month), 1)


class ReportUnit(Strict):
    name: Text = Field(min_length=1)


class ReportDocument(Strict):
    """The report document itself (its own số ký hiệu and signature)."""

    number: Text = ""
    signed: bool = False
    signature: Signature | None = None


class Evidence(Strict):
    """A document proving a task's result. Its title may be classified: never output it."""

    number: Text = ""
    date: DocDate | None = None
    title: Text = ""
    signed: bool = False
    channel: Channel = "edoc"
    classification: Classification = "none"
    file: Text | None = None  # relative to the report's folder; never leaves the commune's

    @field_validator("file")
    @classmethod
    def _inside(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Refused before anything is opened: an absolute path, a drive, or a '..' step
        written with a backslash; a '/' path leaving the commune folder is refused on loading.
        A classified item's path (which may be its title) is never quoted: its number is."""
        if value is None:
            return None
        if info.data.get("classification", "unknown") == "none":
            what = f"evidence file {value!r}"
        else:  # classified, or a classification that did not validate: never quote the path
            number = excerpt(str(info.data.get("number") or "?"), 60)
            what = f"the file of classified evidence {number!r} (path not shown)"
        parts = re.split(r"[\\/]", value)
        if not value.strip() or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
            raise ValueError(f"{what} must be a path relative to the report")
        if ".." in parts and "\\" in value:  # '/' steps are resolved against the folders
            raise ValueError(f"{what} has a '..' step written with '\\': write folders with '/'")
        if "\x00" in value:
            raise ValueError("evidence file name holds a NUL character")
        return value


class TaskUpdate(Strict):
    """Where one plan task stands in this report."""

    status: Status
    progress: WholePercent = 0
    updated: DocDate | None = None
    note: Text = ""
    evidence: list[Evidence] = Field(default_factory=empty_list)


class HeldInspection(Strict):
    date: DocDate
    units: list[Text] = Field(default_factory=empty_list)
    inspection: Text | None = None  # id of the plan inspection it carries out, if any


# At most 10^18 đồng (the whole state budget is ~2 x 10^15): a figure of 400 digits made
# the disbursed share overflow a float, an internal error that lost the whole batch.
Money = Annotated[int, Field(ge=0, le=10**18)]


class Budget(Strict):
    """Funding for KHCN, ĐMST and CĐS, in VND."""

    registered: Money = 0
    allocated: Money = 0
    disbursed: Money = 0


class Report(Strict):
    """One monthly status report: the root of ``reports/<YYYY-MM>.yaml``."""

    unit: ReportUnit
    period: Text
    submitted: DocDate
    document: ReportDocument = Field(default_factory=ReportDocument)
    tasks: dict[Text, TaskUpdate] = Field(default_factory=dict)
    indicators: dict[Text, Percent] = Field(default_factory=dict)
    reviews: list[DocDate] = Field(default_factory=empty_list)
    inspections: list[HeldInspection] = Field(default_factory=empty_list)
    budget: Budget | None = None

    @field_validator("period")
    @classmethod
    def _month(cls, value: str) -> str:
        match = _PERIOD.match(value)
        if not match and _PERIOD.match(ascii_digits := _ascii_digits(value)):
            raise ValueError(
                f"period {value!r} is written with non-ASCII digits; write {ascii_digits}"
            )
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"period must be a month written YYYY-MM, got {value!r}")
        if not EARLIEST.year <= int(match.group(1)) <= LATEST.year:
            raise ValueError(f"{value} is not a plausible month here")
        return value

    @field_validator("submitted")
    @classmethod
    def _after_the_month_began(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        period = info.data.get("period")  # validated first (field order), if valid
        if period and value < _first_day(period):
            raise ValueError(f"{value.isoformat()} is before the reported month {period} began")
        return value

    @property
    def month(self) -> dt.date:
        """First day of the reported month."""
        return _first_day(self.period)
