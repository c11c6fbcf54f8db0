"""A form refused by the CSRF check gets a page inside the layout, in the user's language, with a way back
(issue #12 point 4; CSRF_FAILURE_VIEW = akimat.views.errors.csrf_failure)."""

import pytest
from django.urls import reverse

from tests.akimat.test_error_pages import assert_in_layout, signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_form_refused_by_the_csrf_check_says_so_in_the_layout(executor, language):
    client = signed_in(executor, language)
    client.handler.enforce_csrf_checks = True

    response = client.post(reverse("notifications_read_all"))

    assert response.status_code == 403
    assert_in_layout(response, language)
