"""Pages of the personal reception (issue #15 §3, §4): the public schedule (no login, 001 §7), the schedule's
management, the reception days, a day with its queue, the sign-up, the reception card, and the list of §14.2 as PDF.

A view only reads, binds a form and calls appeals/reception/services.py, the only mutator. Every page finds its
object through akimat.permissions: a day, a sign-up or a card the user may not see is a 404, as one that does not
exist; an action the services do not give the user is a 403 (and so is a service's PermissionDenied). A
ValidationError of a service is shown next to the field it names, with what was typed kept.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from akimat import identifiers, pdf, permissions, workdays
from akimat.history import history_for
from akimat.submissions import submit_once
from appeals.models import Appeal
from appeals.reception import forms, services
from appeals.reception.models import (
    CardInstruction,
    ReceptionCard,
    ReceptionDay,
    ScheduleEntry,
    Signup,
    in_language,
)
from control.forms import executor_choices, executor_value

#: the days list shows so many weeks ahead and at most so many days
DAYS_WEEKS = 8
DAYS_LIMIT = 300
#: the public page lists the reception days of so many weeks ahead
PUBLIC_WEEKS = 4


def module_nav(user, current: str) -> list[dict[str, Any]]:
    items = [("days", reverse("appeals:reception:days"), _("Reception days"))]
    if services.may_manage(user):
        items.append(("signup", reverse("appeals:reception:signup"), _("Sign up")))
        items.append(("schedule", reverse("appeals:reception:schedule"), _("Reception schedule")))
    items.append(("public", reverse("appeals:reception:public"), _("Published schedule")))
    return [{"url": url, "label": label, "current": name == current} for name, url, label in items]


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (the form's top when it names none)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _day(user, pk: int) -> ReceptionDay:
    found = permissions.visible(user, ReceptionDay.objects.select_related("official")).filter(pk=pk).first()
    if found is None:
        raise Http404("No reception day matches the given query.")
    return found


def _signup(user, pk: int) -> Signup:
    queryset = Signup.objects.select_related("day__official", "applicant")
    found = permissions.visible(user, queryset).filter(pk=pk).first()
    if found is None:
        raise Http404("No sign-up matches the given query.")
    return found


def _card(user, pk: int) -> ReceptionCard:
    queryset = ReceptionCard.objects.select_related(
        "day", "official", "applicant", "signup", "previous_decider", "appeal"
    )
    return permissions.get_object_for_user(user, queryset, pk)


# --- the public schedule (001 §7) ----------------------------------------------------------------------------


def _schedule_rows(entries, language: str) -> list[dict[str, Any]]:
    with translation.override(language):
        return [
            {
                "name": entry.official.full_name,
                "position": in_language(entry.official.position_kk, entry.official.position_ru, language),
                "when": str(entry.when),
                "hours": f"{entry.starts_at:%H:%M}–{entry.ends_at:%H:%M}",
                "place": in_language(entry.place_kk, entry.place_ru, language),
                "video": entry.video_allowed,
            }
            for entry in entries
        ]


def public_schedule(request: HttpRequest) -> HttpResponse:
    """001 §7: the schedule in Kazakh and in Russian, open without login — the officials' names and positions, the
    days, hours and places, the coming reception days; nothing about citizens."""
    today = workdays.today()
    entries = list(services.published_schedule(today))
    days = list(
        ReceptionDay.objects.filter(date__range=(today, today + datetime.timedelta(weeks=PUBLIC_WEEKS)))
        .select_related("official")
        .order_by("date", "starts_at", "pk")[:DAYS_LIMIT]
    )
    sections = []
    # 001 §7: the schedule is published in the state language and in Russian, whatever the reader's language; its
    # fixed words are those of the published paper in each language (as appeals.talon keeps the talon's)
    for code, title, video in (("kk", "Қабылдау кестесі", "бейнебайланыс"), ("ru", "График приёма", "видеосвязь")):
        with translation.override(code):
            rows = [
                {
                    "date": day.date,
                    "hours": f"{day.starts_at:%H:%M}–{day.ends_at:%H:%M}",
                    "name": day.official.full_name,
                    "position": in_language(day.official.position_kk, day.official.position_ru, code),
                    "place": in_language(day.place_kk, day.place_ru, code),
                    "cancelled": day.status == ReceptionDay.Status.CANCELLED,
                    "cancelled_label": str(ReceptionDay.Status.CANCELLED.label),
                }  # fmt: skip
                for day in days
            ]
        sections.append(
            {"code": code, "title": title, "video": video, "entries": _schedule_rows(entries, code), "days": rows}
        )
    return render(request, "appeals/reception/public.html", {"sections": sections, "today": today})


# --- the schedule's management (§14.1) -----------------------------------------------------------------------


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    _require(services.may_manage(request.user))
    order = ("-is_active", "official__full_name", "weekday", "on_date", "pk")
    entries = list(ScheduleEntry.objects.select_related("official").order_by(*order))
    context = {
        "entries": entries, "generate_form": forms.GenerateForm(initial=_generate_initial()),
        "nav": module_nav(request.user, "schedule"),
    }  # fmt: skip
    return render(request, "appeals/reception/schedule.html", context)


def _generate_initial() -> dict[str, datetime.date]:
    today = workdays.today()
    return {"start": today, "end": today + datetime.timedelta(weeks=4)}


@login_required
@submit_once
def schedule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(services.may_manage(request.user))
    entry = None
    if pk is not None:
        entry = ScheduleEntry.objects.filter(pk=pk).first()
        if entry is None:
            raise Http404("No schedule entry matches the given query.")
    if request.method == "POST":
        form = forms.ScheduleForm(request.POST)
        if form.is_valid():
            try:
                services.save_schedule_entry(actor=request.user, data=form.data_for_service(), entry=entry)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The reception schedule is saved."))
                return redirect("appeals:reception:schedule")
    else:
        form = forms.ScheduleForm(initial=forms.ScheduleForm.initial_for(entry) if entry else None)
    context = {"form": form, "entry": entry, "nav": module_nav(request.user, "schedule")}
    return render(request, "appeals/reception/schedule_form.html", context)


@login_required
@require_POST
@submit_once
def schedule_close(request: HttpRequest, pk: int) -> HttpResponse:
    _require(services.may_manage(request.user))
    entry = ScheduleEntry.objects.filter(pk=pk).first()
    if entry is None:
        raise Http404("No schedule entry matches the given query.")
    services.deactivate_schedule_entry(entry, actor=request.user)
    messages.success(request, _("The schedule entry is no longer in force."))
    return redirect("appeals:reception:schedule")


@login_required
@require_POST
@submit_once
def generate(request: HttpRequest) -> HttpResponse:
    _require(services.may_manage(request.user))
    form = forms.GenerateForm(request.POST)
    if form.is_valid():
        try:
            made = services.generate_days(actor=request.user, start=form.cleaned_data["start"],
                                          end=form.cleaned_data["end"])  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Reception days set from the schedule: %(count)s.") % {"count": len(made)})
            return redirect("appeals:reception:days")
    entries = list(ScheduleEntry.objects.select_related("official").order_by("official__full_name", "pk"))
    context = {"entries": entries, "generate_form": form, "nav": module_nav(request.user, "schedule")}
    return render(request, "appeals/reception/schedule.html", context)


# --- reception days ------------------------------------------------------------------------------------------


@login_required
def days(request: HttpRequest) -> HttpResponse:
    """The reception days the user sees from today on, a few weeks ahead, week by week, with the queue's size."""
    form = forms.DaysFilterForm(request.GET)
    data = form.values()
    today = workdays.today()
    queryset = permissions.visible(request.user, ReceptionDay.objects.all()).filter(
        date__range=(today, today + datetime.timedelta(weeks=DAYS_WEEKS))
    )
    if data.get("official"):
        queryset = queryset.filter(official=data["official"])
    waiting = Q(signups__status=Signup.Status.WAITING)
    rows = list(
        queryset.select_related("official")
        .annotate(waiting=Count("signups", filter=waiting),
                  priority=Count("signups", filter=waiting & ~Q(signups__priority="")))
        .order_by("date", "starts_at", "pk")[:DAYS_LIMIT]
    )  # fmt: skip
    weeks: dict[datetime.date, list[ReceptionDay]] = {}
    for day in rows:
        weeks.setdefault(day.date - datetime.timedelta(days=day.date.weekday()), []).append(day)
    context = {
        "form": form, "weeks": sorted(weeks.items()), "count": len(rows), "limit": DAYS_LIMIT,
        "may_manage": services.may_manage(request.user), "nav": module_nav(request.user, "days"),
    }  # fmt: skip
    return render(request, "appeals/reception/days.html", context)


