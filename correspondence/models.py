"""Registration journals: incoming, outgoing and internal documents — 003 §9 (004 §10, 000 §9).

Documents are created and changed only through correspondence/services/. A resolution with a
deadline puts the document on control through control.services (the source link is the resolution).
"""

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from control.models import REPORTED_LABEL, Urgency

#: a BIN or an IIN: exactly 12 ASCII digits
BIN_IIN = re.compile(r"[0-9]{12}")


class CorrespondentQuerySet(models.QuerySet):
    def matching(self, query: str, *, similar_names: bool = False) -> "CorrespondentQuerySet":
        """Correspondents whose name or short name contains the query, or whose BIN/IIN is the query.

        A BIN/IIN is found only by all its 12 digits (issue #11 point 4): found by a prefix, an
        individual's IIN, masked in every answer, would come back digit by digit in a hundred searches.
        `similar_names` adds names close to the query (trigrams: typos in the registration form).
        """
        condition = Q(name__icontains=query) | Q(short_name__icontains=query)
        if similar_names:
            condition |= Q(name__trigram_similar=query)
        digits = query.replace(" ", "")  # as printed on a letter: "850101 400333"
        if BIN_IIN.fullmatch(digits):
            condition |= Q(bin_iin=digits)
        return self.filter(condition)


