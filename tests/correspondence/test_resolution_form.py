"""The resolution form on the document page (issue #12 §1): executors in the order chosen, the lead among
them, phrases, term buttons counted by the working-day calendar, the letter's urgency, dd.mm.yyyy dates,
and the short-term warning of 003 §12.6, §12.13 (issue #12 §2)."""

# ruff: noqa: F811  (pytest fixtures imported from test_resolutions are redefined as arguments)

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from akimat import workdays
from akimat.widgets import DateInput
from control import deadlines
from control.models import ControlItem
from correspondence.models import Document, Resolution, ResolutionPhrase
from tests.correspondence.test_resolutions import (  # noqa: F401  (fixtures)
    clock,
    correspondent,
    incoming,
    make_incoming,
)
from tests.factories import make_person

fri_2026_12_04 = datetime.date(2026, 12, 4)


def _post(client, document, **fields):
    data = {"resolution-text": "Prepare the information", "resolution-urgency": ""}
    data.update({f"resolution-{name}": value for name, value in fields.items()})
    return client.post(reverse("correspondence:resolve", args=[document.pk]), data)


def _speaks(user, language: str) -> None:
    user.person.preferred_language = language  # the profile's language wins over the cookie
    user.person.save(update_fields=["preferred_language"])


def _form_html(client, document) -> str:
    return client.get(reverse("correspondence:resolve", args=[document.pk])).content.decode()


@pytest.fixture
def second(org):
    return make_person("second", unit=org.finance).user


def test_the_executors_are_kept_in_the_order_chosen(client, akim, executor, second, org, incoming):
    """003 §9.16 (issue #12 §1): the order submitted is the order kept; the first leads when none is marked."""
    client.force_login(akim)
    order = [f"unit:{org.finance.pk}", f"person:{second.person.pk}", f"person:{executor.person.pk}"]

    response = _post(client, incoming, executors=order, deadline="13.04.2026")

    assert response.status_code == 302
    rows = list(Resolution.objects.get().executors.order_by("position"))
    assert [(row.unit_id or row.person_id, row.is_lead) for row in rows] == [
        (org.finance.pk, True),
        (second.person.pk, False),
        (executor.person.pk, False),
    ]
    item = ControlItem.objects.get()
    assert [str(row) for row in item.executors.order_by("position")] == [str(row) for row in rows]


def test_the_lead_marked_among_the_chosen_leads_and_the_others_keep_their_order(
    client, akim, executor, second, org, incoming
):
    client.force_login(akim)
    order = [f"unit:{org.finance.pk}", f"person:{second.person.pk}", f"person:{executor.person.pk}"]

    _post(client, incoming, executors=order, lead=f"person:{executor.person.pk}", deadline="13.04.2026")

    rows = list(Resolution.objects.get().executors.order_by("position"))
    assert [row.unit_id or row.person_id for row in rows] == [executor.person.pk, org.finance.pk, second.person.pk]
    assert rows[0].is_lead


