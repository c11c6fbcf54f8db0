"""Personal reception of citizens — 003 §14 (000 §15, 004 §15), and the repealed WKO rules of personal reception
(001, 2020/2023) where the regulations in force are silent: they are the best description of the procedure.

    ScheduleEntry (the approved schedule, §14.1; published in kk and ru, 001 §7)
        → ReceptionDay (a day of one official: PLANNED → HELD | CANCELLED, 001 §15)
            → Signup (a visitor in the day's queue: WAITING → RECEIVED | ABSENT | CANCELLED; or REFUSED, 001 §14)
                → ReceptionCard (what was asked and instructed, §14.4, 001 §23) → CardInstruction (on control)

A sign-up's applicant is the appeals' own card (``appeals.models.Applicant``), so the reception and the journal
know the same person. Everything is created and changed only through ``appeals/reception/services.py``.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_language(kk: str, ru: str, language: str | None = None) -> str:
    """The Kazakh or the Russian text in the reader's language, the other one when it is empty."""
    if ((language or get_language() or "kk")[:2]) == "kk":
        return kk or ru
    return ru or kk


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class PriorityCategory(models.TextChoices):
    """001 §11 (as amended 20.01.2023): received out of turn. A list of the regulation, kept here as the profile
    has no list-of-codes rule for it; the wording of 001 §11 is followed (every category of disability)."""

    NONE = "", _("no priority")
    WAR_VETERAN = "war_veteran", _("veteran of the Great Patriotic War")
    COMBAT_VETERAN = "combat_veteran", _("veteran of combat operations on the territory of other states")
    EQUATED_VETERAN = "equated_veteran", _("veteran equated to veterans of the Great Patriotic War")
    DISABILITY = "disability", _("person with a disability")
    PREGNANT = "pregnant", _("pregnant woman")
    ALTYN_KYRAN = "altyn_kyran", _("holder of the order «Altyn Kyran»")
    PEOPLES_HERO = "peoples_hero", _("holder of the title «Khalyk Kaharmany»")
    HERO_OF_LABOUR = "hero_of_labour", _("holder of the title «Kazakhstannyn Enbek Eri»")


class ReceptionLanguage(models.TextChoices):
    """001 §21: the reception is held in the state language or in Russian, as the applicant wishes."""

    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")


class ScheduleEntry(models.Model):
    """A line of the reception schedule approved by the akim (§14.1): an official, a weekday (every week, or the
    weeks of the month given) or one date, the hours, the place, and whether a video link is offered (001 §12)."""

    official = models.ForeignKey(
        "akimat.Person", verbose_name=_("official"), on_delete=models.PROTECT, related_name="+"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    # the weeks of the month (1–5) on that weekday, e.g. [1, 3] for the first and the third; empty: every week
    weeks = ArrayField(models.PositiveSmallIntegerField(), verbose_name=_("weeks of the month"), default=list,
                       blank=True)  # fmt: skip
    on_date = models.DateField(_("date"), null=True, blank=True)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    place_kk = models.CharField(_("place (Kazakh)"), max_length=300)
    place_ru = models.CharField(_("place (Russian)"), max_length=300)
    # 001 §12: with the applicants' consent the reception may be held by video conference
    video_allowed = models.BooleanField(_("by video conference too"), default=False)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reception schedule entry")
        verbose_name_plural = _("reception schedule")
        ordering = ["official__full_name", "weekday", "on_date", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__isnull=False, on_date__isnull=True)
                | Q(weekday__isnull=True, on_date__isnull=False),
                name="reception_schedule_weekday_or_date",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="reception_schedule_hours"),
            models.CheckConstraint(condition=Q(video_allowed=True) | Q(video_link=""), name="reception_schedule_video"),
        ]

    def __str__(self) -> str:
        return f"{self.official} — {self.when}"

    @property
    def place(self) -> str:
        return in_language(self.place_kk, self.place_ru)

    @property
    def when(self) -> str:
        """ "Tuesday (weeks 1, 3)" or "24.03.2026", in the active language."""
        if self.on_date is not None:
            return self.on_date.strftime("%d.%m.%Y")
        label = str(Weekday(self.weekday).label)
        if self.weeks:
            weeks = ", ".join(str(week) for week in sorted(self.weeks))
            return _("%(weekday)s (weeks of the month: %(weeks)s)") % {"weekday": label, "weeks": weeks}
        return label


