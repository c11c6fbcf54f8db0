"""The regulation profile: every number of the regulation as data, with its § (SPEC §3.3)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegulationProfile(models.Model):
    """A set of rules from one regulation; presets are shipped, copies are edited by administrators."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    source = models.CharField(_("source document"), max_length=500, blank=True)
    is_preset = models.BooleanField(_("preset"), default=False)
    is_active = models.BooleanField(_("active"), default=False)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("regulation profile")
        verbose_name_plural = _("regulation profiles")
        ordering = ["code"]
        constraints = [
            # at most one active profile; the service that activates one deactivates the others
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_active_profile"),
        ]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        code = (get_language() or "kk")[:2]
        return getattr(self, f"name_{code}", "") or self.name_ru


class RegulationRule(models.Model):
    """One rule: key, value, unit and the § it comes from."""

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", _("working days")
        CALENDAR_DAYS = "calendar_days", _("calendar days")
        MONTHS = "months", _("months")
        HOURS = "hours", _("hours")
        TIME = "time", _("time of day")
        DAY_OF_MONTH = "day_of_month", _("day of month")
        COUNT = "count", _("count")
        FLAG = "flag", _("yes / no")
        # comma-separated codes: functions of organisation units; what a controlling unit reads (003 §12.4)
        ORG_FUNCTIONS = "org_functions", _("unit functions")
        ACCESS_SCOPES = "access_scopes", _("what is read")
        # comma-separated role codes (akimat.roles.Role): e.g. the leadership reminded of deadlines (003 §12.4)
        ROLES = "roles", _("roles")
        # comma-separated steps of an approval route, in order, the legal consultant last (003 §10.3–§10.4)
        ROUTE_STEPS = "route_steps", _("route steps")
        # a share "a/b", 0 < a <= b: e.g. the quorum of an akimat session, two thirds of its members (003 §5.4)
        FRACTION = "fraction", _("fraction")

    profile = models.ForeignKey(
        RegulationProfile, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="rules"
    )
    key = models.CharField(_("key"), max_length=100)
    value = models.CharField(_("value"), max_length=100)
    unit = models.CharField(pgettext_lazy("measure", "unit"), max_length=20, choices=Unit.choices)
    section = models.CharField(_("§ reference"), max_length=100)
    description_kk = models.CharField(_("description (Kazakh)"), max_length=500, blank=True)
    description_ru = models.CharField(_("description (Russian)"), max_length=500, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("regulation rule")
        verbose_name_plural = _("regulation rules")
        ordering = ["profile", "key"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "key"], name="rule_key_unique_in_profile"),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} {self.get_unit_display()} ({self.section})"
