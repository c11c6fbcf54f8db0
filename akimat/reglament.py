"""The regulation profile as a service: read rules of the active profile, copy and activate profiles.

Every number of the regulation is read through this module (SPEC §3.3)::

    from akimat import reglament

    reglament.rule("registration.cutoff").as_time()       # datetime.time(17, 0) in 003 §9.10
    reglament.term("control.reminder_offset")             # Term(amount=3, unit="working_days", section="§12.4")
    reglament.rule("meetings.session_quorum").as_fraction()  # Fraction(2, 3) in 003 §5.4

Date arithmetic lives in ``akimat.workdays``; this module only says how much and in which unit.

Caching: the rules of the active profile are read on every registration, so they are kept

1. per process (a snapshot in memory, re-validated at most every ``VERSION_CHECK_SECONDS``),
2. in the shared cache (Redis) under a *version* token,

and every change made through this module replaces the version token after its transaction
commits, so web, worker and beat processes all see the change without a restart. A change made
around this module (raw ORM, SQL) must call :func:`invalidate_cache`.
"""

from __future__ import annotations

import datetime
import fractions
import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import connection, transaction
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from akimat.models import OrgUnit, RegulationProfile, RegulationRule
from akimat.reglament_presets import required_keys
from akimat.roles import Role

logger = logging.getLogger(__name__)

Unit = RegulationRule.Unit

#: How long a process trusts its snapshot before it asks the shared cache whether it is still current.
#: Changes made in this process are seen at once; changes made elsewhere within this many seconds.
VERSION_CHECK_SECONDS = 1.0
#: Snapshots of old versions expire from the shared cache by themselves.
SNAPSHOT_TIMEOUT_SECONDS = 24 * 3600
#: Part of the cache key of a snapshot: change it when the stored layout changes.
SNAPSHOT_FORMAT = 1

TERM_UNITS = frozenset({Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.MONTHS, Unit.HOURS})
_INT_UNITS = TERM_UNITS | {Unit.COUNT, Unit.DAY_OF_MONTH}
_TIME_RE = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_FLAG_VALUES = {"true": "true", "false": "false"}
#: a share written "a/b" (unit fraction, e.g. meetings.session_quorum "2/3", 003 §5.4); ASCII digits only
_FRACTION_RE = re.compile(r"([0-9]+)\s*/\s*([0-9]+)")
#: what a controlling unit may read (003 §12.4(2), rule control.controlling_units_read): the journals and the
#: documents, every item on control, the control reports (akimat.permissions.controller_reads)
ACCESS_SCOPE_CODES = ("documents", "control", "reports")
_CODE_UNITS = frozenset({Unit.ORG_FUNCTIONS, Unit.ACCESS_SCOPES, Unit.ROLES, Unit.ROUTE_STEPS})
#: the steps of an approval route (unit route_steps, e.g. acts.route.resolution, 003 §10.3–§10.4, §10.14), each the
#: officials it stands for; a step whose official the installation does not have is skipped when a route is made:
#: - departments: prior approval by the interested departments (the heads of the units the author adds)
#: - deputy_akims: the akim's deputies; head_of_apparatus; deputy_head: the curator deputy head of apparatus of
#:   the developer unit, "by competence"; finance / economy: the head of the unit with that function
#: - members: all members of the akimat (for a resolution the second stage of §10.14 1))
#: - legal: the legal consultant (head of the legal-function unit, or a person with the role legal_service); it
#:   visas last and closes the route (§10.3), so it can only be the last step
ROUTE_STEP_CODES = (
    "departments",
    "deputy_akims",
    "head_of_apparatus",
    "deputy_head",
    "finance",
    "economy",
    "members",
    "legal",
)
ROUTE_CLOSING_STEP = "legal"
#: the step codes in words: the role a visa was asked in, on the route's table and the approval sheet
ROUTE_STEP_LABELS = {
    "departments": _("interested department"),
    "deputy_akims": _("deputy akim"),
    "head_of_apparatus": _("head of apparatus"),
    "deputy_head": _("deputy head of apparatus (by competence)"),
    "finance": _("finance"),
    "economy": _("economy"),
    "members": _("member of the akimat"),
    "legal": _("legal consultant"),
}


