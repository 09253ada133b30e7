"""'Did you mean ...?': the one place a near-miss of a known name is guessed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``word`` (difflib ratio >= 0.6, ignoring case: 'r-mat-kenh'
    is R-MAT-KENH misspelt), or None."""
    by_case = {name.casefold(): name for name in known}
    guess = difflib.get_close_matches(word.casefold(), list(by_case), n=1, cutoff=0.6)
    return by_case[guess[0]] if guess else None
