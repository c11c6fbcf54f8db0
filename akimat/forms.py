"""Form fields that take only what the database and the calendar accept (issue #11 point 6).

Django's own fields let through a date in year 9999 (deadline arithmetic then overflows), a number past
PostgreSQL's integer (the INSERT fails) and a moment in year 1 (it overflows when converted to UTC).
These subclasses refuse them with a message in the user's language. Every form of the project uses them
for dates, moments and whole numbers; tests/test_bad_input.py checks every form's fields, so a new form
with a plain Django field fails there. Text fields need nothing: Django's CharField already refuses NUL.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat.request_values import DATE_INPUT_FORMATS, FIRST_DATE, INT_MAX, INT_MIN, LAST_DATE

DATETIME_INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M")

OUT_OF_CALENDAR = _("Choose a date between %(first)s and %(last)s.")

#: The longest text a form's textarea takes (some five typed pages): every CharField of a form is bounded, so
#: its input carries maxlength and a longer paste gets the field's own error, with the rest of the form kept
#: (issue #12 point 4; tests/correspondence/test_text_limits.py fails a form with an unbounded text field). The
#: request body limit (DATA_UPLOAD_MAX_MEMORY_SIZE) is set well above it, so such a paste reaches the form.
TEXT_MAX_LENGTH = 10_000


class DateField(forms.DateField):
    """A date the working-day calendar can count with (akimat.request_values.FIRST_DATE..LAST_DATE)."""

    def __init__(self, *, first: datetime.date = FIRST_DATE, last: datetime.date = LAST_DATE, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)
        self.first, self.last = max(first, FIRST_DATE), min(last, LAST_DATE)

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        if value is not None and not self.first <= value <= self.last:
            raise ValidationError(
                OUT_OF_CALENDAR, code="out_of_range", params={"first": self.first.year, "last": self.last.year}
            )


class DateTimeField(forms.DateTimeField):
    """A moment whose date the calendar can count with (and that converts to UTC without overflowing)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATETIME_INPUT_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.datetime | None:
        try:
            return super().to_python(value)
        except OverflowError:  # a naive moment made aware at the edge of year 1 or 9999
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value: datetime.datetime | None) -> None:
        super().validate(value)
        if value is None:
            return
        try:
            day = timezone.localtime(value).date()
        except OverflowError:  # within a few hours of year 1 or 9999
            day = None
        if day is None or not FIRST_DATE <= day <= LAST_DATE:
            raise ValidationError(
                OUT_OF_CALENDAR, code="out_of_range", params={"first": FIRST_DATE.year, "last": LAST_DATE.year}
            )


# for the project's ModelAdmins (formfield_overrides): the admin's date widget on the bounded field; a model
# form's whole numbers need nothing, the model's validation keeps them within the column's range
ADMIN_FORMFIELD_OVERRIDES = {models.DateField: {"form_class": DateField}}


class IntegerField(forms.IntegerField):
    """A whole number a PostgreSQL integer column holds, within narrower bounds when given."""

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs: Any) -> None:
        min_value = INT_MIN if min_value is None else max(min_value, INT_MIN)
        max_value = INT_MAX if max_value is None else min(max_value, INT_MAX)
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names, the rest above the form: every module's views
    show the service layer's refusals this way."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.error_list)
