"""Admin of correspondence reference data: the correspondent directory (import/export) and the returns journal."""

from django.contrib import admin
from django.http import HttpRequest
from import_export.admin import ImportExportModelAdmin

from akimat.exports import CSV, XLSX
from correspondence.models import Correspondent, ResolutionPhrase, Return
from correspondence.resources import CorrespondentResource


@admin.register(Correspondent)
class CorrespondentAdmin(ImportExportModelAdmin):
    resource_classes = [CorrespondentResource]
    import_formats = [XLSX, CSV]
    export_formats = [XLSX, CSV]  # akimat.exports: user text written as text (issue #11 point 5)
    list_display = ["name", "short_name", "kind", "bin_iin", "email", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "=bin_iin"]  # a BIN/IIN only by all its digits (issue #11 point 4)
    list_per_page = 50


@admin.register(ResolutionPhrase)
class ResolutionPhraseAdmin(admin.ModelAdmin):
    """The phrases the resolution form offers (issue #12 §1); "for information" keeps off control (§12.10)."""

    list_display = ["text_kk", "text_ru", "for_information", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["for_information", "is_active"]
    search_fields = ["text_kk", "text_ru"]


@admin.register(Return)
class ReturnAdmin(admin.ModelAdmin):
    """Returns without registration are records of what happened (003 §9.10, §9.12): read-only."""

    list_display = ["returned_on", "sender_name", "their_number", "norm", "returned_by"]
    list_filter = ["returned_on"]
    search_fields = ["sender_name", "their_number", "reason"]
    date_hierarchy = "returned_on"
    list_select_related = ["returned_by"]
    readonly_fields = [
        "correspondent", "sender_name", "their_number", "their_date", "summary", "received_at", "reason", "norm",
        "returned_on", "returned_by", "channel",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Return | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Return | None = None) -> bool:
        return False