class ReceptionDay(models.Model):
    """A reception day of one official (§14.1): from the schedule or set by the appeals department."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    official = models.ForeignKey(
        "akimat.Person", verbose_name=_("official"), on_delete=models.PROTECT, related_name="+", db_index=False
    )  # reception_day_official_idx
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    place_kk = models.CharField(_("place (Kazakh)"), max_length=300)
    place_ru = models.CharField(_("place (Russian)"), max_length=300)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    schedule = models.ForeignKey(
        ScheduleEntry, verbose_name=_("schedule entry"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="days",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    # §14.3: who attends the reception besides the official (the head of apparatus, heads of departments, rural
    # akims, the employee organising it); others by name
    invited = models.ManyToManyField("akimat.Person", verbose_name=_("invited officials"), blank=True,
                                     related_name="+")  # fmt: skip
    invited_names = models.TextField(_("invited from other bodies"), blank=True)
    # 001 §15: the cancellation, and whether it came later than the notice term before the day
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    notice_due_on = models.DateField(_("notice of cancellation due"), null=True, blank=True)
    cancelled_late = models.BooleanField(_("cancelled late"), default=False)
    # §14.2: the day the list of visitors went to the official
    list_sent_on = models.DateField(_("list sent on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        ordering = ["date", "starts_at", "id"]
        constraints = [
            # one reception of an official a day (a cancelled one may be set again)
            models.UniqueConstraint(
                fields=["official", "date"], condition=~Q(status="cancelled"), name="reception_day_once"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="reception_day_hours"),
        ]
        indexes = [
            # the days list and the public page (by date), the beat task (planned days of the next working day)
            models.Index(fields=["date", "status"], name="reception_day_date_idx"),
            # an official's days (the access rule, the official's filter)
            models.Index(fields=["official", "date"], name="reception_day_official_idx"),
        ]

    def __str__(self) -> str:
        return _("Personal reception of %(official)s on %(date)s") % {
            "official": self.official.full_name, "date": self.date.strftime("%d.%m.%Y")
        }  # fmt: skip

    def get_absolute_url(self) -> str:
        return reverse("appeals:reception:day", args=[self.pk])

    @property
    def place(self) -> str:
        return in_language(self.place_kk, self.place_ru)


class Signup(models.Model):
    """A person signed up for a reception day with their question, in the day's queue (001 §11: the priority
    categories first, then in the order of sign-up); or a sign-up refused with its reason (001 §14)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RECEIVED = "received", _("received")
        ABSENT = "absent", _("absent")
        CANCELLED = "cancelled", _("reception cancelled")
        REFUSED = "refused", _("sign-up refused")

    class Refusal(models.TextChoices):
        NONE = "", _("not refused")
        OUTSIDE_COMPETENCE = "outside_competence", _("the question is outside the competence of local bodies")
        ALREADY_ANSWERED = "already_answered", _("the question was already answered to the applicant")

    official = models.ForeignKey(
        "akimat.Person", verbose_name=_("official"), on_delete=models.PROTECT, related_name="+", db_index=False
    )  # reception_signup_official_idx
    day = models.ForeignKey(
        ReceptionDay, verbose_name=_("reception day"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="signups", db_index=False,
    )  # reception_signup_queue_idx  # fmt: skip
    applicant = models.ForeignKey(
        "appeals.Applicant", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="reception_signups"
    )
    question = models.TextField(_("question"))
    language = models.CharField(
        _("language of the reception"), max_length=2, choices=ReceptionLanguage.choices,
        default=ReceptionLanguage.KAZAKH,
    )  # fmt: skip
    priority = models.CharField(
        _("priority category"), max_length=30, choices=PriorityCategory.choices, blank=True, default=""
    )
    priority_document = models.CharField(_("document of the priority category"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    refusal = models.CharField(_("ground of refusal"), max_length=30, choices=Refusal.choices, blank=True,
                               default="")  # fmt: skip
    refusal_reason = models.TextField(_("reason of refusal"), blank=True)
    # 001 §14: the answer given before that the refusal refers to
    answered_appeal = models.ForeignKey(
        "appeals.Appeal", verbose_name=_("appeal answered before"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    answered_card = models.ForeignKey(
        "ReceptionCard", verbose_name=_("reception card of the earlier answer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    signed_up_at = models.DateTimeField(_("signed up at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed up by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sign-up for reception")
        verbose_name_plural = _("sign-ups for reception")
        ordering = ["day", "signed_up_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="refused") & ~Q(refusal="")) | (~Q(status="refused") & Q(refusal="")),
                name="reception_signup_refusal",
            ),
            models.CheckConstraint(condition=Q(status="refused") | Q(day__isnull=False), name="reception_signup_day"),
        ]
        indexes = [
            # the day's queue (the day view, the list of §14.2)
            models.Index(fields=["day", "status", "signed_up_at"], name="reception_signup_queue_idx"),
            # an official's sign-ups (the access rule)
            models.Index(fields=["official", "signed_up_at"], name="reception_signup_official_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} — {self.signed_up_at:%d.%m.%Y}"

    @property
    def is_priority(self) -> bool:
        return bool(self.priority)


class ReceptionNotice(models.Model):
    """A notice to a signed-up applicant (001 §15: the reception is cancelled): recorded, and e-mailed when the
    applicant gave an address."""

    class Kind(models.TextChoices):
        CANCELLATION = "cancellation", _("notice of cancellation")

    signup = models.ForeignKey(Signup, verbose_name=_("sign-up"), on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    sent_on = models.DateField(_("sent on"))
    # 001 §15: given later than the notice term before the reception day
    late = models.BooleanField(_("late"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice to the applicant")
        verbose_name_plural = _("notices to applicants")
        ordering = ["signup", "sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.signup_id}: {self.get_kind_display()} {self.sent_on:%d.%m.%Y}"


class ReceptionCard(models.Model):
    """The reception card (protocol) of one visitor (§14.4, 001 §23): what was asked, what was explained, the
    instructions with executors and deadlines (on control), the written appeal registered in the journal, and who
    decided the matter before (001 §35: never its executor). Personal data: seen only by those granted it by name
    (``appeals/reception/access.py``), and so are the control items made from it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        COMPLETED = "completed", _("completed, instructions on control")

    signup = models.OneToOneField(Signup, verbose_name=_("sign-up"), on_delete=models.PROTECT, related_name="card")
    day = models.ForeignKey(ReceptionDay, verbose_name=_("reception day"), on_delete=models.PROTECT,
                            related_name="cards")  # fmt: skip
    official = models.ForeignKey("akimat.Person", verbose_name=_("official"), on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    applicant = models.ForeignKey(
        "appeals.Applicant", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="reception_cards"
    )
    asked = models.TextField(_("what was asked"))
    answer = models.TextField(_("what was explained or decided"), blank=True)
    # 001 §35: the employee who decided the matter before — never an executor of it again
    previous_decider = models.ForeignKey(
        "akimat.Person", verbose_name=_("decided the matter before"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    # 001 §23, §25: the visitor's written appeal, registered in the appeals' journal (channel "personal reception")
    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name=_("written appeal"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reception_card",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reception card")
        verbose_name_plural = _("reception cards")
        ordering = ["-day__date", "id"]

    def __str__(self) -> str:
        return _("Reception card of %(date)s, %(official)s") % {
            "date": self.day.date.strftime("%d.%m.%Y"), "official": self.official.full_name
        }  # fmt: skip

    def get_absolute_url(self) -> str:
        return reverse("appeals:reception:card", args=[self.pk])


class CardInstruction(models.Model):
    """An instruction of the official given at the reception (001 §23: with its executor and a definite deadline);
    put on control with the card as its source when the card is completed (§14.4)."""

    card = models.ForeignKey(ReceptionCard, verbose_name=_("reception card"), on_delete=models.CASCADE,
                             related_name="instructions")  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("instruction"))
    lead_person = models.ForeignKey(
        "akimat.Person", verbose_name=_("executor (person)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    lead_unit = models.ForeignKey(
        "akimat.OrgUnit", verbose_name=_("executor (unit)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    deadline = models.DateField(_("deadline"))
    control_item = models.OneToOneField(
        "control.ControlItem", verbose_name=_("control item"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("instruction of the reception")
        verbose_name_plural = _("instructions of the reception")
        ordering = ["card", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_person__isnull=False, lead_unit__isnull=True)
                | Q(lead_person__isnull=True, lead_unit__isnull=False),
                name="reception_instruction_executor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.card_id}: {self.order}"

    @property
    def executor(self):
        return self.lead_person or self.lead_unit
