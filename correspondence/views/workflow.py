"""Workflow actions on a document (resolutions, acknowledgement, execution card, outgoing steps).

Every change goes through correspondence/services/workflow.py and outgoing.py; a view only reads,
binds a form and calls a service. The document comes from `get_document_for_user` (404 for strangers,
ДСП included); a service's PermissionDenied is a 403; a ValidationError re-renders the action on its
own page (templates/correspondence/action_form.html) with the errors next to the fields and
everything the user typed. The document page includes `_document_actions.html` with the context of
`document_actions(request, document)`: exactly the forms this user may use now.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akimat import permissions, request_values
from akimat.forms import add_service_errors
from akimat.models import Visa
from akimat.roles import Role
from akimat.submissions import submit_once
from control import access as control_access
from control import deadlines
from control import services as control_services
from control.models import ControlItem
from correspondence import access
from correspondence.forms_workflow import (
    SHORT_TERM_WARNING,
    AcceptAnswerForm,
    AcknowledgeForm,
    CheckForm,
    DispatchForm,
    ExecutionCardForm,
    MemoForm,
    OutgoingForm,
    PaperResolutionForm,
    RemovalForm,
    ResolutionForm,
    RouteMixin,
    SendForApprovalForm,
    SignForm,
    VisaForm,
)
from correspondence.models import Delivery, Document, Resolution, ResolutionExecutor
from correspondence.services import outgoing, workflow

SECTION_LIMIT = 50


@dataclass
class Button:
    label: Any
    name: str = ""
    value: str = ""
    primary: bool = True


@dataclass
class Action:
    """One form the user may use now on the document."""

    name: str
    title: Any
    url: str
    form: forms.Form
    buttons: list[Button]
    note: Any = ""
    quote: str = ""
    visa: Any = None  # the visa form of the core route (templates/approvals/_decide.html)


@dataclass
class WorkflowActions:
    document: Document
    actions: list[Action] = field(default_factory=list)
    items: list[ControlItem] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.actions or self.items or self.notes)


def _url(name: str, document: Document) -> str:
    return reverse(f"correspondence:{name}", args=[document.pk])


# --- what this user may do now ----------------------------------------------------------------------


def document_resolutions(document: Document) -> list[Resolution]:
    """The document's resolutions in order, with what the page and its actions show of them, in two queries."""
    executors = ResolutionExecutor.objects.select_related("person__unit", "unit").order_by("-is_lead", "position")
    return list(
        Resolution.objects.filter(document=document)
        .select_related("author", "entered_by__person", "control_item")
        .prefetch_related(Prefetch("executors", queryset=executors))
        .order_by("created_at", "id")
    )


def _chain_parents(user, document: Document, resolutions: list[Resolution]) -> list[Resolution]:
    return [r for r in resolutions if workflow.may_resolve(user, document, r)]


def _pending_acknowledgements(user, document: Document) -> list[Resolution]:
    persons = permissions.principal_persons(user)
    person_ids = [p.pk for p in persons]
    unit_ids = [p.unit_id for p in persons if p.unit_id]
    rows = ResolutionExecutor.objects.filter(
        Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids) | Q(unit__head_id__in=person_ids),
        document=document,
        acknowledged_at__isnull=True,
        resolution__deadline__isnull=True,
        resolution__urgency="",
    ).select_related("resolution__author")
    return list({row.resolution_id: row.resolution for row in rows}.values())


def _led_running(user, items: list[ControlItem]) -> set[int]:
    """The document's items on control, not yet reported, whose lead executor is the user (or whom they act for)."""
    return control_access.led_items(user, [item for item in items if item.status == ControlItem.Status.ON_CONTROL])


def _removable_items(user, items: list[ControlItem]) -> list[ControlItem]:
    running = [i for i in items if i.status in {ControlItem.Status.ON_CONTROL, ControlItem.Status.REPORTED}]
    proposable = control_access.removal_proposable(user, running)  # 003 §12.14: the controller or the dept head
    return [item for item in running if item.pk in proposable]


