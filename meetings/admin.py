"""Admin of meetings (issue #14 §1): the types of meeting — an administrator adds the ones the regulation names
"and others" (a commission, a council), each with the journal of its protocols — and the members of the akimat
over time (§5.4 counts the members on a session's date). Meetings and protocols change only through
meetings/services.py, so they are not edited here."""

from django.contrib import admin
from django.http import HttpRequest

from akimat.forms import ADMIN_FORMFIELD_OVERRIDES
from meetings.models import AkimatMember, MeetingType


@admin.register(MeetingType)
class MeetingTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "journal", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    fields = ["code", "name_kk", "name_ru", "name_en", "kind", "journal", "order", "is_active"]

    def get_readonly_fields(self, request: HttpRequest, obj: MeetingType | None = None) -> list[str]:
        # meetings keep their type's kind; a journal in use keeps its numbers: both are set once
        return ["code", "kind", "journal"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: MeetingType | None = None) -> bool:
        return False


@admin.register(AkimatMember)
class AkimatMemberAdmin(admin.ModelAdmin):
    list_display = ["person", "since", "until"]
    list_filter = ["until"]
    search_fields = ["person__full_name"]
    autocomplete_fields = ["person"]
    formfield_overrides = ADMIN_FORMFIELD_OVERRIDES
