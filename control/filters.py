"""Which control items a list shows: the scope, the filters, the search and the order (SPEC §5, §9).

One function, `filter_items`, serves the list, its XLSX export and the dashboard's links, so a number
on the dashboard and the list it opens always agree. The scope only narrows what
akimat.permissions.visible(user, ControlItem) already allows; it never widens it.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from akimat import permissions
from akimat.models import OrgUnit, Person
from akimat.roles import LEADERSHIP, Role
from akimat.widgets import FastSelect
from control.access import sees_all_items
from control.forms import BLANK, PERSON, capitalised, date_field, executor_choices, parse_executor_value, with_blank
from control.models import ControlExecutor, ControlItem, Issuer, SourceKind
from control.queries import Light, LightThresholds, cached_counts, count_key, with_light

# --- scopes -----------------------------------------------------------------------------------------

MINE = "mine"
DEPARTMENT = "department"
LEADERSHIP_SCOPE = "leadership"
ALL = "all"

SCOPE_LABELS = {
    MINE: _("My instructions"),
    DEPARTMENT: _("My department"),
    LEADERSHIP_SCOPE: _("Issued or supervised by me"),
    ALL: _("All instructions"),
}


def _person_ids(user) -> list[int]:
    """Person ids of the user and of everyone they act for today."""
    return [person.pk for person in permissions.principal_persons(user)]


def _own_unit_ids(user) -> set[int]:
    return {person.unit_id for person in permissions.principal_persons(user) if person.unit_id}


def _headed_unit_ids(user) -> set[int]:
    """Units headed by the user or their principals, with sub-units; a department head heading nothing
    recorded yet gets their own unit."""
    headed = permissions.headed_units(user)
    if not headed and permissions.has_role(user, Role.DEPARTMENT_HEAD):
        headed = OrgUnit.objects.subtree_ids(_own_unit_ids(user))
    return headed


def _executed_by(*, person_ids=(), unit_ids=(), people_of_units=()) -> Q:
    """Items executed by these people, these executing bodies, or anyone of these units: keys of
    ControlItem.readers (control/access.py), so a scope costs one more array overlap, not a join."""
    keys = [f"p{pk}" for pk in person_ids] + [f"e{pk}" for pk in unit_ids] + [f"w{pk}" for pk in people_of_units]
    return Q(readers__overlap=keys) if keys else Q(pk__in=[])


def available_scopes(user) -> list[str]:
    """The scopes offered to the user as tabs, in order."""
    roles = permissions.roles_of(user)
    scopes = [MINE]
    if Role.DEPARTMENT_HEAD in roles or _headed_unit_ids(user):
        scopes.append(DEPARTMENT)
    if roles & LEADERSHIP or permissions.supervised_units(user):
        scopes.append(LEADERSHIP_SCOPE)
    if Role.ORG_DEPARTMENT in roles or sees_all_items(user):
        scopes.append(ALL)
    return scopes


def default_scope(user) -> str:
    """The general department, the akim, the head of apparatus and auditors start from everything;
    deputies from what they issued or supervise; department heads from their department."""
    roles = permissions.roles_of(user)
    if Role.ORG_DEPARTMENT in roles or sees_all_items(user):
        return ALL
    if Role.DEPUTY_AKIM in roles:
        return LEADERSHIP_SCOPE
    if Role.DEPARTMENT_HEAD in roles:
        return DEPARTMENT
    return MINE


def scope_q(user, scope: str) -> Q:
    """The condition of a scope (always combined with visible(), never used alone)."""
    if scope == MINE:
        return _executed_by(person_ids=_person_ids(user), unit_ids=_own_unit_ids(user))
    if scope == DEPARTMENT:
        units = _headed_unit_ids(user)
        return _executed_by(unit_ids=units, people_of_units=units)
    if scope == LEADERSHIP_SCOPE:
        supervised = permissions.supervised_units(user)
        return Q(issuer_person_id__in=_person_ids(user)) | _executed_by(unit_ids=supervised, people_of_units=supervised)
    return Q()


# --- the filter form --------------------------------------------------------------------------------

LIGHT_NAMES = {
    Light.GREEN: _("green"),
    Light.YELLOW: _("yellow"),
    Light.RED: _("red"),
    Light.BLUE: _("blue"),
    Light.GREY: _("grey"),
}


def light_choices() -> list[tuple[str, str]]:
    return [(light, f"{capfirst(LIGHT_NAMES[light])} — {Light.LABELS[light]}") for light in Light.ORDER]


@dataclass(frozen=True)
class Sort:
    label: Any
    order_by: tuple[str, ...]


# the control number is a yearly counter ("К-12"): creation order is its order
SORTS = {
    "number": Sort(_("Number"), ("received_on", "pk")),
    "text": Sort(_("Content"), ("text", "pk")),
    "issuer": Sort(_("Issuer"), ("issuer", "pk")),
    "deadline": Sort(_("Deadline"), ("deadline", "pk")),
    "status": Sort(_("Status"), ("status", "deadline", "pk")),
}
DEFAULT_SORT = "deadline"
NOT_NAMED = "none"  # issuer_person: items whose issuer is a body, with no official named
OPEN = "open"  # status: everything not yet removed from control


def people_choices(kind: str) -> list:
    """The choices of a filter listing people or units ("executors", "issuers" or "departments") in the
    active language. List pages read them on every request, so they are cached under the data version,
    which changes of users, people and units replace."""

    def executors() -> list:
        return with_blank(executor_choices())

    def issuers() -> list:
        people = Person.objects.filter(user__groups__name__in=LEADERSHIP).distinct().order_by("full_name")
        return [("", BLANK), (NOT_NAMED, _("no official named")), *((str(p.pk), p.full_name) for p in people)]

    def departments() -> list:
        return [("", BLANK), *((str(unit.pk), unit.name) for unit in OrgUnit.objects.order_by("order", "name_ru"))]

    compute = {"executors": executors, "issuers": issuers, "departments": departments}[kind]
    return cached_counts(["filter-choices", kind, get_language() or ""], lambda: _as_text(compute()))


def _as_text(choices: list) -> list:
    """Choices with their labels (lazy translations among them) made plain text, for the cache."""
    return [
        (str(key), _as_text(label)) if isinstance(label, (list, tuple)) else (key, str(label)) for key, label in choices
    ]


class ItemFilterForm(forms.Form):
    """GET filters of the list (all optional; a bad value is ignored with a message by the field)."""

    scope = forms.ChoiceField(label=_("View"), choices=list(SCOPE_LABELS.items()), required=False)
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, help_text=_("Control number, content or source.")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=with_blank([(OPEN, _("All open (not removed)")), *capitalised(ControlItem.Status.choices)]),
        required=False,
    )
    light = forms.ChoiceField(label=_("Traffic light"), choices=(), required=False)
    issuer = forms.ChoiceField(label=_("Issuer"), choices=with_blank(capitalised(Issuer.choices)), required=False)
    issuer_person = forms.ChoiceField(label=_("Issued by"), choices=(), required=False, widget=FastSelect)
    source_kind = forms.ChoiceField(
        label=_("Source"), choices=with_blank(capitalised(SourceKind.choices)), required=False
    )
    executor = forms.ChoiceField(
        label=_("Executor"),
        choices=(),
        required=False,
        help_text=_("Lead executor or co-executor."),
        widget=FastSelect,
    )
    lead = forms.ChoiceField(label=_("Lead executor"), choices=(), required=False, widget=FastSelect)
    department = forms.TypedChoiceField(
        label=_("Department of the lead executor"), choices=(), coerce=int, required=False, widget=FastSelect
    )
    deadline_from = date_field(_("Deadline from"))
    deadline_to = date_field(_("Deadline to"))
    received_from = date_field(_("Received from"))
    received_to = date_field(_("Received to"))
    sort = forms.ChoiceField(
        label=_("Order"), choices=[(key, key) for s in SORTS for key in (s, f"-{s}")], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["light"].choices = with_blank(light_choices())
        self.fields["executor"].choices = self.fields["lead"].choices = people_choices("executors")
        self.fields["issuer_person"].choices = people_choices("issuers")
        self.fields["department"].choices = people_choices("departments")

    def value(self, name: str) -> Any:
        """The cleaned value of a field, or None when it is empty or invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None