@login_required
@submit_once
def day_add(request: HttpRequest) -> HttpResponse:
    _require(services.may_manage(request.user))
    if request.method == "POST":
        form = forms.DayForm(request.POST)
        if form.is_valid():
            try:
                day = services.create_day(actor=request.user, data=form.data_for_service())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The reception day is set."))
                return redirect(day)
    else:
        form = forms.DayForm()
    context = {"form": form, "title": _("Set a reception day"), "nav": module_nav(request.user, "days")}
    return render(request, "appeals/reception/action_form.html", context)


def _shown_iin(user, day: ReceptionDay, iin: str) -> str:
    """The IIN in full to those keeping the day, masked to the others who see it (SPEC §8)."""
    if not iin or services.may_keep_day(user, day):
        return iin
    return identifiers.mask(iin)


@login_required
def day_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The day: the queue (001 §11: priority first, then by sign-up), each visitor's state and card, the invited."""
    day = _day(request.user, pk)
    visitors = list(services.queue(day))
    cards = {
        card.signup_id: card
        for card in permissions.visible(request.user, ReceptionCard.objects.filter(day=day)).only("pk", "signup_id",
                                                                                                   "status")
    }  # fmt: skip
    for visitor in visitors:
        visitor.shown_iin = _shown_iin(request.user, day, visitor.applicant.iin)
        visitor.card_found = cards.get(visitor.pk)
    keep = services.may_keep_day(request.user, day)
    context = {
        "day": day, "visitors": visitors, "invited": list(day.invited.select_related("unit")),
        "keep": keep, "manage": services.may_manage(request.user),
        "can_cancel": services.may_cancel(request.user, day), "today": workdays.today(),
        "notice_due_on": services.notice_due_on(day.date), "list_due_on": services.list_due_on(day.date),
        "history": list(history_for(day)) if keep else [], "nav": module_nav(request.user, "days"),
    }  # fmt: skip
    return render(request, "appeals/reception/day.html", context)


