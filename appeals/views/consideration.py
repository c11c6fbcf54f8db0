"""The consideration of an appeal on its page (issue #15 §2): sent to the official (§13.8), the resolution with its
executors and term (on control), forwarding (§13.9, §13.11), the extension and its notice (APPK art. 76), the
preliminary decision and the hearing (APPK art. 73), the answer and its dispatch (§13.4, 001 §33).

Each action is a form under the appeal's URL; who may see the form is what appeals/services.py allows (shown on the
page as its buttons); the service decides and refuses with its reason, shown next to the form's fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from akimat import permissions
from akimat.forms import add_service_errors
from akimat.submissions import submit_once
from appeals import access, services
from appeals.forms import (
    AnswerForm,
    ExtendForm,
    ForwardForm,
    HearingForm,
    LowerBodyReplyForm,
    NoticeSentForm,
    PreliminaryForm,
    ResolutionForm,
    SendForm,
)
from appeals.models import Appeal, AppealExtension, AppealNotice
from appeals.views.appeal import get_appeal
from appeals.views.journal import module_nav
from control import access as control_access

S = Appeal.Status


def _untold_extension(appeal: Appeal) -> AppealExtension | None:
    told = AppealNotice.objects.filter(appeal=appeal, kind=AppealNotice.Kind.EXTENSION).values("extension")
    return appeal.extensions.exclude(pk__in=told).order_by("-pk").first()


def _unheard_notice(appeal: Appeal) -> AppealNotice | None:
    notices = appeal.notices.filter(kind=AppealNotice.Kind.PRELIMINARY, heard_on__isnull=True)
    return notices.order_by("-pk").first()


def _is_addressee(user, appeal: Appeal) -> bool:
    return any(person.pk == appeal.addressee_id for person in permissions.principal_persons(user))


def consideration_actions(appeal: Appeal, user) -> dict[str, bool]:
    """The consideration's actions the user is offered now (the services check them again)."""
    department = access.is_appeals_department(user)
    considering = appeal.status == S.ON_CONSIDERATION and access.considers(user, appeal)
    return {
        "send": department and appeal.status == S.REGISTERED and not appeal.missing_items and not appeal.is_anonymous,
        "resolve": appeal.status == S.SENT and _is_addressee(user, appeal),
        "forward": services.is_appeals_head(user)
        and appeal.status in (S.REGISTERED, S.SENT, S.ON_CONSIDERATION, S.TO_FORWARD),
        "lower_reply": department and appeal.status == S.FORWARDED and appeal.to_lower_body,
        "extend": appeal.status == S.ON_CONSIDERATION
        and control_access.authority_by_role(user, services.EXTENDERS) is not None,
        "tell_extension": department and _untold_extension(appeal) is not None,
        "preliminary": considering,
        "hearing": considering and _unheard_notice(appeal) is not None,
        "answer": considering,
    }


@dataclass(frozen=True)
class Step:
    form: type[forms.Form]
    title: str
    button: str
    done: str
    perform: Callable[[Appeal, Any, dict[str, Any]], Any]
    files: bool = False