def available(
    user,
    document: Document,
    items: list[ControlItem] | None = None,
    resolutions: list[Resolution] | None = None,
) -> dict[str, Any]:
    """Names of the actions this user may take now (with what each needs), without building forms.

    items: the document's open control items (workflow.document_items), and resolutions: its
    document_resolutions(), when the caller has them already (the document page does).
    """
    found: dict[str, Any] = {}
    is_registrar = permissions.has_role(user, Role.REGISTRAR)
    items = workflow.document_items(document) if items is None else items
    if document.kind in workflow.RESOLVABLE_KINDS and document.status in workflow.RESOLVABLE_STATES:
        resolutions = document_resolutions(document) if resolutions is None else resolutions
        parents = _chain_parents(user, document, resolutions)
        if workflow.may_resolve(user, document) or parents:
            found["resolution"] = parents
        if is_registrar:
            found["paper_resolution"] = resolutions
    if document.kind in workflow.RESOLVABLE_KINDS:
        pending = _pending_acknowledgements(user, document)
        if pending:
            found["acknowledge"] = pending
        has_card = document.get_execution_card() is not None
        # one execution step (003 §9.23): the lead of an item on control reports there, and the report fills
        # the card; the card's own form stays for what no report fills (the registrar, a document off control)
        if (
            document.status == Document.Status.IN_WORK
            and not has_card
            and not _led_running(user, items)
            and workflow.may_fill_card(user, document)
        ):
            found["card"] = True
        if (
            document.kind == Document.Kind.INCOMING
            and document.answers_id
            and document.number
            and not has_card
            and workflow.may_accept_answer(user, document)
        ):
            found["accept_answer"] = True
    removable = _removable_items(user, items)
    if removable:
        found["removal"] = removable
    if document.kind in {Document.Kind.OUTGOING, Document.Kind.INTERNAL}:
        persons = {p.pk for p in permissions.principal_persons(user)}
        if document.status in outgoing.EDITABLE and document.author_id in persons:
            found["send_for_approval"] = True
        step = outgoing.current_step(document)
        if step is not None and step.approver_id in persons:
            found["visa"] = step
        if document.signer_id in persons and outgoing.ready_to_sign(document):
            found["sign"] = True
        if is_registrar and document.kind == Document.Kind.OUTGOING:
            if document.status == Document.Status.SIGNED:
                found["check"] = True
            elif document.status == Document.Status.REGISTERED:
                found["dispatch"] = True
    return found


