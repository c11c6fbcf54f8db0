"""Template helpers of the approval route (templates/approvals/*)."""

from django import template

from akimat import approvals

register = template.Library()


@register.filter
def visa_overdue(visa) -> bool:
    """A pending visa that reached its approver and whose term has passed (issue #13 §2)."""
    return approvals.is_overdue(visa)


@register.filter
def visa_role(code: str) -> str:
    """The role a visa was asked in ("legal" → "legal consultant"), in the active language."""
    return approvals.role_label(code) if code else ""
