"""Meetings chaired by the akim and their protocols — 003 §5, §8 and Appendix 6 (000 §5, §8; 004 §5–§9).

A meeting (an akimat session, an apparatus meeting, an operational one, a commission…) has its agenda, the
materials of each item, the attendance and the votes; it ends in one protocol. A protocol is drafted, goes
through core visas (``akimat.models.Visa``, subject = the protocol), is signed by the chair, and only then is
registered with the next number of its type's yearly sequence (§8.7, ``akimat.numbering``); its points go on
control (``control.services``). Everything is created and changed only through ``meetings/services``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from akimat.models.i18n import TrilingualName


def _in_language(kk: str, ru: str) -> str:
    """The Kazakh or the Russian text in the reader's language, the other one when it is empty."""
    if (get_language() or "kk")[:2] == "kk":
        return kk or ru
    return ru or kk


class Kind(models.TextChoices):
    """What the regulation says of a type of meeting: which rules of the profile apply to it."""

    SESSION = "session", _("akimat session")  # §5.1–§5.13
    APPARATUS = "apparatus", _("apparatus meeting")  # §5.21–§5.35
    OPERATIONAL = "operational", _("operational (selector) meeting")  # §5.36–§5.47
    ADVISORY = "advisory", _("consultative-advisory body")  # §5.48–§5.55, §8.4
    FIELD = "field", _("field meeting or working trip")  # §5.56, §8.1
    OTHER = "other", _("other meeting")


class MeetingType(TrilingualName):
    """A type of meeting: its kind (the rules it follows) and the journal of its protocols (§8.7: one yearly
    sequence per type). The standard types come with migration 0002; an administrator adds others."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    journal = models.ForeignKey(
        "akimat.Journal", verbose_name=_("journal of protocols"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("type of meeting")
        verbose_name_plural = _("types of meeting")
        ordering = ["order", "code"]


class AkimatMember(models.Model):
    """A member of the akimat for a period (the list changes over time): a session's quorum counts the members
    on its date (§5.4)."""

    person = models.ForeignKey(
        "akimat.Person", verbose_name=_("member"), on_delete=models.PROTECT, related_name="akimat_memberships"
    )
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("member of the akimat")
        verbose_name_plural = _("members of the akimat")
        ordering = ["person__full_name", "since"]
        constraints = [
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=F("since")), name="member_period"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        VIDEO = "video", _("video conference")
        MIXED = "mixed", _("mixed")

    type = models.ForeignKey(MeetingType, verbose_name=_("type of meeting"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)  # the type's kind when planned
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    # §5.3: a closed meeting and its materials are ДСП — seen only by those granted by name
    is_closed = models.BooleanField(_("closed meeting"), default=False)
    # §5.1, §5.10: an extraordinary session on the akim's initiative; its agenda goes out at once
    is_extraordinary = models.BooleanField(_("extraordinary"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    chair = models.ForeignKey("akimat.Person", verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+")
    secretary = models.ForeignKey(
        "akimat.Person", verbose_name=_("secretary"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    organiser_unit = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("organising department"), on_delete=models.PROTECT, related_name="+"
    )
    # §5.6, §5.27: when the agenda and the materials are due (working days before, from the profile)
    materials_due_on = models.DateField(_("materials due"), null=True, blank=True)
    package_due_on = models.DateField(_("package due"), null=True, blank=True)
    held_on = models.DateField(_("date held"), null=True, blank=True)
    present_members = models.PositiveSmallIntegerField(_("members present"), null=True, blank=True)
    total_members = models.PositiveSmallIntegerField(_("members of the akimat"), null=True, blank=True)
    has_quorum = models.BooleanField(_("quorum"), null=True, blank=True)  # §5.4, a session only
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # who takes part in the meeting, as keys that meetings/access.py matches against the user's own: "u<user>"
    # created it, "p<person>" chairs it, is its secretary, a participant, a speaker or curator of an item or the
    # executor of a protocol point, "e<unit>" organises it, is responsible for an item, an addressee of the
    # protocol or the executor of a point. Written only by the database: triggers recompute it on every write of
    # the meeting and of those rows (migration 0005), so no code path can leave it behind. Who is granted a
    # closed meeting (§5.3) is not here: akimat.permissions reads the grants themselves.
    readers = ArrayField(models.CharField(max_length=24), verbose_name=_("readers"), default=list, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="meeting_start_idx"),
            models.Index(fields=["status", "starts_at"], name="meeting_status_start_idx"),
            # serves who sees a meeting (meetings/access.py): the meetings of a few readers' keys
            GinIndex(fields=["readers"], name="meeting_readers_idx"),
        ]

    def __str__(self) -> str:
        title = self.title or self.type.name
        return f"{title} — {self.starts_at:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def title(self) -> str:
        return _in_language(self.title_kk, self.title_ru)

    @property
    def is_session(self) -> bool:
        return self.kind == Kind.SESSION


class Participant(models.Model):
    """Who takes part: a member (of the akimat for a session, of the body otherwise) or an invited participant
    (§5.5); the secretary records presence, and a substitute for an absent member."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        INVITED = "invited", _("invited")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("taking part as"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    person = models.ForeignKey(
        "akimat.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=300, blank=True)  # someone outside the directory
    position = models.CharField(_("position"), max_length=300, blank=True)
    present = models.BooleanField(_("present"), null=True, blank=True)
    substitute = models.CharField(_("substitute"), max_length=300, blank=True)  # who came instead of an absent member

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "role", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""), name="participant_named"),
            models.UniqueConstraint(
                fields=["meeting", "person"], name="participant_once", condition=Q(person__isnull=False)
            ),
        ]
        indexes = [models.Index(fields=["person", "meeting"], name="participant_person_idx")]

    def __str__(self) -> str:
        return str(self.person or self.name)


