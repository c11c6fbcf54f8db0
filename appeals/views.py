"""Views of the module: Citizen appeals and personal reception (SPEC §8)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The module's start page: what it is for and what exists so far."""
    return render(request, "appeals/index.html")