@login_required
def day_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """§14.2: the list of the day — names, questions, priority, the invited officials."""
    day = _day(request.user, pk)
    visitors = list(services.queue(day).filter(status__in=[Signup.Status.WAITING, Signup.Status.RECEIVED,
                                                           Signup.Status.ABSENT]))  # fmt: skip
    content = pdf.render_pdf(
        "appeals/reception/pdf/day_list.html",
        {"day": day, "visitors": visitors, "invited": list(day.invited.select_related("unit"))},
        prepared_by=request.user,
    )
    return pdf.pdf_response(content, f"reception-{day.date:%Y-%m-%d}-{day.pk}")


@login_required
@submit_once
def day_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request.user, pk)
    _require(services.may_cancel(request.user, day))
    form = forms.CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.cancel_day(day, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            text = _("The reception day is cancelled; %(count)s applicants are notified.") % {
                "count": len(result.notices)}  # fmt: skip
            if result.late:
                messages.warning(
                    request,
                    text
                    + " "
                    + _("The notice is late: less than %(term)s before the day (001 §15).")
                    % {"term": services.cancel_notice_term()},
                )
            else:
                messages.success(request, text)
            return redirect(day)
    context = {
        "form": form, "day": day, "title": _("Cancel the reception day"),
        "notice_due_on": services.notice_due_on(day.date), "nav": module_nav(request.user, "days"),
    }  # fmt: skip
    return render(request, "appeals/reception/action_form.html", context)


@login_required
@submit_once
def day_invited(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request.user, pk)
    _require(services.may_manage(request.user) and day.status == ReceptionDay.Status.PLANNED)
    if request.method == "POST":
        form = forms.InvitedForm(request.POST)
        if form.is_valid():
            try:
                services.set_invited(day, actor=request.user, persons=form.cleaned_data["invited"],
                                     names=form.cleaned_data["invited_names"])  # fmt: skip
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The invited officials are saved."))
                return redirect(day)
    else:
        form = forms.InvitedForm(initial={"invited": list(day.invited.values_list("pk", flat=True)),
                                          "invited_names": day.invited_names})  # fmt: skip
    context = {
        "form": form,
        "day": day,
        "title": _("Invited officials (§14.3)"),
        "nav": module_nav(request.user, "days"),
    }
    return render(request, "appeals/reception/action_form.html", context)


# --- the sign-up (001 §11, §14) -------------------------------------------------------------------------------


def _open_days():
    return (
        ReceptionDay.objects.filter(status=ReceptionDay.Status.PLANNED, date__gte=workdays.today())
        .select_related("official")
        .order_by("date", "starts_at", "pk")
    )


@login_required
@submit_once
def signup(request: HttpRequest) -> HttpResponse:
    """Sign a person up for a reception day, or refuse with the reason (001 §14); the person's earlier answers
    are proposed when their IIN is known, and signing up over them needs a confirmation."""
    _require(services.may_manage(request.user))
    days_open = _open_days()
    if request.method != "POST":
        form = forms.SignupForm(days=days_open, initial={"day": request.GET.get("day") or None})
        return _signup_page(request, form)
    from appeals.services import ApplicantData

    applicant = services.find_applicant(ApplicantData(iin=(request.POST.get("iin") or "").strip()))
    matches = services.answered_matches(applicant, request.POST.get("question") or "")
    form = forms.SignupForm(request.POST, days=days_open, matches=matches)
    if not form.is_valid():
        return _signup_page(request, form)
    day = form.cleaned_data["day"]
    decision = form.cleaned_data["decision"]
    try:
        if decision == forms.SIGN_UP:
            if matches and not form.cleaned_data["question_is_new"]:
                form.add_error("question_is_new", _("The person was already answered on questions like this one "
                                                    "(001 §14): refuse with the earlier answer, or confirm the "
                                                    "question is new."))  # fmt: skip
                return _signup_page(request, form)
            services.sign_up(actor=request.user, day=day, data=form.data_for_service())
            messages.success(request, _("The person is signed up for the reception."))
        else:
            chosen = {m.reference: m for m in matches}.get(form.cleaned_data.get("reference") or "")
            services.refuse_sign_up(
                actor=request.user, official=day.official, data=form.data_for_service(), ground=decision,
                reason=form.cleaned_data.get("refusal_reason") or "",
                answered_appeal=chosen.obj if chosen and chosen.kind == "appeal" else None,
                answered_card=chosen.obj if chosen and chosen.kind == "card" else None,
            )  # fmt: skip
            messages.warning(request, _("The sign-up is refused; tell the person the reason (001 §14)."))
    except ValidationError as error:
        add_errors(form, error)
        return _signup_page(request, form)
    return redirect(day) if permissions.can_view(request.user, day) else redirect("appeals:reception:days")


def _signup_page(request: HttpRequest, form) -> HttpResponse:
    matches = [
        {"reference": m.reference, "kind": m.kind, "obj": m.obj, "similarity": round(m.similarity * 100)}
        for m in form.matches
    ]
    context = {"form": form, "matches": matches, "nav": module_nav(request.user, "signup")}
    return render(request, "appeals/reception/signup.html", context)


@login_required
@require_POST
@submit_once
def mark(request: HttpRequest, pk: int, state: str) -> HttpResponse:
    found = _signup(request.user, pk)
    _require(found.day is not None and services.may_keep_day(request.user, found.day))
    try:
        if state == "received":
            services.mark_received(found, actor=request.user)
        else:
            services.mark_absent(found, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(found.day)


# --- the reception card (§14.4, 001 §23, §25, §35) -------------------------------------------------------------


@login_required
@require_POST
@submit_once
def card_start(request: HttpRequest, pk: int) -> HttpResponse:
    found = _signup(request.user, pk)
    _require(found.day is not None and services.may_keep_day(request.user, found.day))
    try:
        card = services.start_card(found, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(found.day)
    return redirect(card)


def _instruction_initial(card: ReceptionCard) -> list[dict[str, Any]]:
    return [
        {"text": i.text, "executor": executor_value(i.executor), "deadline": i.deadline}
        for i in card.instructions.select_related("lead_person", "lead_unit")
    ]


@login_required
@submit_once
def card_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The card: the visitor, what was asked and explained, the instructions (with their control items once
    completed), the written appeal; its form while a draft, for the appeals department and the official."""
    card = _card(request.user, pk)
    editable = card.status == ReceptionCard.Status.DRAFT and services.may_keep_day(request.user, card.day)
    form = formset = None
    if editable:
        choices = executor_choices()
        if request.method == "POST":
            form = forms.CardForm(request.POST)
            formset = forms.InstructionFormSet(request.POST, prefix="instructions", form_kwargs={"choices": choices})
            if form.is_valid() and formset.is_valid():
                rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
                data = services.CardData(
                    asked=form.cleaned_data["asked"], answer=form.cleaned_data["answer"],
                    previous_decider=form.cleaned_data.get("previous_decider"),
                    instructions=[services.InstructionData(r["text"], r["executor"], r["deadline"]) for r in rows],
                )  # fmt: skip
                try:
                    services.save_card(card, actor=request.user, data=data)
                except ValidationError as error:
                    add_errors(form, error)  # 001 §23, §35 on an instruction: at the form's top
                else:
                    messages.success(request, _("The reception card is saved."))
                    return redirect(card)
        else:
            form = forms.CardForm(initial={"asked": card.asked, "answer": card.answer,
                                           "previous_decider": card.previous_decider_id})  # fmt: skip
            formset = forms.InstructionFormSet(initial=_instruction_initial(card), prefix="instructions",
                                               form_kwargs={"choices": choices})  # fmt: skip
    elif request.method == "POST":
        raise PermissionDenied
    return _card_page(request, card, form=form, formset=formset, editable=editable)


def _card_page(
    request: HttpRequest, card: ReceptionCard, *, form=None, formset=None, editable=False, appeal_form=None
) -> HttpResponse:
    keeper = services.may_keep_day(request.user, card.day)
    instructions = list(
        CardInstruction.objects.filter(card=card).select_related("lead_person", "lead_unit", "control_item")
    )
    if appeal_form is None and keeper and card.appeal_id is None:
        appeal_form = forms.WrittenAppealForm(initial={"summary": card.asked})
    context = {
        "card": card, "form": form, "formset": formset, "instructions": instructions, "editable": editable,
        "keeper": keeper, "appeal_form": appeal_form if card.appeal_id is None else None,
        "appeal_visible": card.appeal_id is not None and permissions.can_view(request.user, card.appeal),
        "shown_iin": _shown_iin(request.user, card.day, card.applicant.iin),
        "history": list(history_for(card)), "nav": module_nav(request.user, "days"),
    }  # fmt: skip
    return render(request, "appeals/reception/card.html", context)


@login_required
def card_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """001 §23: the card as a paper (the protocol of the reception) — what was asked and explained, the instructions
    with executors, deadlines and their control, the written appeal; signed by the official who received. The IIN
    is masked as on the card's page."""
    card = _card(request.user, pk)
    instructions = list(
        CardInstruction.objects.filter(card=card).select_related("lead_person", "lead_unit", "control_item")
    )
    context = {
        "card": card, "instructions": instructions,
        "shown_iin": _shown_iin(request.user, card.day, card.applicant.iin),
        "signer": pdf.official(card.official, _("Official who received")),
    }  # fmt: skip
    content = pdf.render_pdf("appeals/reception/pdf/card.html", context, prepared_by=request.user)
    return pdf.pdf_response(content, f"reception-card-{card.pk}")


@login_required
@require_POST
@submit_once
def card_complete(request: HttpRequest, pk: int) -> HttpResponse:
    card = _card(request.user, pk)
    _require(services.may_keep_day(request.user, card.day))
    try:
        items = services.complete_card(card, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The card is completed; instructions put on control: %(count)s.")
                         % {"count": len(items)})  # fmt: skip
    return redirect(card)


@login_required
@require_POST
@submit_once
def card_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    card = _card(request.user, pk)
    _require(services.may_keep_day(request.user, card.day))
    form = forms.WrittenAppealForm(request.POST)
    if form.is_valid():
        try:
            appeal: Appeal = services.register_written_appeal(
                card, actor=request.user, summary=form.cleaned_data["summary"], kind=form.cleaned_data["kind"],
                pages=form.cleaned_data["pages"],
            )  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The written appeal is registered: № %(number)s.") % {"number": appeal.number})
            return redirect(card)
    # the typed appeal is kept on the card's page with its errors
    return _card_page(request, card, appeal_form=form)