def _build(name: str, request: HttpRequest, document: Document, extra: Any, data=None, files=None) -> list[Action]:
    """The Action(s) of one name: bound to the POST when given, else with their initial values."""
    user = request.user
    bound = {"data": data, "files": files} if data is not None else {}
    if name == "resolution":
        form = ResolutionForm(**bound, document=document, parents=extra, prefix="resolution")
        return [Action(name, gettext_lazy("Write a resolution"), _url("resolve", document), form, [Button(_("Issue"))])]
    if name == "paper_resolution":
        form = PaperResolutionForm(**bound, document=document, parents=extra, prefix="paper")
        return [
            Action(
                name,
                gettext_lazy("Enter a paper resolution"),
                _url("resolve_on_paper", document),
                form,
                [Button(_("Enter"))],
                note=gettext_lazy("The resolution written on paper, per resolution of the official named."),
            )
        ]
    if name == "acknowledge":
        actions = []
        for resolution in extra[:1] if data is not None else extra:
            form = AcknowledgeForm(**bound, document=document, prefix="ack", initial={"resolution": resolution.pk})
            actions.append(
                Action(
                    name,
                    gettext_lazy("For information"),
                    _url("acknowledge", document),
                    form,
                    [Button(_("Acknowledge"))],
                    note=str(resolution.author),
                    quote=resolution.text,
                )
            )
        return actions
    if name == "card":
        form = ExecutionCardForm(**bound, document=document, user=user, prefix="card")
        if data is None:
            person = getattr(user, "person", None)
            form.initial = {"executor": person.pk if person else None}
        return [
            Action(
                name,
                gettext_lazy("Fill in the execution card"),
                _url("execution_card", document),
                form,
                [Button(_("Fill in"))],
                note=gettext_lazy("Without the card the document is not executed (§9.23)."),
            )
        ]
    if name == "accept_answer":
        return [
            Action(
                name,
                gettext_lazy("Accept the answer to our request"),
                _url("accept_answer", document),
                AcceptAnswerForm(**bound, prefix="accept"),
                [Button(_("Accept the answer"))],
                note=document.answers.label if document.answers_id else "",
            )
        ]
    if name == "removal":
        actions = []
        for item in extra[:1] if data is not None else extra:
            form = RemovalForm(**bound, items=extra, prefix="removal", initial={"item": item.pk})
            actions.append(
                Action(
                    name,
                    gettext_lazy("Propose removal from control"),
                    _url("propose_removal", document),
                    form,
                    [Button(_("Propose removal"))],
                    note=f"№ {item.number} · {item.get_status_display()}",
                    quote=item.text,
                )
            )
        return actions
    if name == "send_for_approval":
        form = SendForApprovalForm(**bound, prefix="route")
        if data is None and document.author_id:
            form.initial = RouteMixin.route_initial(outgoing.default_route(document.author, signer=document.signer))
        return [
            Action(
                name,
                gettext_lazy("Send for approval"),
                _url("send_for_approval", document),
                form,
                [Button(_("Send for approval"))],
                note=gettext_lazy("Approvers in order; the default route can be changed."),
            )
        ]
    if name == "visa":
        form = VisaForm(**bound, prefix="visa")
        return [
            Action(
                name,
                gettext_lazy("Your visa"),
                reverse("akimat:visa_decide", args=[extra.pk]),
                form,
                [
                    Button(_("Agree"), form["decision"].html_name, "agree"),
                    Button(_("Return for rework"), form["decision"].html_name, "return", primary=False),
                ],
                visa=extra,
            )
        ]
    if name == "sign":
        return [
            Action(
                name,
                gettext_lazy("Sign"),
                _url("sign", document),
                SignForm(**bound, prefix="sign"),
                [Button(_("Sign"))],
            )
        ]
    if name == "check":
        return [
            Action(
                name,
                gettext_lazy("Check and register"),
                _url("check", document),
                CheckForm(**bound, prefix="check"),
                [Button(_("Check"))],
                note=gettext_lazy(
                    "Check the addressee and that every attachment listed is present; otherwise the letter "
                    "goes back to its author (§9.18)."
                ),
            )
        ]
    if name == "dispatch":
        form = DispatchForm(**bound, prefix="dispatch", initial={"date": timezone.localdate()})
        return [
            Action(
                name,
                gettext_lazy("Dispatch"),
                _url("dispatch", document),
                form,
                [Button(_("Dispatched"))],
                note=gettext_lazy("Only through the general department (§9.19)."),
            )
        ]
    raise ValueError(name)


ORDER = (
    "visa",
    "sign",
    "check",
    "dispatch",
    "resolution",
    "paper_resolution",
    "acknowledge",
    "card",
    "accept_answer",
    "removal",
    "send_for_approval",
)


def document_actions(request: HttpRequest, document: Document, resolutions: list[Resolution] | None = None) -> dict:
    """Context for templates/correspondence/_document_actions.html: the forms this user may use now."""
    items = workflow.document_items(document)
    found = available(request.user, document, items, resolutions)
    actions = [action for name in ORDER if name in found for action in _build(name, request, document, found[name])]
    result = WorkflowActions(document=document, actions=actions)
    result.items = items
    if _led_running(request.user, result.items):
        result.notes.append(
            _(
                "Report on execution on the instruction's page: the report fills in this document's execution "
                "card too (§9.23)."
            )
        )
        result.notes.append(
            _(
                "Not within your competence? Within 3 working days ask the author of the resolution for a "
                "redirect, with a memo, on the instruction's page (§9.10)."
            )
        )
    return {"workflow": result}


# --- the action views -------------------------------------------------------------------------------


def _render_action(request: HttpRequest, document: Document, actions: list[Action], status: int = 200) -> HttpResponse:
    return render(
        request,
        "correspondence/action_form.html",
        {
            "document": document,
            "workflow": WorkflowActions(document=document, actions=actions),
            "back_url": document.get_absolute_url(),
        },
        status=status,
    )


