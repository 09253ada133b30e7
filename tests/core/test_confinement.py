"""Links that lead out of the tree being checked are refused without being opened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nq57check.core.problems import InputError

from conftest import MINIMAL_PLAN
from conftest import run_cli_en as run_cli  # messages asserted in English

SECRET = "secret-line: CANARY-OUTSIDE-THE-TREE\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    return secret


def commune(tmp_path: Path) -> Path:
    folder = tmp_path / "tree" / "xa"
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ["waivers.yaml", "decisions.yaml"])
def test_a_judgement_file_linking_out_of_the_commune_is_refused(
    tmp_path: Path, outside: Path, name: str
) -> None:
    folder = commune(tmp_path)
    (folder / name).symlink_to(outside)
    done = run_cli("check", str(tmp_path / "tree"), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 2
    assert "CANARY" not in done.stdout + done.stderr
    (problem,) = json.loads(done.stdout)["communes"][0]["problems"]
    assert problem["file"].endswith(name) and "outside the folder" in problem["message"]


def test_a_link_inside_the_commune_folder_is_followed(tmp_path: Path) -> None:
    folder = commune(tmp_path)
    (folder / "judgements").mkdir()
    real = folder / "judgements" / "waivers.yaml"
    real.write_text(
        "waivers:\n  - requirement: R-PAKN\n    reason: r\n    approved_by: a\n"
        "    expires: 2026-12-31\n",
        encoding="utf-8",
    )
    (folder / "waivers.yaml").symlink_to(real)
    done = run_cli("check", str(folder), "--format", "json", "--as-of", "2026-05-01")
    data = json.loads(done.stdout)
    assert not data["communes"][0]["problems"]
    assert any(f["waived"] for f in data["findings"])


def test_an_explicit_waivers_option_may_name_any_file(tmp_path: Path) -> None:
    folder = commune(tmp_path)
    shared = tmp_path / "province-waivers.yaml"
    shared.write_text("waivers: []\n", encoding="utf-8")
    done = run_cli("check", str(folder), "--waivers", str(shared), "--format", "json",
                   "--as-of", "2026-05-01")
    assert not json.loads(done.stdout)["communes"][0]["problems"]


def test_a_report_linking_out_of_the_commune_is_refused_unopened(
    tmp_path: Path, outside: Path
) -> None:
    folder = commune(tmp_path)
    (folder / "reports").mkdir()
    (folder / "reports" / "2026-02.yaml").symlink_to(outside)
    done = run_cli("check", str(tmp_path / "tree"), "--format", "github", "--as-of", "2026-05-01")
    assert done.returncode == 2
    assert "CANARY" not in done.stdout + done.stderr
    assert "outside the folder being checked" in done.stderr


def test_a_reports_folder_linking_out_of_the_commune_is_refused(
    tmp_path: Path, outside: Path
) -> None:
    folder = commune(tmp_path)
    (folder / "reports").symlink_to(outside.parent, target_is_directory=True)
    (outside.parent / "2026-02.yaml").write_text(SECRET, encoding="utf-8")
    done = run_cli("check", str(folder), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 2 and "CANARY" not in done.stdout + done.stderr


def test_a_linked_plan_or_folder_leading_out_of_the_tree_is_named_not_read(
    tmp_path: Path, outside: Path
) -> None:
    tree = tmp_path / "tree"
    commune(tmp_path)  # tree/xa, a good commune
    (tree / "xb").mkdir()
    (tree / "xb" / "plan.yaml").symlink_to(outside)
    (tree / "xc").symlink_to(outside.parent, target_is_directory=True)
    (outside.parent / "plan.yaml").write_text(SECRET, encoding="utf-8")
    done = run_cli("check", str(tree), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode == 2
    assert "CANARY" not in done.stdout + done.stderr
    data = json.loads(done.stdout)
    messages = " ".join(p["message"] for c in data["communes"] for p in c["problems"])
    assert "link to a file outside the tree" in messages
    assert "link to a folder outside the tree" in messages
    assert any(f["commune"].endswith("xa") for f in data["findings"])  # the good one is checked


def test_a_plan_file_named_on_the_command_line_may_be_a_link(tmp_path: Path) -> None:
    folder = commune(tmp_path)
    link = tmp_path / "linked.yaml"
    link.symlink_to(folder / "plan.yaml")
    done = run_cli("check", str(link), "--format", "json", "--as-of", "2026-05-01")
    assert not json.loads(done.stdout)["communes"][0]["problems"]


def test_only_the_linked_reports_are_resolved_and_a_link_inside_is_read(
    tmp_path: Path, outside: Path
) -> None:
    """Files of a confined reports/ folder that are no link are read without resolving;
    a link among them is still resolved: inside the commune it is read, outside refused."""
    from nq57check.loading.plan import load_plan
    from nq57check.loading.reports import load_reports

    demo = Path(__file__).resolve().parents[2] / "examples" / "lai-chau-demo"
    folder = tmp_path / "xa"
    (folder / "reports").mkdir(parents=True)
    (folder / "archive").mkdir()
    (folder / "plan.yaml").write_bytes((demo / "plan.yaml").read_bytes())
    months = sorted((demo / "reports").glob("*.yaml"))[:2]
    (folder / "reports" / months[0].name).write_bytes(months[0].read_bytes())
    kept = folder / "archive" / months[1].name
    kept.write_bytes(months[1].read_bytes())
    (folder / "reports" / months[1].name).symlink_to(kept)
    plan = load_plan(folder / "plan.yaml").plan
    loaded = load_reports(folder / "reports", plan)
    assert [r.path.name for r in loaded] == [m.name for m in months]
    (folder / "reports" / "2026-12.yaml").symlink_to(outside)
    with pytest.raises(InputError) as caught:
        load_reports(folder / "reports", plan)
    (problem,) = caught.value.problems
    assert problem.file.endswith("2026-12.yaml") and "outside the folder" in problem.message
