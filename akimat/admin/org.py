"""Admin: the organisation reference data — units, people, supervision map, acting duties, logins."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from akimat.forms import ADMIN_FORMFIELD_OVERRIDES
from akimat.models import ActingDuty, OrgUnit, Person, Supervision
from akimat.roles import Role

INDENT = "\u2003"  # an em space: visible indentation that HTML does not collapse


class SupervisionInline(admin.TabularInline):
    model = Supervision
    extra = 0
    autocomplete_fields = ["supervisor"]
    verbose_name = _("supervisor")
    verbose_name_plural = _("supervised by")


class PersonInUnitInline(admin.TabularInline):
    """The people of a unit, read-only here: a person is edited on their own page."""

    model = Person
    fields = ["full_name", "position_kk", "position_ru", "is_active"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("people of the unit")

    def has_add_permission(self, request: HttpRequest, obj: OrgUnit | None = None) -> bool:
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["tree_name", "kind", "function", "nomenclature_index", "head", "parent", "order", "is_active"]
    list_display_links = ["tree_name"]
    list_filter = ["kind", "function", "is_active", "by_agreement"]
    list_select_related = ["head", "parent"]
    search_fields = ["name_kk", "name_ru", "name_en", "nomenclature_index", "head__full_name"]
    autocomplete_fields = ["parent", "head", "curator"]
    inlines = [SupervisionInline, PersonInUnitInline]
    fieldsets = [
        (None, {"fields": ["name_kk", "name_ru", "name_en"]}),
        (
            _("place in the structure"),
            {"fields": ["kind", "function", "parent", "head", "curator", "order", "is_active"]},
        ),
        (_("registration and contacts"), {"fields": ["nomenclature_index", "by_agreement", "email", "phone"]}),
        (_("official papers"), {"fields": ["emblem"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrgUnit]:
        # annotate before ordering: the tree order sorts by the annotation
        queryset = OrgUnit.objects.with_tree_position()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_ordering(self, request: HttpRequest) -> list[str]:
        # a tree on this admin's own list (a column header still sorts by its column); other admins ask this
        # for their unit drop-downs on querysets without the annotation, so they get the model's ordering
        match = request.resolver_match
        if match is not None and match.url_name == "akimat_orgunit_changelist":
            return ["tree_path"]
        return list(super().get_ordering(request))

    @admin.display(description=_("name"), ordering="tree_path")
    def tree_name(self, unit: OrgUnit) -> str:
        return INDENT * 2 * (getattr(unit, "tree_depth", 0) or 0) + unit.name


class ActingDutyInline(admin.TabularInline):
    """Duties this person performs for absent colleagues."""

    model = ActingDuty
    fk_name = "acting"
    fields = ["absent", "starts_on", "ends_on", "order_reference", "reason"]
    autocomplete_fields = ["absent"]
    extra = 0
    verbose_name = _("acting duty")
    verbose_name_plural = _("acts for")


class ReplacedByInline(admin.TabularInline):
    """Who performs this person's duties while they are away."""

    model = ActingDuty
    fk_name = "absent"
    fields = ["acting", "starts_on", "ends_on", "order_reference", "reason"]
    autocomplete_fields = ["acting"]
    extra = 0
    verbose_name = _("replacement")
    verbose_name_plural = _("replaced by")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "user_link", "unit", "position_display", "preferred_language", "email", "is_active"]
    list_filter = ["preferred_language", "is_active", "unit__kind", ("unit", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "unit"]
    search_fields = [
        "full_name",
        "user__username",
        "email",
        "position_kk",
        "position_ru",
        "position_en",
        "unit__name_kk",
        "unit__name_ru",
        "unit__name_en",
    ]
    autocomplete_fields = ["user", "unit"]
    inlines = [ActingDutyInline, ReplacedByInline]
    fieldsets = [
        (None, {"fields": ["user", "full_name", "unit", "is_active"]}),
        (_("position"), {"fields": ["position_kk", "position_ru", "position_en"]}),
        (_("contacts and language"), {"fields": ["preferred_language", "email", "phone"]}),
    ]

    @admin.display(description=_("login"), ordering="user__username")
    def user_link(self, person: Person) -> str:
        url = reverse("admin:auth_user_change", args=[person.user_id])
        return format_html('<a href="{}">{}</a>', url, person.user.get_username())

    @admin.display(description=_("position"))
    def position_display(self, person: Person) -> str:
        return person.position


@admin.register(Supervision)
class SupervisionAdmin(admin.ModelAdmin):
    list_display = ["supervisor", "unit", "unit_kind"]
    list_filter = ["unit__kind", ("supervisor", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["supervisor", "unit"]
    search_fields = ["supervisor__full_name", "unit__name_kk", "unit__name_ru", "unit__name_en"]
    autocomplete_fields = ["supervisor", "unit"]

    @admin.display(description=_("kind"), ordering="unit__kind")
    def unit_kind(self, supervision: Supervision) -> str:
        return supervision.unit.get_kind_display()


class InForceFilter(admin.SimpleListFilter):
    title = _("period")
    parameter_name = "period"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("current", _("in force today")), ("future", _("upcoming")), ("past", _("ended"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ActingDuty]) -> QuerySet[ActingDuty]:
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.current(today)
        if self.value() == "future":
            return queryset.filter(starts_on__gt=today)
        if self.value() == "past":
            return queryset.filter(ends_on__lt=today)
        return queryset


@admin.register(ActingDuty)
class ActingDutyAdmin(admin.ModelAdmin):
    formfield_overrides = ADMIN_FORMFIELD_OVERRIDES
    list_display = ["acting", "absent", "starts_on", "ends_on", "in_force", "order_reference", "reason"]
    list_filter = [InForceFilter]
    list_select_related = ["acting", "absent"]
    search_fields = ["acting__full_name", "absent__full_name", "order_reference", "reason"]
    autocomplete_fields = ["acting", "absent"]
    date_hierarchy = "starts_on"

    @admin.display(description=_("in force today"), boolean=True)
    def in_force(self, duty: ActingDuty) -> bool:
        return duty.is_in_force()


# --- Logins: a person is created together with the user ---------------------------------------------


class PersonInline(admin.StackedInline):
    """The person behind a login, so that an administrator creates both on one page."""

    model = Person
    fk_name = "user"
    can_delete = False
    extra = 1
    max_num = 1
    autocomplete_fields = ["unit"]
    verbose_name = _("person")
    verbose_name_plural = _("person")
    fields = [
        "full_name",
        "unit",
        ("position_kk", "position_ru", "position_en"),
        "preferred_language",
        ("email", "phone"),
        "is_active",
    ]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [PersonInline]
    list_display = ["username", "full_name", "unit", "roles", "is_active", "is_superuser", "last_login"]
    list_select_related = ["person", "person__unit"]
    search_fields = [*DjangoUserAdmin.search_fields, "person__full_name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("full name"), ordering="person__full_name")
    def full_name(self, user: User) -> str:
        person = getattr(user, "person", None)
        return person.full_name if person else user.get_full_name()

    @admin.display(description=_("unit"))
    def unit(self, user: User) -> str:
        person = getattr(user, "person", None)
        return str(person.unit) if person and person.unit else "—"

    @admin.display(description=_("roles"))
    def roles(self, user: User) -> str:
        labels = dict(Role.choices)
        return ", ".join(str(labels.get(group.name, group.name)) for group in user.groups.all()) or "—"
