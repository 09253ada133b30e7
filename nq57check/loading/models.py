"""The plan file, as pydantic models.

These models are the documented file format: unknown keys are refused (with a suggestion
from the loader), text is NFC, dates must exist. Source locations are kept beside the
models in a :class:`Locations` map, so models stay plain data.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from nq57check.core.dates import EARLIEST, LATEST
from nq57check.core.text import excerpt, squash

UnitKind = Literal["xa", "phuong", "dac_khu"]


# Text fields are plain ``str``: files are NFC-normalised as a whole when decoded, and the
# models coerce bare YAML numbers (task id 1, deadline 2026) to text natively, which keeps
# validation in pydantic's compiled core (it runs for every task of every commune).
Text = str


def _filled(value: str) -> str:
    """A required text that is only spaces, invisible characters (a zero-width space from
    Word) or placeholder dots is as missing as an absent one: it has no letter or digit."""
    if not any(character.isalnum() for character in value):
        raise ValueError("must not be blank (it has no letter or digit)")
    return value


FilledText = Annotated[str, AfterValidator(_filled)]


def _text_list(value: object) -> object:
    """``support`` may be written as one string or as a list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


TextList = Annotated[list[Text], BeforeValidator(_text_list)]


def _not_bool(value: object) -> object:
    """YAML's true/false are not numbers here: ``value: true`` was read as 1%."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number")
    return value


Percent = Annotated[float, BeforeValidator(_not_bool), Field(ge=0, le=100)]
WholePercent = Annotated[int, BeforeValidator(_not_bool), Field(ge=0, le=100)]
_REQUIREMENT_ID = re.compile(r"R-[A-Z0-9]+(?:-[A-Z0-9]+)*")


def _requirement_id(value: str) -> str:
    """IDs are exact (R-MANG-MAT): a misspelt one silently turned off detection."""
    if not _REQUIREMENT_ID.fullmatch(value):
        hint = value.strip().upper().replace(" ", "-").replace("_", "-")
        if _REQUIREMENT_ID.fullmatch(hint):
            raise ValueError(f"'{excerpt(value)}' is not a requirement ID; did you mean '{hint}'?")
        raise ValueError(f"'{excerpt(value)}' is not a requirement ID (written like R-MANG-MAT)")
    return value


RequirementId = Annotated[str, AfterValidator(_requirement_id)]

# Bounds, not a Python validator: pydantic's core checks them (every update and evidence item
# of every report has a date); validation.py words their errors as core.dates does.
DocDate = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]


def empty_list() -> list[Any]:
    """``default_factory=list`` as a Python function: pydantic reads each factory's signature
    as it builds a schema, and a builtin's is parsed from its text (~2 ms the first time,
    in every run that validates a plan)."""
    return []


# A commune's plan has 20-50 tasks, a province's a few hundred. The engine keeps ~10 KB per
# fact, so a 30,000-task file (still under the 5 MB limit) took 810 MB and half a minute.
MAX_TASKS = 5_000


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=False,
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        defer_build=True,  # schemas are built on first use: a plain check never builds most
    )


class Unit(Strict):
    """The commune-level unit the plan belongs to."""

    name: Text = Field(min_length=1)
    kind: UnitKind = "xa"
    province: Text = ""
    code: Text | None = None  # administrative code, when known


class Reporting(Strict):
    """The plan's own reporting duty (R-CHE-DO-BAO-CAO): how often, to whom, by which day.

    ``text`` is the clause as written; the other fields are what it was read as, and a field
    the clause does not state stays empty (never filled in from the catalog's expectation).
    """

    text: Text = ""
    monthly: bool = False  # "định kỳ hằng tháng", "báo cáo tháng"
    quarterly: bool = False  # "hằng quý"
    half_yearly: bool = False  # "6 tháng", "sơ kết"
    yearly: bool = False  # "hằng năm", "tổng kết năm"
    to: Text = ""  # the recipient as written ("Sở Khoa học và Công nghệ tỉnh Lai Châu")
    by_day: int | None = Field(default=None, ge=1, le=31)  # "trước ngày 15": 15


class Document(Strict):
    """The plan document itself (số ký hiệu, date, what it implements and replaces)."""

    number: Text = ""
    issued: DocDate | None = None
    title: Text = ""
    signer: Text = ""
    basis: TextList = Field(default_factory=empty_list)
    replaces: TextList = Field(default_factory=empty_list)
    reporting: Reporting | None = None  # None: the plan states no reporting duty


class Section(Strict):
    """A heading rows of the appendix sit under ('I Quý I năm 2026')."""

    id: Text = Field(min_length=1)
    title: Text = ""
    deadline: Text | None = None


TargetBound = Literal["at_least", "above"]


class Target(Strict):
    """A numeric target the plan sets for an indicator of catalog section C.

    ``bound`` is how the plan states it: ``at_least`` ("đạt 90%", "tối thiểu 90%", "100%")
    or ``above`` ("trên 90%": any value more than 90, 90 itself not).
    """

    value: Percent
    bound: TargetBound = "at_least"
    by: Text = "Năm 2026"
    lead: Text = ""
    note: Text = ""


class Inspection(Strict):
    """An inspection the plan schedules (checked against reports, R-KIEM-TRA)."""

    id: Text = Field(min_length=1)
    title: Text = ""
    deadline: Text = ""
    units: TextList = Field(default_factory=empty_list)


class Origin(Strict):
    """Where an imported task came from in the source document."""

    file: Text = ""
    table: int | None = None
    row: int | None = None
    page: int | None = None
    paragraph: int | None = None  # a task read from the plan body: its paragraph ("đoạn N")


class Task(Strict):
    """One row of the plan's task table."""

    id: Text = Field(min_length=1)
    section: Text | None = None
    name: Text = ""
    head: Text = ""
    lead: Text = ""
    support: TextList = Field(default_factory=empty_list)
    output: Text = ""
    deadline: Text = ""
    requirements: list[RequirementId] = Field(default_factory=empty_list)
    note: Text = ""
    origin: Origin | None = None

    @field_validator("name", "head", "lead", "output", "deadline", "note")
    @classmethod
    def _squash(cls, value: str) -> str:
        return squash(value)


class Unmapped(Strict):
    """A cell an importer could not read or map, kept so nothing is dropped silently."""

    paragraph: int | None = None  # a paragraph of the plan's body ("đoạn N")
    table: int | None = None
    row: int | None = None
    page: int | None = None
    column: Text = ""
    text: Text = ""
    reason: Text = ""


class Provenance(Strict):
    """How the plan file was made, when it was imported from a document."""

    source: Text = ""
    sha256: Text = ""
    importer: Text = ""
    # what the plan file was read from: "table" (the appendix's task table), "body" (the
    # numbered paragraphs). Unset on an importer's file: the appendix table only.
    read: list[Literal["table", "body"]] | None = None
    unmapped: list[Unmapped] = Field(default_factory=empty_list)


class Plan(Strict):
    """A commune's yearly NQ57 plan: the root of a ``plan.yaml``."""

    pack: Text | None = None
    unit: Unit
    document: Document = Field(default_factory=Document)
    sections: list[Section] = Field(default_factory=empty_list)
    targets: dict[Text, Target] = Field(default_factory=dict)
    inspections: list[Inspection] = Field(default_factory=empty_list)
    tasks: list[Task] = Field(default_factory=empty_list, max_length=MAX_TASKS)
    provenance: Provenance | None = None
