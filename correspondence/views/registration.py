"""Registration of incoming mail, the registrar's queue, returns, the correspondent directory (003 §9.9–9.15).

Every change goes through correspondence/services/registration.py; a view binds a form, calls the
service and puts its ValidationErrors back next to the fields with everything typed kept. The
registrar's screens are closed to everyone else (403); a document outside the user's sight is a 404.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.postgres.search import TrigramSimilarity
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from akimat import permissions, request_values, workdays
from akimat.exports import CSV, XLSX
from akimat.roles import Role
from akimat.submissions import submit_once
from correspondence import access
from correspondence.forms_registration import (
    ImportForm,
    RegistrationForm,
    ReturnForm,
    apply_service_errors,
)
from correspondence.models import Correspondent, Document
from correspondence.resources import CorrespondentResource
from correspondence.services import registration as services

PAGE_SIZE = 50
SEARCH_LIMIT = 20
IMPORT_CACHE_SECONDS = 30 * 60
FORMATS = {"xlsx": XLSX, "csv": CSV}


def _require_registrar(user: Any) -> None:
    if not services.is_registrar(user):
        raise PermissionDenied


def _may_manage_directory(user: Any) -> bool:
    return services.is_registrar(user) or user.is_staff


def _window() -> dict[str, Any]:
    start, cutoff = services.registration_window()
    return {"window_start": start, "window_cutoff": cutoff}


# --- registration -----------------------------------------------------------------------------------


@login_required
@submit_once
def register(request: HttpRequest) -> HttpResponse:
    """The registration form: register a letter now, or queue it for the next working day (§9.10)."""
    _require_registrar(request.user)
    refusals: list[services.Refusal] = []
    duplicates: list[Document] = []
    if request.method == "POST":
        form = RegistrationForm(request.POST, request.FILES)
        valid = form.is_valid()
        # read before the service's errors are added: add_error() drops the field from cleaned_data
        refusals = _refusals_of(form)
        if valid:
            try:
                document = services.receive_incoming(actor=request.user, **form.service_kwargs())
            except services.LikelyDuplicate as error:
                # issue #12 §5: shown with a "register anyway" box; everything typed is kept
                duplicates = error.documents
                apply_service_errors(form, error)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                _announce(request, document)
                # the next letter of a batch usually came the same way and in the same language
                keep = {"channel": document.channel, "language": document.language}
                return redirect(f"{reverse('correspondence:register')}?{urlencode(keep)}")
        if request.FILES:
            messages.warning(request, _("Nothing was saved. Choose the files again: a browser cannot keep them."))
        status = 200
    else:
        initial = {
            key: request.GET[key]
            for key in ("channel", "language")
            if request.GET.get(key) in dict(RegistrationForm.base_fields[key].choices)
        }
        form = RegistrationForm(initial=initial)
        status = 200
    context = {
        "form": form,
        "next_number": services.preview_number(),
        "refusals": refusals,
        "duplicates": duplicates,
        "return_url": _return_url(form, refusals) if refusals else "",
        "queue_count": services.queue_for(request.user).count(),
        **_window(),
    }
    return render(request, "correspondence/register.html", context, status=status)


def _announce(request: HttpRequest, document: Document) -> None:
    if document.number:
        delivered_to = ", ".join(str(d.person) for d in document.deliveries.select_related("person"))
        messages.success(
            request,
            _("Registered № %(number)s of %(date)s. Sent to: %(to)s.")
            % {
                "number": document.number,
                "date": workdays.format_date(document.registered_on),
                "to": delivered_to or "—",
            },
        )
    else:
        messages.info(
            request,
            _("Received. It will be registered on %(date)s, first in the morning (§9.10).")
            % {"date": workdays.format_date(document.registration_due)},
        )


def _refusals_of(form: RegistrationForm) -> list[services.Refusal]:
    """The §9.9/§9.14/§9.15 reasons in what was typed: they offer a return without registration."""
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    return services.refusals(
        correspondent=data.get("correspondent_obj"),
        addressee=data.get("addressee", ""),
        signatory_is_first_head=data.get("signatory_is_first_head", True),
        signatory_is_acting=data.get("signatory_is_acting", False),
        acting_order_attached=data.get("acting_order_attached", False),
        is_financing=data.get("is_financing", False),
        financing_prior_work=data.get("financing_prior_work", False),
    )


def _return_url(form: RegistrationForm, refusals: list[services.Refusal]) -> str:
    """The return form filled with the letter and the reasons: one more Enter records the return."""
    raw = form.data
    params = {
        "correspondent_name": raw.get("correspondent_name", ""),
        "correspondent": raw.get("correspondent", ""),
        "their_number": raw.get("their_number", ""),
        "their_date": raw.get("their_date", ""),
        "received_at": raw.get("received_at", ""),
        "channel": raw.get("channel", ""),
        "summary": raw.get("summary", ""),
        "reason": " ".join(r.message for r in refusals),
        "norm": ", ".join(dict.fromkeys(r.norm for r in refusals)),
    }
    return f"{reverse('correspondence:return')}?{urlencode({k: v for k, v in params.items() if v})}"


@login_required
@require_GET
def correspondent_search(request: HttpRequest) -> JsonResponse:
    """Up to 20 correspondents whose name, short name or whole BIN/IIN matches what is typed (the autocomplete)."""
    if not permissions.roles_of(request.user) and not request.user.is_staff:
        raise PermissionDenied
    query = request_values.text_from(request.GET, "q", max_length=100)
    if len(query) < 2:
        return JsonResponse({"results": []})
    matches = (
        Correspondent.objects.filter(is_active=True)
        .matching(query, similar_names=True)  # a BIN/IIN only by all its 12 digits
        .annotate(similarity=TrigramSimilarity("name", query))
        .order_by("-similarity", "name")[:SEARCH_LIMIT]
    )
    results = [
        {
            "id": c.pk,
            "name": c.name,
            "short_name": c.short_name,
            "kind": c.kind,
            "kind_label": c.get_kind_display(),
            # an individual's IIN is personal data: never sent to the browser
            "bin": c.bin_iin if c.kind != Correspondent.Kind.PERSON else "",
        }
        for c in matches
    ]
    return JsonResponse({"results": results})


# --- the registrar's queue ------------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Letters waiting for registration today, those received after the cutoff first (§9.10)."""
    _require_registrar(request.user)
    today = workdays.today()
    context = {
        "due": list(services.queue_for(request.user, on=today)),
        "waiting": list(services.waiting_for(request.user, on=today)[:PAGE_SIZE]),
        "today": today,
        **_window(),
    }
    return render(request, "correspondence/queue.html", context)