def _code_vocabulary(unit: str) -> tuple[str, ...]:
    """The codes a list rule may hold: the functions of organisation units, or what a unit reads."""
    if unit == Unit.ORG_FUNCTIONS:
        return tuple(code for code in OrgUnit.Function.values if code)
    if unit == Unit.ROLES:
        return tuple(Role.values)
    if unit == Unit.ROUTE_STEPS:
        return ROUTE_STEP_CODES
    return ACCESS_SCOPE_CODES


# --- Errors -------------------------------------------------------------------------------------------


class RegulationError(Exception):
    """The regulation profile cannot answer: a configuration or programming error, not user input."""


class NoActiveProfileError(RegulationError):
    """No regulation profile is active."""


class UnknownRuleError(RegulationError, LookupError):
    """The active profile has no rule with this key."""


class RuleTypeError(RegulationError, TypeError):
    """The rule is read as something it is not (e.g. a time as a number of days)."""


# --- Values -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A rule of the active profile, detached from the database."""

    key: str
    value: str
    unit: str
    section: str
    description_kk: str = ""
    description_ru: str = ""
    description_en: str = ""

    @property
    def description(self) -> str:
        """The description in the active language (Russian, then Kazakh when it is missing)."""
        code = (get_language() or "kk")[:2]
        return getattr(self, f"description_{code}", "") or self.description_ru or self.description_kk

    def as_int(self) -> int:
        """The value as a whole number (days, months, hours, counts, a day of the month)."""
        if self.unit not in _INT_UNITS:
            raise RuleTypeError(f"Rule {self.key!r} is in {self.unit}, not a number.")
        try:
            return int(self.value)
        except ValueError as error:
            raise RuleTypeError(f"Rule {self.key!r} has a value {self.value!r} that is not a number.") from error

    def as_time(self) -> datetime.time:
        """The value as a time of day."""
        if self.unit != Unit.TIME or not _TIME_RE.match(self.value):
            raise RuleTypeError(f"Rule {self.key!r} ({self.unit} {self.value!r}) is not a time HH:MM.")
        hours, minutes = self.value.split(":")
        return datetime.time(int(hours), int(minutes))

    def as_codes(self) -> tuple[str, ...]:
        """The value of a list rule as its codes, in order (e.g. ("general",) for the controlling units, the
        steps of a route such as ("deputy_akims", "head_of_apparatus", …, "legal"))."""
        if self.unit not in _CODE_UNITS:
            raise RuleTypeError(f"Rule {self.key!r} is in {self.unit}, not a list of codes.")
        return tuple(code for code in (part.strip() for part in self.value.split(",")) if code)

    def as_fraction(self) -> fractions.Fraction:
        """The value of a share as a Fraction (e.g. Fraction(2, 3) for the quorum of a session, 003 §5.4)."""
        found = _FRACTION_RE.fullmatch(self.value) if self.unit == Unit.FRACTION else None
        if found is None or not 0 < int(found[1]) <= int(found[2]):
            raise RuleTypeError(f"Rule {self.key!r} ({self.unit} {self.value!r}) is not a fraction a/b, 0 < a <= b.")
        return fractions.Fraction(int(found[1]), int(found[2]))

    def as_bool(self) -> bool:
        """The value of a yes/no switch."""
        if self.unit != Unit.FLAG or self.value not in _FLAG_VALUES:
            raise RuleTypeError(f"Rule {self.key!r} ({self.unit} {self.value!r}) is not a flag true/false.")
        return self.value == "true"


