"""A form posted twice creates once: the one-time token of akimat.submissions (issue #11 point 7).

The mechanism on a small view of its own, then on the registration of incoming mail, the case that
was found: two identical posts at the same moment registered two letters with two numbers. Each create
view is checked in tests/correspondence/test_submissions.py and tests/control/test_submissions.py.
"""

# ruff: noqa: F811  (pytest fixtures imported from the correspondence conftest are redefined as arguments)

import datetime
import re
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import IntegrityError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from akimat.models import Journal, Submission
from akimat.submissions import FIELD, new_token, submit_once
from akimat.tasks import purge_submissions
from correspondence.models import Document
from correspondence.services import registration as registration_services
from tests.correspondence.conftest import clock, correspondents  # noqa: F401  (fixtures)
from tests.correspondence.test_registration_views import form_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REGISTER = reverse("correspondence:register")
TOKEN_INPUT = re.compile(r'<input type="hidden" name="submission" value="([A-Za-z0-9_-]+)">')


def form_token(html: str, action: str | None = None, containing: str = "") -> str:
    """The token of the page's post form sent to `action` (None: the form without an action, sent to the page)."""
    for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S):
        found = re.match(r"<form[^>]*?\saction=\"([^\"]*)\"", form)
        if (found.group(1) if found else None) == action and containing in form:
            return TOKEN_INPUT.search(form).group(1)
    raise AssertionError(f"no post form to {action} with a token on the page")


class Refused(Exception):
    """Raised by a view after it wrote: its transaction must roll back."""


FAIL_AFTER_WRITING = False  # make_journal raises after creating its journal (a test sets it)


# --- a small view of the tests' own: it makes a journal, or gives its form back with an error --------------


@submit_once
def make_journal(request: HttpRequest) -> HttpResponse:
    code = request.POST["code"]
    if not code:
        return HttpResponse("the code is required", status=200)
    journal = Journal.objects.create(code=code, name_kk=code, name_ru=code)
    messages.success(request, f"Journal {journal.code} is created.")
    if FAIL_AFTER_WRITING:
        raise Refused
    return HttpResponseRedirect(f"/journals/{journal.pk}/")


def post(user, data: dict) -> tuple[HttpResponse, list[str]]:
    """POST to make_journal as the user; the response and the messages it leaves."""
    request = RequestFactory().post("/journals/new/", data)
    request.user = user
    request._messages = CookieStorage(request)
    response = make_journal(request)
    return response, [str(message) for message in request._messages]


def journals() -> list[str]:
    return list(Journal.objects.filter(code__startswith="j-").order_by("pk").values_list("code", flat=True))


def test_issue11_p7_the_template_tag_renders_a_fresh_hidden_token_for_every_form():
    template = engines["django"].from_string("{% load submissions %}{% submission_token %}{% submission_token %}")
    tokens = TOKEN_INPUT.findall(template.render({}))
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    assert all(len(token) == 32 for token in tokens)


def test_issue11_p7_the_same_token_posted_twice_creates_once_and_the_second_lands_on_the_first_result(registrar):
    data = {"code": "j-1", FIELD: new_token()}

    first, first_messages = post(registrar, data)
    second, second_messages = post(registrar, data)

    assert journals() == ["j-1"]
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == f"/journals/{Journal.objects.get(code='j-1').pk}/"
    # the browser dropped the first answer: the second says what the first one said
    assert first_messages == ["Journal j-1 is created."]
    assert second_messages == ["Journal j-1 is created.", "This form had already been sent: here is its result."]
    assert Submission.objects.get().result_url == first["Location"]


def test_issue11_p7_a_post_without_a_token_runs_every_time_as_before(registrar):
    post(registrar, {"code": "j-1"})
    response, _ = post(registrar, {"code": "j-2"})
    assert response.status_code == 302
    assert journals() == ["j-1", "j-2"]
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "value",
    ["", "short", "a\x00" * 10, "x" * 100_000, "\u200fabcdefghijklmnopqrstu", "abc def ghi jkl mno pqr", "²" * 20],
    ids=["empty", "short", "nul", "huge", "rtl", "spaces", "unicode-digits"],
)
def test_issue11_p7_something_posted_under_the_name_that_is_not_a_token_is_ignored(registrar, value):
    response, _ = post(registrar, {"code": "j-1", FIELD: value})
    assert response.status_code == 302
    assert journals() == ["j-1"]
    assert not Submission.objects.exists()


