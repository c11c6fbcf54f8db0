"""A page that is only read computes all its dates on one working-day calendar (akimat.middleware)."""

import datetime

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from akimat import workdays
from akimat.middleware import WorkCalendarMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def version_reads(monkeypatch):
    reads = []
    real = workdays._current_version

    def counting():
        reads.append(1)
        return real()

    monkeypatch.setattr(workdays, "_current_version", counting)
    return reads


def _view(request):
    for days in range(40):  # a document page's term buttons, report dates and lights
        workdays.add_working_days(datetime.date(2026, 3, 16), days)
    return HttpResponse("ok")


def test_a_page_read_checks_the_calendar_version_once(version_reads):
    response = WorkCalendarMiddleware(_view)(RequestFactory().get("/"))

    assert response.status_code == 200
    assert len(version_reads) == 1
    assert workdays._first_use.get() is None  # the pin ends with the request


def test_a_page_computing_no_date_reads_no_calendar(version_reads, django_assert_num_queries):
    with django_assert_num_queries(0):
        WorkCalendarMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/"))

    assert version_reads == []


def test_a_request_that_writes_is_not_pinned_so_a_calendar_change_applies_at_once(version_reads):
    WorkCalendarMiddleware(_view)(RequestFactory().post("/"))

    assert len(version_reads) == 40


def test_the_project_runs_every_request_through_it():
    assert "akimat.middleware.WorkCalendarMiddleware" in settings.MIDDLEWARE
