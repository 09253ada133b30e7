"""The compiled-pack cache makes runs faster and never different."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from nq57check.core.problems import InputError
from nq57check.facts.detection import detect
from nq57check.packs import cache, loader
from nq57check.packs.loader import ResolvedPack, load_pack
from tests.conftest import ROOT, run_cli


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A private copy of the built-in packs, to edit; searched before the built-in ones."""
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target, ignore=shutil.ignore_patterns("requirements.yaml"))
    return target


def summary(pack: ResolvedPack) -> tuple[object, ...]:
    return (
        pack.name,
        pack.lineage,
        [(a.rule, a.params, a.pack, a.file) for a in pack.rules],
        pack.disabled,
        {rid: [p.source for p in d.patterns] for rid, d in pack.detections.items()},
        pack.requirements,
        pack.parameters,
        pack.files,
    )


def count_resolves(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = loader.resolve_pack

    def counting(name: str, search: list[Path]) -> ResolvedPack:
        calls.append(name)
        return real(name, search)

    monkeypatch.setattr(loader, "resolve_pack", counting)
    return calls


def test_second_load_comes_from_the_cache_and_equals_a_fresh_one(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_resolves(monkeypatch)
    first = load_pack("lai-chau")
    second = load_pack("lai-chau")
    assert calls == ["lai-chau"]
    assert len(list(cache_dir.glob("pack-*.pickle"))) == 1
    assert summary(second) == summary(first)
    monkeypatch.setenv(cache.ENV, "off")
    assert summary(load_pack("lai-chau")) == summary(first)


def test_detection_from_a_cached_pack_matches_a_fresh_one(cache_dir: Path) -> None:
    fresh = load_pack("nq57").detections
    cached = load_pack("nq57").detections
    texts = [
        ["Triển khai mạng thông tin cơ yếu (mạng Mật) đến cấp xã"],
        ["Số hóa hồ sơ, trừ hồ sơ thuộc phạm vi bí mật nhà nước"],
        ["Ban hành danh mục cơ sở dữ liệu của xã"],
        ["Rà soát, đánh giá tiến độ hằng quý"],
    ]
    for text in texts:
        assert detect(text, [], cached) == detect(text, [], fresh)
    assert any(detect(t, [], cached) for t in texts)


def test_editing_a_rule_file_is_seen_at_once(
    cache_dir: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = load_pack("nq57", [rules_copy])
    rule_file = rules_copy / "nq57" / "five-clears.yaml"
    text = rule_file.read_text(encoding="utf-8")
    assert "severity: error" in text
    rule_file.write_text(text.replace("severity: error", "severity: info"), encoding="utf-8")
    after = load_pack("nq57", [rules_copy])
    changed = {a.rule.id for a in after.rules if a.rule.severity == "info"} - {
        a.rule.id for a in before.rules if a.rule.severity == "info"
    }
    assert changed


def test_a_new_rule_file_and_a_shadowing_pack_are_seen(
    cache_dir: Path, rules_copy: Path, tmp_path: Path
) -> None:
    base = load_pack("nq57", [rules_copy])
    extra = (rules_copy / "nq57" / "targets.yaml").read_text(encoding="utf-8")
    (rules_copy / "nq57" / "zz-more.yaml").write_text(
        extra.replace("id: ", "id: zz-"), encoding="utf-8"
    )
    grown = load_pack("nq57", [rules_copy])
    assert len(grown.rules) > len(base.rules)

    front = tmp_path / "front"
    shutil.copytree(ROOT / "rules" / "nq57", front / "nq57")
    pack_yaml = front / "nq57" / "pack.yaml"
    pack_yaml.write_text(
        pack_yaml.read_text(encoding="utf-8").replace("version:", "version: '77'\nx-old:"),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="x-old"):  # the new front pack is read, not a pickle
        load_pack("nq57", [front, rules_copy])


def test_a_broken_pack_is_never_cached(cache_dir: Path, rules_copy: Path) -> None:
    (rules_copy / "nq57" / "targets.yaml").write_text("rules: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError, match=r"targets\.yaml"):
            load_pack("nq57", [rules_copy])
    assert not list(cache_dir.glob("pack-*.pickle"))


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle", pickle.dumps({"a": "dict, not a pack"}), b"\x80\x05garbage"],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(
    cache_dir: Path, damage: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = summary(load_pack("nq57"))
    (entry,) = cache_dir.glob("pack-*.pickle")
    entry.write_bytes(damage)
    calls = count_resolves(monkeypatch)
    assert summary(load_pack("nq57")) == good
    assert calls == ["nq57"]
    assert summary(pickle.loads(entry.read_bytes())) == good


def test_an_unwritable_cache_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    calls = count_resolves(monkeypatch)
    assert load_pack("nq57").name == "nq57"
    assert load_pack("nq57").name == "nq57"
    assert calls == ["nq57", "nq57"]


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    load_pack("nq57")
    assert not any(tmp_path.rglob("*.pickle"))


def test_default_location_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_pack("nq57")
    assert list((tmp_path / "nq57check").glob("pack-*.pickle"))


def test_old_entries_are_pruned(cache_dir: Path, rules_copy: Path) -> None:
    for version in range(cache.KEEP + 3):
        pack_yaml = rules_copy / "nq57" / "pack.yaml"
        text = pack_yaml.read_text(encoding="utf-8")
        pack_yaml.write_text(text + f"# edit {version}\n", encoding="utf-8")
        load_pack("nq57", [rules_copy])
    assert len(list(cache_dir.glob("pack-*.pickle"))) == cache.KEEP


def test_cli_output_is_the_same_with_and_without_the_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("check", "examples/lai-chau-demo", "--as-of", "2026-12-20", "--format", "json")
    cold, warm = run_cli(*args), run_cli(*args)  # the second one reads the pickle
    assert list(cache_dir.glob("pack-*.pickle"))
    monkeypatch.setenv(cache.ENV, "off")
    off = run_cli(*args)
    assert cold.returncode == warm.returncode == off.returncode == 1
    assert cold.stdout == warm.stdout == off.stdout
    assert '"findings"' in cold.stdout


def test_without_a_home_or_a_fingerprint_the_pack_still_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(cache.ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(cache.Path, "home", staticmethod(no_home))
    assert cache.cache_dir() is None
    assert load_pack("nq57").name == "nq57"

    monkeypatch.setenv(cache.ENV, "/nonexistent/never-written")

    def loop(name: str, search: list[Path]) -> str:
        raise RuntimeError("Symlink loop from '/rules/x'")

    monkeypatch.setattr(cache, "fingerprint", loop)
    assert load_pack("nq57").name == "nq57"