def test_issue11_p7_a_form_that_came_back_with_errors_keeps_no_token_and_may_be_sent_again(registrar):
    token = new_token()
    response, _ = post(registrar, {"code": "", FIELD: token})
    assert response.status_code == 200
    assert not Submission.objects.exists()

    response, _ = post(registrar, {"code": "j-1", FIELD: token})  # corrected, the same page's token
    assert response.status_code == 302 and journals() == ["j-1"]


def test_issue11_p7_a_rolled_back_first_post_leaves_nothing_and_the_retry_creates(registrar, monkeypatch):
    data = {"code": "j-1", FIELD: new_token()}
    monkeypatch.setattr(f"{__name__}.FAIL_AFTER_WRITING", True)
    with pytest.raises(Refused):
        post(registrar, data)
    assert journals() == [] and not Submission.objects.exists()

    monkeypatch.setattr(f"{__name__}.FAIL_AFTER_WRITING", False)
    response, _ = post(registrar, data)  # the same form, sent again
    assert response.status_code == 302 and journals() == ["j-1"]


def test_issue11_p7_other_data_under_a_used_token_is_a_new_submission(registrar):
    """A page the back button brought back, filled in again, is not the same form sent twice."""
    token = new_token()
    post(registrar, {"code": "j-1", FIELD: token})
    response, _ = post(registrar, {"code": "j-2", FIELD: token})
    assert response["Location"] == f"/journals/{Journal.objects.get(code='j-2').pk}/"
    assert journals() == ["j-1", "j-2"]


def test_issue11_p7_the_token_of_one_user_lands_nobody_else_on_its_result(registrar, executor):
    data = {"code": "j-1", FIELD: new_token()}
    post(registrar, data)
    with pytest.raises(IntegrityError):  # the journal code is taken: the executor's post really ran
        post(executor, data)
    assert journals() == ["j-1"]
    assert Submission.objects.get().user == registrar


def test_issue11_p7_the_views_own_integrity_error_is_not_taken_for_a_repeat(registrar):
    post(registrar, {"code": "j-1", FIELD: new_token()})
    with pytest.raises(IntegrityError):
        post(registrar, {"code": "j-1", FIELD: new_token()})
    assert Submission.objects.count() == 1


def test_issue11_p7_tokens_older_than_a_day_are_purged_by_a_daily_beat_task(registrar):
    now = timezone.now()
    old = Submission.objects.create(
        user=registrar, token="a" * 32, fingerprint="f", created_at=now - datetime.timedelta(hours=25)
    )
    recent = Submission.objects.create(
        user=registrar, token="b" * 32, fingerprint="f", created_at=now - datetime.timedelta(hours=23)
    )

    assert purge_submissions() == 1

    assert list(Submission.objects.all()) == [recent]
    assert not Submission.objects.filter(pk=old.pk).exists()
    entry = settings.CELERY_BEAT_SCHEDULE["purge-submissions"]
    assert entry["task"] == "akimat.tasks.purge_submissions"
    assert entry["options"]["expires"] < 24 * 3600


def test_issue11_p7_every_post_form_of_the_project_carries_the_token_unless_it_creates_nothing():
    """The next create form joins by itself: a form posting without the token must be listed here, with why."""
    creates_nothing = {
        "registration/login.html": "signs in",
        "akimat/_language_switch.html": "sets the language",
        "akimat/_user_menu.html": "signs out",
        "akimat/notifications.html": "marks notifications read",
        "admin/import_export/export.html": "exports a file",
    }
    templates = {
        path.relative_to(base).as_posix(): path
        for base in [ROOT / "templates", *ROOT.glob("*/templates")]
        for path in base.rglob("*.html")
    }
    missing = []
    for name, path in templates.items():
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", path.read_text(), flags=re.S | re.I):
            if "{% submission_token %}" not in form and name not in creates_nothing:
                missing.append(name)
    assert missing == []
    assert {"correspondence/register.html", "control/item_detail.html"} <= templates.keys()  # the walk found them


