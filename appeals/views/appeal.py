"""Registering an appeal and its page (issue #15 §1, §4): the registration form with its applicants and the APPK
art. 63 check, the talon (APPK art. 64), the appeal's page with its applicants, links, notices and history, and the
deficiency's steps (§13.7). Every object is found through akimat.permissions; appeals/services.py decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from akimat import pdf, permissions
from akimat.forms import add_service_errors
from akimat.history import history_for
from akimat.submissions import submit_once
from appeals import access, requisites, services, talon
from appeals.forms import AppealForm, ApplicantFormSet, DeficiencyForm, FixForm, ReasonForm
from appeals.models import Appeal, AppealResolution
from appeals.views.journal import module_nav


def get_appeal(user, pk: int, *related: str) -> Appeal:
    queryset = Appeal.objects.select_related("addressee", "created_by__person", *related)
    return permissions.get_object_for_user(user, queryset, pk)


# --- registration ---------------------------------------------------------------------------------------------


def _more_applicants(post) -> Any:
    """The posted form set with one more applicant row (the "add an applicant" button): nothing is registered."""
    data = post.copy()
    total = ApplicantFormSet(post, prefix="applicant").total_form_count()
    data["applicant-TOTAL_FORMS"] = str(min(total + 1, ApplicantFormSet.max_num))
    return data


@login_required
@submit_once
def register(request: HttpRequest) -> HttpResponse:
    """§13.5: every appeal is accepted and registered; "Check" shows what APPK art. 63 finds missing first."""
    if not services.may_register(request.user):
        raise PermissionDenied
    missing: list[requisites.Missing] | None = None
    if request.method == "POST":
        posted = _more_applicants(request.POST) if "add_applicant" in request.POST else request.POST
        form = AppealForm(posted)
        formset = ApplicantFormSet(posted, prefix="applicant")
        if "add_applicant" not in request.POST and form.is_valid() and formset.is_valid():
            data = form.data_for(formset.applicants())
            if "check" in request.POST:
                missing = services.check_requisites(data)
            else:
                try:
                    appeal = services.register_appeal(actor=request.user, data=data)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The appeal is registered: № %(number)s.") % {"number": appeal.number})
                    return redirect(appeal)
    else:
        form = AppealForm()
        formset = ApplicantFormSet(prefix="applicant")
    context = {"form": form, "formset": formset, "missing": missing, "nav": module_nav("register", request.user)}
    return render(request, "appeals/register.html", context)


# --- the appeal's page ----------------------------------------------------------------------------------------


def appeal_actions(appeal: Appeal, user) -> dict[str, bool]:
    department = access.is_appeals_department(user)
    deficient = appeal.status == Appeal.Status.DEFICIENT
    return {
        "mark_deficient": appeal.status == Appeal.Status.REGISTERED
        and bool(appeal.missing_items)
        and not appeal.is_anonymous
        and services.is_appeals_head(user),
        "fix": department and (deficient or (appeal.status == Appeal.Status.REGISTERED and bool(appeal.missing_items))),
        "return": department and deficient,
    }


def reception_card_of(appeal: Appeal, user) -> dict[str, Any] | None:
    """001 §25: the reception card the appeal was registered from (with the appeal's own query), and whether the user
    may open it (a card is restricted: its grants are asked only when there is one)."""
    card = getattr(appeal, "reception_card", None)
    if card is None:
        return None
    visible = permissions.visible(user, type(card).objects.filter(pk=card.pk)).exists()  # one query
    return {"card": card, "visible": visible}


@login_required
def appeal_page(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_appeal(request.user, pk, "reception_card__official", "reception_card__day")
    parties = list(appeal.parties.select_related("applicant").order_by("order", "id"))
    iins = access.shown_iins(request.user, appeal, [p.applicant for p in parties])
    applicants = [{"card": p.applicant, "iin": iin} for p, iin in zip(parties, iins, strict=True)]
    from appeals.views.consideration import consideration_actions

    resolution = AppealResolution.objects.filter(appeal=appeal).select_related("official", "control_item").first()
    context = {
        "appeal": appeal,
        "resolution": resolution,
        "executors": list(resolution.executors.select_related("person", "unit").order_by("position", "pk"))
        if resolution
        else [],
        "extensions": list(appeal.extensions.select_related("decided_by__person").order_by("pk")),
        "answers": list(appeal.answers.select_related("created_by__person").order_by("pk")),
        "consideration": consideration_actions(appeal, request.user),
        "applicants": applicants,
        "missing": requisites.parse(appeal.missing_items),
        "links": services.links_of(appeal, request.user),
        "reception": reception_card_of(appeal, request.user),
        "notices": list(appeal.notices.select_related("created_by__person").order_by("sent_on", "id")),
        "actions": appeal_actions(appeal, request.user),
        "history": list(history_for(appeal)),
        "nav": module_nav("", request.user),
    }
    return render(request, "appeals/appeal.html", context)


@login_required
def talon_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """APPK art. 64: the talon in Kazakh or Russian (`?lang=`; the reader's language by default)."""
    appeal = get_appeal(request.user, pk)
    language = (request.GET.get("lang") or request.LANGUAGE_CODE or "kk")[:2]
    if language not in ("kk", "ru"):
        raise Http404("The talon is printed in Kazakh or Russian.")
    return pdf.pdf_response(talon.talon_pdf(appeal, language), talon.talon_filename(appeal, language))


# --- the deficiency (§13.7) -----------------------------------------------------------------------------------


def _action_page(request, appeal: Appeal, form, *, title: str, button: str, formset=None) -> HttpResponse:
    context = {
        "appeal": appeal, "form": form, "formset": formset, "title": title, "button": button,
        "nav": module_nav("", request.user),
    }  # fmt: skip
    return render(request, "appeals/action_form.html", context)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
@submit_once
def mark_deficient(request: HttpRequest, pk: int) -> HttpResponse:
    """§13.7: the head of the appeals department names what is missing and sets a reasonable term."""
    appeal = get_appeal(request.user, pk)
    _require(appeal_actions(appeal, request.user)["mark_deficient"])
    form = DeficiencyForm(request.POST or None, appeal=appeal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mark_deficient(
                appeal, actor=request.user, items=data["items"], term_days=data.get("term_days"),
                due_on=data.get("due_on"), text=data.get("text") or "",
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The applicant is told what is missing and the term to fix it."))
            return redirect(appeal)
    return _action_page(request, appeal, form, title=_("Deficiencies of the appeal"), button=_("Send the notice"))


@login_required
@submit_once
def fix_deficiency(request: HttpRequest, pk: int) -> HttpResponse:
    """§13.7: what the applicant brought is written in; the appeal goes on when nothing is missing."""
    appeal = get_appeal(request.user, pk)
    _require(appeal_actions(appeal, request.user)["fix"])
    initial = [
        {name: getattr(p.applicant, name) for name in ApplicantFormSet.form.base_fields}
        for p in appeal.parties.select_related("applicant").order_by("order", "id")
    ]
    if request.method == "POST":
        form = FixForm(request.POST)
        formset = ApplicantFormSet(request.POST, prefix="applicant")
        if form.is_valid() and formset.is_valid():
            applicants = formset.applicants() if not appeal.is_anonymous else None
            try:
                services.fix_deficiency(
                    appeal, actor=request.user, corrections=form.corrections(appeal, applicants),
                    comment=form.cleaned_data.get("comment") or "",
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The deficiencies are fixed: the appeal goes on."))
                return redirect(appeal)
    else:
        form = FixForm(initial={"summary": appeal.summary, "addressee": appeal.addressee_id, "signed": appeal.signed,
                                "dated_on": appeal.dated_on})  # fmt: skip
        formset = ApplicantFormSet(prefix="applicant", initial=initial)
    return _action_page(
        request, appeal, form, formset=formset, title=_("Fix the deficiencies"), button=_("Save the corrections")
    )


@login_required
@submit_once
def return_unfixed(request: HttpRequest, pk: int) -> HttpResponse:
    """§13.7: not fixed within the term — returned to the applicant."""
    appeal = get_appeal(request.user, pk)
    _require(appeal_actions(appeal, request.user)["return"])
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_unfixed(appeal, actor=request.user, reason=form.cleaned_data.get("reason") or "")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The appeal is returned to the applicant."))
            return redirect(appeal)
    return _action_page(request, appeal, form, title=_("Return to the applicant"), button=_("Return"))