def _apply(form: ItemFilterForm, queryset: QuerySet, thresholds: LightThresholds) -> QuerySet:
    value = form.value
    if text := (value("q") or "").strip():
        queryset = queryset.filter(
            Q(number__icontains=text) | Q(text__icontains=text) | Q(source_label__icontains=text)
        )
    if status := value("status"):
        queryset = queryset.open() if status == OPEN else queryset.filter(status=status)
    if light := value("light"):
        queryset = queryset.filter(thresholds.q(light))
    if issuer := value("issuer"):
        queryset = queryset.filter(issuer=issuer)
    if issuer_person := value("issuer_person"):
        if issuer_person == NOT_NAMED:
            queryset = queryset.filter(issuer_person__isnull=True)
        else:
            queryset = queryset.filter(issuer_person_id=int(issuer_person))
    if source_kind := value("source_kind"):
        queryset = queryset.filter(source_kind=source_kind)
    if parsed := parse_executor_value(value("executor") or ""):
        kind, pk = parsed
        queryset = queryset.filter(_executed_by(person_ids=[pk]) if kind == PERSON else _executed_by(unit_ids=[pk]))
    if parsed := parse_executor_value(value("lead") or ""):
        kind, pk = parsed
        leads = ControlExecutor.objects.filter(is_lead=True, **{"person_id" if kind == PERSON else "unit_id": pk})
        queryset = queryset.filter(pk__in=leads.values("item_id"))
    if department := value("department"):
        # the lead's department: the unit of a lead person, or the lead body itself
        people = list(Person.objects.filter(unit_id=department).values_list("pk", flat=True))
        leads = ControlExecutor.objects.filter(is_lead=True).filter(Q(person_id__in=people) | Q(unit_id=department))
        queryset = queryset.filter(pk__in=leads.values("item_id"))
    for field, lookup in (
        ("deadline_from", "deadline__gte"),
        ("deadline_to", "deadline__lte"),
        ("received_from", "received_on__gte"),
        ("received_to", "received_on__lte"),
    ):
        if (day := value(field)) is not None:
            queryset = queryset.filter(**{lookup: day})
    return queryset


