"""``--only``/``--skip`` and ``rules test`` name rules or requirements: a typo is an error.

A misspelt ``--only R-MANG-MATT`` used to select nothing, and CI passed with "0 errors".
An ID is known when it is a requirement of the catalog or a rule of any pack the run can
see (a batch may mix packs, so the rule need not be in every one).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from nq57check.core.hints import closest
from nq57check.core.problems import InputError
from nq57check.packs.loader import PACK_NAME, builtin_rules_dir, load_catalog, load_pack


def known_ids(rules_dirs: Iterable[Path], packs: Iterable[str] = ()) -> set[str]:
    """Requirement IDs of the catalog and rule IDs of every usable pack in ``rules_dirs``."""
    extra = list(rules_dirs)
    search = [*extra, builtin_rules_dir()]
    ids = set(load_catalog(search[-1]))
    names = {p.parent.name for base in search for p in base.glob("*/pack.yaml")} | set(packs)
    for name in sorted(n for n in names if PACK_NAME.fullmatch(n)):
        try:
            pack = load_pack(name, extra)
        except InputError:
            continue  # a broken pack is reported by the check that uses it
        ids.update(active.rule.id for active in pack.rules)
    return ids


def require_known(
    option: str, ids: Iterable[str], rules_dirs: Iterable[Path], packs: Iterable[str] = ()
) -> None:
    """Exit 2 (a usage error) naming the first unknown ID, with the closest known one."""
    wanted = list(ids)
    if not wanted:
        return
    known = known_ids(rules_dirs, packs)
    for rule_id in wanted:
        if rule_id not in known:
            guess = closest(rule_id.upper(), sorted(known))
            hint = f"; did you mean '{guess}'?" if guess else ""
            raise click.BadParameter(
                f"no rule or requirement is called '{rule_id}'{hint}", param_hint=option
            )
