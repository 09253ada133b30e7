"""Rule kinds: importing this package registers every kind (one module each)."""

from nq57check.kinds import (  # noqa: F401 - imported for registration
    basis_cited,
    doc_number,
    measurable_output,
    target_floor,
    task_deadline,
    task_field,
    task_lead,
    task_present,
)
from nq57check.kinds.base import BASE_VARIABLES, REGISTRY, RuleKind, Site

__all__ = ["BASE_VARIABLES", "REGISTRY", "RuleKind", "Site"]
