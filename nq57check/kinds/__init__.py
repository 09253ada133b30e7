"""Rule kinds: importing this package registers every kind (one module each)."""

from nq57check.kinds.base import BASE_VARIABLES, REGISTRY, RuleKind, Site
from nq57check.kinds.plan import (  # noqa: F401 - imported for registration
    basis_cited,
    doc_number,
    issued_early,
    measurable_output,
    plan_document_field,
    plan_replaced,
    reporting_clause,
    target_floor,
    task_deadline,
    task_field,
    task_lead,
    task_present,
)
from nq57check.kinds.reports import (  # noqa: F401 - imported for registration
    disbursement,
    evidence_channel,
    evidence_file,
    evidence_signed,
    indicator_actual,
    inspection_held,
    quarter_review,
    report_month,
    report_updated,
    task_due_soon,
    task_overdue,
)

__all__ = ["BASE_VARIABLES", "REGISTRY", "RuleKind", "Site"]