@dataclass(frozen=True)
class Term:
    """An amount of time from the profile with the § it comes from; akimat.workdays turns it into a date."""

    key: str
    amount: int
    unit: str
    section: str

    def __str__(self) -> str:
        """E.g. "5 working days, §10.14" in the active language."""
        return f"{unit_amount(self.amount, self.unit)}, {self.section}"


def unit_amount(amount: int, unit: str) -> str:
    """ "5 working days", "1 month", … translated."""
    if unit == Unit.WORKING_DAYS:
        text = ngettext("%(n)d working day", "%(n)d working days", amount)
    elif unit == Unit.CALENDAR_DAYS:
        text = ngettext("%(n)d calendar day", "%(n)d calendar days", amount)
    elif unit == Unit.MONTHS:
        text = ngettext("%(n)d month", "%(n)d months", amount)
    elif unit == Unit.HOURS:
        text = ngettext("%(n)d hour", "%(n)d hours", amount)
    else:
        raise RuleTypeError(f"{unit} is not a unit of time.")
    return text % {"n": amount}


def _rule_from_model(obj: RegulationRule) -> Rule:
    return Rule(
        key=obj.key,
        value=obj.value,
        unit=obj.unit,
        section=obj.section,
        description_kk=obj.description_kk,
        description_ru=obj.description_ru,
        description_en=obj.description_en,
    )


# --- Cache ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Snapshot:
    version: str
    profile_id: int
    profile_code: str
    rules: dict[str, Rule]


class _LocalState(threading.local):
    # True while this thread has changed rules in a transaction that has not ended yet: it reads the
    # database directly, because the shared cache still holds the committed (old) rules.
    dirty: bool = False


_local = _LocalState()
_snapshot: _Snapshot | None = None
_checked_at: float = 0.0


def _cache_key(name: str) -> str:
    # The database name is part of the key, so that a test database and the development database
    # sharing one Redis never read each other's snapshots.
    return f"reglament:{connection.settings_dict.get('NAME', '')}:{name}"


def _current_version() -> str:
    """The version token in the shared cache; a new one if it was evicted (every process reloads)."""
    key = _cache_key("version")
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return str(version)


def _load_from_db(version: str) -> _Snapshot:
    profile = active_profile()
    rules = {obj.key: _rule_from_model(obj) for obj in profile.rules.all()}
    return _Snapshot(version=version, profile_id=profile.pk, profile_code=profile.code, rules=rules)


def _to_cache(snapshot: _Snapshot) -> dict[str, Any]:
    # Plain data, not pickled classes: a deploy that changes Rule must not break reading old entries.
    return {
        "profile_id": snapshot.profile_id,
        "profile_code": snapshot.profile_code,
        "rules": [
            [r.key, r.value, r.unit, r.section, r.description_kk, r.description_ru, r.description_en]
            for r in snapshot.rules.values()
        ],
    }


def _from_cache(version: str, data: Any) -> _Snapshot | None:
    try:
        rules = {row[0]: Rule(*row) for row in data["rules"]}
        return _Snapshot(version, int(data["profile_id"]), str(data["profile_code"]), rules)
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def _active_snapshot() -> _Snapshot:
    """The rules of the active profile from memory, the shared cache or the database, in this order."""
    global _snapshot, _checked_at
    if _local.dirty:
        if connection.in_atomic_block:
            return _load_from_db(version="uncommitted")
        _local.dirty = False  # the transaction is over: committed (version replaced) or rolled back

    now = time.monotonic()
    snapshot = _snapshot
    if snapshot is not None and now - _checked_at < VERSION_CHECK_SECONDS:
        return snapshot
    try:
        version = _current_version()
        rules_key = _cache_key(f"rules:{SNAPSHOT_FORMAT}:{version}")
        if snapshot is None or snapshot.version != version:
            snapshot = _from_cache(version, cache.get(rules_key))
    except Exception:  # the shared cache is down: stay correct, read the database every time
        logger.warning("Cache unavailable; reading the regulation profile from the database.", exc_info=True)
        return _load_from_db(version="no-cache")
    if snapshot is None:
        snapshot = _load_from_db(version)
        try:
            cache.set(rules_key, _to_cache(snapshot), timeout=SNAPSHOT_TIMEOUT_SECONDS)
        except Exception:
            logger.warning("Could not store the regulation profile in the cache.", exc_info=True)
    _snapshot, _checked_at = snapshot, now
    return snapshot


