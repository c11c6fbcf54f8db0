"""Organisation units, people, supervision and acting duties (SPEC §3.1)."""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat.models.i18n import TrilingualName


def emblem_path(instance: "OrgUnit", filename: str) -> str:
    """Where an emblem is stored: emblems/<random hex>.<extension> (never the uploaded name)."""
    suffix = PurePath(filename).suffix.lower()
    return f"emblems/{uuid.uuid4().hex}{suffix if suffix[1:].isascii() and suffix[1:].isalnum() else ''}"


def validate_emblem(value) -> None:
    """A newly uploaded emblem must be a PNG or JPEG by extension and content (akimat.attachments)."""
    from akimat.attachments import validate_image  # attachments imports the models

    if value and not getattr(value, "_committed", True):  # a stored file was checked when it was uploaded
        validate_image(value.file)


class OrgUnitQuerySet(models.QuerySet):
    def apparatus(self) -> "OrgUnit | None":
        """The apparatus itself: the root unit of kind "apparatus", whose name and emblem head official papers."""
        return (
            self.filter(kind=OrgUnit.Kind.APPARATUS, parent__isnull=True)
            .select_related("head")
            .order_by("order", "pk")
            .first()
        )

    def subtree_ids(self, roots: "set[int] | list[int]") -> set[int]:
        """Ids of the given units and of all their descendants, in one recursive query."""
        roots = [int(pk) for pk in roots]
        if not roots:
            return set()
        table = connection.ops.quote_name(self.model._meta.db_table)
        # UNION (not UNION ALL) drops rows already seen, so a mistaken cycle in the tree cannot loop forever
        sql = (
            f"WITH RECURSIVE tree(id) AS ("
            f" SELECT u.id FROM {table} u WHERE u.id = ANY(%s)"
            f" UNION SELECT c.id FROM {table} c JOIN tree t ON c.parent_id = t.id"
            f") SELECT id FROM tree"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [roots])
            return {row[0] for row in cursor.fetchall()}

    def with_tree_position(self) -> "OrgUnitQuerySet":
        """Annotate `tree_depth` and `tree_path` (order, id pairs from the root) to list units as a tree."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        # the path is built bottom-up from each row to its root; numbers compare element-wise, so a parent's
        # path is a prefix of its children's and sorts right before them; depth < 50 guards against cycles
        chain = (
            f"WITH RECURSIVE chain(id, parent_id, depth, path) AS ("
            f' SELECT c.id, c.parent_id, 0, ARRAY[c."order"::bigint, c.id::bigint]'
            f" FROM {table} c WHERE c.id = {table}.id"
            f' UNION ALL SELECT p.id, p.parent_id, ch.depth + 1, ARRAY[p."order"::bigint, p.id::bigint] || ch.path'
            f" FROM {table} p JOIN chain ch ON p.id = ch.parent_id WHERE ch.depth < 50)"
        )
        return self.annotate(
            tree_depth=RawSQL(f"({chain} SELECT max(depth) FROM chain)", [], output_field=models.IntegerField()),
            tree_path=RawSQL(
                f"({chain} SELECT path FROM chain ORDER BY depth DESC LIMIT 1)",
                [],
                output_field=ArrayField(models.BigIntegerField()),
            ),
        )


class OrgUnit(TrilingualName):
    """A unit of the apparatus or an external executing body, arranged as a tree."""

    class Kind(models.TextChoices):
        APPARATUS = "apparatus", _("apparatus of the akim")
        LEADERSHIP = "leadership", _("leadership")
        DEPARTMENT = "department", _("department")
        EXECUTING_BODY = "executing_body", _("executing body")
        RURAL_AKIM = "rural_akim", _("rural akim")
        TERRITORIAL_BODY = "territorial_body", _("territorial body")

    class Function(models.TextChoices):
        """What a department does for the workflows; at most one unit per function."""

        NONE = "", _("none")
        GENERAL = "general", _("general department")
        ORGANISATIONAL = "organisational", _("organisational-inspection department")
        APPEALS = "appeals", _("appeals department")
        LEGAL = "legal", _("legal service")
        FINANCE = "finance", _("finance department")
        ECONOMY = "economy", _("economy department")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    function = models.CharField(_("function"), max_length=20, choices=Function.choices, blank=True, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        "akimat.Person",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )
    # 003 §12.14: the memo on removing this unit's instructions from control is brought by its head "по согласованию
    # с курирующим заместителем руководителя аппарата" — the deputy head of apparatus who curates the unit agrees it
    curator = models.ForeignKey(
        "akimat.Person",
        verbose_name=_("curating deputy head of apparatus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="curated_units",
        help_text=_("Agrees the memos on removing this unit's instructions from control (003 §12.14)."),
    )
    nomenclature_index = models.CharField(_("file nomenclature index"), max_length=20, blank=True)
    by_agreement = models.BooleanField(
        _("by agreement"),
        default=False,
        help_text=_("A territorial body of a central state body that executes by agreement."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    emblem = models.FileField(
        _("emblem"),
        upload_to=emblem_path,
        blank=True,
        validators=[validate_emblem],
        help_text=_("PNG or JPEG, printed at the top of the official PDFs. Only the apparatus itself has one."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["order", "name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["function"], condition=~Q(function=""), name="orgunit_one_unit_per_function"
            ),
        ]

    @property
    def is_external(self) -> bool:
        return self.kind in {self.Kind.EXECUTING_BODY, self.Kind.RURAL_AKIM, self.Kind.TERRITORIAL_BODY}

    def clean(self) -> None:
        """Refuse a parent that is the unit itself or one of its descendants (the tree must stay a tree)."""
        super().clean()
        if self.pk and self.parent_id and self.parent_id in OrgUnit.objects.subtree_ids([self.pk]):
            raise ValidationError({"parent": _("A unit cannot be placed under itself or one of its sub-units.")})
        if self.emblem and not (self.kind == self.Kind.APPARATUS and self.parent_id is None):
            raise ValidationError({"emblem": _("Only the apparatus itself (the top unit) has an emblem.")})


class Person(models.Model):
    """A member of staff or an official of an executing body, linked to a login."""

    class Language(models.TextChoices):
        KAZAKH = "kk", _("Kazakh")
        RUSSIAN = "ru", _("Russian")
        ENGLISH = "en", _("English")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="person"
    )
    full_name = models.CharField(_("full name"), max_length=300)
    position_kk = models.CharField(_("position (Kazakh)"), max_length=300, blank=True)
    position_ru = models.CharField(_("position (Russian)"), max_length=300, blank=True)
    position_en = models.CharField(_("position (English)"), max_length=300, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.KAZAKH
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def position(self) -> str:
        from django.utils.translation import get_language

        code = (get_language() or "kk")[:2]
        return getattr(self, f"position_{code}", "") or self.position_ru or self.position_kk


class Supervision(models.Model):
    """A deputy akim or the head of apparatus supervises a unit (routing and visibility)."""

    supervisor = models.ForeignKey(
        Person, verbose_name=_("supervisor"), on_delete=models.CASCADE, related_name="supervisions"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="supervisions")

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervision map")
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "unit"], name="supervision_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} → {self.unit}"


class ActingDutyQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "ActingDutyQuerySet":
        """Duties in force on a date (today in Asia/Almaty by default), both ends inclusive."""
        day = on or timezone.localdate()
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class ActingDuty(models.Model):
    """Person `acting` does the duties of person `absent` from `starts_on` to `ends_on` (§1.4, §15.6)."""

    acting = models.ForeignKey(
        Person, verbose_name=_("acting person"), on_delete=models.CASCADE, related_name="acting_duties"
    )
    absent = models.ForeignKey(
        Person, verbose_name=_("absent person"), on_delete=models.CASCADE, related_name="replaced_by"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    order_reference = models.CharField(_("order assigning duties"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    objects = ActingDutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("acting duty")
        verbose_name_plural = _("acting duties")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="acting_duty_dates_ordered"),
            models.CheckConstraint(condition=~Q(acting=F("absent")), name="acting_duty_not_self"),
        ]
        indexes = [
            # serves "whom does this person act for today" on every permission check
            models.Index(fields=["acting", "starts_on", "ends_on"], name="acting_duty_acting_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.acting} → {self.absent} ({self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y})"

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        """Whether the duty applies on a date (today in Asia/Almaty by default)."""
        day = on or timezone.localdate()
        return self.starts_on <= day <= self.ends_on

    def clean(self) -> None:
        """Dates in order, nobody acting for themselves, no two overlapping duties for the same pair."""
        super().clean()
        errors: dict[str, ValidationError] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = ValidationError(
                _("The end date cannot be earlier than the start date."), code="dates_reversed"
            )
        if self.acting_id and self.absent_id and self.acting_id == self.absent_id:
            errors["absent"] = ValidationError(_("A person cannot act for themselves."), code="self")
        if errors:
            raise ValidationError(errors)
        if not (self.acting_id and self.absent_id and self.starts_on and self.ends_on):
            return  # the form reports the missing fields itself
        # both ends are inclusive, so periods that share one day overlap
        clash = (
            ActingDuty.objects.filter(
                acting_id=self.acting_id,
                absent_id=self.absent_id,
                starts_on__lte=self.ends_on,
                ends_on__gte=self.starts_on,
            )
            .exclude(pk=self.pk)
            .order_by("starts_on")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("%(acting)s already acts for %(absent)s from %(starts)s to %(ends)s; the periods overlap."),
                code="overlap",
                params={
                    "acting": clash.acting,
                    "absent": clash.absent,
                    "starts": f"{clash.starts_on:%d.%m.%Y}",
                    "ends": f"{clash.ends_on:%d.%m.%Y}",
                },
            )
