"""One sign-in throttle for every way in, and sessions of a working day (issue #11 point 3)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY, authenticate
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from akimat.login_throttle import LOCKED_MESSAGE, LoginThrottle

ADMIN_LOGIN = "/admin/login/"
LOCKED = "Too many failed sign-in attempts"


@pytest.fixture
def throttles():
    """Forget failed sign-ins of the test's usernames before and after (the cache is real Redis)."""
    used: list[LoginThrottle] = []

    def forget(username: str, address: str = "127.0.0.1") -> LoginThrottle:
        throttle = LoginThrottle(username, address)
        throttle.reset()
        used.append(throttle)
        return throttle

    yield forget
    for throttle in used:
        throttle.reset()


def admin_sign_in(client: Client, password: str, username: str = "admin"):
    return client.post(ADMIN_LOGIN, {"username": username, "password": password, "next": "/admin/"})


def site_sign_in(client: Client, password: str, username: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


# --- the throttle -----------------------------------------------------------------------------------


def test_issue11_p3_admin_login_refuses_the_right_password_after_eight_wrong_ones(client, admin_user, throttles):
    throttles("admin")

    # given eight wrong passwords at the admin's login page (the limit is five)
    for _ in range(8):
        response = admin_sign_in(client, "wrong")
        assert response.status_code == 200

    # when the right one follows, it is refused with the throttle's message
    response = admin_sign_in(client, "password")
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_issue11_p3_admin_failures_count_toward_the_site_login_limit(client, admin_user, settings, throttles):
    settings.LOGIN_FAILURE_LIMIT = 4
    throttles("admin")

    # given two failures at the admin and two at the site: four in all, the limit
    for _ in range(2):
        admin_sign_in(client, "wrong")
    for _ in range(2):
        assert LOCKED not in site_sign_in(client, "wrong", "admin").content.decode()

    # then both doors are locked for the right password
    site = site_sign_in(client, "password", "admin")
    admin = admin_sign_in(client, "password")
    assert LOCKED in site.content.decode() and LOCKED in admin.content.decode()
    assert not signed_in(client)


def test_issue11_p3_site_failures_lock_the_admin_login(client, admin_user, settings, throttles):
    settings.LOGIN_FAILURE_LIMIT = 3
    throttles("admin")
    for _ in range(3):
        site_sign_in(client, "wrong", "admin")

    response = admin_sign_in(client, "password")

    assert LOCKED in response.content.decode()
    assert not signed_in(client)


def test_issue11_p3_both_forms_give_the_same_translated_lockout_message(client, admin_user, settings, throttles):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600
    throttles("admin")
    for _ in range(2):
        admin_sign_in(client, "wrong")

    for language in ("kk", "ru", "en"):
        with translation.override(language):
            expected = LOCKED_MESSAGE % {"minutes": 10}
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        site = client.post(reverse("login"), {"username": "admin", "password": "password"}, **headers)
        admin = client.post(ADMIN_LOGIN, {"username": "admin", "password": "password"}, **headers)
        assert site.context["form"].non_field_errors() == [expected], language
        assert admin.context["form"].non_field_errors() == [expected], language
    with translation.override("ru"):
        assert LOCKED not in LOCKED_MESSAGE % {"minutes": 10}  # translated, not the English text


def test_issue11_p3_authenticate_itself_refuses_a_locked_username(admin_user, settings, throttles):
    """Any other way in calls django.contrib.auth.authenticate(): the backend refuses there, and counts there."""
    settings.LOGIN_FAILURE_LIMIT = 3
    throttle = throttles("admin")
    request = RequestFactory().post("/elsewhere/")  # REMOTE_ADDR 127.0.0.1, as the test client's

    for _ in range(3):
        assert authenticate(request, username="admin", password="wrong") is None
    assert throttle.is_locked()

    assert authenticate(request, username="admin", password="password") is None
    # another address is another bucket
    elsewhere = RequestFactory().post("/elsewhere/", REMOTE_ADDR="10.0.0.9")
    throttles("admin", "10.0.0.9")
    assert authenticate(elsewhere, username="admin", password="password") == admin_user


def test_issue11_p3_a_locked_username_is_refused_without_checking_the_password(admin_user, settings, throttles):
    settings.LOGIN_FAILURE_LIMIT = 1
    throttles("admin")
    request = RequestFactory().post(ADMIN_LOGIN)
    authenticate(request, username="admin", password="wrong")
    checked: list[str] = []
    original = type(admin_user).check_password
    type(admin_user).check_password = lambda user, raw: checked.append(raw) or original(user, raw)
    try:
        assert authenticate(request, username="admin", password="password") is None
    finally:
        type(admin_user).check_password = original
    assert checked == []


def test_issue11_p3_a_successful_admin_sign_in_forgets_earlier_failures(client, admin_user, settings, throttles):
    settings.LOGIN_FAILURE_LIMIT = 3
    throttle = throttles("admin")
    for _ in range(2):
        admin_sign_in(client, "wrong")

    response = admin_sign_in(client, "password")

    assert response.status_code == 302 and signed_in(client)
    assert not throttle.is_locked()
    from django.core.cache import cache

    assert cache.get(throttle.count_key) is None


def test_issue11_p3_the_throttled_backend_comes_first():
    # PermissionDenied from the first backend stops authenticate() before any other backend is asked
    assert django_settings.AUTHENTICATION_BACKENDS[0] == "akimat.login_throttle.ThrottledModelBackend"
    assert "django.contrib.auth.backends.ModelBackend" not in django_settings.AUTHENTICATION_BACKENDS


# --- sessions ---------------------------------------------------------------------------------------


def test_issue11_p3_a_session_lasts_a_working_day_and_ends_with_the_browser(client, executor, throttles):
    throttles("executor")

    response = site_sign_in(client, "pass", "executor")

    assert response.status_code == 302
    assert django_settings.SESSION_COOKIE_AGE == 9 * 3600
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    session = client.session
    assert session.get_expire_at_browser_close() is True
    assert session.get_expiry_age() == 9 * 3600  # and the server forgets it after the working day


def _settings_in_a_new_process(**env: str) -> subprocess.CompletedProcess:
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "akimat.settings",
        "DATABASE_URL": django_settings.DATABASE_URL,
        "REDIS_URL": django_settings.REDIS_URL,
        **env,
    }
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=django_settings.BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_issue11_p3_the_session_lifetime_is_read_from_the_environment():
    assert _settings_in_a_new_process(SESSION_COOKIE_AGE="3600").stdout.strip() == "3600"

    bad = _settings_in_a_new_process(SESSION_COOKIE_AGE="a day")

    assert bad.returncode != 0
    assert "SESSION_COOKIE_AGE must be a whole number" in bad.stderr


