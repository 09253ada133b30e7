"""Load rule packs: resolve ``extends``, apply overrides, validate every rule against its kind.

A malformed pack is an :class:`InputError` naming the pack, file, line, rule ID and field.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from nq57check.core.problems import InputError
from nq57check.core.rules_dir import builtin_rules_dir
from nq57check.engine.durable_adapter import EngineError, capacity_problem
from nq57check.facts.detection import CompiledDetection, check_pattern, compile_detection
from nq57check.kinds import BASE_VARIABLES, REGISTRY
from nq57check.loading.pack_model import (
    Bilingual,
    Detection,
    DetectionFile,
    PackFile,
    Rule,
    RuleFile,
)
from nq57check.loading.validation import problems_from_validation
from nq57check.loading.yamlio import LoadedDocument, load_document
from nq57check.packs.cache import cached


@functools.cache
def default_pack() -> str:
    """The pack used when none is named, from ``rules/defaults.yaml`` (policy, not code)."""
    doc = load_document(builtin_rules_dir() / "defaults.yaml")
    name = doc.data.get("default_pack") if isinstance(doc.data, dict) else None
    if not isinstance(name, str) or not PACK_NAME.fullmatch(name):
        raise InputError.single(
            doc.locations.file,
            "default_pack must name a rule pack",
            line=doc.locations.line_of(("default_pack",)),
            field="default_pack",
        )
    return name


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    area: str
    severity: str
    title: Bilingual


@dataclass(slots=True)
class ActiveRule:
    """A rule as in force in a resolved pack: overrides applied, params validated."""

    rule: Rule
    params: Any
    pack: str
    file: str


@dataclass(slots=True)
class ResolvedPack:
    name: str
    version: str
    lineage: list[tuple[str, str]]
    rules: list[ActiveRule]
    disabled: list[str]
    detections: dict[str, CompiledDetection]
    requirements: dict[str, Requirement]
    parameters: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def rule(self, rule_id: str) -> ActiveRule | None:
        return next((r for r in self.rules if r.rule.id == rule_id), None)


def load_catalog(rules_dir: Path) -> dict[str, Requirement]:
    doc = load_document(rules_dir / "requirements.yaml")
    entries = (doc.data or {}).get("requirements", {})
    return {
        rid: Requirement(rid, e["area"], e["severity"], Bilingual(vi=e["vi"], en=e["en"]))
        for rid, e in entries.items()
    }


def _validate(model: type[BaseModel], doc: LoadedDocument, prefix: str = "") -> Any:
    try:
        return model.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, model, doc.locations, prefix)) from exc


PACK_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # 400 characters: "File name too long"


def _find_pack_dir(name: str, search: list[Path]) -> Path:
    """A pack is chosen by name, never by path: a plan must not bring its own rules."""
    if not PACK_NAME.fullmatch(name):
        shown = name if len(name) <= 80 else name[:80] + "…"
        raise InputError.single(
            str(search[0]),
            f"'{shown}' is not a rule pack name (at most 64 lower-case letters, digits,"
            " '-' and '_');"
            " to use packs from another folder, pass --rules FOLDER",
        )
    for base in search:
        candidate = base / name
        if (candidate / "pack.yaml").is_file():
            return candidate
    known = sorted({p.parent.name for base in search for p in base.glob("*/pack.yaml")})
    raise InputError.single(
        str(search[0] / name), f"rule pack '{name}' not found (known packs: {', '.join(known)})"
    )


def _template_problem(text: str, allowed: frozenset[str]) -> str | None:
    """Why ``text`` cannot be the message of a kind offering ``allowed`` values, or None.

    A message is rendered with ``str.format`` rules each time its rule fires, so a template
    that cannot render (unbalanced braces, ``{}``, ``{0}``, ``{task.x}``) or that can exhaust
    memory (``{task:>99999999999}``) must fail when the pack loads, at its line, not mid-run.
    Only plain ``{name}`` fields are allowed: no bundled message uses a format spec or a
    conversion, and ``{{`` and ``}}`` still write a literal brace.
    """
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError as exc:
        return f"is not a valid template ({exc}); write a literal brace as {{{{ or }}}}"
    for name, spec, conversion in fields:
        if spec or conversion:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return f"formats {{{written}}}: only plain {{name}} fields are allowed, no ':' or '!'"
    unknown = sorted({name for name, _, _ in fields} - allowed)
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in unknown)
        return f"uses unknown value(s) {names}; this kind offers {sorted(allowed)}"
    return None


class _Builder:
    def __init__(self, search: list[Path], catalog: dict[str, Requirement]) -> None:
        self.search = search
        self.catalog = dict(catalog)
        self.rules: dict[str, ActiveRule] = {}
        self.disabled: set[str] = set()
        self.detection: dict[str, Detection] = {}
        self.parameters: dict[str, Any] = {}
        self.lineage: list[tuple[str, str]] = []
        self.files: list[Path] = []

    def add(self, name: str) -> None:
        """Add pack ``name`` after every pack it extends, the root of the chain first.

        The chain is followed in a loop: recursion failed on a chain of 2,000 packs.
        """
        chain: list[tuple[Path, LoadedDocument, PackFile]] = []
        names: list[str] = []
        upward: str | None = name
        while upward is not None:
            if upward in names:
                cycle = " -> ".join([*names, upward])
                raise InputError.single(
                    upward, f"rule packs extend each other in a circle: {cycle}"
                )
            names.append(upward)
            pack_dir = _find_pack_dir(upward, self.search)
            doc = load_document(pack_dir / "pack.yaml")
            self.files.append(doc.path)
            pack: PackFile = _validate(PackFile, doc)
            if pack.pack != pack_dir.name:
                raise InputError.single(
                    doc.display,
                    f"pack is named '{pack.pack}' but its folder is '{pack_dir.name}'",
                    line=doc.locations.line_of(("pack",)),
                    field="pack",
                )
            chain.append((pack_dir, doc, pack))
            upward = pack.extends or None
        for pack_dir, doc, pack in reversed(chain):
            self._apply(pack_dir, doc, pack)

    def _apply(self, pack_dir: Path, doc: LoadedDocument, pack: PackFile) -> None:
        """One pack's own requirements, parameters, detection, rules and overrides."""
        self.lineage.append((pack.pack, pack.version))
        for rid, title in pack.requirements.items():
            if rid in self.catalog:
                raise InputError.single(
                    doc.display,
                    f"requirement {rid} is already in the catalog; a pack may not redefine it",
                    line=doc.locations.line_of(("requirements", rid)),
                )
            self.catalog[rid] = Requirement(rid, "B", "error", title)
        self.parameters.update(pack.parameters.as_dict())
        if pack.parameters.reports is not None and pack.parameters.reports.trust_roots:
            roots = (pack_dir / pack.parameters.reports.trust_roots).resolve()
            self.parameters["reports"]["trust_roots"] = str(roots)  # the pack's, not the cwd's
        if pack.detection_file and (pack_dir / pack.detection_file).is_file():
            self._detection(pack_dir / pack.detection_file)
        for path in sorted(pack_dir.glob("*.yaml")):
            if path.name in ("pack.yaml", pack.detection_file):
                continue
            self._rule_file(pack.pack, path)
        for rule_id, override in pack.overrides.items():
            line = doc.locations.line_of(("overrides", rule_id))
            active = self.rules.get(rule_id)
            if active is None:
                raise InputError.single(
                    doc.display,
                    f"override names unknown rule '{rule_id}'",
                    line=line,
                    field=f"overrides.{rule_id}",
                )
            if override.disabled:
                self.disabled.add(rule_id)
            if override.severity:
                active.rule = active.rule.model_copy(update={"severity": override.severity})
            if override.params:
                merged = {**active.rule.params, **override.params}
                active.rule = active.rule.model_copy(update={"params": merged})
                active.params = self._params(active.rule, doc, ("overrides", rule_id, "params"))
                self._fits(active.rule, active.params, doc, ("overrides", rule_id, "params"))

    def _detection(self, path: Path) -> None:
        doc = load_document(path)
        self.files.append(path)
        parsed: DetectionFile = _validate(DetectionFile, doc)
        for rid, det in parsed.detection.items():
            line = doc.locations.line_of(("detection", rid))
            if rid not in self.catalog:
                raise InputError.single(doc.display, f"unknown requirement {rid}", line=line)
            for pattern in [*det.patterns, *det.exclude]:
                try:
                    check_pattern(pattern)  # compiles, and cannot backtrack for minutes
                    if pattern in det.patterns and re.search(pattern, ""):
                        raise ValueError("it matches empty text, so every task would match")
                except (re.error, ValueError) as exc:
                    raise InputError.single(
                        doc.display,
                        f"bad pattern {pattern!r}: {exc}",
                        line=line,
                        field=f"detection.{rid}",
                    ) from exc
            known = self.detection.get(rid)
            if known is None:
                self.detection[rid] = det
            else:
                self.detection[rid] = Detection(
                    patterns=[*known.patterns, *det.patterns],
                    exclude=[*known.exclude, *det.exclude],
                )

    def _rule_file(self, pack: str, path: Path) -> None:
        doc = load_document(path)
        self.files.append(path)
        parsed: RuleFile = _validate(RuleFile, doc)
        for index, rule in enumerate(parsed.rules):
            where = ("rules", index)
            line = doc.locations.line_of(where)

            def fail(message: str, fieldname: str, at: int = line, rule: Rule = rule) -> InputError:
                return InputError.single(
                    doc.display,
                    f"pack {pack}, rule {rule.id}: {message}",
                    line=at,
                    field=fieldname,
                )

            if rule.id in self.rules:
                raise fail(
                    f"rule ID already defined in {self.rules[rule.id].file}; use 'overrides'",
                    "id",
                )
            if rule.requirement not in self.catalog:
                raise fail(
                    f"unknown requirement '{rule.requirement}' (not in the catalog)",
                    "requirement",
                    doc.locations.line_of((*where, "requirement")),
                )
            kind = REGISTRY.get(rule.kind)
            if kind is None:
                raise fail(
                    f"unknown kind '{rule.kind}' (known: {', '.join(sorted(REGISTRY))})",
                    "kind",
                    doc.locations.line_of((*where, "kind")),
                )
            allowed = BASE_VARIABLES | kind.variables
            for lang in ("vi", "en"):
                problem = _template_problem(rule.message.pick(lang), allowed)
                if problem:
                    raise fail(
                        f"message.{lang} {problem}",
                        f"message.{lang}",
                        doc.locations.line_of((*where, "message", lang)),
                    )
            params = self._params(rule, doc, (*where, "params"))
            self._fits(rule, params, doc, (*where, "params"), f"pack {pack}, ")
            self.rules[rule.id] = ActiveRule(rule, params, pack, doc.display)

    def _fits(
        self,
        rule: Rule,
        params: Any,
        doc: LoadedDocument,
        where: tuple[str | int, ...],
        prefix: str = "",
    ) -> None:
        """A rule whose engine form cannot fit the engine's tables is refused here, at its
        line, not mid-batch (rules that only fill them together are split: capacity.py)."""
        try:
            problem = capacity_problem(REGISTRY[rule.kind].compile(rule, params))
        except EngineError as exc:
            problem = f"the rules engine cannot run it: {exc}"
        if problem:
            raise InputError.single(
                doc.display,
                f"{prefix}rule {rule.id}: {problem}",
                line=doc.locations.line_of(where),
                field="params",
            )

    def _params(self, rule: Rule, doc: LoadedDocument, where: tuple[str | int, ...]) -> Any:
        kind = REGISTRY[rule.kind]
        merged = {**self.parameters.get(rule.id, {}), **rule.params}
        try:
            return kind.Params.model_validate(merged)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise InputError.single(
                doc.display,
                f"rule {rule.id}: params.{loc}: {first['msg']}",
                line=doc.locations.line_of(where),
                field="params",
            ) from exc


def load_pack(name: str, extra_dirs: list[Path] | None = None) -> ResolvedPack:
    """Resolve a pack by name, searching ``extra_dirs`` before the built-in packs.

    A pack resolved before from the same files comes from :mod:`nq57check.packs.cache`.
    """
    search = [*(extra_dirs or []), builtin_rules_dir()]
    return cached(name, search, lambda: resolve_pack(name, search), ResolvedPack)


def resolve_pack(name: str, search: list[Path]) -> ResolvedPack:
    """Resolve a pack from its files; the last of ``search`` holds the catalog."""
    builtin = search[-1]
    builder = _Builder(search, load_catalog(builtin))
    builder.add(name)
    detections = {
        rid: compile_detection(rid, det.patterns, det.exclude)
        for rid, det in sorted(builder.detection.items())
    }
    rules = [r for rid, r in builder.rules.items() if rid not in builder.disabled]
    return ResolvedPack(
        name=name,
        version=builder.lineage[-1][1],
        lineage=builder.lineage,
        rules=rules,
        disabled=sorted(builder.disabled),
        detections=detections,
        requirements=builder.catalog,
        parameters=builder.parameters,
        files=builder.files,
    )