STEPS: dict[str, Step] = {
    "send": Step(
        SendForm, gettext_lazy("Send to the official"), gettext_lazy("Send"),
        gettext_lazy("The appeal is sent to the official for a resolution (§13.8)."),
        lambda appeal, user, d: services.send_to_official(
            appeal, actor=user, official=d.get("official"), comment=d.get("comment") or ""
        ),
    ),
    "resolve": Step(
        ResolutionForm, gettext_lazy("Resolution"), gettext_lazy("Put on control"),
        gettext_lazy("The resolution is written: the appeal is on control."),
        lambda appeal, user, d: services.resolve(
            appeal, actor=user, lead=d.get("lead"), co_executors=d.get("co_executors") or [], text=d.get("text") or "",
            due_on=d.get("due_on"), legal_term=d.get("legal_term"), legal_basis=d.get("legal_basis") or "",
        ),
    ),
    "forward": Step(
        ForwardForm, gettext_lazy("Forward to the competent body"), gettext_lazy("Forward"),
        gettext_lazy("The appeal is forwarded and the applicant told (§13.9)."),
        lambda appeal, user, d: services.forward(
            appeal, actor=user, body=d["body"], notice=d.get("notice") or "", lower_body=d.get("lower_body", False)
        ),
    ),
    "lower_reply": Step(
        LowerBodyReplyForm, gettext_lazy("The lower body's reply"), gettext_lazy("Save"),
        gettext_lazy("The lower body's reply is recorded (§13.11)."),
        lambda appeal, user, d: services.record_lower_body_reply(
            appeal, actor=user, sent_up=d["sent_up"], text=d.get("text") or ""
        ),
    ),
    "extend": Step(
        ExtendForm, gettext_lazy("Extend the term"), gettext_lazy("Extend"),
        gettext_lazy("The term is extended; the applicant is to be told (APPK art. 76)."),
        lambda appeal, user, d: services.extend(appeal, actor=user, new_due=d["new_due"], reason=d["reason"]),
    ),
    "tell_extension": Step(
        NoticeSentForm, gettext_lazy("Tell the applicant of the extension"), gettext_lazy("Save"),
        gettext_lazy("The notice of the extension is recorded."),
        lambda appeal, user, d: services.tell_extension(
            _untold_extension(appeal), actor=user, sent_on=d.get("sent_on"), text=d.get("text") or ""
        ),
    ),
    "preliminary": Step(
        PreliminaryForm, gettext_lazy("Preliminary decision (APPK art. 73)"), gettext_lazy("Save the notice"),
        gettext_lazy("The applicant is told of the preliminary decision and may be heard (APPK art. 73)."),
        lambda appeal, user, d: services.notify_preliminary(
            appeal, actor=user, proposed_result=d["proposed_result"], text=d["text"], sent_on=d.get("sent_on")
        ),
    ),
    "hearing": Step(
        HearingForm, gettext_lazy("Hearing of the applicant"), gettext_lazy("Save"),
        gettext_lazy("The hearing is recorded."),
        lambda appeal, user, d: services.record_hearing(
            _unheard_notice(appeal), actor=user, heard_on=d["heard_on"], text=d["text"]
        ),
    ),
    "answer": Step(
        AnswerForm, gettext_lazy("Answer to the applicant"), gettext_lazy("Hand in for dispatch"),
        gettext_lazy("The answer is handed in for dispatch."),
        lambda appeal, user, d: services.answer(
            appeal, actor=user, text=d["text"], result=d.get("result") or "", grounds=d.get("grounds") or "",
            file=d.get("file"), outgoing_number=d.get("outgoing_number") or "", is_final=d["is_final"],
            handed_in_at=d.get("handed_in_at"),
        ),
        files=True,
    ),
}  # fmt: skip


@login_required
@submit_once
def consideration_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    appeal = get_appeal(request.user, pk)
    if not consideration_actions(appeal, request.user).get(step):
        raise PermissionDenied
    spec = STEPS[step]
    form = spec.form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.perform(appeal, request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(spec.done))
            return redirect(appeal)
    context = {
        "appeal": appeal, "form": form, "formset": None, "title": spec.title, "button": spec.button,
        "nav": module_nav("", request.user),
    }  # fmt: skip
    if step in ("tell_extension", "hearing"):
        context["subject"] = _untold_extension(appeal) if step == "tell_extension" else _unheard_notice(appeal)
    return render(request, "appeals/action_form.html", context)


def step_view(step: str):
    """The view of one step, for the URL patterns (one name per step)."""

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return consideration_step(request, pk, step)

    view.__name__ = f"appeal_{step}"
    view.__doc__ = str(STEPS[step].title)
    return view
