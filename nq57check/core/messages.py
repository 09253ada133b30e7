"""Input problems and command-line errors in the run's language.

Problems are raised deep in loading, discovery and the importers with their English text,
which stays the one spelling tests, logs and ``--lang en`` see. Under ``--lang vi`` (the
default) that text is looked up here, at the edge (the batch's results, the command line's
error lines), and given its Vietnamese form. The catalog (:mod:`.messages_vi`, then
:mod:`.messages_vi_tools` and :mod:`.messages_vi_evidence`) holds templates: ``"unknown key
'{key}'; did you mean '{guess}'?"`` matches the whole message and
the values it captures are kept exactly as they were (a file's own text is never
translated), except that a value which is itself a known message is translated too ("invalid
value for --as-of: {reason}"). A message with no entry is shown as it is, in English: a
missing entry is visible, never a wrong translation.
"""

from __future__ import annotations

import functools
import re
import string

MAX_DEPTH = 4  # a message inside a message inside ...: bounded, whatever a file holds


@functools.cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    from nq57check.core import messages_vi, messages_vi_evidence, messages_vi_tools

    compiled = []
    catalog = messages_vi.CATALOG + messages_vi_tools.CATALOG + messages_vi_evidence.CATALOG
    for english, vietnamese in catalog:
        pattern = []
        for literal, name, _, _ in string.Formatter().parse(english):
            pattern.append(re.escape(literal))
            if name is not None:
                pattern.append(f"(?P<{name}>.*?)" if name else "(.*?)")
        compiled.append((re.compile("".join(pattern), re.DOTALL), vietnamese))
    return tuple(compiled)


def translate(message: str, lang: str, _depth: int = 0) -> str:
    """``message`` in ``lang``: English as it is; Vietnamese from the catalog, else as it is."""
    if lang == "en" or not message or _depth > MAX_DEPTH:
        return message
    for pattern, vietnamese in _compiled():
        found = pattern.fullmatch(message)
        if found is None:
            continue
        values = {k: translate(v, lang, _depth + 1) for k, v in found.groupdict().items()}
        return vietnamese.format(**values)
    return message


def known(message: str) -> bool:
    """Whether the catalog has an entry for ``message`` (tests use it to find gaps)."""
    return any(pattern.fullmatch(message) for pattern, _ in _compiled())
