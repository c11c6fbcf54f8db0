"""Base layout, home, profile, language switch and sign-in throttling (SPEC §2, §9)."""

import datetime
import re
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from akimat.login_throttle import LoginThrottle
from akimat.models import ActingDuty, Notification, Person
from tests.factories import make_person

MODULES = ["correspondence", "control", "meetings", "acts", "appeals"]
PAGES = ["home", "profile", *[f"{module}:index" for module in MODULES]]
PERSONAS = [
    "registrar",
    "akim",
    "deputy",
    "head_of_apparatus",
    "department_head",
    "executor",
    "auditor",
    "outsider",
]


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]*)"', response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


@pytest.fixture
def throttle_reset():
    """Forget failed sign-ins of the test's usernames before and after (the cache is real Redis)."""
    used: list[LoginThrottle] = []

    def reset(username: str, address: str = "127.0.0.1") -> LoginThrottle:
        throttle = LoginThrottle(username, address)
        throttle.reset()
        used.append(throttle)
        return throttle

    yield reset
    for throttle in used:
        throttle.reset()


# --- every page requires a signed-in user --------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitor_is_sent_to_the_login_page(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_for_every_persona(db, client, request, persona, page):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(page))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<main" in content and 'id="main"' in content
    assert 'aria-label="Main navigation"' in content


@pytest.mark.parametrize("page", PAGES)
def test_pages_render_for_a_technical_account_without_a_person(client, db, page):
    admin = User.objects.create_superuser("root", "root@example.kz", "pass")
    client.force_login(admin)
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert "root" in response.content.decode()


# --- layout ---------------------------------------------------------------------------------------


def test_layout_has_landmarks_language_switch_bell_and_a_post_logout(client, executor):
    client.force_login(executor)
    content = client.get(reverse("home")).content.decode()
    assert '<html lang="en"' in content
    assert 'class="skip-link" href="#main"' in content
    assert "<header" in content and "<footer" in content and "<nav" in content
    assert f'action="{reverse("set_language")}"' in content
    assert 'name="language" value="kk"' in content
    assert 'value="en" lang="en" title="English"\n              aria-pressed="true"' in content
    assert re.search(r'<form method="post" action="/accounts/logout/"', content)
    assert f'href="{reverse("notifications")}"' in content
    assert "Executor" in content  # the user's name in the header


@pytest.mark.parametrize("module", MODULES)
def test_navigation_marks_the_current_module(client, executor, module):
    client.force_login(executor)
    content = client.get(reverse(f"{module}:index")).content.decode()
    assert f'<a href="{reverse(f"{module}:index")}" aria-current="page">' in content
    assert content.count('aria-current="page"') == 1


def test_administration_link_is_shown_to_staff_only(client, executor):
    client.force_login(executor)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    executor.is_staff = True
    executor.save(update_fields=["is_staff"])
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_the_bell_shows_the_unread_count(client, executor, registrar):
    for index in range(3):
        Notification.objects.create(recipient=executor, kind="test", key=str(index), language="en", title="t")
    Notification.objects.create(
        recipient=executor, kind="test", key="read", language="en", title="t", read_at=timezone.now()
    )
    Notification.objects.create(recipient=registrar, kind="test", key="other", language="en", title="t")
    client.force_login(executor)
    content = client.get(reverse("control:index")).content.decode()
    assert '<span class="bell-count" data-unread="3">3</span>' in content
    assert "has-unread" in content


def test_the_bell_shows_zero_without_unread_notifications(client, executor):
    client.force_login(executor)
    content = client.get(reverse("home")).content.decode()
    assert '<span class="bell-count" data-unread="0">0</span>' in content
    assert "has-unread" not in content


def test_messages_are_shown_in_the_layout():
    messages = [Message(constants.SUCCESS, "Document registered"), Message(constants.ERROR, "Not allowed")]
    html = render_to_string("akimat/_messages.html", {"messages": messages})
    assert 'role="status"' in html
    assert '<div class="message message-success">Document registered</div>' in html
    assert '<div class="message message-error">Not allowed</div>' in html


# --- logout ---------------------------------------------------------------------------------------


