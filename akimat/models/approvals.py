"""Visas: the approval route of anything that is approved — an outgoing letter, a memo, a draft act, a protocol.

One mechanism for the whole product (issue #13 point 2): the route is a list of visas of a subject, grouped
in rounds (a resubmission starts the next round) and in stages (the visas of one stage run in parallel; the
next stage is reached when every visa of the stage is agreed). Only ``akimat.approvals`` changes them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Visa(models.Model):
    """One approver's visa: agreed, or returned with a written reason — "agreed with remarks" does not exist
    (003 §10.4, §9.22)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        AGREED = "agreed", _("agreed")
        RETURNED = "returned", _("returned for rework")

    subject_type = models.ForeignKey(ContentType, verbose_name=_("object type"), on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField(_("object id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    position = models.PositiveSmallIntegerField(_("order"))
    #: visas of one stage run in parallel; stages follow one another
    stage = models.PositiveSmallIntegerField(_("stage"), default=0)
    #: why the approver is on the route: a code of the subject's module ("deputy_akim", "legal", "member"...)
    role = models.CharField(_("role on the route"), max_length=40, blank=True)
    #: the closing visa (the legal consultant's, 003 §10.3): it is the last stage, alone
    closes_route = models.BooleanField(_("closes the route"), default=False)
    approver = models.ForeignKey(
        "akimat.Person", verbose_name=_("approver"), on_delete=models.PROTECT, related_name="visas"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    due_on = models.DateField(_("term"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    #: the person who gave the visa while acting for the approver (absent: leave, business trip)
    acting_person = models.ForeignKey(
        "akimat.Person", verbose_name=_("acting for the approver"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("visa")
        verbose_name_plural = _("visas")
        ordering = ["subject_type", "subject_id", "round", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "round", "position"], name="visa_unique_step"
            ),
        ]
        indexes = [
            # "awaiting my visa": the pending visas that have reached an approver
            models.Index(
                fields=["approver", "received_at"],
                name="visa_waiting_idx",
                condition=Q(decision="pending", received_at__isnull=False),
            ),
            # overdue visas and the reminder scan
            models.Index(fields=["due_on"], name="visa_due_idx", condition=Q(decision="pending")),
            # the subjects a person is an approver of, read from the index alone: who may see an act
            # (acts.access: pk IN the person's visas' subject ids) on every registry page (issue #13 §7)
            models.Index(fields=["approver", "subject_type", "subject_id"], name="visa_approver_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.approver}: {self.get_decision_display()}"
