"""Citizens' appeals — 003 §13 (000 §13, 004 §14) and the Administrative Procedural and Process Code (APPK).

Appeals are kept apart from other correspondence (§13.3): their own journal ("appeals") and yearly numbering
(``akimat.numbering``), their own applicants. An appeal is never refused (§13.5): it is registered the day it is
received, or the next working day when it came after the working day or on a day off (APPK art. 64), checked
against APPK art. 63 (``appeals.requisites``), and then either goes on (a valid one to its addressee, §13.8), waits
for its deficiencies to be fixed (§13.7), is returned, or — anonymous — is closed or forwarded. An applicant is a
card reused by every appeal of the same person or entity (matched by IIN/BIN, else by name and address), so
repeats and duplicates are found at registration. Everything is created and changed only through
``appeals/services.py``.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: the appeals' journal, seeded by akimat/migrations/0004_history_numbering.py (numbers "ЖТ-1", "ЖТ-2", …; its
#: prefix and format are edited in the admin)
JOURNAL = "appeals"


class Kind(models.TextChoices):
    """The kinds of appeal the APPK names (art. 4), in the glossary's words."""

    APPLICATION = "application", pgettext_lazy("appeal kind", "application")  # заявление / өтініш
    COMPLAINT = "complaint", pgettext_lazy("appeal kind", "complaint")  # жалоба / шағым
    PROPOSAL = "proposal", pgettext_lazy("appeal kind", "proposal")  # предложение / ұсыныс
    RESPONSE = "response", pgettext_lazy("appeal kind", "response")  # отклик / пікір
    REQUEST = "request", pgettext_lazy("appeal kind", "request")  # запрос / сұрау салу
    MESSAGE = "message", pgettext_lazy("appeal kind", "message")  # сообщение / хабарлама


class Channel(models.TextChoices):
    """How the appeal came (issue #15 §1; §13.2: e-mail, the website, the akim's messenger…)."""

    E_OTINISH = "e_otinish", _("e-Otinish")
    POST = "post", _("post")
    EMAIL = "email", _("e-mail")
    WEBSITE = "website", _("website")
    MESSENGER = "messenger", _("messenger")
    IN_PERSON = "in_person", _("in person")
    ORAL = "oral", _("oral, recorded by the employee")  # §13.10
    RECEPTION = "reception", _("personal reception")  # §14


#: APPK art. 63: a written appeal on paper is signed and dated by the applicant; the others are signed by EDS
#: (e-Otinish), written into a record by the employee (oral, §13.10), or come by an electronic channel
PAPER_CHANNELS = frozenset({Channel.POST, Channel.IN_PERSON})


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    OTHER = "other", _("other")


class Result(models.TextChoices):
    """The result of the consideration (issue #15 §2), each with the answer's file, outgoing number and dispatch
    date."""

    SATISFIED = "satisfied", _("satisfied")
    PARTLY_SATISFIED = "partly_satisfied", _("partly satisfied")
    EXPLAINED = "explained", _("explained")
    REFUSED = "refused", _("refused")
    FORWARDED = "forwarded", _("forwarded to the competent body")
    LEFT_WITHOUT_CONSIDERATION = "left_without_consideration", _("left without consideration")
    RETURNED = "returned", _("returned to the applicant")


#: APPK art. 73: results unfavourable to the applicant — a preliminary decision is told to them first
UNFAVOURABLE_RESULTS = frozenset({Result.REFUSED, Result.PARTLY_SATISFIED})


