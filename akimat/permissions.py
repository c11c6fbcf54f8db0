"""Who may see and change which object: the one place every module asks (SPEC §3.1).

Access to an object is granted by, in this order:

1. being a superuser (the administrator);
2. a rule that the object's app registered for its model (author, registrar, addressee, executors and
   their department heads, leadership by supervised area...) and that holds for the user *or for anyone
   the user acts for today* (acting duties, §1.4, §15.6);
3. an explicit django-guardian grant on the object (`grant_view`), again to the user or a principal,
   directly or through a group. A change grant implies view.

Anything else is closed: a model without a rule is visible through grants only. Apps register their rules
in `AppConfig.ready()`::

    permissions.register(
        Incoming,
        filter_visible=lambda user: Q(registered_by=user) | Q(executors__person__user=user),
        can_change=lambda user, obj: obj.registered_by_id == user.pk,
    )

`filter_visible(user) -> Q` is the rule (an empty `Q()` means every row); `can_view(user, obj)` defaults to
evaluating that Q on the object, so a list and a detail page never disagree. Lookups that every check
needs (principals, roles, supervised units) are memoised on the user instance, so a request pays for them
once.

Restrictions flow (SPEC §3.1, 003 §9.4). A source registers which of its rows are restricted (`restricted=`: a
ДСП document; next a closed meeting, an appeal's personal data). What derives from it carries the restriction:

- a model that keeps the key of its restricted source in a column (`inherits="restricted_by"`: a control item)
  is seen, when the column is set, only by those granted the item itself or its source — whatever their role,
  administrators included; the key is `restriction_key(source)`, taken when the item is made;
- a model seen exactly when its parent row is (`follows="item"`: an execution report, seen with its item);
- a link in the chain that has no rule of its own (`derive(Resolution, parent=...)`: a resolution carries its
  document's restriction to the control item it puts on control);
- rows that point at any object through a generic link (history, notifications, attachments) are filtered by
  `hide_restricted_subjects()`, and notifications to a recipient who may not see their object say nothing of it
  (akimat/notifications.py).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import connection, models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from akimat import reglament
from akimat.expressions import EqualsAny
from akimat.models import ActingDuty, OrgUnit, Person, Supervision

M = TypeVar("M", bound=models.Model)
AnyUser = AbstractBaseUser | AnonymousUser

_CACHE_ATTR = "_akimat_permissions_cache"


# --- Who the user is, and for whom they act ---------------------------------------------------------


def _memo(user: Any, key: tuple, compute: Callable[[], Any]) -> Any:
    """Remember a value on the user instance (request.user lives as long as the request)."""
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)  # through a SimpleLazyObject this lands on the wrapped user
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget(user: Any) -> None:
    """Drop what was memoised on the user, e.g. after their acting duties or groups changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _signed_in(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def principals(user: AnyUser, on: datetime.date | None = None) -> list[Any]:
    """The user, then everyone whose duties they perform on that date (today by default).

    Not transitive: acting for B does not carry the duties B performs for C, since each order on duties
    names the person replaced.
    """
    if not _signed_in(user):
        return []
    day = on or timezone.localdate()

    def compute() -> list[Any]:
        duties = ActingDuty.objects.current(day).filter(acting__user=user)
        absent = list(
            get_user_model()
            .objects.filter(person__replaced_by__in=duties)
            .exclude(pk=user.pk)
            .select_related("person")  # rules and callers look at each principal's person
            .distinct()
            .order_by("pk")
        )
        for principal in absent:
            # rules are asked about each principal and may call these helpers on it: stop the chain there
            _memo(principal, ("principals", day), lambda principal=principal: [principal])
        if absent:
            _prefill_principals(absent)
        return [user, *absent]

    return _memo(user, ("principals", day), compute)


def principal_persons(user: AnyUser) -> list[Any]:
    """The persons of the user and of everyone they act for today (a principal without a person left out)."""
    return [person for principal in principals(user) if (person := getattr(principal, "person", None)) is not None]


def _prefill_principals(absent: list[Any]) -> None:
    """Roles, own units, units supervised and headed, and membership of a controlling unit of the absent principals
    in six queries, not six each: rules ask about every principal, and a user acting for many (a head of department
    during the holidays) would otherwise cost queries per principal on every list."""
    from django.contrib.auth.models import Group

    ids = [principal.pk for principal in absent]
    roles: dict[int, set[str]] = {pk: set() for pk in ids}
    for user_id, name in Group.objects.filter(user__in=ids).values_list("user", "name"):
        roles[user_id].add(name)
    # supervised as supervised_units() reads it: the supervision map, or as the unit's curator
    supervised: dict[int, set[int]] = {pk: set() for pk in ids}
    supervisions = Supervision.objects.filter(supervisor__user__in=ids).values_list("supervisor__user", "unit")
    curated = OrgUnit.objects.filter(curator__user__in=ids).values_list("curator__user", "pk")
    for user_id, unit_id in [*supervisions, *curated]:
        supervised[user_id].add(unit_id)
    headed: dict[int, set[int]] = {pk: set() for pk in ids}
    for user_id, unit_id in OrgUnit.objects.filter(head__user__in=ids).values_list("head__user", "pk"):
        headed[user_id].add(unit_id)
    own: dict[int, set[int]] = {pk: set() for pk in ids}
    for user_id, unit_id in Person.objects.filter(user__in=ids, unit__isnull=False).values_list("user", "unit"):
        own[user_id].add(unit_id)
    controlling = _controlling_members(ids)
    for principal in absent:
        pk = principal.pk
        _memo(principal, ("roles",), lambda pk=pk: roles[pk])
        _memo(principal, ("controlling",), lambda pk=pk: pk in controlling)
        # the sub-units are read only for a principal who supervises or heads something
        _memo(principal, ("supervised",), lambda pk=pk: OrgUnit.objects.subtree_ids(supervised[pk]))
        _memo(principal, ("headed",), lambda pk=pk: OrgUnit.objects.subtree_ids(headed[pk]))
        _memo(principal, ("units",), lambda pk=pk, principal=principal: own[pk] | headed_units(principal))


def _principal_ids(user: AnyUser) -> list[int]:
    return [p.pk for p in principals(user)]


def acting_for(user: AnyUser, principal: AnyUser, on: datetime.date | None = None) -> Any | None:
    """The principal if the user acts for them on that date, else None (history shows "A (acting for B)")."""
    if principal is None or principal.pk == getattr(user, "pk", None):
        return None
    return next((p for p in principals(user, on)[1:] if p.pk == principal.pk), None)


def acting_principal(user: AnyUser, predicate: Callable[[Any], bool]) -> Any | None:
    """The user, or the absent official they act for today, whose Person satisfies `predicate` (else None).

    "Only the approver (the signer, the author...) may do this": the person acting for them may as well, and
    the caller records both names (history's acting_for, a visa's acting_person).
    """
    for principal in principals(user):
        person = getattr(principal, "person", None)
        if person is not None and predicate(person):
            return principal
    return None


def roles_of(user: AnyUser) -> set[str]:
    """Codes of the roles the user holds, their own and those of everyone they act for today."""
    if not _signed_in(user):
        return set()

    def compute() -> set[str]:
        from django.contrib.auth.models import Group

        return set(Group.objects.filter(user__in=_principal_ids(user)).values_list("name", flat=True))

    return _memo(user, ("roles",), compute)


def has_role(user: AnyUser, *roles: str) -> bool:
    """Whether the user (or anyone they act for today) holds any of the roles."""
    return not roles_of(user).isdisjoint(str(role) for role in roles)


def supervised_units(user: AnyUser) -> set[int]:
    """Ids of the units the user or their principals supervise (the supervision map, or as the unit's curating
    deputy head of apparatus, 003 §12.14), with all their sub-units."""
    if not _signed_in(user):
        return set()

    def compute() -> set[int]:
        principals = _principal_ids(user)
        roots = OrgUnit.objects.filter(
            Q(supervisions__supervisor__user__in=principals) | Q(curator__user__in=principals)
        ).values_list("pk", flat=True)
        return OrgUnit.objects.subtree_ids(set(roots))

    return _memo(user, ("supervised",), compute)


def headed_units(user: AnyUser) -> set[int]:
    """Ids of the units the user or their principals head, with all their sub-units."""
    if not _signed_in(user):
        return set()

    def compute() -> set[int]:
        headed = OrgUnit.objects.filter(head__user__in=_principal_ids(user)).values_list("pk", flat=True)
        return OrgUnit.objects.subtree_ids(set(headed))

    return _memo(user, ("headed",), compute)


def unit_ids_of(user: AnyUser) -> set[int]:
    """Ids of the units the user belongs to, plus every unit (and sub-unit) they head; also for principals."""
    if not _signed_in(user):
        return set()

    def compute() -> set[int]:
        ids = _principal_ids(user)
        own = Person.objects.filter(user__in=ids, unit__isnull=False).values_list("unit_id", flat=True)
        return set(own) | headed_units(user)

    return _memo(user, ("units",), compute)


def unit_functions(user: AnyUser) -> set[str]:
    """The functions (general department, legal service, …) of the units the user and their principals belong
    to — where they work, not what they head: one query, remembered for the request."""
    if not _signed_in(user):
        return set()

    def compute() -> set[str]:
        units = {person.unit_id for person in principal_persons(user)} - {None}
        return set(OrgUnit.objects.filter(pk__in=units).values_list("function", flat=True)) if units else set()

    return _memo(user, ("unit_functions",), compute)


# --- The controlling unit (003 §12.4(2)) -------------------------------------------------------------


def controller_reads(user: AnyUser, scope: str) -> bool:
    """Whether the user, or anyone they act for today, belongs to or heads a controlling unit that reads `scope`.

    Both halves are rules of the regulation profile, not roles: `control.controlling_units` names the functions
    of the units that put documents on control and watch the deadlines (the general department, 003 §12.4(2)),
    `control.controlling_units_read` what their staff and head read ("documents": the journals and every
    document; "control": every item on control; "reports": the weekly list and the quarterly report). What this
    opens is still filtered by visible(): a ДСП document stays closed to them unless granted by name.
    """
    if not _signed_in(user) or scope not in reglament.rule("control.controlling_units_read").as_codes():
        return False
    return _memo(user, ("controlling",), lambda: _in_controlling_unit(user))


def _in_controlling_unit(user: AnyUser) -> bool:
    return bool(_controlling_members(_principal_ids(user)))


def _controlling_members(user_ids: list[int]) -> set[int]:
    """Which of these users belong to or head a controlling unit (or one of its sub-units)."""
    functions = list(reglament.rule("control.controlling_units").as_codes())
    if not functions or not user_ids:
        return set()
    units = connection.ops.quote_name(OrgUnit._meta.db_table)
    people = connection.ops.quote_name(Person._meta.db_table)
    # one query: a controlling unit or one of its sub-units (a sector) is the unit of the user or of someone they
    # act for, or is headed by one of them (a head of department need not be recorded as one of its staff)
    sql = (
        f"WITH RECURSIVE tree(id, head_id) AS ("
        f" SELECT u.id, u.head_id FROM {units} u WHERE u.function = ANY(%s) AND u.is_active"
        f" UNION SELECT c.id, c.head_id FROM {units} c JOIN tree t ON c.parent_id = t.id"
        f") SELECT DISTINCT p.user_id FROM tree t JOIN {people} p ON p.unit_id = t.id OR p.id = t.head_id"
        f" WHERE p.user_id = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [functions, user_ids])
        return {row[0] for row in cursor.fetchall()}


# --- The rule registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """How one model decides access: a Q for lists, and checks for one object."""

    model: type[models.Model]
    filter_visible: Callable[[Any], Q] | None
    can_view: Callable[[Any, Any], bool] | None = None
    can_change: Callable[[Any, Any], bool] | None = None
    restricted: Q | None = None
    flat: bool = False
    inherits: str | None = None
    follows: str | None = None

    def restriction(self) -> Q | None:
        """Q of the rows that only a grant by name opens: restricted themselves, or carrying a source's key."""
        if self.inherits is not None:
            return ~Q(**{self.inherits: ""})
        return self.restricted

    def is_restricted(self, obj: models.Model) -> bool:
        """Whether the object is one that only grants by name open (e.g. a ДСП document, or an item of one)."""
        if self.inherits is not None:
            return bool(getattr(obj, self.inherits))
        return self.restricted is not None and self.model._default_manager.filter(self.restricted, pk=obj.pk).exists()

    def allows_view(self, user: Any, obj: models.Model) -> bool:
        if self.can_view is not None:
            return self.can_view(user, obj)
        return self.model._default_manager.filter(self.filter_visible(user), pk=obj.pk).exists()

    def allows_change(self, user: Any, obj: models.Model) -> bool:
        return self.can_change is not None and self.can_change(user, obj)


_rules: dict[type[models.Model], Rule] = {}


def register(
    model: type[models.Model],
    *,
    filter_visible: Callable[[Any], Q] | None = None,
    can_view: Callable[[Any, Any], bool] | None = None,
    can_change: Callable[[Any, Any], bool] | None = None,
    restricted: Q | None = None,
    flat: bool = False,
    inherits: str | None = None,
    follows: str | None = None,
) -> Rule:
    """Register the access rule of a model; each callable is asked about one (non-superuser) user.

    filter_visible(user) -> Q on the model: which rows the user sees through the rule.
    can_view(user, obj) -> bool: defaults to evaluating filter_visible on the object.
    can_change(user, obj) -> bool: defaults to nobody (then only superusers and change grants).
    restricted: Q of rows that ONLY a grant by name opens, to everyone, superusers included
    (documents for official use only, 003 §9.4).
    flat: filter_visible never joins to many rows (only columns and pk__in subqueries), so visible()
    may apply it directly to the caller's queryset instead of through a pk subquery over the whole
    table — much cheaper on large tables once other filters have narrowed the rows.
    inherits: the name of a text column holding `restriction_key()` of the restricted source the row derives
    from ("" when none): such rows are seen only by those granted the row or that source.
    follows: the name of a foreign key; the row is seen (and restricted) exactly as the row it points to, and
    filter_visible is not asked.
    """
    model = model._meta.concrete_model
    if model in _rules:
        raise ImproperlyConfigured(f"An access rule for {model._meta.label} is already registered.")
    if (filter_visible is None) == (follows is None):
        raise ImproperlyConfigured(f"The rule for {model._meta.label} needs filter_visible or follows, not both.")
    rule = Rule(
        model=model,
        filter_visible=filter_visible,
        can_view=can_view,
        can_change=can_change,
        restricted=restricted,
        flat=flat,
        inherits=inherits,
        follows=follows,
    )
    _rules[model] = rule
    return rule


def unregister(model: type[models.Model]) -> Rule | None:
    """Remove the rule of a model and return it (tests use it to restore the registry)."""
    return _rules.pop(model._meta.concrete_model, None)


def rule_for(model: type[models.Model]) -> Rule | None:
    """The rule registered for a model, if any."""
    return _rules.get(model._meta.concrete_model)


# --- Restrictions that flow from a source -----------------------------------------------------------

_parents: dict[type[models.Model], Callable[[Any], models.Model | None]] = {}


def derive(model: type[models.Model], *, parent: Callable[[Any], models.Model | None]) -> None:
    """Declare that objects of a model without a rule of their own carry the restriction of parent(obj)
    (a resolution that of its document), so what is made from them inherits it (from AppConfig.ready)."""
    _parents[model._meta.concrete_model] = parent


def restriction_key(obj: models.Model | None) -> str:
    """The key of the restricted source that obj is or derives from ("" when there is none).

    "<content type id>:<pk>", the form in which django-guardian keeps the object of a grant, so that one
    array of the user's grant keys opens every row derived from a source granted to them.
    """
    for _depth in range(8):  # chains are short (item ← resolution ← document); a cycle would be a bug
        if obj is None:
            return ""
        model = obj._meta.concrete_model
        rule = rule_for(model)
        if rule is not None and rule.inherits is not None:
            return getattr(obj, rule.inherits)
        if rule is not None and rule.follows is not None:
            obj = getattr(obj, rule.follows)
            continue
        if rule is not None and rule.restricted is not None and rule.is_restricted(obj):
            return f"{ContentType.objects.get_for_model(model).pk}:{obj.pk}"
        parent = _parents.get(model)
        if parent is None:
            return ""
        obj = parent(obj)
    raise ImproperlyConfigured(f"The restriction chain of {obj._meta.label} does not end.")


def is_restricted(obj: models.Model) -> bool:
    """Whether only grants by name open the object or the source it derives from (ДСП and the like)."""
    return bool(restriction_key(obj))


# --- Explicit grants (django-guardian) --------------------------------------------------------------


def _codename(action: str, model: type[models.Model]) -> str:
    return f"{action}_{model._meta.model_name}"


def _object_pk_field(model: type[models.Model]) -> models.Field:
    # guardian keeps the object's id as text; compare it as the model's own key type
    pk = model._meta.pk
    while pk.is_relation:  # a one-to-one primary key: compare with the key of the target
        pk = pk.target_field
    if isinstance(pk, models.IntegerField):  # the auto fields are integer fields too
        return models.BigIntegerField()
    return pk.__class__()


def _grant_keys(model: type[models.Model], user_ids: list[int], actions: tuple[str, ...]) -> list[models.QuerySet]:
    """The keys of the objects granted to any of the users: directly, and through a group."""
    codenames = [_codename(action, model) for action in actions]
    scope = {
        "content_type__app_label": model._meta.app_label,
        "content_type__model": model._meta.model_name,
        "permission__codename__in": codenames,
    }
    key = Cast("object_pk", output_field=_object_pk_field(model))
    by_user = get_user_obj_perms_model(model).objects.filter(user_id__in=user_ids, **scope)
    by_group = get_group_obj_perms_model(model).objects.filter(group__user__in=user_ids, **scope)
    return [by_user.values_list(key), by_group.values_list(key)]


def _granted_pks(model: type[models.Model], user_ids: list[int], actions: tuple[str, ...]) -> Q:
    """Q matching objects granted to any of the users, directly or through a group (subqueries only)."""
    by_user, by_group = _grant_keys(model, user_ids, actions)
    return Q(pk__in=by_user) | Q(pk__in=by_group)


def _granted_array(model: type[models.Model], user_ids: list[int]) -> Q:
    """Q matching the objects granted (view or change) to any of the users, as `pk = ANY(ARRAY(…))`.

    An IN subquery ORed with the model's rule is a filter evaluated on every row; an array read once lets
    the planner probe the primary key with it beside the rule's own indexes (a bitmap OR) — in the same query.
    """
    by_user, by_group = _grant_keys(model, user_ids, ("view", "change"))
    return Q(EqualsAny(F("pk"), ArraySubquery(by_user.union(by_group))))


def _has_grant(user: AnyUser, obj: models.Model, actions: tuple[str, ...]) -> bool:
    model = obj._meta.concrete_model
    return model._default_manager.filter(_granted_pks(model, _principal_ids(user), actions), pk=obj.pk).exists()


def _grant_key(prefix: str = "") -> Concat:
    """A grant's object as restriction_key() writes it: "<content type id>:<pk>"."""
    return Concat(
        Cast(f"{prefix}content_type_id", output_field=models.CharField()),
        Value(":"),
        f"{prefix}object_pk",
        output_field=models.CharField(),
    )


def _source_keys(user_ids: list[int]) -> models.QuerySet:
    """The keys of every object granted (view or change) to any of the users, directly or through a group."""
    user_model = get_user_model()
    seen = Q(permission__codename__startswith="view_") | Q(permission__codename__startswith="change_")
    by_user = get_user_obj_perms_model(user_model).objects.filter(seen, user_id__in=user_ids).values_list(_grant_key())
    by_group = (
        get_group_obj_perms_model(user_model).objects.filter(seen, group__user__in=user_ids).values_list(_grant_key())
    )
    return by_user.union(by_group)


def _source_granted(user: AnyUser, key: str) -> bool:
    """Whether the restricted source behind a key is granted to the user (or a principal) by name."""
    if not key:
        return False
    content_type_id, _sep, object_pk = key.partition(":")
    model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    if model is None:
        return False
    return model._default_manager.filter(
        _granted_pks(model, _principal_ids(user), ("view", "change")), pk=object_pk
    ).exists()


def grant_view(user_or_group: Any, obj: models.Model) -> None:
    """Let a user (or group) see one object by name, e.g. a document for official use only (§9.4)."""
    assign_perm(_codename("view", type(obj)), user_or_group, obj)


def revoke_view(user_or_group: Any, obj: models.Model) -> None:
    """Withdraw a view grant given by grant_view."""
    remove_perm(_codename("view", type(obj)), user_or_group, obj)


def grant_change(user_or_group: Any, obj: models.Model) -> None:
    """Let a user (or group) change one object (which implies seeing it)."""
    assign_perm(_codename("change", type(obj)), user_or_group, obj)


def revoke_change(user_or_group: Any, obj: models.Model) -> None:
    """Withdraw a change grant given by grant_change."""
    remove_perm(_codename("change", type(obj)), user_or_group, obj)


# --- The questions every view asks ------------------------------------------------------------------


def can_view(user: AnyUser, obj: models.Model) -> bool:
    """Whether the user may see the object: superuser, a rule for them or a principal, or a grant.

    A restricted object (ДСП, or derived from one) opens only by a grant of it or of its source, to anyone.
    """
    if not _signed_in(user):
        return False
    rule = rule_for(type(obj))
    if rule is not None and rule.follows is not None:
        parent = getattr(obj, rule.follows)
        return parent is not None and can_view(user, parent)
    if rule is not None and rule.is_restricted(obj):
        return _has_grant(user, obj, ("view", "change")) or (
            rule.inherits is not None and _source_granted(user, getattr(obj, rule.inherits))
        )
    if user.is_superuser:
        return True
    if rule is not None and any(rule.allows_view(p, obj) for p in principals(user)):
        return True
    return _has_grant(user, obj, ("view", "change"))


def can_change(user: AnyUser, obj: models.Model) -> bool:
    """Whether the user may change the object: superuser, a rule for them or a principal, or a grant;
    never an object they may not see (a restricted one not granted to them)."""
    if not _signed_in(user):
        return False
    rule = rule_for(type(obj))
    if rule is not None and rule.follows is not None:
        parent = getattr(obj, rule.follows)
        return parent is not None and can_change(user, parent)
    if rule is not None and rule.is_restricted(obj) and not can_view(user, obj):
        return False
    if user.is_superuser:
        return True
    if rule is not None and any(rule.allows_change(p, obj) for p in principals(user)):
        return True
    return _has_grant(user, obj, ("change",))


def _as_queryset(model_or_queryset: type[M] | models.QuerySet) -> models.QuerySet:
    if isinstance(model_or_queryset, models.QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def _opened_by_rule(user: AnyUser, rule: Rule | None) -> Q | None:
    """The rows the rule opens to the user or anyone they act for: Q() for every row, None for none."""
    if user.is_superuser:
        return Q()
    if rule is None:
        return None
    opened = None
    for principal in principals(user):
        condition = rule.filter_visible(principal)
        if not condition:  # an empty Q matches every row, but `|` would silently drop it
            return Q()
        opened = condition if opened is None else opened | condition
    return opened


def visible(user: AnyUser, model_or_queryset: type[M] | models.QuerySet) -> models.QuerySet:
    """The rows of a queryset the user may see, as one SQL query (rules and grants are subqueries).

    A row is seen when it is granted by name, or when the rule (or superuser status) opens it and it is not
    restricted (ДСП: only a grant by name opens it, whoever the user is): `granted OR (NOT restricted AND
    opened)`, with the grants written once.
    """
    queryset = _as_queryset(model_or_queryset)
    if not _signed_in(user):
        return queryset.none()
    model = queryset.model._meta.concrete_model
    rule = rule_for(model)
    if rule is not None and rule.follows is not None:
        parent = model._meta.get_field(rule.follows).related_model
        return queryset.filter(**{f"{rule.follows}__in": visible(user, parent).values("pk")})
    # a page asks several times (the object, its links, a form's choices): the condition is built once per
    # request; it holds subqueries, not rows, so a grant given since is still seen
    day = timezone.localdate()
    allowed, flat = _memo(user, ("visible", model, day), lambda: _allowed_rows(user, model))
    if allowed is None:
        return queryset
    if flat:
        return queryset.filter(allowed)
    # a pk subquery keeps the caller's ordering and annotations, and rules joining to many executors
    # cannot duplicate rows
    return queryset.filter(pk__in=model._default_manager.filter(allowed).values("pk"))


def _allowed_rows(user: AnyUser, model: type[models.Model]) -> tuple[Q | None, bool]:
    """The condition of visible() for the model, None when every row is seen, and whether it may be applied
    to the rows directly (a flat rule, or everything but the restricted rows)."""
    rule = rule_for(model)
    restricted = rule.restriction() if rule is not None else None
    opened = _opened_by_rule(user, rule)
    everything = opened is not None and not opened
    if everything and restricted is None:
        return None, True
    granted = _granted_array(model, _principal_ids(user))
    if rule is not None and rule.inherits is not None:  # or its restricted source is granted by name
        granted |= Q(EqualsAny(F(rule.inherits), ArraySubquery(_source_keys(_principal_ids(user)))))
    if opened is None:  # a model without a rule: grants only
        allowed = granted
    else:
        if restricted is not None:
            opened = ~restricted if everything else ~restricted & opened
        # the rule first: PostgreSQL tests an OR's branches in order, and most rows are seen by the rule
        # without reading the grants
        allowed = opened | granted
    return allowed, everything or (rule is not None and rule.flat)


def get_object_for_user(
    user: AnyUser, model_or_queryset: type[M] | models.QuerySet, pk: Any, *, change: bool = False
) -> M:
    """The object if the user may see it (else 404, hiding that it exists); with change=True, 403 if read-only."""
    queryset = _as_queryset(model_or_queryset)
    try:
        obj = visible(user, queryset).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404(f"No {queryset.model._meta.object_name} matches the given query.") from error
    if change and not can_change(user, obj):
        raise PermissionDenied
    return obj


def _hidden_rows(user: AnyUser, model: type[models.Model]) -> models.QuerySet | None:
    """The keys of the model's restricted rows that the user may not see, None when nothing of it is restricted."""
    rule = rule_for(model)
    if rule is None:
        return None
    if rule.follows is not None:
        parent = model._meta.get_field(rule.follows).related_model
        hidden_parents = _hidden_rows(user, parent)
        if hidden_parents is None:
            return None
        return model._default_manager.filter(**{f"{rule.follows}__in": hidden_parents}).values("pk")
    restriction = rule.restriction()
    if restriction is None:
        return None
    rows = model._default_manager.filter(restriction)
    return rows.exclude(pk__in=visible(user, model).values("pk")).values("pk")


def hide_restricted_subjects(
    user: AnyUser, queryset: models.QuerySet, *, content_type: str = "content_type", object_id: str = "object_id"
) -> models.QuerySet:
    """Rows of a generic-link model (history, notifications, attachments) without those whose subject is a
    restricted object the user may not see — for screens that list such rows across objects (the admin site)."""
    for model in list(_rules):
        hidden = _hidden_rows(user, model)
        if hidden is not None:
            ct = ContentType.objects.get_for_model(model)
            queryset = queryset.exclude(Q(**{f"{content_type}": ct, f"{object_id}__in": hidden}))
    return queryset
