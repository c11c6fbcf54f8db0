"""The site's URLs plus views that fail on purpose, for tests/akimat/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path
from django.utils.translation import gettext as _

from akimat.urls import handler400, handler403, handler404, handler500  # noqa: F401 (Django reads them here)
from akimat.urls import urlpatterns as site


def refuse_with_a_reason(request):
    raise PermissionDenied(
        _("The control reports are open to the leadership of the apparatus, auditors and the general department.")
    )


def refuse(request):
    raise PermissionDenied


def bad_request(request):
    raise SuspiciousOperation("A request the server does not understand")


def crash(request):
    raise RuntimeError("A bug")


urlpatterns = [
    *site,
    path("test-errors/400/", bad_request),
    path("test-errors/403/", refuse),
    path("test-errors/403-reason/", refuse_with_a_reason),
    path("test-errors/500/", crash),
]