def _only_open(form: ItemFilterForm) -> bool:
    """Whether the filters leave out removed items (a status other than removed, or a colour other than
    grey): then "open first" orders nothing and the plain order can walk the (status, deadline) index."""
    status, light = form.value("status"), form.value("light")
    return (status is not None and status != ControlItem.Status.REMOVED) or light in {
        Light.RED,
        Light.YELLOW,
        Light.GREEN,
        Light.BLUE,
    }


def _ordering(sort: str, *, only_open: bool) -> list:
    fields = [f"-{field}" if sort.startswith("-") else field for field in SORTS[sort.lstrip("-")].order_by]
    if sort.lstrip("-") == "deadline" and not only_open:
        # by deadline the open items come first (overdue at the top), years of removed ones after them
        return [Case(When(status=ControlItem.Status.REMOVED, then=Value(1)), default=Value(0)), *fields]
    return fields


@dataclass
class Listing:
    """The result of filtering: the form (to re-render), the scope in force and the queryset."""

    form: ItemFilterForm
    scope: str
    sort: str
    queryset: QuerySet
    thresholds: LightThresholds

    def count_key(self, user) -> list[str]:
        """The key of the list's cached total (control.queries.count_key)."""
        return count_key("list", user, self.thresholds.today, self.form.data, self.scope)


def lead_prefetch() -> Prefetch:
    return Prefetch(
        "executors",
        queryset=ControlExecutor.objects.filter(is_lead=True).select_related("person", "unit"),
        to_attr="lead_rows",
    )


def filter_items(user, data) -> Listing:
    """Visible items of the scope, filtered, searched and ordered, with the light annotated in SQL."""
    form = ItemFilterForm(data)
    form.is_valid()  # invalid fields are simply not applied; the form shows why
    scope = form.value("scope") or default_scope(user)
    sort = form.value("sort") or DEFAULT_SORT
    thresholds = LightThresholds.on()
    queryset = ControlItem.objects.filter(scope_q(user, scope))
    queryset = _apply(form, queryset, thresholds)
    queryset = permissions.visible(user, queryset)
    queryset = with_light(queryset, thresholds)
    queryset = queryset.select_related("issuer_person").order_by(*_ordering(sort, only_open=_only_open(form)))
    return Listing(form=form, scope=scope, sort=sort, queryset=queryset, thresholds=thresholds)