# --- issue #12 §7: the language chosen on the login page --------------------------------------------


def page_language(client: Client) -> str:
    html = client.get(reverse("home")).content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def choose_language(client: Client, language: str) -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": reverse("login")})
    assert response.status_code == 302


def test_issue12_s7_the_language_chosen_on_the_login_page_is_the_one_after_login_and_is_saved(
    client, executor, throttles
):
    throttles("executor")
    executor.person.preferred_language = "kk"
    executor.person.save(update_fields=["preferred_language"])

    # given Russian chosen with the login page's language switch
    assert 'data-testid="language-switch"' in client.get(reverse("login")).content.decode()
    choose_language(client, "ru")
    assert 'lang="ru"' in client.get(reverse("login")).content.decode()
    # when the user signs in
    response = site_sign_in(client, "pass", "executor")
    assert response.status_code == 302
    # then the pages are in Russian, and the profile says so for every device and the e-mails
    assert page_language(client) == "ru"
    executor.person.refresh_from_db()
    assert executor.person.preferred_language == "ru"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_issue12_s7_without_a_choice_on_the_login_page_the_profile_language_applies(client, executor, throttles):
    throttles("executor")
    executor.person.preferred_language = "kk"
    executor.person.save(update_fields=["preferred_language"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"  # what the browser had, not chosen now

    site_sign_in(client, "pass", "executor")

    assert page_language(client) == "kk"
    executor.person.refresh_from_db()
    assert executor.person.preferred_language == "kk"


def test_issue12_s7_a_choice_is_not_handed_on_to_the_next_user_of_the_browser(client, executor, auditor, throttles):
    throttles("executor")
    throttles("auditor")
    auditor.person.preferred_language = "kk"
    auditor.person.save(update_fields=["preferred_language"])
    choose_language(client, "ru")
    site_sign_in(client, "pass", "executor")
    client.post(reverse("logout"))

    site_sign_in(client, "pass", "auditor")

    assert page_language(client) == "kk"
    auditor.person.refresh_from_db()
    assert auditor.person.preferred_language == "kk"


def test_issue12_s7_a_failed_sign_in_keeps_the_chosen_language_for_the_next_try(client, executor, throttles):
    throttles("executor")
    choose_language(client, "kk")
    site_sign_in(client, "wrong", "executor")
    site_sign_in(client, "pass", "executor")
    executor.person.refresh_from_db()
    assert executor.person.preferred_language == "kk"