@login_required
@require_POST
@submit_once
def register_received(request: HttpRequest, pk: int) -> HttpResponse:
    """Register one letter of the queue."""
    _require_registrar(request.user)
    document = access.get_document_for_user(request.user, pk)
    try:
        document = services.register_received(document, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _announce(request, document)
    return redirect("correspondence:queue")


@login_required
@require_POST
def mark_received(request: HttpRequest, pk: int) -> HttpResponse:
    """The addressee confirms they received a document routed to them (e.g. the paper original)."""
    document = access.get_document_for_user(request.user, pk)
    if services.mark_received(document, request.user):
        messages.success(request, _("Receipt confirmed."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("correspondence:index")


# --- returns without registration (§9.10, §9.12) --------------------------------------------------------


@login_required
@submit_once
def return_form(request: HttpRequest) -> HttpResponse:
    """Record a letter returned without registration; the registration form pre-fills it on refusal."""
    _require_registrar(request.user)
    if request.method == "POST":
        form = ReturnForm(request.POST)
        if form.is_valid():
            try:
                returned = services.return_unregistered(actor=request.user, **form.service_kwargs())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Returned without registration to %(sender)s (%(norm)s).")
                    % {"sender": returned.sender_name, "norm": returned.norm},
                )
                if returned.late:  # 003 §9.10: the same day
                    messages.warning(
                        request,
                        _("Returned late: mail is returned on the day it is received (§9.10), here by %(date)s.")
                        % {"date": workdays.format_date(services.return_due(returned.received_at))},
                    )
                return redirect("correspondence:returns")
    else:
        fields = ReturnForm.base_fields
        initial = {key: value for key, value in request.GET.items() if key in fields and value}
        form = ReturnForm(initial=initial)
    return render(request, "correspondence/return_form.html", {"form": form})


@login_required
def returns(request: HttpRequest) -> HttpResponse:
    """The returns journal of one day (today by default)."""
    # the registrars, and those who read every document (the controlling unit, the leadership, auditors)
    if not (permissions.has_role(request.user, Role.REGISTRAR) or access.sees_every_document(request.user)):
        raise PermissionDenied
    day = request_values.date_from(request.GET, "on") or workdays.today()
    page = Paginator(services.returns_on(day), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = services.mark_late_returns(page.object_list)  # 003 §9.10: returned the same day or late
    context = {
        "page": page,
        "day": day,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1),
        "can_return": services.is_registrar(request.user),
    }
    return render(request, "correspondence/returns.html", context)


# --- the correspondent directory ----------------------------------------------------------------------


def _directory(request: HttpRequest):
    query = request_values.text_from(request.GET, "q")
    queryset = Correspondent.objects.order_by("name", "pk")
    if query:
        queryset = queryset.matching(query)  # a BIN/IIN only by all its 12 digits
    kind = request.GET.get("kind", "")
    if kind in Correspondent.Kind.values:
        queryset = queryset.filter(kind=kind)
    return queryset, query, kind


@login_required
def correspondents(request: HttpRequest) -> HttpResponse:
    """The directory: search, export (XLSX/CSV) and a link to import."""
    if not _may_manage_directory(request.user):
        raise PermissionDenied
    queryset, query, kind = _directory(request)
    export = request.GET.get("export", "")
    if export in FORMATS:
        return _export(queryset, export)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "kind": kind, "kinds": Correspondent.Kind.choices}
    return render(request, "correspondence/correspondents.html", context)


def _export(queryset, name: str) -> HttpResponse:
    file_format = FORMATS[name]()
    dataset = CorrespondentResource().export(queryset=queryset)
    response = HttpResponse(file_format.export_data(dataset), content_type=file_format.get_content_type())
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="correspondents-{stamp}.{file_format.get_extension()}"'
    return response


@login_required
@submit_once
def correspondents_import(request: HttpRequest) -> HttpResponse:
    """Import the directory: a dry run shows every row with its errors; only a clean file can be confirmed."""
    if not _may_manage_directory(request.user):
        raise PermissionDenied
    context: dict[str, Any] = {"form": ImportForm()}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        stored = cache.get(_import_key(request, request.POST.get("token", "")))
        if stored is None:
            messages.error(request, _("The preview has expired. Choose the file again."))
            return redirect("correspondence:correspondents_import")
        name, content = stored
        result = _run_import(name, content, dry_run=False)
        if result is None or result.has_errors() or result.has_validation_errors():
            messages.error(request, _("The file has errors; nothing was imported."))
            context.update(_preview_context(result, name))
        else:
            cache.delete(_import_key(request, request.POST.get("token", "")))
            totals = result.totals
            messages.success(
                request,
                _("Imported: %(new)d new, %(updated)d updated, %(skipped)d unchanged.")
                % {"new": totals["new"], "updated": totals["update"], "skipped": totals["skip"]},
            )
            return redirect("correspondence:correspondents")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            result = _run_import(upload.name, content, dry_run=True)
            context.update(_preview_context(result, upload.name))
            if result is not None and not (result.has_errors() or result.has_validation_errors()):
                token = secrets.token_urlsafe(16)
                cache.set(_import_key(request, token), (upload.name, content), IMPORT_CACHE_SECONDS)
                context["token"] = token
    return render(request, "correspondence/correspondents_import.html", context)


def _import_key(request: HttpRequest, token: str) -> str:
    # bound to the user: a token seen by someone else opens nothing
    return f"correspondence:import:{request.user.pk}:{token}"


def _run_import(name: str, content: bytes, *, dry_run: bool):
    """Import (or try) a file; None when it cannot be read at all."""
    extension = name.lower().rsplit(".", 1)[-1]
    file_format = FORMATS.get(extension, CSV)()
    try:
        if extension == "csv":
            text = content.decode("utf-8-sig")
            dataset = file_format.create_dataset(text)
        else:
            dataset = file_format.create_dataset(content)
    except Exception:  # a broken or mislabelled file: tablib/openpyxl raise many kinds of errors
        return None
    return CorrespondentResource().import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )


def _preview_context(result, name: str) -> dict[str, Any]:
    """Rows for the preview table: the spreadsheet line, what happens to it, and its errors."""
    if result is None:
        return {"unreadable": True, "file_name": name}
    lines: dict[int, list[str]] = {}
    for row in result.invalid_rows:
        for field, field_errors in row.error_dict.items():
            label = "" if field == "__all__" else f"{field}: "
            lines.setdefault(row.number, []).extend(f"{label}{message}" for message in field_errors)
    for row in result.error_rows:
        lines.setdefault(row.number, []).extend(str(error.error) for error in row.errors)
    # the spreadsheet's line: the header is line 1, the first data row line 2
    rows = [{"line": number + 1, "errors": errors} for number, errors in sorted(lines.items())]
    return {
        "file_name": name,
        "result": result,
        "error_rows": rows,
        "base_errors": [str(error.error) for error in result.base_errors],
        "totals": result.totals,
        "total_rows": result.total_rows,
    }
