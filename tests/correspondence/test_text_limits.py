"""A text over its limit gets the form's own error with everything typed kept (issue #12 point 4).

Every CharField of a form is bounded (akimat.forms.TEXT_MAX_LENGTH for the textareas), so its input carries
maxlength; the request body limit is well above the fields' (akimat/settings.py), so a 10 MB paste reaches the
form and is refused there, and only a body past even that gets the 413 page in the layout.
"""

import importlib
import pkgutil

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from akimat.forms import TEXT_MAX_LENGTH
from akimat.models import Person
from correspondence.models import Correspondent, Document
from tests.correspondence.test_registration_views import form_data

APPS = ("akimat", "correspondence", "control", "meetings", "acts", "appeals")
TEN_MB = 10 * 1024 * 1024


def project_forms() -> list[type[forms.BaseForm]]:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {form for form in subclasses(forms.BaseForm) if form.__module__.split(".")[0] in APPS},
        key=lambda form: (form.__module__, form.__name__),
    )


def test_issue12_every_text_field_of_every_form_is_bounded():
    """A new form with an unbounded CharField (a textarea without max_length) fails here, naming it."""
    found = project_forms()
    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in found
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and field.max_length is None
        # the sign-in forms: Django bounds the username from the user model when the form is made; a password is
        # hashed, never stored as typed
        and not (issubclass(form, AuthenticationForm) and name in {"username", "password"})
    ]

    assert len(found) > 20
    assert unbounded == []


@pytest.fixture
def english_registrar(registrar):
    Person.objects.filter(user=registrar).update(preferred_language="en")
    return registrar


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.usefixtures("_media")
def test_issue12_a_10_mb_summary_gets_the_forms_error_with_everything_else_kept_and_nothing_written(
    clock, client, english_registrar, head_of_apparatus, correspondents
):
    client.force_login(english_registrar)
    correspondents_before = Correspondent.objects.count()
    data = form_data(correspondents.state, summary="a" * TEN_MB, executes_reference="Instruction of the akim № 12")
    data["files"] = [SimpleUploadedFile("scan.pdf", b"%PDF-1.4", content_type="application/pdf")]

    response = client.post(reverse("correspondence:register"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["summary"] == [
        f"Ensure this value has at most {TEXT_MAX_LENGTH} characters (it has {TEN_MB})."
    ]
    assert f'maxlength="{TEXT_MAX_LENGTH}"' in page
    assert 'value="02-15/778"' in page and "B. Seitkali" in page and "Instruction of the akim № 12" in page
    assert not Document.objects.exists()
    assert Correspondent.objects.count() == correspondents_before


@pytest.mark.usefixtures("_media")
def test_issue12_a_body_over_the_request_limit_gets_the_413_page_in_the_layout_and_nothing_written(
    clock, client, english_registrar, head_of_apparatus, correspondents, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    client.force_login(english_registrar)

    response = client.post(reverse("correspondence:register"), form_data(correspondents.state, summary="a" * 100_000))

    page = response.content.decode()
    assert response.status_code == 413
    assert 'class="site-header"' in page and "data-error-back" in page
    assert "nothing was saved" in page
    assert not Document.objects.exists()


def test_issue12_the_textareas_carry_maxlength(client, english_registrar):
    client.force_login(english_registrar)

    page = client.get(reverse("correspondence:register")).content.decode()

    assert f'<textarea name="summary" cols="40" rows="3" maxlength="{TEXT_MAX_LENGTH}"' in page
