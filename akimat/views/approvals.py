"""Core screens of the approval route (issue #13 §2): give a visa, "Awaiting my visa", overdue visas.

Every subject type registered with akimat.approvals shares them: an outgoing letter, a memo, a draft act.
A visa is listed only to a user who may see its subject (akimat.permissions); a visa of a subject the user
may not see is a 404, a visa that is not theirs to give a 403.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from akimat import approvals, permissions, workdays
from akimat.forms import TEXT_MAX_LENGTH
from akimat.models import Person, Visa
from akimat.roles import Role
from akimat.submissions import submit_once

# who sees the overdue visas of everyone (issue #13 §2): the legal consultant, the head of apparatus, the akim
OVERDUE_READERS = (Role.LEGAL_SERVICE, Role.HEAD_OF_APPARATUS, Role.AKIM)


class VisaForm(forms.Form):
    """Exactly two outcomes (003 §10.4, §9.22): agree, or return for rework with a written reason."""

    AGREE = "agree"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[(AGREE, gettext_lazy("Agree")), (RETURN, gettext_lazy("Return for rework"))],
    )
    comment = forms.CharField(
        label=gettext_lazy("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=gettext_lazy('A return needs a written reason; "agree with remarks" does not exist.'),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", gettext_lazy("Give the reason for returning the draft."))
        return data


def _subject_for(user: Any, visa: Visa) -> Any:
    """The visa's subject when the user may see it, else 404."""
    subject = visa.subject
    if subject is None or not permissions.can_view(user, subject):
        raise Http404
    return subject


@login_required
@require_POST
@submit_once
def visa_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a visa (the approver, or who acts for them): back to the subject's page with a message."""
    visa = Visa.objects.select_related("approver", "subject_type").filter(pk=pk).first()
    if visa is None:
        raise Http404
    subject = _subject_for(request.user, visa)
    try:
        config = approvals.subject_config(subject)
    except LookupError:
        raise Http404 from None
    if permissions.acting_principal(request.user, lambda person: person.pk == visa.approver_id) is None:
        raise PermissionDenied
    form = VisaForm(request.POST, prefix="visa")
    if form.is_valid():
        agree = form.cleaned_data["decision"] == VisaForm.AGREE
        try:
            approvals.decide(visa, actor=request.user, agree=agree, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.error_list)
        else:
            messages.success(request, _("Agreed.") if agree else _("The draft is returned for rework."))
            return redirect(config.url(subject))
    return render(
        request,
        "approvals/decide.html",
        {
            "visa": visa,
            "form": form,
            "subject_label": config.label(subject),
            "subject_url": config.url(subject),
            "visas": approvals.visas_of(subject),
        },
    )


@dataclass
class VisaRow:
    visa: Visa
    label: str
    url: str
    days_left: int | None  # working days to the term (akimat.workdays), negative once past it
    overdue: bool

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue and self.days_left is not None else 0


def _rows(user: Any, visas: list[Visa], today: datetime.date) -> list[VisaRow]:
    """The visas whose subject the user may see, with the subject's label and page: one query per type."""
    by_type: dict[int, list[Visa]] = {}
    for visa in visas:
        by_type.setdefault(visa.subject_type_id, []).append(visa)
    subjects: dict[tuple[int, int], Any] = {}
    for type_id, group in by_type.items():
        model = group[0].subject_type.model_class()
        if model is None or model._meta.concrete_model not in approvals.registered_models():
            continue
        queryset = model._default_manager.filter(pk__in={v.subject_id for v in group})
        for obj in permissions.visible(user, queryset):
            subjects[(type_id, obj.pk)] = obj
    rows = []
    for visa in visas:
        subject = subjects.get((visa.subject_type_id, visa.subject_id))
        if subject is None:
            continue
        config = approvals.subject_config(subject)
        due = visa.due_on
        rows.append(
            VisaRow(
                visa=visa,
                label=config.label(subject),
                url=config.url(subject),
                days_left=workdays.working_days_between(today, due) if due else None,
                overdue=bool(due and due < today),
            )
        )
    return rows


@login_required
def my_visas(request: HttpRequest) -> HttpResponse:
    """ "Awaiting my visa": the visas waiting for the user (or for those they act for), over every subject type."""
    today = workdays.today()
    visas = list(approvals.awaiting(request.user).select_related("subject_type", "approver"))
    rows = _rows(request.user, visas, today)
    return render(request, "approvals/my_visas.html", {"rows": rows, "today": today})


@dataclass
class ApproverGroup:
    approver: Person
    rows: list[VisaRow]


@login_required
def overdue_visas(request: HttpRequest) -> HttpResponse:
    """Overdue visas by approver: for the legal service, the head of apparatus and the akim (issue #13 §2)."""
    if not (request.user.is_superuser or permissions.has_role(request.user, *OVERDUE_READERS)):
        raise PermissionDenied
    today = workdays.today()
    visas = list(approvals.overdue(today).select_related("subject_type", "approver__unit"))
    groups: list[ApproverGroup] = []
    for row in _rows(request.user, visas, today):
        if not groups or groups[-1].approver.pk != row.visa.approver_id:
            groups.append(ApproverGroup(row.visa.approver, []))
        groups[-1].rows.append(row)
    return render(request, "approvals/overdue.html", {"groups": groups, "today": today})
