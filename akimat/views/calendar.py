"""Working-day calendar page and deadline calculator (SPEC §3.2)."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dates import MONTHS, WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from akimat import request_values, workdays
from akimat.forms import DateField
from akimat.widgets import DateInput
from akimat.workdays import DayInfo, DayKind, Unit

FIRST_YEAR = workdays.FIRST_YEAR
LAST_YEAR = workdays.LAST_YEAR
MAX_AMOUNT = 1000


@dataclass(frozen=True)
class MonthGrid:
    """One month of the year page: Monday-first weeks, None outside the month."""

    number: int
    name: str
    weeks: list[list[DayInfo | None]]
    working_days: int
    days_off: int


def _year_from(request: HttpRequest) -> int:
    if request.GET.get("year") is None:
        return workdays.today().year
    year = request_values.int_from(request.GET, "year", min_value=FIRST_YEAR, max_value=LAST_YEAR)
    if year is None:
        raise Http404("year out of range")
    return year


@login_required
def calendar_year(request: HttpRequest) -> HttpResponse:
    """Twelve month grids: weekends, holidays, calendar exceptions and working days per month."""
    year = _year_from(request)
    calendar = workdays.get_calendar()  # at most one query: the exceptions, when the snapshot is stale
    days = {info.date: info for info in calendar.days_of_year(year)}
    months = []
    for number in range(1, 13):
        weeks = [
            [days[day] if day.month == number else None for day in week]
            for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, number)
        ]
        in_month = [info for week in weeks for info in week if info is not None]
        working = sum(info.is_working for info in in_month)
        months.append(MonthGrid(number, str(MONTHS[number]), weeks, working, len(in_month) - working))
    special = [info for info in days.values() if info.kind not in (DayKind.WORKING, DayKind.WEEKEND)]
    context = {
        "year": year,
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "months": months,
        "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
        "special_days": special,
        "working_days_total": sum(month.working_days for month in months),
        "today": workdays.today(),
        "legend": [(kind.value, kind.label) for kind in DayKind],
    }
    return render(request, "akimat/calendar.html", context)


class DeadlineForm(forms.Form):
    """From date, amount, unit and direction of a term (SPEC §3.2)."""

    DIRECTIONS = (("after", _("after the date")), ("before", _("before the date")))

    start = DateField(
        label=_("From date"),
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date such as 18.03.2026.")},
    )
    amount = forms.IntegerField(
        label=_("Term"),
        min_value=0,
        max_value=MAX_AMOUNT,
        error_messages={
            "invalid": _("Enter a whole number."),
            "min_value": _("The term cannot be negative; choose “before the date” to count backwards."),
            "max_value": _("The term can be at most %(limit_value)s."),
        },
    )
    unit = forms.ChoiceField(label=pgettext_lazy("measure", "Unit"), choices=Unit.choices, initial=Unit.WORKING_DAYS)
    direction = forms.ChoiceField(label=_("Direction"), choices=DIRECTIONS, initial="after", widget=forms.RadioSelect)


@login_required
def deadline_calculator(request: HttpRequest) -> HttpResponse:
    """A GET form: the deadline a term gives, with the days off it passed over and why."""
    context: dict[str, Any] = {}
    if "start" in request.GET or "amount" in request.GET:
        form = DeadlineForm(request.GET)
        if form.is_valid():
            data = form.cleaned_data
            before = data["direction"] == "before"
            calendar = workdays.get_calendar()
            explanation = calendar.explain(data["start"], data["amount"], data["unit"], before=before)
            context["explanation"] = explanation
            context["unit_label"] = Unit(data["unit"]).label
            context["start_info"] = calendar.day_info(data["start"])
            context["result_info"] = calendar.day_info(explanation.result)
            if explanation.landing is not None and explanation.landing != explanation.result:
                context["landing_info"] = calendar.day_info(explanation.landing)
    else:
        form = DeadlineForm(initial={"start": workdays.today(), "unit": Unit.WORKING_DAYS, "direction": "after"})
    context["form"] = form
    return render(request, "akimat/deadline_calculator.html", context)
