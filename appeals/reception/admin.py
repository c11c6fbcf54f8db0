"""The schedule in the admin, read-only (it changes only through appeals/reception/services.py, from the schedule
screen); days, sign-ups and cards hold personal data and are not in the admin."""

from django.contrib import admin

from appeals.reception.models import ScheduleEntry


@admin.register(ScheduleEntry)
class ScheduleEntryAdmin(admin.ModelAdmin):
    list_display = ("official", "weekday", "on_date", "starts_at", "ends_at", "place_ru", "is_active")
    list_filter = ("is_active", "weekday")
    list_select_related = ("official",)
    raw_id_fields = ("official", "created_by")
    readonly_fields = ("created_by", "created_at", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
