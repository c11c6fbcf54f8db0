"""Admin: calendar exceptions, written through the service (validation, history, version, signal)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from akimat.calendar_exceptions import check_exception, remove_exception, save_exception
from akimat.forms import DateField
from akimat.models import CalendarException


class CalendarExceptionForm(forms.ModelForm):
    class Meta:
        model = CalendarException
        fields = ["date", "kind", "reason"]
        field_classes = {"date": DateField}  # a day the calendar can count with (issue #11 point 6)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            check_exception(data["date"], data["kind"], data["reason"], exclude_pk=self.instance.pk)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return data


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    form = CalendarExceptionForm
    list_display = ["date", "weekday", "kind", "reason", "created_by", "created_at"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["reason"]
    ordering = ["-date"]
    readonly_fields = ["created_by", "created_at"]
    list_select_related = ["created_by"]

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj: CalendarException) -> str:
        return str(WEEKDAYS[obj.date.weekday()])

    def save_model(self, request: HttpRequest, obj: CalendarException, form: forms.ModelForm, change: bool) -> None:
        save_exception(obj, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: CalendarException) -> None:
        remove_exception(obj.date, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarException]) -> None:
        for exception in queryset:
            remove_exception(exception.date, actor=request.user)
