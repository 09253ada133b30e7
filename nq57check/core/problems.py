"""Input problems and errors: bad files are reported by file, line and field, never as a
traceback. At the bottom of the tree: loading, importers and findings all speak this."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

# How bad a finding is: the one spelling, for pack files and findings alike.
Severity = Literal["error", "warning", "info"]

# How a place in an office document is named, per language: "bảng 1, dòng 5 (trang 2)".
PLACE_WORDS: dict[str, tuple[str, str, str]] = {
    "vi": ("bảng", "dòng", "trang"),
    "en": ("table", "row", "page"),
}
PARAGRAPH_WORD = {"vi": "đoạn", "en": "paragraph"}  # a paragraph of a plan body: "đoạn 12"


def document_place(
    table: int | None, row: int | None, page: int | None, lang: str, paragraph: int | None = None
) -> str:
    """'bảng 1, dòng 5 (trang 2)' or 'đoạn 12 (trang 3)' with the parts that are known ('' when
    none is)."""
    words = PLACE_WORDS.get(lang, PLACE_WORDS["vi"])
    text = ", ".join(f"{w} {n}" for w, n in zip(words, (table, row), strict=False) if n is not None)
    if paragraph is not None:
        said = f"{PARAGRAPH_WORD.get(lang, PARAGRAPH_WORD['vi'])} {paragraph}"
        text = f"{text}, {said}" if text else said
    if page is not None:
        text = f"{text} ({words[2]} {page})" if text else f"{words[2]} {page}"
    return text


def location_text(
    file: str,
    line: int | None,
    table: int | None,
    row: int | None,
    page: int | None,
    lang: str,
    paragraph: int | None = None,
) -> str:
    """Where a person looks: 'KeHoach.docx, bảng 1, dòng 5 (trang 2)', 'KeHoach.docx, đoạn 12
    (trang 3)', 'plan.yaml:12', or the file alone (a plan imported on the fly has no lines: its
    YAML was never written)."""
    place = document_place(table, row, page, lang, paragraph)
    if place:
        return f"{file}, {place}"
    return f"{file}:{line}" if line is not None and line >= 1 else file


@dataclass(frozen=True, slots=True)
class Note:
    """What an importer guessed or could not read in a document: shown, never fatal.

    ``message`` is already in the run's language; table, row and page say where, when known.
    """

    file: str
    message: str
    table: int | None = None
    row: int | None = None
    page: int | None = None
    paragraph: int | None = None

    def location(self, lang: str) -> str:
        return location_text(
            self.file, None, self.table, self.row, self.page, lang, self.paragraph
        )

    def render(self, lang: str) -> str:
        """'KeHoach.docx, bảng 1, dòng 5: dòng không có STT, ...'."""
        return f"{self.location(lang)}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The paragraph only when there is one: notes on tables keep their old shape."""
        data = asdict(self)
        if data["paragraph"] is None:
            del data["paragraph"]
        return data


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Input the tool could not use (exit 2): where, and what is wrong."""

    file: str
    line: int | None
    message: str
    field: str | None = None

    def render(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class InputError(Exception):
    """One or more problems that make an input file unusable (exit code 2)."""

    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__("; ".join(p.render() for p in problems))
        self.problems = problems

    @classmethod
    def single(
        cls, file: str, message: str, *, line: int | None = None, field: str | None = None
    ) -> InputError:
        return cls([InputProblem(file=file, line=line, message=message, field=field)])
