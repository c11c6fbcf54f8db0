"""400, 403, 404, 500 and the CSRF refusal inside the layout, in the user's language, with a way back
(issue #12 point 4; akimat/views/errors.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from akimat.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.akimat.error_urls")]

# the layout's own words, already in the catalogue: the brand and the link home
LAYOUT = {"kk": ("Әкім аппараты", "Басты бет"), "ru": ("Аппарат акима", "Главная")}
PAGES = [("/test-errors/400/", 400), ("/test-errors/403/", 403), ("/no-such-page/", 404), ("/test-errors/500/", 500)]


def signed_in(user, language: str) -> Client:
    Person.objects.filter(user=user).update(preferred_language=language)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_in_layout(response, language: str) -> str:
    page = response.content.decode()
    brand, home = LAYOUT[language]
    assert f'<html lang="{language}"' in page
    assert 'class="site-header"' in page and 'id="main"' in page and 'class="site-footer"' in page
    assert brand in page and f">{home}</a>" in page
    assert "data-error-back" in page and "data-error-reason" in page
    return page


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize(("url", "status"), PAGES)
def test_each_error_page_is_inside_the_layout_in_the_users_language_with_a_way_back(
    executor, language, url, status, settings
):
    settings.DEBUG = False
    client = signed_in(executor, language)

    response = client.get(url, HTTP_REFERER="http://testserver/control/")

    assert response.status_code == status
    page = assert_in_layout(response, language)
    assert 'href="http://testserver/control/"' in page  # back where the user came from


def test_a_permission_refused_with_a_message_shows_the_message(executor):
    client = signed_in(executor, "en")

    response = client.get("/test-errors/403-reason/")

    assert response.status_code == 403
    assert "open to the leadership of the apparatus, auditors and the general department" in response.content.decode()


def test_the_reports_refused_to_an_executor_say_why_in_the_layout(executor):
    """issue #12 point 4: the weekly list answered a bare English 403."""
    client = signed_in(executor, "kk")

    response = client.get(reverse("control:control_reports:weekly_list"))

    assert response.status_code == 403
    assert_in_layout(response, "kk")


def test_a_404_neither_names_the_model_nor_differs_from_a_page_that_does_not_exist(executor, registrar):
    client = signed_in(executor, "en")
    hidden = client.get(reverse("correspondence:document", args=[999_999])).content.decode()
    missing = client.get("/no-such-page/").content.decode()

    assert "matches the given query" not in hidden
    assert hidden.count("data-error-reason") == missing.count("data-error-reason") == 1


def test_without_a_referer_the_way_back_is_the_home_page(executor):
    response = signed_in(executor, "kk").get("/no-such-page/")

    assert f'href="{reverse("home")}" data-error-back' in response.content.decode()


def test_another_sites_referer_is_not_offered_as_the_way_back(executor):
    response = signed_in(executor, "kk").get("/no-such-page/", HTTP_REFERER="https://evil.example/")

    assert "evil.example" not in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_an_anonymous_visitor_gets_the_404_in_the_layout_of_their_language(language):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)

    assert_in_layout(client.get("/no-such-page/"), language)


def failing_context_processor(request):
    raise RuntimeError("the database is down")


def test_the_500_page_renders_with_debug_off_when_the_database_and_context_processors_fail(executor, settings):
    """It renders without the request's context: a context processor failing (the database down) cannot break it,
    and a 404 page that fails to render that way becomes this 500 page."""
    settings.DEBUG = False
    client = signed_in(executor, "ru")
    engine = {**settings.TEMPLATES[0]}
    engine["OPTIONS"] = {
        **engine["OPTIONS"],
        "context_processors": [
            *engine["OPTIONS"]["context_processors"],
            "tests.akimat.test_error_pages.failing_context_processor",
        ],
    }
    settings.TEMPLATES = [engine]

    for url in ("/test-errors/500/", "/no-such-page/"):
        response = client.get(url)

        assert response.status_code == 500
        page = response.content.decode()
        assert '<html lang="ru"' in page and "Аппарат акима" in page and "data-error-back" in page
        assert "A bug" not in page and "database is down" not in page  # no traceback, no exception text


def test_the_500_page_falls_back_to_plain_text_when_its_template_fails(executor, settings, monkeypatch):
    settings.DEBUG = False
    client = signed_in(executor, "ru")

    def broken(*args, **kwargs):
        raise RuntimeError("templates are gone")

    monkeypatch.setattr("akimat.views.errors.loader.get_template", broken)
    response = client.get("/test-errors/500/")

    assert response.status_code == 500
    assert "Главная" in response.content.decode()