# --- the registration of incoming mail: the case that was found ----------------------------------------------


def test_issue11_p7_a_letter_registered_twice_in_a_row_gets_one_number_and_the_second_shows_it(
    clock, client, registrar, head_of_apparatus, correspondents
):
    client.force_login(registrar)
    data = {**form_data(correspondents.state), FIELD: form_token(client.get(REGISTER).content.decode(), REGISTER)}

    first = client.post(REGISTER, data)
    second = client.post(REGISTER, data)

    assert Document.objects.get().number == "01-12/1"
    assert second.status_code == 302 and second["Location"] == first["Location"]
    page = client.get(second["Location"]).content.decode()
    assert "Registered № 01-12/1" in page
    assert "This form had already been sent: here is its result." in page
    assert "01-12/2" in page  # the next number is still the next one


def _post_together(users_and_data: list[tuple], url: str) -> tuple[list, list, list[float]]:
    """POST from two threads with two clients, released together; responses, errors and start times."""
    barrier = threading.Barrier(len(users_and_data))
    responses: list = [None] * len(users_and_data)
    errors: list[BaseException] = []
    started: list[float] = []

    def send(index: int, user, data: dict) -> None:
        try:
            # a failing request is a 500 here: the test client's exception signal is shared by all threads
            client = Client(raise_request_exception=False)
            client.force_login(user)
            barrier.wait(timeout=30)
            started.append(time.monotonic())
            responses[index] = client.post(url, data)
        except BaseException as error:  # reported to the main thread
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=send, args=(i, *pair)) for i, pair in enumerate(users_and_data)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return responses, errors, started


@pytest.fixture
def slow_registration(monkeypatch):
    """receive_incoming holds its transaction a while, so the second post arrives while the first is in it."""
    real = registration_services.receive_incoming
    calls: list[float] = []
    lock = threading.Lock()

    def slow(**kwargs):
        with lock:
            first = not calls
            calls.append(time.monotonic())
        document = real(**kwargs)
        time.sleep(0.5)
        if first and slow.fail_first:
            raise Refused
        return document

    slow.fail_first = False
    slow.calls = calls
    monkeypatch.setattr(registration_services, "receive_incoming", slow)
    return slow


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_issue11_p7_two_registrations_posted_at_the_same_moment_register_one_document_with_one_number(
    clock, registrar, head_of_apparatus, correspondents, slow_registration
):
    data = {**form_data(correspondents.state), FIELD: new_token()}

    responses, errors, started = _post_together([(registrar, data), (registrar, data)], REGISTER)

    assert not errors, errors
    assert len(slow_registration.calls) == 1, "the second post ran the registration too"
    # both posts were sent before the first registration could have ended: they did overlap
    assert max(started) < slow_registration.calls[0] + 0.5
    assert list(Document.objects.values_list("number", flat=True)) == ["01-12/1"]
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_issue11_p7_without_the_token_two_posts_at_the_same_moment_still_register_twice(
    clock, registrar, head_of_apparatus, correspondents, slow_registration
):
    """The harness above does make two registrations overlap: without the token both go through (as before)."""
    data = form_data(correspondents.state)

    _, errors, _ = _post_together([(registrar, data), (registrar, data)], REGISTER)

    assert not errors, errors
    assert sorted(Document.objects.values_list("number", flat=True)) == ["01-12/1", "01-12/2"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_issue11_p7_when_the_first_of_two_posts_at_the_same_moment_rolls_back_the_second_registers(
    clock, registrar, head_of_apparatus, correspondents, slow_registration
):
    slow_registration.fail_first = True
    data = {**form_data(correspondents.state), FIELD: new_token()}

    responses, errors, _ = _post_together([(registrar, data), (registrar, data)], REGISTER)

    assert not errors, errors
    assert sorted(r.status_code for r in responses) == [302, 500]
    assert len(slow_registration.calls) == 2  # the second waited for the first, then ran itself
    # the first one's number went back with its transaction: the letter registered is number 1
    assert list(Document.objects.values_list("number", flat=True)) == ["01-12/1"]
    assert Submission.objects.count() == 1
