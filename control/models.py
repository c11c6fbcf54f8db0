"""Control items (поручения on control) and what happens to them — 003 §12, 004 §13, 000 §12.

Items are created and changed only through control/services.py. The source of an item (incoming
document + resolution, protocol point, act point, appeal, reception card) is a generic link with a
denormalised label, so this app never imports the apps that put items on control.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Upper
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Issuer(models.TextChoices):
    """Who gave the instruction; the first six are higher bodies (SPEC §5, §12.16 report groups)."""

    PRESIDENT = "president", _("President")
    STATE_SECRETARY = "state_secretary", _("State Secretary")
    PRESIDENTIAL_ADMINISTRATION = "presidential_administration", _("Presidential Administration")
    GOVERNMENT = "government", _("Government")
    PRIME_MINISTER = "prime_minister", _("Prime Minister")
    GOVERNMENT_APPARATUS = "government_apparatus", _("Government Apparatus")
    OBLAST_AKIM = "oblast_akim", _("oblast akim")
    AKIM = "akim", _("akim")
    DEPUTY_AKIM = "deputy_akim", _("deputy akim")
    HEAD_OF_APPARATUS = "head_of_apparatus", _("head of apparatus")
    OTHER_BODY = "other_body", _("other state body")


# 003 §12.2(1)–(3): acts and instructions of these are put on control 10 working days before their
# own deadline (the issue names the President, the Government, the Prime Minister and the Presidential
# Administration; §12.2(3) also names the Head of the Government Apparatus).
HIGHER_BODIES_WITH_INTERNAL_OFFSET = frozenset(
    {
        Issuer.PRESIDENT,
        Issuer.PRESIDENTIAL_ADMINISTRATION,
        Issuer.GOVERNMENT,
        Issuer.PRIME_MINISTER,
        Issuer.GOVERNMENT_APPARATUS,
    }
)
# 003 §12.7: instructions of the Presidential Administration and the Government Apparatus are never extended.
NEVER_EXTENDED = frozenset({Issuer.PRESIDENTIAL_ADMINISTRATION, Issuer.GOVERNMENT_APPARATUS})


class SourceKind(models.TextChoices):
    INCOMING = "incoming", _("incoming document")
    MEMO = "memo", _("memo")
    PROTOCOL = "protocol", _("protocol instruction")
    ACT = "act", _("act")
    APPEAL = "appeal", _("appeal")
    RECEPTION = "reception", _("personal reception")
    STANDALONE = "standalone", _("instruction of the leadership")


#: where a source label names a point of its source (an act's, a protocol's): "№ 12 16.03.2026" + POINT_MARK + "3.2";
#: the stored label stays language-neutral, the word "point" is put in at display time (ControlItem.source_text)
POINT_MARK = " ¶ "


def point_source_label(source: str, point: str) -> str:
    """The language-neutral label of a point of a numbered source: point_source_label("№ 12 16.03.2026", "3.2")."""
    return f"{source}{POINT_MARK}{point}"


class Urgency(models.TextChoices):
    NONE = "", _("no mark")
    VERY_URGENT = "very_urgent", _("very urgent")
    URGENT = "urgent", _("urgent")
    EXPEDITE = "expedite", _("expedite")


class ControlType(models.TextChoices):
    """003 §12.2: the kind of control follows from the urgency mark or the length of the term."""

    URGENT = "urgent", pgettext_lazy("control type", "urgent")
    SHORT_TERM = "short_term", _("short-term")
    MEDIUM_TERM = "medium_term", _("medium-term")
    LONG_TERM = "long_term", _("long-term")


class Periodicity(models.TextChoices):
    NONE = "", _("one-off")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")


#: one word for "the report is in, the item waits for its removal" — the item's status, the blue light and the
#: status of the document behind it (003 §9.23, §12.14): executed is said only once removed from control
REPORTED_LABEL = _("report submitted, awaiting removal")


class ControlItemQuerySet(models.QuerySet):
    def open(self) -> "ControlItemQuerySet":
        return self.exclude(status=ControlItem.Status.REMOVED)

    def removed(self) -> "ControlItemQuerySet":
        return self.filter(status=ControlItem.Status.REMOVED)


class ControlItem(models.Model):
    """An instruction on control: who gave it, what, to whom, by when, and where it stands."""

    class Status(models.TextChoices):
        ON_CONTROL = "on_control", _("on control")
        REPORTED = "reported", REPORTED_LABEL
        REMOVAL_PROPOSED = "removal_proposed", _("removal proposed")
        REMOVED = "removed", _("removed from control")

    class DeadlineBasis(models.TextChoices):
        FIXED = "fixed", _("fixed date")
        TERM = "term", _("term by the regulation")

    class RemovalGround(models.TextChoices):
        # 003 §12.9
        EXECUTED = "executed", _("fully executed")
        IMPOSSIBLE = "impossible", _("impossible for objective reasons")

    class Assessment(models.TextChoices):
        EXECUTED = "executed", _("executed")
        PARTIALLY = "partially", _("partially executed")
        NOT_EXECUTED = "not_executed", _("not executed")

    number = models.CharField(_("control number"), max_length=50, unique=True)
    # the source: a generic link and a label that stays readable without the source app
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("source type"), null=True, blank=True, on_delete=models.PROTECT
    )
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("source"), max_length=300)
    event = models.CharField(_("kind of event where it was given"), max_length=300, blank=True)
    given_on = models.DateField(_("date given"))
    received_on = models.DateField(_("date received"))

    issuer = models.CharField(_("issuer"), max_length=40, choices=Issuer.choices)
    issuer_person = models.ForeignKey(
        "akimat.Person", verbose_name=_("issued by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="issued_control_items",
    )  # fmt: skip
    text = models.TextField(_("content"))
    controller = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("controller"), on_delete=models.PROTECT, related_name="controlled_items"
    )

    urgency = models.CharField(_("urgency mark"), max_length=20, choices=Urgency.choices, blank=True, default="")
    control_type = models.CharField(_("control type"), max_length=20, choices=ControlType.choices)
    periodicity = models.CharField(_("periodicity"), max_length=20, choices=Periodicity.choices, blank=True, default="")
    deadline = models.DateField(_("deadline"))
    external_deadline = models.DateField(_("deadline of the higher body"), null=True, blank=True)
    deadline_basis = models.CharField(_("deadline set by"), max_length=10, choices=DeadlineBasis.choices)
    # how the deadline was set, so that a calendar change can count it again (003 §12.15)
    fixed_date = models.DateField(_("date as given"), null=True, blank=True)
    term_rule = models.CharField(_("regulation rule"), max_length=100, blank=True)
    term_amount = models.PositiveIntegerField(_("term"), null=True, blank=True)
    term_unit = models.CharField(_("term unit"), max_length=20, blank=True)
    term_from = models.DateField(_("counted from"), null=True, blank=True)
    term_direction = models.CharField(_("counted"), max_length=10, blank=True)
    term_section = models.CharField(_("§ reference"), max_length=100, blank=True)
    # 003 §12.3: an act of the President gets a roadmap within the profile's term (5 working days) of receipt;
    # documents prepared for an urgent instruction are submitted to the apparatus 10 calendar days ahead of the
    # deadline (control.deadlines; reminded like the report dates, control.reminders)
    roadmap_due = models.DateField(_("roadmap due"), null=True, blank=True)
    urgent_submission = models.BooleanField(_("documents for urgent submission"), default=False)
    submission_due = models.DateField(_("documents due to the apparatus"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ON_CONTROL)
    executed_on = models.DateField(_("executed on"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_ground = models.CharField(
        _("grounds for removal"), max_length=20, choices=RemovalGround.choices, blank=True
    )
    assessment = models.CharField(_("assessment"), max_length=20, choices=Assessment.choices, blank=True)
    extension_count = models.PositiveSmallIntegerField(_("extensions"), default=0)
    disciplinary_flag = models.BooleanField(_("disciplinary review"), default=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # who takes part in the item, as keys that control/access.py matches against the user's own: "i<person>"
    # issued it, "c<unit>" controls it, "p<person>" executes it, "e<unit>" an executing body executes it,
    # "w<unit>" the unit of an executor person (for its head and supervisors). Written only by the database:
    # triggers recompute it on every write of the item and of its executors, and when an executor moves to
    # another unit (migration 0007), so no code path can leave it behind.
    readers = ArrayField(models.CharField(max_length=24), verbose_name=_("readers"), default=list, editable=False)
    # the restricted source the item derives from (a ДСП letter through its resolution, SPEC §3.1, 003 §9.4), as
    # akimat.permissions.restriction_key() writes it; set when the item is made: then only those granted the item
    # (its executors) or that source see it, whatever their role
    restricted_by = models.CharField(_("restricted by"), max_length=50, blank=True, default="", editable=False)

    objects = ControlItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("control item")
        verbose_name_plural = _("control items")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="control_item_source_link_complete",
            ),
        ]
        indexes = [
            # serves the reminder scan and the traffic light: open items by deadline
            models.Index(fields=["deadline"], condition=~Q(status="removed"), name="control_item_open_deadline_idx"),
            # serves the lists' default order: open items first, by deadline (control/filters.py _ordering)
            models.Index(
                Case(When(status="removed", then=Value(1)), default=Value(0)),
                F("deadline"),
                F("id"),
                name="control_item_list_order_idx",
            ),
            # serves "items of this source" on the source's page
            # serves the lists filtered by status (or sorted by it), by deadline
            models.Index(fields=["status", "deadline", "id"], name="control_item_status_idx"),
            # serves the lists' order by control number (the order of receipt)
            models.Index(fields=["received_on", "id"], name="control_item_received_idx"),
            models.Index(fields=["source_type", "source_id"], name="control_item_source_idx"),
            # serve the daily reminder scan of the §12.3 dates: the few items that have one
            models.Index(
                fields=["roadmap_due"], condition=Q(roadmap_due__isnull=False), name="control_item_roadmap_idx"
            ),
            models.Index(
                fields=["submission_due"], condition=Q(submission_due__isnull=False), name="control_item_submission_idx"
            ),
            # serves the quarterly report by issuer and period
            models.Index(fields=["issuer", "received_on"], name="control_item_issuer_idx"),
            # serves who sees an item (control/access.py): the items of a few readers' keys
            GinIndex(fields=["readers"], name="control_item_readers_idx"),
            # serves visible(): the restricted items whose source is granted to the user (few rows)
            models.Index(fields=["restricted_by"], condition=~Q(restricted_by=""), name="control_item_restricted_idx"),
            # serve the lists' search box: icontains is UPPER(column) LIKE UPPER('%word%') on PostgreSQL,
            # so the trigram indexes are on the upper-cased columns (an index on the bare column is not used)
            GinIndex(OpClass(Upper("number"), name="gin_trgm_ops"), name="control_item_number_upper_trgm"),
            GinIndex(OpClass(Upper("text"), name="gin_trgm_ops"), name="control_item_text_upper_trgm"),
            GinIndex(OpClass(Upper("source_label"), name="gin_trgm_ops"), name="control_item_source_upper_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.text[:60]}"

    @property
    def source_text(self) -> str:
        """The stored label in the active language: a point of the source is named as such ("…, point 3.2")."""
        source, mark, point = self.source_label.rpartition(POINT_MARK)
        if not mark:
            return self.source_label
        return _("%(source)s, point %(point)s") % {"source": source, "point": point}

    @property
    def source_display(self) -> str:
        """The source in the active language: the kind (or, for a standalone instruction, the issuer) in front of
        the stored language-neutral label, e.g. "Incoming document № 01-12/1 16.03.2026, Abenov N." or
        "Akim Akhmetov A. B., apparatus meeting, 13.03.2026", "Act № 12 16.03.2026, point 3.2". No query."""
        label = self.source_text
        if self.source_kind == SourceKind.STANDALONE and self.issuer in Issuer.values:
            who = str(capfirst(Issuer(self.issuer).label))
            if not label:
                return who
            # the label starts with the issuing person's name when there is one ("Akim Akhmetov A. B., ...")
            return f"{who} {label}" if self.issuer_person_id else f"{who}, {label}"
        kind = str(capfirst(self.get_source_kind_display()))
        if not label:
            return kind
        return f"{kind} {label}" if label[0] == "№" or label[0].isdigit() else f"{kind}: {label}"


class ControlExecutor(models.Model):
    """The lead executor or a co-executor of an item: a person or an executing body."""

    item = models.ForeignKey(
        ControlItem, verbose_name=_("control item"), on_delete=models.CASCADE, related_name="executors"
    )
    person = models.ForeignKey(
        "akimat.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("executing body"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    is_lead = models.BooleanField(_("lead executor"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    report_text = models.TextField(_("report"), blank=True)

    class Meta:
        verbose_name = _("executor")
        verbose_name_plural = _("executors")
        ordering = ["item", "-is_lead", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="control_executor_person_or_unit",
            ),
            models.UniqueConstraint(fields=["item"], condition=Q(is_lead=True), name="control_executor_one_lead"),
        ]
        indexes = [
            # serves "my instructions" and the per-person counts
            models.Index(fields=["person", "item"], name="control_executor_person_idx"),
            models.Index(fields=["unit", "item"], name="control_executor_unit_idx"),
        ]

    def __str__(self) -> str:
        return str(self.person or self.unit)


class ExecutionReport(models.Model):
    """The lead executor's report on execution (text, files, outgoing number)."""

    item = models.ForeignKey(
        ControlItem, verbose_name=_("control item"), on_delete=models.CASCADE, related_name="reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("acting for"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    text = models.TextField(_("execution report"))
    outgoing_number = models.CharField(_("outgoing number"), max_length=50, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("execution report")
        verbose_name_plural = _("execution reports")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.item.number} {self.submitted_at:%d.%m.%Y}"


class Decision(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class ExtensionRequest(models.Model):
    """A request to extend the deadline (003 §12.6–12.8) and its decision."""

    item = models.ForeignKey(
        ControlItem, verbose_name=_("control item"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    reason = models.TextField(_("reason"))
    old_deadline = models.DateField(_("old deadline"))
    new_deadline = models.DateField(_("new deadline"))
    ordinal = models.PositiveSmallIntegerField(_("request number"))
    status = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    exceptional = models.BooleanField(_("exceptional (second) extension"), default=False)
    disciplinary_flag = models.BooleanField(_("disciplinary review"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="pending"), name="extension_one_pending_per_item"
            ),
        ]
        indexes = [
            # serves the quarterly report as at its date (control/reports.py _as_at, _listed): an item's approved
            # extensions decided before or after a moment, the first one's old deadline — an index-only probe
            models.Index(
                fields=["item", "decided_at"],
                include=["old_deadline"],
                condition=Q(status="approved"),
                name="control_extension_approved_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.number}: {self.old_deadline:%d.%m.%Y} → {self.new_deadline:%d.%m.%Y}"


class RemovalProposal(models.Model):
    """The memo proposing removal from control (003 §12.9, §12.14), its visa and its decision.

    003 §12.14: the memo is brought by the head of the executing department (or the controller) "по согласованию с
    курирующим заместителем руководителя аппарата": when that unit has a curator (akimat OrgUnit.curator) the memo
    waits for the curator's visa before the akim or the head of apparatus decides."""

    class Visa(models.TextChoices):
        NOT_REQUIRED = "", _("not required")
        PENDING = "pending", _("awaiting agreement")
        AGREED = "agreed", _("agreed")
        REFUSED = "refused", _("not agreed")

    item = models.ForeignKey(
        ControlItem, verbose_name=_("control item"), on_delete=models.CASCADE, related_name="removal_proposals"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    memo = models.TextField(_("memo"))
    ground = models.CharField(_("grounds for removal"), max_length=20, choices=ControlItem.RemovalGround.choices)
    assessment = models.CharField(_("assessment"), max_length=20, choices=ControlItem.Assessment.choices)
    late_memo = models.BooleanField(_("memo later than the regulation allows"), default=False)
    curator = models.ForeignKey(
        "akimat.Person", verbose_name=_("curating deputy head of apparatus"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    visa = models.CharField(_("agreement"), max_length=10, choices=Visa.choices, blank=True, default="")
    visa_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agreed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    visa_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    visa_comment = models.TextField(_("comment on the agreement"), blank=True)
    status = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("removal proposal")
        verbose_name_plural = _("removal proposals")
        ordering = ["proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="pending"), name="removal_one_pending_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.number}: {self.get_ground_display()}"


class RedirectRequest(models.Model):
    """The lead executor is not competent and asks the issuer to redirect (003 §12.5, §9.10)."""

    item = models.ForeignKey(
        ControlItem, verbose_name=_("control item"), on_delete=models.CASCADE, related_name="redirect_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    memo = models.TextField(_("memo"))
    proposed_unit = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("proposed executor"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    status = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("redirect request")
        verbose_name_plural = _("redirect requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="pending"), name="redirect_one_pending_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.number}: {self.get_status_display()}"