class Applicant(models.Model):
    """An individual or a legal entity who appeals: one card per person or entity, reused by all their appeals
    (matched by IIN/BIN, else by the normalised name and address, ``match_key``)."""

    class Type(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        LEGAL_ENTITY = "legal_entity", _("legal entity")

    type = models.CharField(_("applicant type"), max_length=20, choices=Type.choices, default=Type.INDIVIDUAL)
    # APPK art. 63: surname, first name and the patronymic if it is in the identity document
    surname = models.CharField(_("surname"), max_length=150, blank=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    organisation = models.CharField(_("name of the legal entity"), max_length=500, blank=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    address = models.CharField(_("postal address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # the name and address folded (lower case, letters and digits only): how an applicant without IIN/BIN is found
    match_key = models.CharField(_("matching key"), max_length=700, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["surname", "first_name", "organisation", "id"]
        constraints = [
            # one card per IIN / BIN: the applicant's card holds all their appeals (issue #15 §4)
            models.UniqueConstraint(fields=["iin"], condition=~Q(iin=""), name="applicant_unique_iin"),
            models.UniqueConstraint(fields=["bin"], condition=~Q(bin=""), name="applicant_unique_bin"),
            models.CheckConstraint(
                condition=Q(type="individual", bin="", organisation="") | Q(type="legal_entity", iin=""),
                name="applicant_type_fields",
            ),
        ]
        indexes = [
            # the card of an applicant without IIN/BIN, found by name and address at registration
            models.Index(fields=["match_key"], name="applicant_match_key_idx"),
            # the journal's search by the applicant's surname (surname__iexact is UPPER(surname) = UPPER(…)) and by
            # a word of a legal entity's name (organisation__icontains: UPPER(…) LIKE UPPER('%…%'))
            models.Index(Upper("surname"), name="applicant_surname_upper_idx"),
            GinIndex(OpClass(Upper("organisation"), name="gin_trgm_ops"), name="applicant_org_upper_trgm"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_individual(self) -> bool:
        return self.type == self.Type.INDIVIDUAL

    @property
    def display_name(self) -> str:
        if self.is_individual:
            return " ".join(part for part in (self.surname, self.first_name, self.patronymic) if part)
        return self.organisation

    @property
    def identifier(self) -> str:
        """The IIN of an individual, the BIN of a legal entity ("" when not given)."""
        return self.iin if self.is_individual else self.bin


class Appeal(models.Model):
    """An appeal registered in the appeals journal (§13.3, APPK art. 64) with its applicants, requisites and
    state."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        DEFICIENT = "deficient", _("deficient: awaiting correction")  # §13.7
        RETURNED = "returned", _("returned to the applicant")  # §13.7
        SENT = "sent", _("sent to the official for a resolution")  # §13.8
        ON_CONSIDERATION = "on_consideration", _("on consideration")  # §13.8
        TO_FORWARD = "to_forward", _("to be forwarded to the competent body")  # §13.9, anonymous crime reports
        FORWARDED = "forwarded", _("forwarded to the competent body")  # §13.9, §13.11
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed without consideration")  # anonymous (SPEC §8)

    # §13.3: the number of the appeals' own journal, taken at registration, one gapless sequence per year
    number = models.CharField(_("registration number"), max_length=50)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("number in the year"))
    # APPK art. 64: the day of receipt, or the next working day after the working day's end or on a day off
    registered_on = models.DateField(_("date of registration"))
    registered_at = models.DateTimeField(_("entered at"))  # when the employee entered it
    received_at = models.DateTimeField(_("received at"))  # when it actually came
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("kind of appeal"), max_length=20, choices=Kind.choices, default=Kind.APPLICATION)
    external_number = models.CharField(_("number in e-Otinish"), max_length=100, blank=True)
    # APPK art. 63: to whom it is addressed (§13.8: the akim, a deputy, the head of apparatus), as written in it
    addressee = models.ForeignKey(
        "akimat.Person", verbose_name=_("addressee"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", db_index=False,  # appeal_addressee_idx
    )  # fmt: skip
    addressee_name = models.CharField(_("addressee as written"), max_length=500, blank=True)
    summary = models.TextField(_("essence of the appeal"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.KAZAKH)
    pages = models.PositiveSmallIntegerField(_("number of sheets"), default=1)
    # APPK art. 63: a paper appeal is signed and dated by the applicant
    signed = models.BooleanField(_("signed by the applicant"), default=False)
    dated_on = models.DateField(_("date on the appeal"), null=True, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    # SPEC §8 (the APPK; the article to be confirmed by the installation's lawyer): an anonymous appeal is not
    # considered, except a report of a crime or a threat to security, which is forwarded to the competent body
    reports_crime = models.BooleanField(_("reports a crime or a threat to security"), default=False)
    is_collective = models.BooleanField(_("collective"), default=False)
    applicants = models.ManyToManyField(
        Applicant, verbose_name=_("applicants"), through="AppealApplicant", related_name="appeals"
    )
    representative_name = models.CharField(_("representative"), max_length=300, blank=True)
    representative_document = models.CharField(_("document of authority"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    # APPK art. 63: the required items missing at the last check (appeals.requisites codes)
    missing_items = ArrayField(
        models.CharField(max_length=40), verbose_name=_("missing requisites"), default=list, blank=True
    )
    # §13.7: the reasonable term the head of the appeals department set to fix them
    deficiency_due_on = models.DateField(_("term to fix the deficiencies"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # §13.9 (and anonymous reports of a crime): the competent body and by when it is to be forwarded
    forward_to = models.CharField(_("competent body"), max_length=500, blank=True)
    forward_due_on = models.DateField(_("to be forwarded by"), null=True, blank=True)
    # §13.9: the day it was forwarded, and whether later than the profile's term from receipt (never blocked)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forwarded_late = models.BooleanField(_("forwarded late"), default=False)
    # §13.11: a complaint about a lower body's act, sent to that body, which decides or sends the case up by this day
    to_lower_body = models.BooleanField(_("complaint sent to the lower body"), default=False)
    lower_body_due_on = models.DateField(_("the lower body decides by"), null=True, blank=True)
    # §13.11, SPEC §8: the official a complaint is about — it never goes to them for consideration
    complaint_about = models.ForeignKey(
        "akimat.Person", verbose_name=_("the complaint is about"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    # §13.8: when the appeals department sent it to the official for a resolution
    sent_at = models.DateTimeField(_("sent to the official at"), null=True, blank=True)
    # APPK art. 76: the term to answer, counted from the day of receipt as APPK art. 64 fixes it (term_from); the
    # term in force after extensions (due_on) and the first one (initial_due_on)
    term_from = models.DateField(_("term counted from"), null=True, blank=True)
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    initial_due_on = models.DateField(_("initial answer term"), null=True, blank=True)
    # the final answer (001 §33): its result, the day it went to the applicant, and whether within the term
    result = models.CharField(_("result"), max_length=30, choices=Result.choices, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    term_kept = models.BooleanField(_("term kept"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+",
        db_index=False,  # appeal_created_by_idx
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-registered_on", "-seq", "-id"]
        constraints = [
            # §13.3: one gapless sequence per year; a number is never given twice
            models.UniqueConstraint(fields=["year", "number"], name="appeal_unique_number"),
            models.UniqueConstraint(fields=["year", "seq"], name="appeal_unique_seq"),
            models.CheckConstraint(condition=Q(reports_crime=False) | Q(is_anonymous=True), name="appeal_crime_anon"),
        ]
        indexes = [
            # the journal, newest first (the default order), and its date filters
            models.Index(F("registered_on").desc(), F("seq").desc(), F("id").desc(), name="appeal_journal_date_idx"),
            # the journal filtered by status in its order (read backwards), and sorted by status either way
            models.Index(fields=["status", "registered_on", "seq", "id"], name="appeal_status_order_idx"),
            # the journal filtered by kind in its order (read backwards): a complaint is one appeal in five
            models.Index(fields=["kind", "registered_on", "seq", "id"], name="appeal_kind_order_idx"),
            # the appeals addressed to an official (the access rule, the official's filter)
            models.Index(fields=["addressee", "registered_on"], name="appeal_addressee_idx"),
            # the appeals a registrar entered (the access rule)
            models.Index(fields=["created_by", "registered_on"], name="appeal_created_by_idx"),
            # §13.7: the deficient appeals whose term has passed (to be returned)
            models.Index(
                fields=["deficiency_due_on"], condition=Q(status="deficient"), name="appeal_deficient_due_idx"
            ),
            # the import from e-Otinish finds an appeal already registered by its number there
            models.Index(
                fields=["external_number"], condition=~Q(external_number=""), name="appeal_external_number_idx"
            ),
            # the appeals on consideration by their term (overdue, the term filter)
            models.Index(fields=["due_on"], condition=Q(status="on_consideration"), name="appeal_due_idx"),
            # the quarterly statistics: answered appeals by the day of the answer
            models.Index(fields=["answered_on"], condition=Q(answered_on__isnull=False), name="appeal_answered_idx"),
            # the journal's search: a word of the essence (summary__icontains is UPPER(summary) LIKE UPPER('%…%'),
            # which a trigram index of the column itself does not serve) and the number (number__iexact)
            GinIndex(OpClass(Upper("summary"), name="gin_trgm_ops"), name="appeal_summary_upper_trgm"),
            models.Index(Upper("number"), name="appeal_number_upper_idx"),
        ]

    def __str__(self) -> str:
        return _("Appeal № %(number)s of %(date)s") % {
            "number": self.number, "date": self.registered_on.strftime("%d.%m.%Y")
        }  # fmt: skip

    def get_absolute_url(self) -> str:
        return reverse("appeals:appeal", args=[self.pk])

    @property
    def is_paper(self) -> bool:
        return self.channel in PAPER_CHANNELS


class AppealApplicant(models.Model):
    """An applicant of an appeal; a collective appeal has several (the first one is listed first)."""

    # the unique pair (appeal, applicant) and appeal_applicant_idx (applicant, appeal) index both keys
    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="parties", db_index=False
    )
    applicant = models.ForeignKey(
        Applicant, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="parties", db_index=False
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("applicant of an appeal")
        verbose_name_plural = _("applicants of appeals")
        ordering = ["appeal", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["appeal", "applicant"], name="appeal_applicant_once")]
        # the applicant's appeals (their card, the repeat and duplicate checks at registration)
        indexes = [models.Index(fields=["applicant", "appeal"], name="appeal_applicant_idx")]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.applicant_id}"


class AppealLink(models.Model):
    """An appeal linked at registration to an earlier one of the same applicant: a repeat (the question answered
    before) or a duplicate (the same appeal through another channel a few days apart)."""

    class Kind(models.TextChoices):
        REPEAT = "repeat", _("repeat appeal")
        DUPLICATE = "duplicate", _("duplicate through another channel")

    # the unique triple (appeal, earlier, kind) indexes the appeal; the earlier has its foreign key's index (the
    # later appeals linking to one, on its page)
    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="links", db_index=False
    )
    earlier = models.ForeignKey(
        Appeal, verbose_name=_("earlier appeal"), on_delete=models.CASCADE, related_name="later_links"
    )
    kind = models.CharField(_("link"), max_length=20, choices=Kind.choices)
    # the trigram similarity of the essences (0–1): how alike the questions read
    similarity = models.FloatField(_("similarity"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("linked appeal")
        verbose_name_plural = _("linked appeals")
        ordering = ["appeal", "kind", "-similarity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "earlier", "kind"], name="appeal_link_once"),
            models.CheckConstraint(condition=~Q(appeal=F("earlier")), name="appeal_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} → {self.earlier_id} ({self.kind})"


class AppealNotice(models.Model):
    """A notice to the applicant about their appeal: what is missing and the term to fix it (§13.7); the later
    steps add theirs (forwarding §13.9, extension APPK art. 76, a preliminary decision APPK art. 73)."""

    class Kind(models.TextChoices):
        DEFICIENCY = "deficiency", _("notice of deficiencies")  # §13.7
        FORWARDING = "forwarding", _("notice of forwarding")  # §13.9
        EXTENSION = "extension", _("notice of extension")  # APPK art. 76
        PRELIMINARY = "preliminary", _("notice of a preliminary decision")  # APPK art. 73

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="notices", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    items = ArrayField(models.CharField(max_length=40), verbose_name=_("missing requisites"), default=list, blank=True)
    due_on = models.DateField(_("term"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    sent_on = models.DateField(_("sent on"))
    # the day by which the regulation wants it sent (§13.9: with the forwarding; APPK art. 76: within the profile's
    # term of the extension) and whether it went later — flagged, never refused
    send_by = models.DateField(_("to be sent by"), null=True, blank=True)
    late = models.BooleanField(_("sent late"), default=False)
    extension = models.ForeignKey(
        "AppealExtension", verbose_name=_("extension"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="notices",
    )  # fmt: skip
    # APPK art. 73: the preliminary decision told (refused / partly satisfied) and the applicant's hearing
    proposed_result = models.CharField(_("preliminary decision"), max_length=30, choices=Result.choices, blank=True)
    heard_on = models.DateField(_("heard on"), null=True, blank=True)
    hearing = models.TextField(_("the applicant's objections"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice to the applicant")
        verbose_name_plural = _("notices to applicants")
        ordering = ["appeal", "sent_on", "id"]
        # the notices of an appeal (its page), of a kind (the later steps: was the applicant told?)
        indexes = [models.Index(fields=["appeal", "kind"], name="appeal_notice_idx")]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.get_kind_display()} {self.sent_on:%d.%m.%Y}"


class AppealResolution(models.Model):
    """§13.8: the resolution of the official the appeal is addressed to (or of the person acting for them): the
    executors (one lead), the term (APPK art. 76, or another a law sets, with its basis) and the control item that
    keeps it (control.services.put_on_control, source: the appeal).

    A resolution is restricted (SPEC §8: personal data): it is seen only by those granted it by name — the official,
    the appeals department, the executors, the auditors — and the control item made from the appeal carries its key
    (akimat.permissions.derive, appeals/access.py), so the item is seen by them and by no one else whatever their
    role in control."""

    appeal = models.OneToOneField(Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="resolution")
    official = models.ForeignKey(
        "akimat.Person", verbose_name=_("official"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("acting for"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    text = models.TextField(_("resolution"), blank=True)
    written_on = models.DateField(_("date of the resolution"))
    # the term: counted from term_from by a rule of the profile (term_rule), or a term a law sets (legal_basis)
    term_from = models.DateField(_("term counted from"))
    term_amount = models.PositiveIntegerField(_("term"))
    term_unit = models.CharField(_("term unit"), max_length=20)
    term_rule = models.CharField(_("regulation rule"), max_length=100, blank=True)
    legal_basis = models.CharField(_("legal basis of the term"), max_length=500, blank=True)
    due_on = models.DateField(_("answer due"))
    control_item = models.OneToOneField(
        "control.ControlItem", verbose_name=_("control item"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resolution on an appeal")
        verbose_name_plural = _("resolutions on appeals")
        indexes = [
            # who sees an appeal (appeals/access.py): from an executor's resolutions to their appeals, read from the
            # index alone (the table itself is wide)
            models.Index(fields=["id"], include=["appeal"], name="appeal_resolution_appeal_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.due_on:%d.%m.%Y}"


class AppealExecutor(models.Model):
    """An executor of the resolution: a person or a unit; one is the lead."""

    resolution = models.ForeignKey(
        AppealResolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="executors"
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

    class Meta:
        verbose_name = _("executor of an appeal")
        verbose_name_plural = _("executors of appeals")
        ordering = ["resolution", "-is_lead", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="appeal_executor_person_or_unit",
            ),
            models.UniqueConstraint(fields=["resolution"], condition=Q(is_lead=True), name="appeal_executor_one_lead"),
        ]
        indexes = [
            # who sees an appeal (appeals/access.py): the appeals of an executor person or unit
            models.Index(fields=["person", "resolution"], name="appeal_executor_person_idx"),
            models.Index(fields=["unit", "resolution"], name="appeal_executor_unit_idx"),
        ]

    def __str__(self) -> str:
        return str(self.person or self.unit)


class AppealExtension(models.Model):
    """APPK art. 76 (001 §30): the term extended by a reasoned decision of the head or a deputy, to at most the
    profile's months from receipt; the applicant is told within the profile's term of the decision."""

    appeal = models.ForeignKey(Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="extensions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("acting for"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decided_on = models.DateField(_("decided on"))
    old_due_on = models.DateField(_("old term"))
    new_due_on = models.DateField(_("new term"))
    reason = models.TextField(_("reasons"))
    notice_by = models.DateField(_("applicant to be told by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("extension of the term of an appeal")
        verbose_name_plural = _("extensions of the terms of appeals")
        ordering = ["appeal", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.old_due_on:%d.%m.%Y} → {self.new_due_on:%d.%m.%Y}"


class AppealAnswer(models.Model):
    """An answer to the applicant (§13.4, 001 §33): an interim reply or the final reasoned answer, with its result,
    file (akimat.attachments), outgoing number and the day it is dispatched — handed in after the profile's cutoff
    or on a day off, the next working day."""

    appeal = models.ForeignKey(Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="answers")
    is_final = models.BooleanField(_("final answer"), default=True)
    result = models.CharField(_("result"), max_length=30, choices=Result.choices, blank=True)
    text = models.TextField(_("content of the answer"))
    grounds = models.TextField(_("grounds"), blank=True)
    outgoing_number = models.CharField(_("outgoing number"), max_length=50, blank=True)
    handed_in_at = models.DateTimeField(_("handed in for dispatch at"))
    dispatched_on = models.DateField(_("dispatch date"))
    dispatch_moved = models.BooleanField(_("dispatched the next working day"), default=False)
    term_kept = models.BooleanField(_("term kept"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer to an appeal")
        verbose_name_plural = _("answers to appeals")
        ordering = ["appeal", "handed_in_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(is_final=False) | ~Q(result=""), name="appeal_answer_final_result"),
            models.UniqueConstraint(fields=["appeal"], condition=Q(is_final=True), name="appeal_answer_one_final"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.dispatched_on:%d.%m.%Y}"
