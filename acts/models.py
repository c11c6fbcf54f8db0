"""Acts of the akim and of the akimat: drafts, versions, visas, signature, registration, distribution —
003 §10 (004 §11, 000 §10).

An act is one row from its first draft to its registration: a draft never holds a number (§10.16), the
number is taken only when the signed act is registered. Its texts live in versions (each resubmission after
a return is a new version, §10.13); its visas are core visas (``akimat.models.Visa``, subject = the act,
round = the version's number). Everything is created and changed only through ``acts/services.py``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ActType(models.TextChoices):
    RESOLUTION = "resolution", _("resolution of the akimat")
    DECISION = "decision", _("decision of the akim")
    ORDER = "order", _("order of the akim")
    APPARATUS_ORDER = "apparatus_order", _("order of the head of apparatus")


class Basis(models.TextChoices):
    """Why the draft is written (003 §10.1)."""

    INSTRUCTION = "instruction", _("an instruction on control")
    PROTOCOL = "protocol", _("a protocol point")
    INCOMING = "incoming", _("an incoming document")
    INITIATIVE = "initiative", _("on the akim's initiative")


class Urgency(models.TextChoices):
    ORDINARY = "", _("ordinary")
    EMERGENCY = "emergency", _("emergency")  # 003 §10.14 3)
    HUMANITARIAN = "humanitarian", _("humanitarian aid")


class FoldedTitles(Func):
    """akimat_fold(title_kk || ' ' || title_ru): both titles lower-cased with the Kazakh letters read as the Russian
    ones typed for them (correspondence migration 0008), in one text: Act.search_text, which the registry's search
    reads (acts.queries.search). A searched word has no space, so it never spans the two titles."""

    function = "akimat_fold"
    arg_joiner = " || ' ' || "
    output_field = models.CharField()

    def __init__(self, **extra) -> None:
        super().__init__(F("title_kk"), F("title_ru"), **extra)


class ActQuerySet(models.QuerySet):
    def registered(self) -> "ActQuerySet":
        return self.filter(status__in=[Act.Status.REGISTERED])

    def drafts(self) -> "ActQuerySet":
        return self.filter(status__in=Act.DRAFT_STATUSES)


class Act(models.Model):
    """A draft act and, once signed and registered, the act itself."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ON_APPROVAL = "on_approval", _("on approval")
        RETURNED = "returned", _("returned for rework")
        TO_SIGN = "to_sign", _("agreed, to sign")
        SIGNED = "signed", _("signed, to register")
        REGISTERED = "registered", _("registered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    DRAFT_STATUSES = (Status.DRAFT, Status.ON_APPROVAL, Status.RETURNED, Status.TO_SIGN, Status.SIGNED)

    type = models.CharField(_("type of act"), max_length=20, choices=ActType.choices)
    is_normative = models.BooleanField(_("normative legal act"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_dsp = models.BooleanField(_("for official use only (ДСП)"), default=False)
    # the current version's titles, kept here for the registry and its search
    title_kk = models.CharField(_("title (Kazakh)"), max_length=1000, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=1000, blank=True)
    version = models.PositiveSmallIntegerField(_("current version"), default=1)

    developer_unit = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("developer"), on_delete=models.PROTECT, related_name="+"
    )
    developer = models.ForeignKey(
        "akimat.Person", verbose_name=_("responsible person"), on_delete=models.PROTECT, related_name="+"
    )
    curator = models.ForeignKey(
        "akimat.Person", verbose_name=_("curating deputy"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, blank=True, default="")
    # §10.1: the basis; a link when it is in the system (a control item, a document, a protocol point)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices, default=Basis.INITIATIVE)
    basis_type = models.ForeignKey(
        ContentType, verbose_name=_("basis type"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    basis_id = models.PositiveBigIntegerField(_("basis id"), null=True, blank=True)
    basis_object = GenericForeignKey("basis_type", "basis_id")
    basis_label = models.CharField(_("basis"), max_length=300, blank=True)

    # §10.5–§10.10: what the draft does, each demanding its attachment (acts.services.REQUIRED_FILES)
    amends_acts = models.BooleanField(_("amends acts in force"), default=False)
    repeals_acts = models.BooleanField(_("repeals acts"), default=False)
    touches_business = models.BooleanField(_("touches private business"), default=False)
    needs_science_expertise = models.BooleanField(_("scientific expertise required by law"), default=False)
    executes_instruction = models.BooleanField(_("executes an instruction"), default=False)
    raises_spending = models.BooleanField(_("raises spending or lowers revenue"), default=False)

    # §10.14: the approval term of the current round, and a shorter one set by the akim, a deputy or the head
    approval_due_on = models.DateField(_("approval term"), null=True, blank=True)
    short_term_on = models.DateField(_("shorter approval term"), null=True, blank=True)
    short_term_by = models.ForeignKey(
        "akimat.Person", verbose_name=_("shorter term set by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    # the route of the last round as sent (approver person id, role, parallel, closes): visas not given are dropped
    # when a draft is returned, and §10.13 restarts the route from its start or from the step that returned it
    route = models.JSONField(_("route"), default=list, blank=True)
    # §10.13: after a return the developer resubmits or asks to withdraw by this date
    rework_due_on = models.DateField(_("rework term"), null=True, blank=True)
    # §10.15: an electronic draft is signed within the profile's term of its creation
    signing_due_on = models.DateField(_("signing term"), null=True, blank=True)

    signer = models.ForeignKey(
        "akimat.Person", verbose_name=_("signatory"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    signed_by = models.ForeignKey(
        "akimat.Person", verbose_name=_("signed by (acting)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    signed_on = models.DateField(_("date of signature"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signature recorded at"), null=True, blank=True)

    # §10.16: the number is taken only at registration of the signed act; one sequence per type and year
    number = models.CharField(_("registration number"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    registered_on = models.DateField(_("date of registration"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    # §10.17: originals are kept permanently
    storage_mark = models.CharField(_("storage"), max_length=100, blank=True)

    # normative acts: state registration with the justice body and publication
    justice_submitted_on = models.DateField(_("submitted for state registration"), null=True, blank=True)
    justice_submission_due_on = models.DateField(_("term of submission for state registration"), null=True, blank=True)
    justice_number = models.CharField(_("state registration number"), max_length=50, blank=True)
    justice_registered_on = models.DateField(_("date of state registration"), null=True, blank=True)
    published_on = models.DateField(_("date of publication"), null=True, blank=True)

    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # the registry's search reads the folded titles stored with the row: folding them on every row it checks
    # cost some 20 µs a row (issue #13 §7)
    search_text = models.GeneratedField(
        verbose_name=_("search text"), expression=FoldedTitles(), output_field=models.TextField(), db_persist=True
    )

    visas = GenericRelation("akimat.Visa", content_type_field="subject_type", object_id_field="subject_id")

    objects = ActQuerySet.as_manager()

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "year", "number"], name="act_unique_number", condition=~Q(number="")
            ),
            # §10.16: a draft never holds a number
            models.CheckConstraint(
                condition=Q(number="") | Q(status="registered"), name="act_number_only_when_registered"
            ),
        ]
        indexes = [
            models.Index(fields=["type", "year", "number"], name="act_registry_idx"),
            models.Index(fields=["status", "developer_unit"], name="act_status_unit_idx"),
            # the registry's default order (newest registered first, drafts after them): its first page reads
            # 50 rows of this index instead of sorting every act the user sees (issue #13 §7)
            models.Index(
                F("registered_on").desc(nulls_last=True),
                F("created_at").desc(nulls_last=True),
                F("id").desc(nulls_last=True),
                name="act_registry_date_idx",
            ),
            # the same order within one status (the registry filtered by status: drafts sort after every registered
            # act in the index above, so a status of drafts would read all of those first)
            models.Index(
                "status",
                F("registered_on").desc(nulls_last=True),
                F("created_at").desc(nulls_last=True),
                F("id").desc(nulls_last=True),
                name="act_registry_status_date_idx",
            ),
            # the registry sorted by number, newest first (forms.SORTS["number"]), with or without a type filter
            models.Index(
                F("type").desc(nulls_last=True),
                F("year").desc(nulls_last=True),
                F("registered_on").desc(nulls_last=True),
                F("id").desc(nulls_last=True),
                name="act_registry_number_idx",
            ),
            # the registry sorted by title (forms.SORTS["title"])
            models.Index(fields=["title_ru", "id"], name="act_registry_title_idx"),
            # the registry's year filter: the years there are, found by probing this index (acts.queries)
            models.Index(fields=["year"], name="act_year_idx"),
            # the registry's search (acts.queries.search): words in the folded titles (search_text) and in the
            # number (icontains compares upper-cased text)
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="act_search_text_trgm"),
            GinIndex(OpClass(Upper("number"), name="gin_trgm_ops"), name="act_number_upper_trgm"),
        ]

    def __str__(self) -> str:
        title = (self.title_kk if (get_language() or "kk")[:2] == "kk" else self.title_ru) or self.title_ru
        title = title or self.title_kk
        if self.number:
            return f"{self.get_type_display()} № {self.number} — {title}"
        return f"{self.get_type_display()} ({_('draft')}) — {title}"

    def get_absolute_url(self) -> str:
        return reverse("acts:act", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status in self.DRAFT_STATUSES

    @property
    def storage_display(self) -> str:
        """§10.17: the storage mark in the reader's language (stored as the code "permanent")."""
        if self.storage_mark == "permanent":
            return str(_("permanent storage"))
        return self.storage_mark


class ActVersion(models.Model):
    """The texts of one submission of the draft (§10.13: each resubmission is a new version)."""

    act = models.ForeignKey(Act, verbose_name=_("act"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    title_kk = models.CharField(_("title (Kazakh)"), max_length=1000, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=1000, blank=True)
    # numbered points and sub-points ("1.", "1.1."), one per line, so that points can go on control
    text_kk = models.TextField(_("text (Kazakh)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    note = models.TextField(_("what was changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted for approval at"), null=True, blank=True)

    class Meta:
        verbose_name = _("version of a draft act")
        verbose_name_plural = _("versions of draft acts")
        ordering = ["act", "number"]
        constraints = [models.UniqueConstraint(fields=["act", "number"], name="act_version_unique")]

    def __str__(self) -> str:
        return f"{self.act_id} v{self.number}"


class ActFile(models.Model):
    """A file of a version: a required attachment (§10.5–§10.10), an uploaded text, the signed original."""

    class Kind(models.TextChoices):
        COMPARISON_TABLE = "comparison_table", _("comparison table")  # §10.5
        JUSTIFICATION_NOTE = "justification_note", _("justification note")  # §10.6
        BUSINESS_OPINION = "business_opinion", _("expert opinions of business associations")  # §10.7
        SCIENCE_EXPERTISE = "science_expertise", _("scientific expertise")  # §10.8
        INSTRUCTION_COPY = "instruction_copy", _("copy of the instruction executed")  # §10.9
        FINANCING_NOTE = "financing_note", _("budget commission conclusion or financing note")  # §10.10
        TEXT_KK = "text_kk", _("text in Kazakh (.docx)")
        TEXT_RU = "text_ru", _("text in Russian (.docx)")
        SIGNED = "signed", _("signed original")  # §10.15
        OTHER = "other", _("other")

    version = models.ForeignKey(ActVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    attachment = models.OneToOneField(
        "akimat.Attachment", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("file of a draft act")
        verbose_name_plural = _("files of draft acts")
        ordering = ["version", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.attachment}"


class ActReturn(models.Model):
    """A return of the draft for rework, by whom and on which ground of §10.12."""

    class Ground(models.TextChoices):
        AKIM = "akim", _("decision of the akim (any ground, before the vote)")  # §10.12 1)
        NOT_AUTHENTIC = "not_authentic", _("texts in Kazakh and Russian are not authentic")  # §10.12 2)
        REGULATION = "regulation", _("breach of the regulation")  # §10.12 2)
        RECORDS_INSTRUCTION = "records_instruction", _("breach of the records instruction")  # §10.12 2)
        LAW = "law", _("does not comply with the law")  # §10.12 2)
        SESSION_PROTOCOL = "session_protocol", _("by a protocol of the akimat session")  # §10.12 3)
        WORKING_ORDER = "working_order", _("in working order")  # §10.12 4)
        LEGAL_OPINION = "legal_opinion", _("on a legal opinion")  # §10.12 5)
        INCOMPLETE = "incomplete", _("incomplete materials")  # §10.11
        VISA = "visa", _("returned at approval")  # §10.4: a visa returned with a reason

    act = models.ForeignKey(Act, verbose_name=_("act"), on_delete=models.CASCADE, related_name="returns")
    version = models.PositiveSmallIntegerField(_("version"))
    ground = models.CharField(_("ground"), max_length=30, choices=Ground.choices)
    reason = models.TextField(_("reason"))
    visa = models.ForeignKey(
        "akimat.Visa", verbose_name=_("visa"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("returned by"), on_delete=models.PROTECT, related_name="+"
    )
    returned_by_person = models.ForeignKey(
        "akimat.Person", verbose_name=_("returned by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    returned_at = models.DateTimeField(_("returned at"))
    rework_due_on = models.DateField(_("rework term"), null=True, blank=True)
    # a reference such as the number of the session protocol or of the legal opinion
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("return of a draft act")
        verbose_name_plural = _("returns of draft acts")
        ordering = ["act", "returned_at"]

    def __str__(self) -> str:
        return f"{self.act_id}: {self.get_ground_display()}"


class ActPoint(models.Model):
    """A point of the act with its executor and deadline, put on control once the act is registered."""

    act = models.ForeignKey(Act, verbose_name=_("act"), on_delete=models.CASCADE, related_name="points")
    number = models.CharField(_("point"), max_length=20)
    text = models.TextField(_("content"))
    lead_unit = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("executor (unit)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    lead_person = models.ForeignKey(
        "akimat.Person", verbose_name=_("executor (person)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    deadline = models.DateField(_("deadline"))
    control_item = models.OneToOneField(
        "control.ControlItem", verbose_name=_("control item"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("point of an act")
        verbose_name_plural = _("points of acts")
        ordering = ["act", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_unit__isnull=False) | Q(lead_person__isnull=False), name="act_point_has_executor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.act_id} п. {self.number}"


class Distribution(models.Model):
    """An addressee on the distribution list and the dispatch of the certified copy (§10.18)."""

    class Channel(models.TextChoices):
        SYSTEM = "system", _("in the system")
        EMAIL = "email", _("e-mail")
        COURIER = "courier", _("by hand")
        POST = "post", _("by post")

    act = models.ForeignKey(Act, verbose_name=_("act"), on_delete=models.CASCADE, related_name="distribution")
    unit = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("addressee"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    name = models.CharField(_("addressee"), max_length=300, blank=True)  # an addressee outside the directory
    sent_on = models.DateField(_("date sent"), null=True, blank=True)
    channel = models.CharField(_("how"), max_length=20, choices=Channel.choices, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    sent_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("addressee of an act")
        verbose_name_plural = _("distribution list")
        ordering = ["act", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(unit__isnull=False) | ~Q(name=""), name="distribution_has_addressee"),
        ]
        indexes = [
            models.Index(fields=["act"], name="distribution_unsent_idx", condition=Q(sent_on__isnull=True)),
            # the acts addressed to a unit, read from the index alone by the visibility rule (acts.access) on every
            # registry query (issue #13 §7)
            models.Index(fields=["unit", "act"], name="distribution_unit_act_idx"),
        ]

    def __str__(self) -> str:
        return str(self.unit or self.name)