def clear_local_cache() -> None:
    """Forget this process's snapshot (the next read asks the shared cache). Used by tests."""
    global _snapshot, _checked_at
    _snapshot, _checked_at = None, 0.0
    _local.dirty = False


def invalidate_cache() -> None:
    """Make every process reload the rules: call after changing rules without this module's services."""
    clear_local_cache()
    try:
        cache.set(_cache_key("version"), uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("Could not replace the regulation profile version in the cache.")


def _changed() -> None:
    """Record a change of rules or profiles: seen at once here, everywhere once the transaction commits."""
    global _snapshot
    _snapshot = None
    if connection.in_atomic_block:
        _local.dirty = True
    # A new version before the commit would let another process cache the old rows under it.
    transaction.on_commit(invalidate_cache)


# --- Reading --------------------------------------------------------------------------------------------


def active_profile() -> RegulationProfile:
    """The active profile (exactly one may be active)."""
    try:
        return RegulationProfile.objects.get(is_active=True)
    except RegulationProfile.DoesNotExist:
        raise NoActiveProfileError(
            "No regulation profile is active: make one active in the admin (Regulation profiles → "
            "Make active) or run `manage.py migrate` to load the presets."
        ) from None


def rule(key: str) -> Rule:
    """The rule with this key in the active profile."""
    snapshot = _active_snapshot()
    try:
        return snapshot.rules[key]
    except KeyError:
        raise UnknownRuleError(
            f"The regulation profile {snapshot.profile_code!r} has no rule {key!r}; "
            f"see `manage.py reglament show` for the keys."
        ) from None


def term(key: str) -> Term:
    """The rule with this key as an amount of time (working/calendar days, months, hours)."""
    found = rule(key)
    if found.unit not in TERM_UNITS:
        raise RuleTypeError(f"Rule {key!r} is in {found.unit}, not a term.")
    return Term(key=found.key, amount=found.as_int(), unit=found.unit, section=found.section)


def all_rules() -> dict[str, Rule]:
    """Every rule of the active profile by key."""
    return dict(_active_snapshot().rules)


def profile_rules(profile: RegulationProfile) -> list[Rule]:
    """The rules of any profile, ordered by key (read from the database, not cached)."""
    return [_rule_from_model(obj) for obj in profile.rules.order_by("key")]


# --- Validation -----------------------------------------------------------------------------------------


def validate_rule_value(unit: str, value: str) -> str:
    """Check a value against its unit and return it normalised; ValidationError when it is wrong."""
    value = (value or "").strip()
    if unit == Unit.TIME:
        if not _TIME_RE.match(value):
            raise ValidationError(
                _("A time of day is written as HH:MM, from 00:00 to 23:59 (e.g. 17:00)."), code="invalid_time"
            )
        return value
    if unit == Unit.FLAG:
        flag = _FLAG_VALUES.get(value.lower())
        if flag is None:
            raise ValidationError(_("A yes/no rule takes the value true or false."), code="invalid_flag")
        return flag
    if unit == Unit.ROUTE_STEPS:
        return _validate_route_steps(value)
    if unit == Unit.FRACTION:
        found = _FRACTION_RE.fullmatch(value)
        if found is None or not 0 < int(found[1]) <= int(found[2]):
            raise ValidationError(
                _("A share is written a/b: whole numbers, a greater than zero and not greater than b (e.g. 2/3)."),
                code="invalid_fraction",
            )
        # as written (2/4 stays 2/4: it is the administrator's reading of the text), without spaces or leading zeros
        return f"{int(found[1])}/{int(found[2])}"
    if unit in _CODE_UNITS:
        known = _code_vocabulary(unit)
        codes = list(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
        unknown = [code for code in codes if code not in known]
        if not codes or unknown:
            raise ValidationError(
                _("List one or more of these codes, separated by commas: %(known)s."),
                code="invalid_codes",
                params={"known": ", ".join(known)},
            )
        return ",".join(codes)
    if unit in _INT_UNITS:
        if not value.isascii() or not value.isdigit():
            raise ValidationError(_("The value must be a whole number, zero or more (e.g. 5)."), code="invalid_number")
        number = int(value)
        if unit == Unit.DAY_OF_MONTH and not 1 <= number <= 31:
            raise ValidationError(_("A day of the month is a number from 1 to 31."), code="invalid_day")
        return str(number)
    raise ValidationError(_("Unknown unit: %(unit)s."), code="invalid_unit", params={"unit": unit})


def _validate_route_steps(value: str) -> str:
    """The steps of a route: known codes, in the order given, each once, the legal consultant last (§10.3)."""
    codes = [part.strip().lower() for part in value.split(",") if part.strip()]
    if not codes or any(code not in ROUTE_STEP_CODES for code in codes):
        raise ValidationError(
            _("List the steps of the route in order, separated by commas, from these codes: %(known)s."),
            code="invalid_route_steps",
            params={"known": ", ".join(ROUTE_STEP_CODES)},
        )
    repeated = sorted({code for code in codes if codes.count(code) > 1}, key=codes.index)
    if repeated:
        raise ValidationError(
            _("Each step comes once in a route; repeated: %(codes)s."),
            code="repeated_route_steps",
            params={"codes": ", ".join(repeated)},
        )
    if ROUTE_CLOSING_STEP in codes and codes[-1] != ROUTE_CLOSING_STEP:
        raise ValidationError(
            _("The legal consultant (%(code)s) closes the route: put this step last."),
            code="legal_not_last",
            params={"code": ROUTE_CLOSING_STEP},
        )
    return ",".join(codes)


def route_steps_help_text() -> str:
    """What an administrator types as a route (the admin shows it next to the value)."""
    return _("A route: its steps in order, separated by commas, each once, %(closing)s last: %(known)s.") % {
        "closing": ROUTE_CLOSING_STEP,
        "known": ", ".join(ROUTE_STEP_CODES),
    }


def _refuse_preset(profile: RegulationProfile) -> None:
    if profile.is_preset:
        raise ValidationError(
            _("The profile “%(code)s” is a preset and cannot be changed: copy it and edit the copy."),
            code="preset_read_only",
            params={"code": profile.code},
        )


# --- Changing -------------------------------------------------------------------------------------------


def copy_profile(
    source: RegulationProfile, *, code: str, name_kk: str, name_ru: str, name_en: str = ""
) -> RegulationProfile:
    """A new, inactive, editable profile with all the rules of ``source``."""
    code = (code or "").strip()
    validate_slug(code)
    if RegulationProfile.objects.filter(code=code).exists():
        raise ValidationError(
            _("A profile with the code “%(code)s” already exists."), code="duplicate_code", params={"code": code}
        )
    with transaction.atomic():
        copy = RegulationProfile.objects.create(
            code=code,
            name_kk=name_kk,
            name_ru=name_ru,
            name_en=name_en,
            source=source.source,
            is_preset=False,
            is_active=False,
            based_on=source,
        )
        RegulationRule.objects.bulk_create(
            RegulationRule(
                profile=copy,
                key=obj.key,
                value=obj.value,
                unit=obj.unit,
                section=obj.section,
                description_kk=obj.description_kk,
                description_ru=obj.description_ru,
                description_en=obj.description_en,
            )
            for obj in source.rules.order_by("key")
        )
        _changed()
    return copy


def check_profile_complete(profile: RegulationProfile) -> None:
    """ValidationError unless the profile has every required rule, each with a valid value."""
    rules = {obj.key: obj for obj in profile.rules.all()}
    missing = sorted(required_keys() - rules.keys())
    if missing:
        raise ValidationError(
            _("The profile “%(code)s” lacks the rules: %(keys)s."),
            code="incomplete_profile",
            params={"code": profile.code, "keys": ", ".join(missing)},
        )
    for obj in rules.values():
        try:
            validate_rule_value(obj.unit, obj.value)
        except ValidationError as error:
            raise ValidationError(
                _("The rule %(key)s of the profile “%(code)s” is invalid: %(error)s"),
                code="invalid_rule",
                params={"key": obj.key, "code": profile.code, "error": " ".join(error.messages)},
            ) from error


def activate_profile(profile: RegulationProfile) -> RegulationProfile:
    """Make this profile the only active one."""
    check_profile_complete(profile)
    with transaction.atomic():
        # Lock every profile first: two administrators activating different profiles at once would
        # otherwise both deactivate "the others" from their own snapshot and collide on the
        # one_active_profile constraint instead of the second one winning.
        list(RegulationProfile.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        RegulationProfile.objects.filter(is_active=True).exclude(pk=profile.pk).update(is_active=False)
        RegulationProfile.objects.filter(pk=profile.pk).update(is_active=True)
        _changed()
    profile.is_active = True
    return profile


def save_profile(profile: RegulationProfile, *, update_fields: list[str] | None = None) -> RegulationProfile:
    """Save changes to an editable profile (names, source); presets are read-only."""
    if profile.pk:
        _refuse_preset(RegulationProfile.objects.get(pk=profile.pk))
    _refuse_preset(profile)
    with transaction.atomic():
        profile.full_clean(exclude=["based_on"])
        profile.save(update_fields=update_fields)
        _changed()
    return profile


def delete_profile(profile: RegulationProfile) -> None:
    """Delete a copy that is not active; presets and the active profile stay."""
    _refuse_preset(profile)
    if profile.is_active:
        raise ValidationError(
            _("The profile “%(code)s” is active: make another profile active first."),
            code="active_profile",
            params={"code": profile.code},
        )
    with transaction.atomic():
        profile.delete()
        _changed()


def save_rule(obj: RegulationRule) -> RegulationRule:
    """Create or change a rule of an editable profile, after validating its value."""
    _refuse_preset(obj.profile)
    if obj.pk:
        stored = RegulationRule.objects.select_related("profile").get(pk=obj.pk)
        _refuse_preset(stored.profile)
        if stored.key != obj.key and stored.key in required_keys():
            raise ValidationError(
                _("The key of a required rule cannot be changed."), code="required_key", params={"key": stored.key}
            )
    try:
        obj.value = validate_rule_value(obj.unit, obj.value)
    except ValidationError as error:
        raise ValidationError({"value": error.error_list}) from error
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        _changed()
    return obj


def set_rule(profile: RegulationProfile, key: str, value: str, **changes: Any) -> RegulationRule:
    """Change the value (and optionally section or descriptions) of one rule of an editable profile."""
    _refuse_preset(profile)
    obj = profile.rules.get(key=key)
    obj.value = value
    for field, new in changes.items():
        if field not in {"section", "description_kk", "description_ru", "description_en"}:
            raise TypeError(f"set_rule() cannot change {field!r}.")
        setattr(obj, field, new)
    return save_rule(obj)


def delete_rule(obj: RegulationRule) -> None:
    """Delete an extra rule of an editable profile; required rules stay."""
    _refuse_preset(obj.profile)
    if obj.key in required_keys():
        raise ValidationError(
            _("The rule %(key)s is required and cannot be deleted."), code="required_key", params={"key": obj.key}
        )
    with transaction.atomic():
        obj.delete()
        _changed()
