"""The document page and its registration card as PDF (SPEC §4, §3.6).

Both find the document through access.visible_documents(), so an outsider — and anyone not granted a
ДСП document by name, superusers included — gets a 404, as for a document that does not exist.
Each part of the page (files, routing, resolutions with their control items, approvals, answers,
history) is one query whatever its length, so the page runs a bounded number of queries.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from akimat import approvals, pdf, workdays
from akimat.history import history_for
from akimat.models import Attachment, Person, Visa
from control.models import Urgency
from control.queries import Light, LightThresholds
from correspondence import access
from correspondence.models import (
    Delivery,
    Document,
    ExecutionCard,
    Recipient,
    Resolution,
    ResolutionExecutor,
)
from correspondence.services import registration
from correspondence.views.journals import JOURNALS, dsp_mark, dsp_short, journal_nav
from correspondence.views.workflow import document_actions, document_resolutions

PDF_LANGUAGES = ("kk", "ru")


def _document(user, pk: int) -> Document:
    """The document with what its page shows of it; 404 if the user may not see it.

    The same rule as access.get_document_for_user() — visible_documents() — joined only to its
    correspondent and execution card: the people and users named on it are read after it (_attach_named),
    since each table more in this query costs the planner more than a query of its own costs to run
    (with all of them joined, some 5 ms of planning per page).
    """
    queryset = Document.objects.select_related("correspondent", "execution_card")
    document = access.visible_documents(user, queryset).filter(pk=pk).first()
    if document is None:
        raise Http404("No document matches the given query.")
    _attach_named(document)
    return document


def _attach_named(document: Document) -> None:
    """The people (author, signer, addressee, the card's executor) and the users (who registered, created and
    checked the document and filled its card, with their people) named on it: one query each."""
    card = document.get_execution_card()
    people = [(document, "addressee_person"), (document, "author"), (document, "signer")]
    users = [(document, "registered_by"), (document, "created_by"), (document, "checked_by")]
    if card is not None:
        people.append((card, "executor"))
        users.append((card, "filled_by"))
    _attach(people, Person.objects.all())
    _attach(users, get_user_model().objects.select_related("person"))


def _attach(named: list[tuple[Any, str]], queryset) -> None:
    """Set each (object, foreign key name) to its row, all read in one query."""
    found = queryset.in_bulk({getattr(obj, f"{name}_id") for obj, name in named} - {None})
    for obj, name in named:
        if (pk := getattr(obj, f"{name}_id")) in found:
            setattr(obj, name, found[pk])


# --- formatting -------------------------------------------------------------------------------------


def format_date(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def format_moment(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else ""


def _label(model: type, name: str) -> str:
    """The field's translated verbose name, capitalised: the same words as the forms and the admin."""
    return str(capfirst(model._meta.get_field(name).verbose_name))


def user_name(user: Any) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.full_name if person is not None else (user.get_full_name() or user.get_username())


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


@dataclass(frozen=True)
class FieldRow:
    label: str
    value: str
    long: bool = False  # text shown across the whole width


def _rows(pairs: list[tuple[str, Any]], long: tuple[str, ...] = ()) -> list[FieldRow]:
    return [FieldRow(label, str(value), label in long) for label, value in pairs if value not in (None, "")]


def document_fields(document: Document, recipients: list[str]) -> list[FieldRow]:
    """Every field of the registration record that has a value, in the order of the registration card."""
    d, L = document, lambda name: _label(Document, name)  # noqa: E731
    signatory = d.signatory
    if signatory and d.signatory_position:
        signatory = f"{signatory}, {d.signatory_position}"
    addressee = d.get_addressee_display() if d.addressee else ""
    if d.addressee_person_id:
        addressee = f"{capfirst(addressee)}: {d.addressee_person.full_name}" if addressee else d.addressee_person
    pairs: list[tuple[str, Any]] = [
        (L("kind"), capfirst(d.get_kind_display())),
        (L("status"), capfirst(d.get_status_display())),
        (L("number"), d.number),
        (L("registered_on"), format_date(d.registered_on)),
        (L("registered_at"), format_moment(d.registered_at)),
        (L("registered_by"), user_name(d.registered_by)),
        (L("received_at"), format_moment(d.received_at)),
        (L("registration_due"), format_date(d.registration_due)),
        (L("queued_first"), yes_no(True) if d.queued_first else ""),
        (L("correspondent"), str(d.correspondent or "")),
        (_("Addressees"), "; ".join(recipients)),
        (L("their_number"), d.their_number),
        (L("their_date"), format_date(d.their_date)),
        (L("signatory"), signatory),
        (L("signatory_is_first_head"), yes_no(d.signatory_is_first_head) if d.signatory else ""),
        (L("signatory_is_acting"), yes_no(True) if d.signatory_is_acting else ""),
        (L("acting_order_attached"), yes_no(d.acting_order_attached) if d.signatory_is_acting else ""),
        (L("addressee"), capfirst(addressee)),
        (L("channel"), capfirst(d.get_channel_display()) if d.channel else ""),
        (L("language"), capfirst(d.get_language_display())),
        (L("sheets"), d.sheets),
        (L("attachments_count"), d.attachments_count),
        (L("urgency"), capfirst(Urgency(d.urgency).label) if d.urgency in Urgency.values and d.urgency else ""),
        (L("executes_reference"), d.executes_reference),
        (L("is_financing"), yes_no(True) if d.is_financing else ""),
        (L("financing_prior_work"), yes_no(d.financing_prior_work) if d.is_financing else ""),
        (L("author"), str(d.author or "")),
        (L("signer"), str(d.signer or "")),
        (L("signed_at"), format_moment(d.signed_at)),
        (L("checked_by"), user_name(d.checked_by)),
        (L("checked_at"), format_moment(d.checked_at)),
        (L("dispatch_channel"), capfirst(d.get_dispatch_channel_display()) if d.dispatch_channel else ""),
        (L("dispatched_on"), format_date(d.dispatched_on)),
        (L("created_by"), user_name(d.created_by)),
        (L("created_at"), format_moment(d.created_at)),
    ]
    return _rows(pairs)