def test_a_lead_not_among_the_chosen_is_refused_with_everything_typed_kept(client, akim, executor, second, incoming):
    client.force_login(akim)

    response = _post(
        client,
        incoming,
        text="Typed by the akim",
        executors=[f"person:{executor.person.pk}"],
        lead=f"person:{second.person.pk}",
        deadline="13.04.2026",
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "The lead executor must be one of the executors chosen above." in content
    assert "Typed by the akim" in content and 'value="13.04.2026"' in content
    assert f'value="person:{executor.person.pk}" selected' in content  # the chosen executor stays chosen
    assert not Resolution.objects.exists()


def test_the_picker_groups_people_apart_from_departments(client, akim, incoming):
    client.force_login(akim)
    html = _form_html(client, incoming)
    picker = re.search(r'<div class="picker" data-picker.*?</div>', html, re.S).group(0)
    assert 'data-lead="id_resolution-lead"' in picker
    assert picker.count('<select name="resolution-executors"') == 5  # numbered slots without JavaScript
    assert '<optgroup label="People">' in picker and '<optgroup label="Departments and executing bodies">' in picker
    assert "akimat/js/resolution.js" in html


@pytest.mark.parametrize(("language", "wording"), [("ru", "Подготовить ответ"), ("kk", "Жауап дайындау")])
def test_a_phrase_is_the_text_in_the_users_language(client, akim, executor, incoming, language, wording):
    """Without JavaScript the server puts the chosen phrase into the text, once."""
    client.force_login(akim)
    _speaks(akim, language)
    phrase = ResolutionPhrase.objects.get(text_ru="Подготовить ответ")
    html = _form_html(client, incoming)
    assert f'lang="{language}"' in html and f'data-text="{wording}"' in html
    _post(client, incoming, text="", phrase=phrase.pk, executors=[f"person:{executor.person.pk}"])
    _post(client, incoming, text=f"{wording}\nдо пятницы", phrase=phrase.pk,
          executors=[f"person:{executor.person.pk}"])  # fmt: skip

    assert [r.text for r in Resolution.objects.order_by("pk")] == [wording, f"{wording}\nдо пятницы"]


def test_12_10_a_for_information_phrase_keeps_the_document_off_control(client, akim, executor, incoming):
    """003 §12.10: «Принять к сведению» — no control item; without it, no term is a month (§12.2)."""
    client.force_login(akim)
    phrase = ResolutionPhrase.objects.get(text_ru="Принять к сведению")

    _post(client, incoming, text="", phrase=phrase.pk, executors=[f"person:{executor.person.pk}"])

    assert Resolution.objects.get().for_information
    assert not ControlItem.objects.exists()
    incoming.refresh_from_db()
    assert incoming.status == Document.Status.FOR_INFORMATION


def test_12_2_the_form_without_a_term_puts_the_document_on_control_for_a_month(client, akim, executor, incoming):
    """003 §12.2: the akim instructs without a term: one month (not "for information")."""
    client.force_login(akim)
    _post(client, incoming, text="Prepare and send proposals", executors=[f"person:{executor.person.pk}"])
    assert ControlItem.objects.get().deadline == deadlines.default_term_deadline(datetime.date(2026, 3, 16))


def test_12_10_the_for_information_box_keeps_the_document_off_control(client, akim, executor, incoming):
    client.force_login(akim)
    _post(client, incoming, for_information="on", executors=[f"person:{executor.person.pk}"])
    assert Resolution.objects.get().for_information and not ControlItem.objects.exists()


def test_the_term_buttons_carry_the_working_day_dates_and_say_which_are_too_short(
    client, clock, registrar, akim, correspondent
):
    """Issue #12 §1, §2: +3, +5, +10, +15 working days and a month from 04.12.2026, by the calendar
    (16.12 Independence Day is not a working day); +3 and +5 leave no room for §12.13's report dates."""
    clock(fri_2026_12_04)
    document = make_incoming(registrar, correspondent, registered_on=fri_2026_12_04, addressee_person=akim.person)
    client.force_login(akim)

    html = _form_html(client, document)

    terms = dict(re.findall(r'data-term="([\d.]+)"( data-short)?', html))
    expected = [workdays.add_working_days(fri_2026_12_04, n) for n in (3, 5, 10, 15)]
    expected.append(deadlines.default_term_deadline(fri_2026_12_04))
    assert list(terms) == [day.strftime("%d.%m.%Y") for day in expected]
    assert list(terms)[:2] == ["09.12.2026", "11.12.2026"]
    assert [bool(mark) for mark in terms.values()] == [True, True, False, False, False]
    assert 'data-unhurried="2026-12-15"' in html


def test_003_12_13_a_short_term_is_warned_of(client, clock, registrar, akim, executor, correspondent):
    """003 §12.13 (issue #12 §2): given 04.12.2026, deadline 08.12.2026 — issued, with a warning; the
    re-shown form has the warning visible."""
    clock(fri_2026_12_04)
    document = make_incoming(registrar, correspondent, registered_on=fri_2026_12_04, addressee_person=akim.person)
    client.force_login(akim)

    refused = _post(client, document, text="", executors=[f"person:{executor.person.pk}"], deadline="08.12.2026")
    assert re.search(r'<p class="notice small" data-term-warning role="status">', refused.content.decode())

    response = _post(client, document, executors=[f"person:{executor.person.pk}"], deadline="08.12.2026")
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("§12.13" in text for text in texts)
    item = ControlItem.objects.get()
    assert item.executors.get().report_due is None  # a person leads: no body report date
    assert deadlines.last_day_to_ask_extension(item.deadline, not_before=item.given_on) == fri_2026_12_04


def test_the_urgency_of_the_resolution_starts_as_the_letters(client, clock, registrar, akim, correspondent):
    document = make_incoming(registrar, correspondent, urgency="urgent", addressee_person=akim.person)
    client.force_login(akim)
    html = _form_html(client, document)
    urgency = re.search(r'<select name="resolution-urgency".*?</select>', html, re.S).group(0)
    assert '<option value="urgent" selected>' in urgency


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_dates_are_shown_and_typed_as_dd_mm_yyyy_in_every_language(client, akim, executor, incoming, language):
    """Issue #12 §1: a text input (not the browser's locale), dd.mm.yyyy shown; dd.mm.yyyy and ISO parsed."""
    with translation.override(language):
        html = DateInput().render("deadline", datetime.date(2026, 4, 13))
    assert 'type="text"' in html and 'value="13.04.2026"' in html and 'inputmode="numeric"' in html
    client.force_login(akim)
    _speaks(akim, language)
    _post(client, incoming, executors=[f"person:{executor.person.pk}"], deadline="13.04.2026")
    _post(client, incoming, executors=[f"person:{executor.person.pk}"], deadline="2026-04-14")
    assert [r.deadline for r in Resolution.objects.order_by("pk")] == [
        datetime.date(2026, 4, 13),
        datetime.date(2026, 4, 14),
    ]
    page = client.get(reverse("correspondence:document", args=[incoming.pk])).content.decode()
    assert f'lang="{language}"' in page
    assert "13.04.2026" in page and "04/13/2026" not in page


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_django_formats_dates_as_dd_mm_yyyy_in_every_language(language):
    """Issue #12 §1: a date no template formats itself, and the admin's date fields, follow dd.mm.yyyy too."""
    from django.utils import formats

    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 4, 13)) == "13.04.2026"
        assert formats.date_format(datetime.date(2026, 4, 13), "SHORT_DATE_FORMAT") == "13.04.2026"
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d.%m.%Y"
        assert formats.localize_input(datetime.date(2026, 4, 13)) == "13.04.2026"