def test_logout_needs_a_post(client, executor):
    client.force_login(executor)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200  # still signed in

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "You have signed out." in client.get(response["Location"]).content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_signed_in_user_opening_the_login_page_goes_home_not_to_next(client, executor):
    client.force_login(executor)
    response = client.get(reverse("login"), {"next": reverse("control:index")})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


# --- home -----------------------------------------------------------------------------------------


def test_home_greets_the_person_with_roles_duties_and_unread_count(client, executor, department_head):
    today = timezone.localdate()
    boss = department_head.person
    ActingDuty.objects.create(
        acting=executor.person, absent=boss, starts_on=today - datetime.timedelta(days=2), ends_on=today
    )
    someone = make_person("colleague", full_name="Aigerim Sapar")
    ActingDuty.objects.create(
        acting=someone, absent=executor.person, starts_on=today, ends_on=today + datetime.timedelta(days=10)
    )
    # a finished and a future duty are not "in force"
    ActingDuty.objects.create(
        acting=executor.person,
        absent=someone,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=20),
    )
    Notification.objects.create(recipient=executor, kind="test", key="1", language="en", title="t")

    client.force_login(executor)
    content = client.get(reverse("home")).content.decode()

    assert "Welcome, Executor" in content
    assert '<li class="chip">executor</li>' in content
    assert f"You act for <strong>Department Head</strong> from {today - datetime.timedelta(days=2):%d.%m.%Y}" in content
    assert f"to {today:%d.%m.%Y}." in content
    assert "<strong>Aigerim Sapar</strong> acts for you" in content
    assert f"to {today + datetime.timedelta(days=10):%d.%m.%Y}" in content
    assert content.count('class="duty ') == 2
    assert '<span class="stat-number" data-testid="home-unread">1</span>' in content
    for module in MODULES:
        assert f'class="module-card" href="{reverse(f"{module}:index")}"' in content
    assert f'class="module-card" href="{reverse("calendar")}"' in content


def test_home_says_when_there_are_no_duties_or_roles(client, outsider):
    client.force_login(outsider)
    content = client.get(reverse("home")).content.decode()
    assert "No acting duties are in force today." in content
    assert "No role in the apparatus is assigned to you." in content


@pytest.mark.parametrize("rows", [1, 50])
def test_home_runs_a_bounded_number_of_queries(client, executor, django_assert_max_num_queries, rows):
    today = timezone.localdate()
    for index in range(rows):
        other = make_person(f"absent{index}")
        ActingDuty.objects.create(acting=executor.person, absent=other, starts_on=today, ends_on=today)
        Notification.objects.create(recipient=executor, kind="test", key=str(index), language="en", title="t")
    client.force_login(executor)
    # session, user, person, unit, roles, acting duties, unread count (7); the panels of one's work (issue #12
    # §7, akimat/home.py): the principals' roles, units and controlling unit (5, however many), the profile and
    # the calendar read once (3), the list filter's choices on a cold cache (4), the counts and rows of the
    # executor's instructions and drafts (9); the acts panels (issue #13 §6): the user's units and their functions,
    # the acts' content type on a cold cache, the drafts returned to them (4-5) — the same with 1 and with 50
    # duties and notifications
    with django_assert_max_num_queries(34):
        response = client.get(reverse("home"))
    assert response.content.decode().count('class="duty ') == rows


# --- profile --------------------------------------------------------------------------------------


def test_profile_shows_ones_own_details_roles_and_duties(client, executor, department_head):
    person = executor.person
    person.phone = "+7 725 000 00 00"
    person.save(update_fields=["phone"])
    today = timezone.localdate()
    ActingDuty.objects.create(
        acting=person,
        absent=department_head.person,
        starts_on=today + datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=9),
        order_reference="№ 12-ж",
    )
    client.force_login(executor)
    content = client.get(reverse("profile")).content.decode()
    assert "Executor" in content
    assert "executor@example.kz" in content
    assert "+7 725 000 00 00" in content
    assert "Finance department" in content
    assert '<strong data-testid="preferred-language">English</strong>' in content
    assert '<li class="chip">executor</li>' in content
    assert "scheduled" in content and "№ 12-ж" in content
    assert "Department Head</strong> from" in content


