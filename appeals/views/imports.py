"""Importing appeals from an XLSX export of e-Otinish (issue #15 §1): the file, then a line per row — registered
with its number, skipped as already registered, or refused with its reason (nothing of that row is written)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from akimat.forms import add_service_errors
from akimat.submissions import submit_once
from appeals import imports, services
from appeals.views.journal import module_nav


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX file exported from e-Otinish"))


@login_required
@submit_once
def import_page(request: HttpRequest) -> HttpResponse:
    if not services.may_register(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    results = None
    if request.method == "POST" and form.is_valid():
        try:
            results = imports.import_appeals(form.cleaned_data["file"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "form": form,
        "results": results,
        "registered": sum(1 for r in results or [] if r.appeal),
        "refused": sum(1 for r in results or [] if r.error and not r.skipped),
        "columns": imports.COLUMNS,
        "nav": module_nav("import", request.user),
    }
    return render(request, "appeals/import.html", context)