# --- resolutions as a tree, with their control items ------------------------------------------------


@dataclass
class ResolutionNode:
    resolution: Resolution
    depth: int
    executors: list[ResolutionExecutor]
    light: str = ""
    light_label: str = ""
    control_url: str = ""
    children: list["ResolutionNode"] = field(default_factory=list)


def resolution_tree(resolutions: list[Resolution], thresholds: LightThresholds) -> list[ResolutionNode]:
    """The resolutions depth first: each one followed by those written under it (a chain of resolutions)."""
    by_parent: dict[int | None, list[Resolution]] = {}
    ids = {r.pk for r in resolutions}
    for resolution in resolutions:
        parent = resolution.parent_id if resolution.parent_id in ids else None
        by_parent.setdefault(parent, []).append(resolution)
    flat: list[ResolutionNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for resolution in by_parent.get(parent, []):
            node = ResolutionNode(resolution=resolution, depth=depth, executors=list(resolution.executors.all()))
            item = resolution.control_item
            if item is not None:
                node.light = thresholds.of(item)
                node.light_label = str(Light.LABELS[node.light])
                node.control_url = reverse("control:item", args=[item.pk])
            flat.append(node)
            walk(resolution.pk, depth + 1)

    walk(None, 0)
    return flat


# --- the page ---------------------------------------------------------------------------------------


@dataclass
class DeliveryRow:
    delivery: Delivery
    overdue: bool  # not received by the day it was due (003 §9.10: within one working day)


@dataclass
class DocumentPage:
    """What the document page shows beside the document itself."""

    fields: list[FieldRow]
    files: list[Attachment]
    deliveries: list[DeliveryRow]
    resolutions: list[ResolutionNode]
    approvals: list[Visa]
    answered_by: list[Document]
    answers: Document | None
    card_answer: Document | None
    execution_card: ExecutionCard | None
    history: list
    title: str
    journal_url: str
    journal_label: str
    dsp_mark: str


def _deliveries(document: Document, today: datetime.date) -> list[DeliveryRow]:
    rows = []
    for delivery in Delivery.objects.filter(document=document).select_related("person__unit"):
        received_on = timezone.localdate(delivery.received_at) if delivery.received_at else None
        late = received_on > delivery.due_by if received_on else today > delivery.due_by
        rows.append(DeliveryRow(delivery, late))
    return rows


def _linked(
    user, document: Document, card: ExecutionCard | None
) -> tuple[list[Document], Document | None, Document | None]:
    """Answers to this document, the one it answers and the card's answer, in one query: only those the
    user may see (an answer may be ДСП, or belong to another department)."""
    wanted = Q(answers=document)
    if ids := {pk for pk in (document.answers_id, card.answer_id if card else None) if pk}:
        wanted |= Q(pk__in=ids)
    queryset = Document.objects.filter(wanted).order_by("registered_on", "id")
    linked = list(access.visible_documents(user, queryset))
    by_pk = {d.pk: d for d in linked}
    answers = by_pk.get(document.answers_id) if document.answers_id else None
    card_answer = by_pk.get(card.answer_id) if card and card.answer_id else None
    return [d for d in linked if d.answers_id == document.pk], answers, card_answer


def build_page(user, document: Document, resolutions: list[Resolution]) -> DocumentPage:
    """Everything the page shows of the document (its document_resolutions() given), each part in one query."""
    today = workdays.today()
    thresholds = LightThresholds.on(today)
    recipients = [str(r.correspondent) for r in Recipient.objects.filter(document=document).select_related(
        "correspondent"
    )]  # fmt: skip
    card = document.get_execution_card()
    answered_by, answers, card_answer = _linked(user, document, card)
    visas: list[Visa] = []
    if document.kind != Document.Kind.INCOMING:
        visas = approvals.visas_of(document)
    return DocumentPage(
        fields=document_fields(document, recipients),
        files=list(Attachment.objects.for_object(document).select_related("uploaded_by__person")),
        deliveries=_deliveries(document, today),
        resolutions=resolution_tree(resolutions, thresholds),
        approvals=visas,
        answered_by=answered_by,
        answers=answers,
        card_answer=card_answer,
        execution_card=card,
        history=list(history_for(document)),
        title=str(document),
        journal_url=reverse("correspondence:journal", args=[document.kind]),
        journal_label=str(JOURNALS[document.kind]),
        dsp_mark=dsp_short() if document.is_dsp else "",
    )


@login_required
def document_page(request: HttpRequest, pk: int) -> HttpResponse:
    """All fields, files, routing, resolutions with control, execution card, answers, approvals, history."""
    document = _document(request.user, pk)
    registration.mark_opened(document, request.user)  # the journal shows when the addressee opened it (§9.10)
    # the actions' own context first: the page's two names ("document", "doc") are never shadowed by it
    resolutions = document_resolutions(document)  # the page and its actions show the same resolutions
    context = {
        **document_actions(request, document, resolutions),
        "document": document,
        "doc": build_page(request.user, document, resolutions),
        "nav": journal_nav(document.kind),
    }
    return render(request, "correspondence/document.html", context)


# --- the registration card (PDF) --------------------------------------------------------------------


def card_language(request: HttpRequest) -> str:
    """?lang=kk|ru, else the language of the interface when it is kk or ru, else Russian."""
    asked = (request.GET.get("lang") or "").lower()
    if asked in PDF_LANGUAGES:
        return asked
    current = (translation.get_language() or "")[:2]
    return current if current in PDF_LANGUAGES else "ru"


def card_fields(document: Document) -> list[FieldRow]:
    """The registration card (003 §9.10): the registration record as the journal keeps it."""
    d, L = document, lambda name: _label(Document, name)  # noqa: E731
    signatory = ", ".join(part for part in (d.signatory, d.signatory_position) if part)
    if not signatory and d.signer_id:
        signatory = d.signer.full_name
    addressee = capfirst(d.get_addressee_display()) if d.addressee else ""
    if d.addressee_person_id:
        addressee = f"{addressee}: {d.addressee_person.full_name}" if addressee else d.addressee_person.full_name
    sheets = f"{d.sheets} / {d.attachments_count}"
    pairs: list[tuple[str, Any]] = [
        (L("number"), d.number or "—"),
        (L("registered_on"), format_date(d.registered_on) or "—"),
        (L("received_at"), format_moment(d.received_at)),
        (L("correspondent"), str(d.correspondent or "")),
        (L("their_number"), d.their_number),
        (L("their_date"), format_date(d.their_date)),
        (L("addressee"), addressee),
        (L("signatory"), signatory),
        (L("channel"), capfirst(d.get_channel_display()) if d.channel else ""),
        (f"{L('sheets')} / {_label(Document, 'attachments_count').lower()}", sheets),
        (L("urgency"), capfirst(Urgency(d.urgency).label) if d.urgency in Urgency.values and d.urgency else ""),
        (L("executes_reference"), d.executes_reference),
        (L("summary"), d.summary),
    ]
    return _rows(pairs, long=(L("summary"),))


def card_labels() -> dict[str, str]:
    """Headings of the card from the models' verbose names, in the active language."""
    return {
        "resolutions": str(capfirst(Resolution._meta.verbose_name_plural)),
        "author": _label(Resolution, "author"),
        "text": _label(Resolution, "text"),
        "executors": str(capfirst(ResolutionExecutor._meta.verbose_name_plural)),
        "lead": _label(ResolutionExecutor, "is_lead"),
        "deadline": _label(Resolution, "deadline"),
        "urgency": _label(Resolution, "urgency"),
        "control_item": _label(Resolution, "control_item"),
        "execution_card": str(capfirst(ExecutionCard._meta.verbose_name)),
        "executor": _label(ExecutionCard, "executor"),
        "result": _label(ExecutionCard, "result"),
        "answer_number": _label(ExecutionCard, "answer_number"),
        "answer_date": _label(ExecutionCard, "answer_date"),
        "filled_at": _label(ExecutionCard, "filled_at"),
        "summary": _label(Document, "summary"),
    }


@login_required
def card_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration card of the document as PDF, in Kazakh or Russian (SPEC §3.6)."""
    document = _document(request.user, pk)
    language = card_language(request)
    with translation.override(language):
        thresholds = LightThresholds.on()
        context = {
            "document": document,
            "fields": card_fields(document),
            "resolutions": resolution_tree(document_resolutions(document), thresholds),
            "execution_card": document.get_execution_card(),
            "labels": card_labels(),
        }
    context |= {
        "dsp_mark": dsp_mark(language) if document.is_dsp else "",
        "dsp_short": dsp_short(language) if document.is_dsp else "",
        "language": language,
    }
    content = pdf.render_pdf("correspondence/pdf/card.html", context, language=language, prepared_by=request.user)
    filename = f"{document.number or document.pk}-{language}"
    return pdf.pdf_response(content, filename)
