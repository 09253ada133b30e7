"""Write an imported plan as a reviewable YAML file.

Block style, Vietnamese kept as written (allow_unicode), keys in the order of the plan-file
documentation rather than sorted, and no YAML anchors: users edit this file by hand.
"""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_plan_yaml(plan: dict[str, Any]) -> str:
    """YAML text for ``plan`` with a header comment naming the source and the review duty."""
    provenance = plan.get("provenance") or {}
    source = provenance.get("source") or "?"
    header = (
        f"# Plan file imported by nq57check from {source}.\n"
        "# Review it against the document: imported text can be misread. Cells that could not\n"
        "# be placed are listed under provenance.unmapped.\n"
    )
    body = yaml.dump(
        plan,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return header + body
