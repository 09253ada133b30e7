"""'Did you mean ...?': the one place a near-miss of a known name is guessed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``word`` (difflib ratio >= 0.6), or None."""
    guess = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return guess[0] if guess else None