class AgendaItem(models.Model):
    """An item of the agenda (§5.6–§5.10), its vote (§5.4) and its section of the protocol (Appendix 6:
    СЛУШАЛИ — ВЫСТУПИЛИ — ПОСТАНОВИЛИ)."""

    class Outcome(models.TextChoices):
        NONE = "", _("no vote")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("not adopted")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"))
    title_kk = models.CharField(_("title (Kazakh)"), max_length=1000)
    title_ru = models.CharField(_("title (Russian)"), max_length=1000, blank=True)
    speakers = models.ManyToManyField("akimat.Person", verbose_name=_("speakers"), blank=True, related_name="+")
    responsible_units = models.ManyToManyField(
        "akimat.OrgUnit", verbose_name=_("responsible bodies"), blank=True, related_name="+"
    )
    curator = models.ForeignKey(
        "akimat.Person", verbose_name=_("curating deputy"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    minutes = models.PositiveSmallIntegerField(_("time, minutes"), null=True, blank=True)
    draft_act = models.ForeignKey(
        "acts.Act", verbose_name=_("draft resolution"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # §5.4: the vote on the item (a session's resolutions pass by a majority of the members present)
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True, default="")
    # the protocol's section of the item (Appendix 6)
    heard_kk = models.TextField(_("heard (Kazakh)"), blank=True)
    heard_ru = models.TextField(_("heard (Russian)"), blank=True)
    spoke_kk = models.TextField(_("spoke (Kazakh)"), blank=True)
    spoke_ru = models.TextField(_("spoke (Russian)"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def title(self) -> str:
        return _in_language(self.title_kk, self.title_ru)


class Material(models.Model):
    """A material of an agenda item (§5.6), in Kazakh or Russian; late when it came after the meeting's due date
    (§5.17)."""

    class Kind(models.TextChoices):
        REFERENCE_NOTE = "reference_note", _("reference note")  # ≤ 5 pages
        DRAFT_RESOLUTION = "draft_resolution", _("draft resolution")
        DRAFT_DECISION = "draft_decision", _("draft protocol decision")
        COMPARISON_TABLE = "comparison_table", _("comparison table")
        PRESENTATION = "presentation", _("presentation")  # ≤ 10 MB
        REPORT = "report", _("report")
        PARTICIPANTS = "participants", _("list of participants")
        OTHER = "other", _("other")

    class Language(models.TextChoices):
        KK = "kk", _("Kazakh")
        RU = "ru", _("Russian")

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KK)
    attachment = models.OneToOneField(
        "akimat.Attachment", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    # §5.7: visaed by the first head of the body that brings it (or the person acting) — recorded by name
    visaed_by = models.CharField(_("visaed by"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["item", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class Protocol(models.Model):
    """The protocol of a meeting (§5.11, §8, Appendix 6): drafted in the state language (§8.5), agreed by visas,
    signed by the chair, registered with the next number of its type's yearly sequence (§8.7)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ON_APPROVAL = "on_approval", _("on approval")
        RETURNED = "returned", _("returned for rework")
        TO_SIGN = "to_sign", _("agreed, to sign")
        REGISTERED = "registered", _("signed and registered")

    class Form(models.TextChoices):
        FULL = "full", _("full")
        SHORT = "short", _("short")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="protocol"
    )
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.FULL)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    has_russian = models.BooleanField(_("with a Russian version"), default=True)
    # §8.5: who controls its execution — a protocol without it is not sent for signature
    controller_unit = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("control of execution"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    controller_person = models.ForeignKey(
        "akimat.Person", verbose_name=_("controlling official"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    # §8.5, §8.8, §5.11: drafted within the profile's term of the meeting; "drafted" = sent for approval
    drafting_due_on = models.DateField(_("drafting term"))
    drafted_at = models.DateTimeField(_("drafted at"), null=True, blank=True)
    approval_due_on = models.DateField(_("approval term"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("current version"), default=1)
    signer = models.ForeignKey("akimat.Person", verbose_name=_("signatory"), on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("date of signature"), null=True, blank=True)
    # §8.7: the number is taken at registration; Appendix 6 item 3: numbered within the calendar year
    number = models.CharField(_("registration number"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    registered_on = models.DateField(_("date of registration"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    visas = GenericRelation("akimat.Visa", content_type_field="subject_type", object_id_field="subject_id")

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        ordering = ["-meeting__starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number="") | Q(status="registered"), name="protocol_number_only_when_registered"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "number"], name="protocol_number_idx"),
            models.Index(fields=["status", "drafting_due_on"], name="protocol_status_due_idx"),
        ]

    def __str__(self) -> str:
        if self.number:
            return _("Protocol № %(number)s of %(date)s") % {
                "number": self.number, "date": self.meeting.starts_at.strftime("%d.%m.%Y")
            }  # fmt: skip
        return _("Draft protocol of %(date)s") % {"date": self.meeting.starts_at.strftime("%d.%m.%Y")}

    def get_absolute_url(self) -> str:
        return reverse("meetings:protocol", args=[self.pk])


class ProtocolPoint(models.Model):
    """A numbered point or sub-point of the decisions (§8.5: arabic numerals) with its executors and deadline;
    on control once the protocol is registered."""

    protocol = models.ForeignKey(Protocol, verbose_name=_("protocol"), on_delete=models.CASCADE, related_name="points")
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="points",
    )
    number = models.CharField(_("point"), max_length=20)
    text_kk = models.TextField(_("content (Kazakh)"))
    text_ru = models.TextField(_("content (Russian)"), blank=True)
    lead_unit = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("executor (unit)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    lead_person = models.ForeignKey(
        "akimat.Person", verbose_name=_("executor (person)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    co_units = models.ManyToManyField("akimat.OrgUnit", verbose_name=_("co-executors"), blank=True, related_name="+")
    # a date, or a term in working days from the signature (computed through akimat.workdays at registration)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    term_days = models.PositiveSmallIntegerField(_("term, working days"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    control_item = models.OneToOneField(
        "control.ControlItem", verbose_name=_("control item"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("protocol point")
        verbose_name_plural = _("protocol points")
        ordering = ["protocol", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_unit__isnull=False) | Q(lead_person__isnull=False), name="protocol_point_executor"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=False) | Q(term_days__isnull=False), name="protocol_point_deadline"
            ),
            models.UniqueConstraint(fields=["protocol", "number"], name="protocol_point_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.protocol_id} п. {self.number}"

    @property
    def text(self) -> str:
        return _in_language(self.text_kk, self.text_ru)


class ProtocolDistribution(models.Model):
    """An addressee of the protocol (Appendix 6 item 4): a copy, or an extract of the points that concern them."""

    protocol = models.ForeignKey(
        Protocol, verbose_name=_("protocol"), on_delete=models.CASCADE, related_name="distribution"
    )
    unit = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("addressee"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    name = models.CharField(_("addressee"), max_length=300, blank=True)
    extract_only = models.BooleanField(_("extract of its points"), default=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("addressee of a protocol")
        verbose_name_plural = _("distribution list of protocols")
        ordering = ["protocol", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(unit__isnull=False) | ~Q(name=""), name="protocol_distribution_named"),
        ]
        indexes = [models.Index(fields=["unit", "protocol"], name="protocol_distribution_unit_idx")]

    def __str__(self) -> str:
        return str(self.unit or self.name)


class ProtocolSearch(models.Model):
    """What the registry's search (meetings/views/protocols.py) reads of a protocol: its number and the titles of
    its meeting and of the meeting's agenda items, each upper-cased as icontains and iexact compare them, the
    titles one a line. Beside the protocol rather than in it or in its meeting: the sorts of the registry read
    every protocol and meeting, and would carry the text along.

    Written only by the database: triggers rewrite the row when the protocol is added, numbered or removed, when
    its meeting is retitled and when an agenda item is added, removed or retitled (migration 0006)."""

    protocol = models.OneToOneField(
        Protocol, verbose_name=_("protocol"), primary_key=True, on_delete=models.DO_NOTHING, related_name="search"
    )  # the row goes with its protocol by the database's trigger
    # text, not the protocol's 50 characters: UPPER() may lengthen a word (a collation's ß → SS)
    number = models.TextField(_("registration number"), blank=True, editable=False)
    text = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        verbose_name = _("search text")
        verbose_name_plural = _("search texts")
        indexes = [
            # serve the registry's search box: a number (= UPPER('125')), a word of the titles (LIKE '%WORD%')
            models.Index(fields=["number"], name="protocol_search_number_idx"),
            GinIndex(fields=["text"], opclasses=["gin_trgm_ops"], name="protocol_search_text_trgm"),
        ]

    def __str__(self) -> str:
        return str(self.protocol_id)


class MeetingFeed(models.Model):
    """A user's private iCalendar feed of meetings (issue #14 §1), for Outlook or a phone: the secret token in its
    URL is the only authentication, so renewing it (a new token) stops the old URL; what the feed holds is decided
    by the user's access at the moment it is read."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="meeting_feed"
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True)
    only_mine = models.BooleanField(_("only the meetings I take part in"), default=True)
    created_at = models.DateTimeField(_("created at"))  # set again when the token is renewed

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
