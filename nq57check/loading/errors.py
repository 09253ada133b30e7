"""Input errors: bad files are reported by file, line and field, never as a traceback."""

from __future__ import annotations

from nq57check.findings import InputProblem


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