@submit_once
def _act(request: HttpRequest, pk: int, name: str, perform: Callable[[Document, forms.Form], str]) -> HttpResponse:
    """GET: the action's own page. POST: bind, call the service, back to the document with a message.

    An action this user may not take now is a 403 (the service checks again itself); a
    ValidationError re-renders the action with the errors and the values typed.
    """
    document = access.get_document_for_user(request.user, pk)
    found = available(request.user, document)
    if name not in found:
        raise PermissionDenied
    if request.method != "POST":
        return _render_action(request, document, _build(name, request, document, found[name]))
    # actions repeated per resolution or item share one form; the posted hidden key says which
    action = _build(name, request, document, found[name], data=request.POST, files=request.FILES)[0]
    if action.form.is_valid():
        try:
            message = perform(document, action.form)
        except ValidationError as error:
            add_service_errors(action.form, error)
        else:
            messages.success(request, message)
            return redirect(document.get_absolute_url())
    return _render_action(request, document, [action])


def _warn_of_short_term(request: HttpRequest, resolution: Resolution) -> None:
    """003 §12.6, §12.13 (issue #12 §2): a term too short for the intermediate dates is said after issuing
    too (the form warns while writing, with JavaScript); the dates were moved to the assignment day."""
    item = resolution.control_item
    if item is not None and deadlines.term_collapses(item.given_on, item.deadline):
        messages.warning(request, SHORT_TERM_WARNING)


@login_required
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(document: Document, form: forms.Form) -> str:
        data = form.cleaned_data
        resolution = workflow.issue_resolution(
            document,
            actor=request.user,
            text=data["text"],
            executors=data["executors"],
            lead_index=data["lead_index"],
            deadline=data["deadline"],
            urgency=data["urgency"],
            parent=data.get("parent"),
            for_information=data["for_information"],
        )
        _warn_of_short_term(request, resolution)
        return _("The resolution is issued.")

    return _act(request, pk, "resolution", perform)


