"""Reading values from requests and bounded form fields — issue #11 point 6 (akimat.request_values, akimat.forms)."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import translation

from akimat import forms as bounded
from akimat import request_values
from akimat.request_values import date_from, id_from, int_from, parse_date, parse_id, parse_int, text_from
from tests.urlwalk import PROJECT_PACKAGES

NUL = "a\x00b"
HUGE = "99999999999999999999"
CORPUS = (
    NUL, HUGE, "-1", "-99999999999", "9999-12-31", "0001-01-01", "2026-02-30", "31.12.9999", "00.00.0000",
    "²", "١٢٣", "x" * 100_000, "\u202e", "", "   ",
)  # fmt: skip


# --- request values ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "١٢٣", HUGE, "-1", "0", "", " ", "1e3", "12a", NUL, "x" * 100_000, None])
def test_issue11_p6_an_id_is_a_positive_ascii_number_a_bigint_holds(value):
    assert parse_id(value) is None


def test_issue11_p6_an_id_is_read_from_a_query():
    query = QueryDict("answers=42&other=²")
    assert id_from(query, "answers") == 42
    assert id_from(query, "other") is None
    assert id_from(query, "missing") is None
    assert parse_id(str(2**63 - 1)) == 2**63 - 1 and parse_id(str(2**63)) is None


def test_issue11_p6_a_number_is_refused_outside_postgresql_integer_or_the_given_bounds():
    assert parse_int("-5") == -5
    assert parse_int(str(2**31 - 1)) == 2**31 - 1
    assert parse_int(str(2**31)) is None
    assert parse_int("-99999999999") is None
    assert parse_int("7", min_value=1, max_value=5) is None
    assert int_from(QueryDict("page=3"), "page", min_value=1) == 3


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "31.12.9999", "2026-02-30", "00.00.0000", NUL, "²"])
def test_issue11_p6_a_date_outside_the_calendar_years_or_impossible_is_none(value):
    assert parse_date(value) is None


def test_issue11_p6_a_date_in_either_format_within_the_calendar_years_is_read():
    assert parse_date("2026-03-16") == datetime.date(2026, 3, 16)
    assert parse_date(" 16.03.2026 ") == datetime.date(2026, 3, 16)
    assert parse_date("2100-12-31") == request_values.LAST_DATE
    assert parse_date("1991-12-31") is None
    assert date_from(QueryDict("on=9999-12-31"), "on") is None


def test_issue11_p6_text_loses_nul_bytes_and_extra_spaces():
    assert text_from(QueryDict("q=%00Ministry%00%20%20of"), "q") == "Ministry of"
    assert text_from(QueryDict("q=" + "x" * 500), "q", max_length=100) == "x" * 100


# --- bounded form fields --------------------------------------------------------------------------------------


def test_issue11_p6_the_date_field_refuses_a_date_past_the_calendar_in_the_users_language():
    field = bounded.DateField()
    with pytest.raises(ValidationError) as refused:
        field.clean("9999-12-31")
    assert refused.value.code == "out_of_range"
    with translation.override("ru"):
        assert "1992" in refused.value.messages[0] and "2100" in refused.value.messages[0]
    assert field.clean("31.12.2100") == datetime.date(2100, 12, 31)


@pytest.mark.parametrize("value", ["9999-12-31 23:59", "0001-01-01T00:00", "1900-01-01 10:00"])
def test_issue11_p6_the_moment_field_refuses_moments_outside_the_calendar(value):
    with pytest.raises(ValidationError):
        bounded.DateTimeField().clean(value)


def test_issue11_p6_the_integer_field_keeps_to_postgresql_integer_and_narrower_bounds():
    field = bounded.IntegerField(min_value=0)
    with pytest.raises(ValidationError):
        field.clean(HUGE)
    with pytest.raises(ValidationError):
        field.clean("-1")
    with pytest.raises(ValidationError):
        field.clean("²")
    assert field.clean(str(2**31 - 1)) == 2**31 - 1
    assert bounded.IntegerField(max_value=10).max_value == 10


def _project_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project's packages (their modules imported first)."""
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if module.name.split(".")[1] not in {"migrations", "management", "bench", "tests"}:
                importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in PROJECT_PACKAGES:
            found.append(cls)
    return found


def _admin_forms(superuser) -> list[tuple[str, type[forms.BaseForm]]]:
    """The add form of every ModelAdmin the project defines."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    return [
        (type(model_admin).__name__, model_admin.get_form(request))
        for model_admin in admin.site._registry.values()
        if type(model_admin).__module__.split(".")[0] in PROJECT_PACKAGES
    ]


def _refuses(form_class: type[forms.BaseForm], name: str, value: str) -> bool:
    """Whether the form refuses the value in the field: the field itself, or (a model form) the model's validation."""
    try:
        form_class.base_fields[name].clean(value)
    except ValidationError:
        return True
    if not issubclass(form_class, forms.ModelForm):
        return False
    return name in form_class(data={name: value}).errors


@pytest.mark.django_db
def test_issue11_p6_every_form_of_the_project_refuses_bad_values_with_a_message(django_user_model):
    """Each field of each form (and admin add form) answers every corpus value with a value or a ValidationError,
    and refuses a date past the calendar, a number past PostgreSQL's integer and NUL in text."""
    superuser = django_user_model.objects.create_superuser("admin", "admin@example.kz", "pass")
    form_classes = [(cls.__name__, cls) for cls in _project_forms()] + _admin_forms(superuser)
    assert len(form_classes) > 30  # the walk found the forms
    problems = []
    for form_name, form_class in form_classes:
        for name, field in form_class.base_fields.items():
            where = f"{form_name}.{name} ({type(field).__name__})"
            for value in CORPUS:
                try:
                    field.clean(value)
                except ValidationError:
                    pass
                except Exception as error:  # noqa: BLE001 — any other exception is a server error
                    problems.append(f"{where}: {value[:20]!r} raised {type(error).__name__}: {error}")
            if isinstance(field, forms.DateField) and not _refuses(form_class, name, "9999-12-31"):
                problems.append(f"{where}: takes 9999-12-31 (use akimat.forms.DateField)")
            if isinstance(field, forms.DateTimeField) and not _refuses(form_class, name, "9999-12-31 23:59"):
                problems.append(f"{where}: takes 9999-12-31 23:59 (use akimat.forms.DateTimeField)")
            if isinstance(field, forms.IntegerField) and not _refuses(form_class, name, HUGE):
                problems.append(f"{where}: takes {HUGE} (use akimat.forms.IntegerField)")
            if isinstance(field, forms.CharField) and not _refuses(form_class, name, NUL):
                problems.append(f"{where}: takes a NUL byte")
    assert not problems, "\n".join(problems)


# --- query strings --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_issue11_p6_a_nul_byte_in_an_admin_list_filter_is_dropped_not_a_server_error(client, django_user_model):
    """akimat.middleware.QueryNulMiddleware: the admin reads request.GET itself, so the query is cleaned first."""
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.kz", "pass"))

    response = client.get("/admin/akimat/calendarexception/", {"kind__exact": "holi\x00day", "q": "a\x00b"})

    assert response.status_code == 200
    assert response.context["cl"].params["kind__exact"] == "holiday"
