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
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

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
        return [user, *absent]

    return _memo(user, ("principals", day), compute)


def _principal_ids(user: AnyUser) -> list[int]:
    return [p.pk for p in principals(user)]


def acting_for(user: AnyUser, principal: AnyUser, on: datetime.date | None = None) -> Any | None:
    """The principal if the user acts for them on that date, else None (history shows "A (acting for B)")."""
    if principal is None or principal.pk == getattr(user, "pk", None):
        return None
    return next((p for p in principals(user, on)[1:] if p.pk == principal.pk), None)


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
    """Ids of the units the user or their principals supervise, with all their sub-units."""
    if not _signed_in(user):
        return set()

    def compute() -> set[int]:
        roots = Supervision.objects.filter(supervisor__user__in=_principal_ids(user)).values_list("unit_id", flat=True)
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


# --- The rule registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """How one model decides access: a Q for lists, and checks for one object."""

    model: type[models.Model]
    filter_visible: Callable[[Any], Q]
    can_view: Callable[[Any, Any], bool] | None = None
    can_change: Callable[[Any, Any], bool] | None = None
    restricted: Q | None = None
    flat: bool = False

    def is_restricted(self, obj: models.Model) -> bool:
        """Whether the object is one that only grants by name open (e.g. a ДСП document)."""
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
    filter_visible: Callable[[Any], Q],
    can_view: Callable[[Any, Any], bool] | None = None,
    can_change: Callable[[Any, Any], bool] | None = None,
    restricted: Q | None = None,
    flat: bool = False,
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
    """
    model = model._meta.concrete_model
    if model in _rules:
        raise ImproperlyConfigured(f"An access rule for {model._meta.label} is already registered.")
    rule = Rule(
        model=model,
        filter_visible=filter_visible,
        can_view=can_view,
        can_change=can_change,
        restricted=restricted,
        flat=flat,
    )
    _rules[model] = rule
    return rule


def unregister(model: type[models.Model]) -> Rule | None:
    """Remove the rule of a model and return it (tests use it to restore the registry)."""
    return _rules.pop(model._meta.concrete_model, None)


def rule_for(model: type[models.Model]) -> Rule | None:
    """The rule registered for a model, if any."""
    return _rules.get(model._meta.concrete_model)


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
    """Whether the user may see the object: superuser, a rule for them or a principal, or a grant."""
    if not _signed_in(user):
        return False
    rule = rule_for(type(obj))
    if rule is not None and rule.is_restricted(obj):
        return _has_grant(user, obj, ("view", "change"))
    if user.is_superuser:
        return True
    if rule is not None and any(rule.allows_view(p, obj) for p in principals(user)):
        return True
    return _has_grant(user, obj, ("view", "change"))


def can_change(user: AnyUser, obj: models.Model) -> bool:
    """Whether the user may change the object: superuser, a rule for them or a principal, or a grant."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    rule = rule_for(type(obj))
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
    restricted = rule.restricted if rule is not None else None
    opened = _opened_by_rule(user, rule)
    everything = opened is not None and not opened
    if everything and restricted is None:
        return None, True
    granted = _granted_array(model, _principal_ids(user))
    if opened is None:  # a model without a rule: grants only
        allowed = granted
    else:
        if restricted is not None:
            opened = ~restricted if everything else ~restricted & opened
        allowed = granted | opened
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