class Correspondent(models.Model):
    """An organisation or a person we correspond with (the directory; imported and exported as XLSX/CSV)."""

    class Kind(models.TextChoices):
        CENTRAL_BODY = "central_body", _("central or higher state body")
        STATE_BODY = "state_body", _("state body")
        ORGANISATION = "organisation", _("organisation")
        PERSON = "person", _("individual")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STATE_BODY)
    name = models.CharField(_("name"), max_length=400)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    bin_iin = models.CharField(_("BIN / IIN"), max_length=12, blank=True)
    address = models.CharField(_("postal address"), max_length=400, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CorrespondentQuerySet.as_manager()

    class Meta:
        verbose_name = _("correspondent")
        verbose_name_plural = _("correspondents")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "bin_iin"], name="correspondent_unique_name_bin"),
        ]
        indexes = [
            # serves the directory search while typing in the registration form
            GinIndex(fields=["name"], name="correspondent_name_trgm", opclasses=["gin_trgm_ops"]),
            # serves the incoming journal sorted by correspondent: walked in name order, joined to documents
            models.Index(fields=["name", "id"], name="correspondent_name_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name(self.short_name, self.name)

    @staticmethod
    def display_name(short_name: str, name: str) -> str:
        """How a correspondent is named in lists: the short name if it has one (also for rows read as values)."""
        return short_name or name

    @property
    def is_central(self) -> bool:
        """Letters of central and higher bodies are exempt from the signatory checks (003 §9.14)."""
        return self.kind == self.Kind.CENTRAL_BODY


class DocumentQuerySet(models.QuerySet):
    def incoming(self) -> "DocumentQuerySet":
        return self.filter(kind=Document.Kind.INCOMING)

    def outgoing(self) -> "DocumentQuerySet":
        return self.filter(kind=Document.Kind.OUTGOING)

    def internal(self) -> "DocumentQuerySet":
        return self.filter(kind=Document.Kind.INTERNAL)

    def registered(self) -> "DocumentQuerySet":
        return self.exclude(number="")


class Document(models.Model):
    """An incoming, outgoing or internal document (memo) with its registration data."""

    class Kind(models.TextChoices):
        INCOMING = "incoming", _("incoming document")
        OUTGOING = "outgoing", _("outgoing document")
        INTERNAL = "internal", _("memo")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received, awaiting registration")
        DRAFT = "draft", _("draft")
        ON_APPROVAL = "on_approval", _("on approval")
        RETURNED_FOR_REWORK = "returned_for_rework", _("returned for rework")
        SIGNED = "signed", _("signed")
        REGISTERED = "registered", _("registered")
        ON_RESOLUTION = "on_resolution", _("on resolution")
        IN_WORK = "in_work", _("in work")
        # the execution card is filled (the lead's report on control, 003 §9.23) and an item of the document is
        # still on control: executed once the last one is removed (003 §12.14) — the item's own word
        REPORTED = "reported", REPORTED_LABEL
        FOR_INFORMATION = "for_information", _("for information")
        EXECUTED = "executed", _("executed")
        DISPATCHED = "dispatched", _("dispatched")

    class Addressee(models.TextChoices):
        AKIM = "akim", _("akim")
        DEPUTY = "deputy_akim", _("deputy akim")
        HEAD_OF_APPARATUS = "head_of_apparatus", _("head of apparatus")
        APPARATUS = "apparatus", _("apparatus of the akim")

    class Channel(models.TextChoices):
        EDMS = "edms", _("EDMS")
        POST = "post", _("post")
        COURIER = "courier", _("courier")
        EMAIL = "email", _("e-mail")
        FAX = "fax", _("fax")
        IN_PERSON = "in_person", _("in person")

    class Language(models.TextChoices):
        KAZAKH = "kk", _("Kazakh")
        RUSSIAN = "ru", _("Russian")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # registration (a number is given once and never changes; 003 §9.10)
    number = models.CharField(_("registration number"), max_length=50, blank=True)
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    registration_due = models.DateField(_("to be registered on"), null=True, blank=True)
    # 003 §9.10: a registered incoming letter is processed (its first resolution) within the profile's term
    # (registration.processing_term, 24 hours) — set at registration by correspondence.services.registration
    processing_due = models.DateTimeField(_("to be processed by"), null=True, blank=True)
    queued_first = models.BooleanField(
        _("registered first in the morning"), default=False,
        help_text=_("Received after the cutoff or on a day off: registered first on the next working day."),
    )  # fmt: skip
    # the other side
    correspondent = models.ForeignKey(
        Correspondent, verbose_name=_("correspondent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="documents",
    )  # fmt: skip
    their_number = models.CharField(_("their outgoing number"), max_length=100, blank=True)
    their_date = models.DateField(_("their outgoing date"), null=True, blank=True)
    signatory = models.CharField(_("signatory"), max_length=300, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=300, blank=True)
    signatory_is_first_head = models.BooleanField(_("signed by the first head"), default=True)
    signatory_is_acting = models.BooleanField(_("signed by an acting head"), default=False)
    acting_order_attached = models.BooleanField(_("order assigning duties attached"), default=False)
    # to whom
    addressee = models.CharField(_("addressee"), max_length=20, choices=Addressee.choices, blank=True)
    addressee_person = models.ForeignKey(
        "akimat.Person", verbose_name=_("addressee (person)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="addressed_documents",
    )  # fmt: skip
    # the document itself
    channel = models.CharField(_("delivery channel"), max_length=20, choices=Channel.choices, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.KAZAKH)
    sheets = models.PositiveIntegerField(_("number of sheets"), default=1)
    attachments_count = models.PositiveIntegerField(_("number of attachments"), default=0)
    summary = models.TextField(_("summary"))
    body = models.TextField(_("text"), blank=True)
    urgency = models.CharField(_("urgency mark"), max_length=20, choices=Urgency.choices, blank=True, default="")
    is_dsp = models.BooleanField(_("for official use only"), default=False)
    executes_reference = models.CharField(_("act or instruction it executes"), max_length=400, blank=True)
    is_financing = models.BooleanField(_("on financing"), default=False)
    financing_prior_work = models.BooleanField(_("prior work with the finance body done"), default=False)
    # links: an answer to our request, or our answer to an incoming document
    answers = models.ForeignKey(
        "self", verbose_name=_("answers"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="answered_by",
    )  # fmt: skip
    # outgoing and internal documents: author, signatory, the general department's check and dispatch
    author = models.ForeignKey(
        "akimat.Person", verbose_name=_("author"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="authored_documents",
    )  # fmt: skip
    signer = models.ForeignKey(
        "akimat.Person", verbose_name=_("signed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="signed_documents",
    )  # fmt: skip
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    dispatch_channel = models.CharField(_("dispatch channel"), max_length=20, choices=Channel.choices, blank=True)
    dispatched_on = models.DateField(_("dispatched on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # number, correspondent, summary and file names in Russian (stemmed) and as plain words (Kazakh)
    search_vector = SearchVectorField(_("search"), null=True, editable=False)
    # who takes part in the document, as keys that correspondence/access.py matches against the user's own:
    # "u<user>" created or registered it, "p<person>" author, signer, addressee, routed to, resolution author,
    # approver or executor, "e<unit>" an executing body named in a resolution, "w<unit>" the unit of an
    # executor person (for its head and supervisors). Written only by the database: triggers recompute it
    # on every write of the document and of its deliveries, resolutions, executors and approvals, and when
    # an executor moves to another unit (migration 0003), so no code path can leave it behind.
    readers = ArrayField(models.CharField(max_length=24), verbose_name=_("readers"), default=list, editable=False)

    #: the visas of an outgoing draft or a memo (003 §9.22): the core route, akimat.approvals (issue #13 §2)
    approvals = GenericRelation("akimat.Visa", content_type_field="subject_type", object_id_field="subject_id")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-registered_at", "-id"]
        constraints = [
            # numbers run per journal and year (SPEC §3.4): "01-12/345" comes again next January
            models.UniqueConstraint(
                "kind",
                "number",
                ExtractYear("registered_on"),
                condition=~Q(number=""),
                name="document_number_unique_per_journal_year",
            ),
            # a registered incoming letter always names its correspondent (SPEC §4; receive_incoming
            # requires one), so the journal sorted by correspondent may join them without losing a row
            models.CheckConstraint(
                condition=~Q(kind="incoming") | Q(number="") | Q(correspondent__isnull=False),
                name="document_registered_incoming_has_correspondent",
            ),
        ]
        indexes = [
            # serves the journals: one kind, newest registration first
            models.Index(fields=["kind", "-registered_on", "-id"], name="document_journal_idx"),
            # serve the journals sorted by number (the registration order) and by status
            models.Index(fields=["kind", "-registered_at", "-id"], name="document_number_order_idx"),
            models.Index(fields=["kind", "status", "id"], name="document_status_order_idx"),
            # serves the journals filtered by urgency mark (most letters carry none)
            models.Index(fields=["kind", "urgency"], condition=~Q(urgency=""), name="document_urgency_idx"),
            # serves full-text search over number, correspondent, summary and file names
            GinIndex(fields=["search_vector"], name="document_search_idx"),
            # serves the number search box (prefix and substring)
            GinIndex(fields=["number"], name="document_number_trgm", opclasses=["gin_trgm_ops"]),
            # serves filtering a journal by correspondent
            models.Index(fields=["correspondent", "kind"], name="document_correspondent_idx"),
            # serves who sees a document (correspondence/access.py): the documents of few readers' keys
            GinIndex(fields=["readers"], name="document_readers_idx"),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"{self.get_kind_display()} № {self.number}"
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("correspondence:document", args=[self.pk])

    def get_execution_card(self) -> "ExecutionCard | None":
        """The execution card (§9.23), None until it is filled; no query when it was joined (select_related)."""
        try:
            return self.execution_card
        except ExecutionCard.DoesNotExist:
            return None

    @property
    def reference(self) -> str:
        """The number and date of registration in no language, e.g. "№ 01-12/345 03.03.2026" ("" before)."""
        if not self.number:
            return ""
        return f"№ {self.number} {self.registered_on:%d.%m.%Y}" if self.registered_on else f"№ {self.number}"

    @property
    def label(self) -> str:
        """A label that reads well in other modules, e.g. "Incoming № 01-12/345 of 03.03.2026"."""
        if self.number and self.registered_on:
            return f"{self.get_kind_display()} № {self.number} {self.registered_on:%d.%m.%Y}"
        return str(self)


class Recipient(models.Model):
    """An addressee of an outgoing document."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="recipients"
    )
    correspondent = models.ForeignKey(
        Correspondent, verbose_name=_("correspondent"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "correspondent"], name="recipient_once_per_document"),
        ]

    def __str__(self) -> str:
        return str(self.correspondent)


class Delivery(models.Model):
    """The document routed to a person: when it was sent, received and opened (003 §9.10)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="deliveries"
    )
    person = models.ForeignKey("akimat.Person", verbose_name=_("addressee"), on_delete=models.PROTECT, related_name="+")
    is_copy = models.BooleanField(_("copy"), default=False)
    sent_at = models.DateTimeField(_("sent at"))
    due_by = models.DateField(_("to be delivered by"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["document", "sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "person"], name="delivery_once_per_person"),
        ]
        indexes = [
            # serves "documents routed to me"
            models.Index(fields=["person", "document"], name="delivery_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.person}"


class Resolution(models.Model):
    """A resolution on a document: text, executors in order, deadline or urgency (003 §9.13, §9.16)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="resolutions"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("under the resolution of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )  # fmt: skip
    author = models.ForeignKey(
        "akimat.Person", verbose_name=_("author"), on_delete=models.PROTECT, related_name="resolutions"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    on_paper = models.BooleanField(_("paper resolution entered by the registrar"), default=False)
    text = models.TextField(_("text"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    urgency = models.CharField(_("urgency mark"), max_length=20, choices=Urgency.choices, blank=True, default="")
    created_at = models.DateTimeField(_("created at"))
    control_item = models.OneToOneField(
        "control.ControlItem", verbose_name=_("control item"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["document", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url()

    @property
    def for_information(self) -> bool:
        """Without a deadline or urgency mark a resolution is for information (acknowledgement only)."""
        return self.deadline is None and not self.urgency


class ResolutionExecutor(models.Model):
    """An executor named in a resolution; the lead ("свод") is the first unless marked (003 §9.16)."""

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="executors"
    )
    # the resolution's document, repeated here (set by save() and by the services' bulk_create): who sees a
    # document and the journal's executor filter read executor rows straight to documents, without joining
    # 200,000 resolutions (correspondence/access.py)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="+", editable=False
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
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("executor of a resolution")
        verbose_name_plural = _("executors of a resolution")
        ordering = ["resolution", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="resolution_executor_person_or_unit",
            ),
            models.UniqueConstraint(fields=["resolution"], condition=Q(is_lead=True), name="resolution_one_lead"),
        ]

    def __str__(self) -> str:
        return str(self.person or self.unit)

    def save(self, *args, **kwargs) -> None:
        if self.document_id is None:
            self.document_id = self.resolution.document_id
        super().save(*args, **kwargs)


class ExecutionCard(models.Model):
    """The execution card (003 §9.23): without it a document is not executed."""

    document = models.OneToOneField(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="execution_card"
    )
    executor = models.ForeignKey(
        "akimat.Person", verbose_name=_("executor"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.TextField(_("what was done"))
    answer_number = models.CharField(_("answer number"), max_length=100, blank=True)
    answer_date = models.DateField(_("answer date"), null=True, blank=True)
    answer = models.ForeignKey(
        Document, verbose_name=_("answer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filled in by"), on_delete=models.PROTECT, related_name="+"
    )
    filled_at = models.DateTimeField(_("filled in at"))

    class Meta:
        verbose_name = _("execution card")
        verbose_name_plural = _("execution cards")

    def __str__(self) -> str:
        return f"{self.document}: {self.result[:60]}"


class Return(models.Model):
    """Mail returned without registration, with the reason and the norm (003 §9.10, §9.12): no number."""

    correspondent = models.ForeignKey(
        Correspondent, verbose_name=_("sender"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sender_name = models.CharField(_("sender"), max_length=400)
    their_number = models.CharField(_("their outgoing number"), max_length=100, blank=True)
    their_date = models.DateField(_("their outgoing date"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    received_at = models.DateTimeField(_("received at"))
    reason = models.TextField(_("reason"))
    norm = models.CharField(_("norm"), max_length=200)
    returned_on = models.DateField(_("returned on"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("returned by"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Document.Channel.choices, blank=True)

    class Meta:
        verbose_name = _("return without registration")
        verbose_name_plural = _("returns without registration")
        ordering = ["-returned_on", "-id"]
        indexes = [
            # serves the returns journal by date
            models.Index(fields=["-returned_on", "-id"], name="return_journal_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_name} ({self.returned_on:%d.%m.%Y})"


class ResolutionPhrase(models.Model):
    """A phrase the leadership writes in resolutions («Для исполнения», «Подготовить ответ»…), in both
    languages of the apparatus; the resolution form offers the active ones (issue #12 §1). A phrase marked
    "for information" («Принять к сведению») keeps the document off control (003 §12.10)."""

    text_kk = models.CharField(_("text in Kazakh"), max_length=300)
    text_ru = models.CharField(_("text in Russian"), max_length=300)
    for_information = models.BooleanField(
        _("for information"),
        default=False,
        help_text=_("A resolution with this phrase is for information: no term, no control (§12.10)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("resolution phrase")
        verbose_name_plural = _("resolution phrases")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text()

    def text(self, language: str | None = None) -> str:
        """The phrase in the given (or active) language: Kazakh for "kk", Russian for the others."""
        return self.text_kk if (language or get_language() or "").startswith("kk") else self.text_ru