def test_profile_has_no_way_to_open_someone_elses_profile(client, executor, registrar):
    client.force_login(executor)
    response = client.get(reverse("profile"), {"user": registrar.pk, "pk": registrar.pk})
    content = response.content.decode()
    assert "registrar@example.kz" not in content
    assert "executor@example.kz" in content


# --- language switch ------------------------------------------------------------------------------


def test_switching_the_language_stores_it_in_the_profile(client, executor):
    client.force_login(executor)
    response = client.post(reverse("set_language"), {"language": "kk", "next": reverse("control:index")})
    assert response.status_code == 302
    assert response["Location"] == reverse("control:index")
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "kk"
    assert Person.objects.get(user=executor).preferred_language == "kk"

    page = client.get(response["Location"])
    assert html_lang(page) == "kk"
    assert 'value="kk" lang="kk" title="Қазақша"\n              aria-pressed="true"' in page.content.decode()


def test_the_profile_language_follows_the_person_to_another_browser(client, executor):
    client.force_login(executor)
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})

    other_browser = Client(headers={"accept-language": "en"})
    other_browser.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    other_browser.force_login(executor)
    assert html_lang(other_browser.get(reverse("home"))) == "ru"


def test_an_unknown_language_is_refused_and_changes_nothing(client, executor):
    client.force_login(executor)
    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert response.status_code == 400
    assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert Person.objects.get(user=executor).preferred_language == "en"


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/path", "javascript:alert(1)"])
def test_an_unsafe_next_address_leads_home(client, executor, unsafe):
    client.force_login(executor)
    response = client.post(reverse("set_language"), {"language": "ru", "next": unsafe})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert Person.objects.get(user=executor).preferred_language == "ru"


def test_switching_the_language_needs_a_post_with_a_csrf_token(executor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(executor)
    assert strict.get(reverse("set_language"), {"language": "kk"}).status_code == 405
    assert strict.post(reverse("set_language"), {"language": "kk"}).status_code == 403
    assert Person.objects.get(user=executor).preferred_language == "en"


def test_an_anonymous_visitor_switches_the_login_page_by_cookie(client, db):
    login = client.get(reverse("login"))
    assert 'data-testid="language-switch"' in login.content.decode()

    response = client.post(reverse("set_language"), {"language": "kk", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert html_lang(client.get(reverse("login"))) == "kk"


# --- sign-in and throttling -----------------------------------------------------------------------


def test_the_login_page_signs_a_person_in(client, executor, throttle_reset):
    throttle_reset("executor")
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.content.decode()

    response = client.post(reverse("login"), {"username": "executor", "password": "pass"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("login"))["Location"] == reverse("home")  # already signed in


def test_login_is_throttled_after_repeated_failures(client, executor, settings, throttle_reset):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600
    throttle_reset("executor")

    # given three wrong passwords
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "executor", "password": "wrong"})
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()

    # when the right password comes next, it is refused without being checked
    response = client.post(reverse("login"), {"username": " EXECUTOR", "password": "pass"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Too many failed sign-in attempts" in content
    assert "blocked for 10 more minutes" in content
    assert client.get(reverse("home")).status_code == 302

    # the same username from another address is not locked
    elsewhere = Client(REMOTE_ADDR="10.0.0.7")
    throttle_reset("executor", "10.0.0.7")
    assert elsewhere.post(reverse("login"), {"username": "executor", "password": "pass"}).status_code == 302


def test_login_opens_again_when_the_window_has_passed(client, executor, settings, throttle_reset):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 1
    throttle_reset("executor")
    for _ in range(2):
        client.post(reverse("login"), {"username": "executor", "password": "wrong"})
    assert (
        "Too many failed"
        in client.post(reverse("login"), {"username": "executor", "password": "pass"}).content.decode()
    )

    time.sleep(1.2)  # Redis expires the counter with the window
    assert client.post(reverse("login"), {"username": "executor", "password": "pass"}).status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, executor, settings, throttle_reset):
    settings.LOGIN_FAILURE_LIMIT = 3
    throttle = throttle_reset("executor")
    for _ in range(2):
        client.post(reverse("login"), {"username": "executor", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "executor", "password": "pass"}).status_code == 302
    assert not throttle.is_locked()
    from django.core.cache import cache

    assert cache.get(throttle.count_key) is None