@login_required
def resolve_on_paper(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(document: Document, form: forms.Form) -> str:
        data = form.cleaned_data
        resolution = workflow.issue_resolution(
            document,
            actor=request.user,
            text=data["text"],
            executors=data["executors"],
            lead_index=data["lead_index"],
            deadline=data["deadline"],
            urgency=data["urgency"],
            parent=data.get("parent"),
            on_paper_author=data["on_paper_author"],
            for_information=data["for_information"],
        )
        _warn_of_short_term(request, resolution)
        return _("The paper resolution is entered.")

    return _act(request, pk, "paper_resolution", perform)


@login_required
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(document: Document, form: forms.Form) -> str:
        workflow.acknowledge(form.cleaned_data["resolution"], actor=request.user)
        return _("You have acknowledged the resolution.")

    return _act(request, pk, "acknowledge", perform)


@login_required
def execution_card(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(document: Document, form: forms.Form) -> str:
        data = form.cleaned_data
        workflow.fill_execution_card(
            document,
            actor=request.user,
            result=data["result"],
            executor=data["executor"],
            answer_number=data["answer_number"],
            answer_date=data["answer_date"],
            answer=data["answer"],
        )
        return _("The execution card is filled in; the document is executed.")

    return _act(request, pk, "card", perform)


@login_required
def accept_answer(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(document: Document, form: forms.Form) -> str:
        reported = workflow.accept_answer(document, actor=request.user)
        if reported:
            return _("The answer is accepted; execution is reported on %(count)s instruction(s).") % {
                "count": len(reported)
            }
        return _("The answer is accepted.")

    return _act(request, pk, "accept_answer", perform)


@login_required
def propose_removal(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(document: Document, form: forms.Form) -> str:
        data = form.cleaned_data
        control_services.propose_removal(
            data["item"], actor=request.user, memo=data["memo"], ground=data["ground"], assessment=data["assessment"]
        )
        return _("Removal from control is proposed.")

    return _act(request, pk, "removal", perform)


@login_required
def send_for_approval(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(document: Document, form: forms.Form) -> str:
        outgoing.send_for_approval(document, actor=request.user, approvers=form.approvers())
        return _("The draft is sent for approval.")

    return _act(request, pk, "send_for_approval", perform)


@login_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(document: Document, form: forms.Form) -> str:
        document = outgoing.sign(document, actor=request.user)
        if document.number:
            return _("Signed and sent: memo № %(number)s.") % {"number": document.number}
        return _("Signed; the general department checks and registers it.")

    return _act(request, pk, "sign", perform)


@login_required
def check(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(document: Document, form: forms.Form) -> str:
        data = form.cleaned_data
        document = outgoing.check_and_register(
            document,
            actor=request.user,
            addressee_ok=data["addressee_ok"],
            attachments_ok=data["attachments_ok"],
            comment=data["comment"],
        )
        if document.status == Document.Status.REGISTERED:
            return _("Registered: № %(number)s.") % {"number": document.number}
        return _("The letter is returned to its author with the reasons.")

    return _act(request, pk, "check", perform)


@login_required
def dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(document: Document, form: forms.Form) -> str:
        data = form.cleaned_data
        outgoing.dispatch(document, actor=request.user, channel=data["channel"], date=data["date"])
        return _("Dispatched.")

    return _act(request, pk, "dispatch", perform)


# --- new drafts -------------------------------------------------------------------------------------


def _require_staff(user) -> None:
    if getattr(user, "person", None) is None or not permissions.roles_of(user):
        raise PermissionDenied


@login_required
@submit_once
def outgoing_new(request: HttpRequest) -> HttpResponse:
    """A new outgoing letter: recipients from the directory, files, signer, approval route (§9.18–9.22)."""
    _require_staff(request.user)
    person = request.user.person
    if request.method == "POST":
        form = OutgoingForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = _create_outgoing(request, form, data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(document.get_absolute_url())
    else:
        initial: dict[str, Any] = RouteMixin.route_initial(outgoing.default_route(person))
        initial.update(language="kk", attachments_listed=0, send=True)
        if (answers := request_values.id_from(request.GET, "answers")) is not None:
            incoming = access.visible_documents(request.user, Document.objects.incoming()).filter(pk=answers).first()
            if incoming is not None:
                initial.update(is_answer=True, answers=incoming.number, recipients=[incoming.correspondent_id])
        form = OutgoingForm(initial=initial, user=request.user)
    return render(request, "correspondence/outgoing_form.html", {"form": form})


def _create_outgoing(request: HttpRequest, form: OutgoingForm, data: dict) -> Document:
    with transaction.atomic():
        document = outgoing.create_outgoing(
            actor=request.user,
            recipients=list(data["recipients"]),
            summary=data["summary"],
            body=data["body"],
            files=data["files"],
            attachments_listed=data["attachments_listed"],
            answers=data["answers"],
            is_answer=data["is_answer"],
            signer=data["signer"],
            language=data["language"],
            is_dsp=data["is_dsp"],
        )
        if data["send"]:
            outgoing.send_for_approval(document, actor=request.user, approvers=form.approvers())
    messages.success(
        request,
        _("The draft is sent for approval.") if data["send"] else _("The draft is saved."),
    )
    return document


@login_required
@submit_once
def memo_new(request: HttpRequest) -> HttpResponse:
    """A new memo: addressee, text or files; keep, send for approval, or sign and send."""
    _require_staff(request.user)
    if request.method == "POST":
        form = MemoForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    document = outgoing.create_memo(
                        actor=request.user,
                        addressee=data["addressee"],
                        summary=data["summary"],
                        body=data["body"],
                        files=data["files"],
                        is_dsp=data["is_dsp"],
                    )
                    if data["action"] == "approval":
                        outgoing.send_for_approval(document, actor=request.user, approvers=form.approvers())
                    elif data["action"] == "send":
                        document = outgoing.sign(document, actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    {
                        "draft": _("The memo is saved as a draft."),
                        "approval": _("The memo is sent for approval."),
                        "send": _("The memo is signed and sent."),
                    }[data["action"]],
                )
                return redirect(document.get_absolute_url())
    else:
        form = MemoForm()
    return render(request, "correspondence/memo_form.html", {"form": form})


# --- my work ----------------------------------------------------------------------------------------


@dataclass
class Section:
    key: str
    title: Any
    documents: list[Document]


def _documents(queryset: QuerySet) -> list[Document]:
    """The first SECTION_LIMIT documents of a section of work_queries() (visible ones only), newest first."""
    newest = queryset.select_related("correspondent", "author", "addressee_person").order_by("-created_at", "-id")
    documents = list(newest[:SECTION_LIMIT])
    for document in documents:
        document.url = document.get_absolute_url()
    return documents


def work_queries(user) -> list[tuple[str, Any, QuerySet]]:
    """What waits for this user, as (key, title, documents they may see) — unevaluated, so that the home page
    counts the same sections (akimat/home.py) that "my work" lists."""
    person_ids = [p.pk for p in permissions.principal_persons(user)]
    unit_ids = [p.unit_id for p in permissions.principal_persons(user) if p.unit_id]
    docs = Document.objects.all()
    sections = [
        (
            "drafts",
            gettext_lazy("My drafts"),
            access.visible_documents(user, docs.filter(author_id__in=person_ids, status__in=outgoing.EDITABLE)),
        ),
        (
            "on_approval",
            gettext_lazy("My drafts on approval"),
            access.visible_documents(user, docs.filter(author_id__in=person_ids, status=Document.Status.ON_APPROVAL)),
        ),
        (
            "visas",
            gettext_lazy("Waiting for my visa"),
            access.visible_documents(
                user,
                docs.filter(
                    status=Document.Status.ON_APPROVAL,
                    pk__in=Visa.objects.filter(
                        subject_type=ContentType.objects.get_for_model(Document),
                        approver_id__in=person_ids,
                        decision=Visa.Decision.PENDING,
                        received_at__isnull=False,
                    ).values("subject_id"),
                ),
            ),
        ),
        (
            "to_sign",
            gettext_lazy("To sign"),
            access.visible_documents(
                user,
                docs.filter(signer_id__in=person_ids, status=Document.Status.ON_APPROVAL).exclude(
                    Exists(
                        Visa.objects.filter(
                            subject_type=ContentType.objects.get_for_model(Document),
                            subject_id=OuterRef("pk"),
                            decision=Visa.Decision.PENDING,
                        )
                    )
                ),
            ),
        ),
        (
            "to_resolve",
            gettext_lazy("For my resolution"),
            access.visible_documents(
                user,
                docs.filter(
                    status__in=[Document.Status.REGISTERED, Document.Status.ON_RESOLUTION],
                    pk__in=Delivery.objects.filter(person_id__in=person_ids, is_copy=False).values("document_id"),
                ),
            ),
        ),
        (
            "tasks",
            gettext_lazy("My tasks by resolution"),
            access.visible_documents(
                user,
                docs.filter(
                    status=Document.Status.IN_WORK,
                    pk__in=ResolutionExecutor.objects.filter(
                        Q(person_id__in=person_ids) | Q(unit__head_id__in=person_ids)
                    ).values("document_id"),
                ),
            ),
        ),
        (
            "for_information",
            gettext_lazy("For information, not yet acknowledged"),
            access.visible_documents(
                user,
                docs.filter(
                    pk__in=ResolutionExecutor.objects.filter(
                        Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids) | Q(unit__head_id__in=person_ids),
                        acknowledged_at__isnull=True,
                        resolution__deadline__isnull=True,
                        resolution__urgency="",
                    ).values("document_id")
                ),
            ),
        ),
    ]
    if permissions.has_role(user, Role.REGISTRAR):
        sections += [
            (
                "to_check",
                gettext_lazy("To check and register"),
                access.visible_documents(user, docs.outgoing().filter(status=Document.Status.SIGNED)),
            ),
            (
                "to_dispatch",
                gettext_lazy("To dispatch"),
                access.visible_documents(user, docs.outgoing().filter(status=Document.Status.REGISTERED)),
            ),
        ]
    return sections


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """Drafts, visas, signatures, checks, resolutions and tasks waiting for this user (bounded queries)."""
    user = request.user
    person_ids = [p.pk for p in permissions.principal_persons(user)]
    sections = [Section(key, title, _documents(queryset)) for key, title, queryset in work_queries(user)]
    return render(
        request,
        "correspondence/my_work.html",
        {
            "sections": sections,
            "limit": SECTION_LIMIT,
            "can_draft": bool(person_ids) and bool(permissions.roles_of(user)),
        },
    )
