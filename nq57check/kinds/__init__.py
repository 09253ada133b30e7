"""Rule kinds: importing this package registers every kind (one module each)."""

from nq57check.kinds import (  # noqa: F401 - imported for registration
    basis_cited,
    disbursement,
    doc_number,
    evidence_channel,
    evidence_signed,
    indicator_actual,
    inspection_held,
    issued_early,
    measurable_output,
    plan_document_field,
    plan_replaced,
    quarter_review,
    report_month,
    report_updated,
    target_floor,
    task_deadline,
    task_due_soon,
    task_field,
    task_lead,
    task_overdue,
    task_present,
)
from nq57check.kinds.base import BASE_VARIABLES, REGISTRY, RuleKind, Site

__all__ = ["BASE_VARIABLES", "REGISTRY", "RuleKind", "Site"]
