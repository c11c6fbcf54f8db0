"""Views of the module: Draft acts, approval and the registry of acts (SPEC §6)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The module's start page: what it is for and what exists so far."""
    return render(request, "acts/index.html")
