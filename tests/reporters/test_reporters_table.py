"""The terminal table states its inputs: every hash for one commune, one digest for a batch."""

from __future__ import annotations

import hashlib

from nq57check.findings import CommuneResult, RunResult
from nq57check.reporters import table


def run_with(inputs: int) -> RunResult:
    commune = CommuneResult(path="xa", unit="Xã Mẫu")
    commune.inputs = {f"xa/reports/{i:02d}.yaml": f"{i:064x}" for i in range(inputs)}
    return RunResult(communes=[commune], packs=[("nq57", "2026.1")], as_of="2026-05-01")


def test_few_inputs_are_listed_with_their_hashes() -> None:
    text = table.render(run_with(3))
    assert f"{2:064x}  xa/reports/02.yaml" in text
    assert "2026-05-01" in text and "nq57 2026.1" in text


def test_a_batch_states_one_digest_of_the_sha256sum_listing() -> None:
    run = run_with(table.MAX_LISTED_INPUTS + 5)
    listing = "".join(
        f"{digest}  {file}\n" for file, digest in sorted(run.communes[0].inputs.items())
    )
    text = table.render(run, lang="en")
    assert hashlib.sha256(listing.encode("utf-8")).hexdigest() in text
    assert "xa/reports/00.yaml" not in text
