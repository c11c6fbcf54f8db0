"""Admin: registration journals (editable formats), counters, history and notifications (read-only)."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import permissions
from akimat.models import Counter, HistoryEntry, Journal, Notification
from akimat.numbering import NumberingError, render_number, validate_number_format

EXAMPLE_INDEX = "01-12"
EXAMPLE_SEQ = 345


class JournalForm(forms.ModelForm):
    class Meta:
        model = Journal
        fields = ["code", "name_kk", "name_ru", "name_en", "number_format", "prefix"]
        help_texts = {
            "number_format": _(
                "Placeholders: {prefix}, {index} (file nomenclature index), {seq}, {year}, {yy}. "
                "Example: “{index}/{seq}” gives 01-12/345. A change applies to numbers taken after it; "
                "numbers already given never change."
            ),
            "prefix": _("Text put in place of {prefix}, e.g. “ЖТ-”."),
        }

    def clean_number_format(self) -> str:
        number_format = self.cleaned_data["number_format"]
        try:
            validate_number_format(number_format)
        except NumberingError as error:
            raise forms.ValidationError(str(error)) from None
        return number_format


@admin.register(Journal)
class JournalAdmin(admin.ModelAdmin):
    form = JournalForm
    list_display = ["code", "name", "number_format", "prefix", "example"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]

    @admin.display(description=_("example"))
    def example(self, journal: Journal) -> str:
        try:
            return render_number(journal, seq=EXAMPLE_SEQ, year=timezone.localdate().year, index=EXAMPLE_INDEX)
        except NumberingError as error:
            return str(error)

    def get_readonly_fields(self, request: HttpRequest, obj: Journal | None = None) -> list[str]:
        # services find journals by code: renaming one would break registration
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Journal | None = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible to those with the view permission; nobody adds, changes or deletes here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Counter)
class CounterAdmin(ReadOnlyAdmin):
    # a counter changed by hand would issue a duplicate number or leave a gap (SPEC §3.4)
    list_display = ["journal", "year", "last_value"]
    list_filter = ["year", "journal"]
    list_select_related = ["journal"]


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    # an administrator is not granted ДСП by being one (SPEC §3.1): rows about restricted objects are left out
    def get_queryset(self, request: HttpRequest):
        return permissions.hide_restricted_subjects(request.user, super().get_queryset(request))

    list_display = ["at", "actor_label", "action", "content_type", "object_id", "from_state", "to_state"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor__person", "acting_for__person", "content_type"]
    search_fields = ["comment"]
    date_hierarchy = "at"

    @admin.display(description=_("who"))
    def actor_label(self, entry: HistoryEntry) -> str:
        return entry.actor_label


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    def get_queryset(self, request: HttpRequest):
        return permissions.hide_restricted_subjects(request.user, super().get_queryset(request))

    list_display = ["created_at", "recipient", "kind", "title", "language", "read_at", "email_sent_at"]
    list_filter = [
        "kind",
        "language",
        ("read_at", admin.EmptyFieldListFilter),
        ("email_sent_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username", "key"]
    date_hierarchy = "created_at"
