"""Forms of the personal reception's pages: the schedule, a reception day, the invited, the cancellation, the
sign-up and the reception card with its instructions.

A form only reads and validates what was typed; appeals/reception/services.py decides and changes. A rule the
service enforces (001 §14, §15, §35) comes back as its ValidationError and is shown next to the field it names,
with everything the user typed kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from akimat import identifiers
from akimat.forms import TEXT_MAX_LENGTH, IntegerField
from appeals import services as appeals_services
from appeals.models import Kind
from appeals.reception import services
from appeals.reception.models import PriorityCategory, ReceptionDay, ReceptionLanguage, Signup, Weekday
from control.forms import ExecutorField, capitalised, date_field, executor_choices, text_area, with_blank
from correspondence.forms_workflow import PersonChoiceField, people
from meetings.forms import PeopleField


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


class OfficialField(PersonChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


# --- the schedule --------------------------------------------------------------------------------------------


class ScheduleForm(forms.Form):
    official = OfficialField(label=_("Official"), queryset=services.reception_officials(), empty_label="—")
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=with_blank(Weekday.choices), coerce=int, empty_value=None, required=False
    )
    weeks = forms.TypedMultipleChoiceField(
        label=_("Weeks of the month"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every week."),
    )  # fmt: skip
    on_date = date_field(_("Or a date"))
    starts_at = _time_field(_("From"))
    ends_at = _time_field(_("To"))
    place_kk = forms.CharField(label=_("Place (Kazakh)"), max_length=300)
    place_ru = forms.CharField(label=_("Place (Russian)"), max_length=300)
    video_allowed = forms.BooleanField(label=_("By video conference too, with the applicant's consent (001 §12)"),
                                       required=False)  # fmt: skip
    video_link = forms.URLField(label=_("Video link"), max_length=500, required=False, assume_scheme="https")
    valid_from = date_field(_("Valid from"))
    valid_until = date_field(_("Valid until"))

    def data_for_service(self) -> services.ScheduleData:
        data = self.cleaned_data
        return services.ScheduleData(
            official=data["official"], weekday=data.get("weekday"), weeks=list(data.get("weeks") or []),
            on_date=data.get("on_date"), starts_at=data["starts_at"], ends_at=data["ends_at"],
            place_kk=data["place_kk"], place_ru=data["place_ru"], video_allowed=data["video_allowed"],
            video_link=data.get("video_link") or "", valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"),
        )  # fmt: skip

    @staticmethod
    def initial_for(entry) -> dict[str, Any]:
        return {
            "official": entry.official_id, "weekday": entry.weekday, "weeks": entry.weeks, "on_date": entry.on_date,
            "starts_at": entry.starts_at, "ends_at": entry.ends_at, "place_kk": entry.place_kk,
            "place_ru": entry.place_ru, "video_allowed": entry.video_allowed, "video_link": entry.video_link,
            "valid_from": entry.valid_from, "valid_until": entry.valid_until,
        }  # fmt: skip


class GenerateForm(forms.Form):
    start = date_field(_("From"), required=True)
    end = date_field(_("To"), required=True)


# --- reception days -----------------------------------------------------------------------------------------


class DayForm(forms.Form):
    official = OfficialField(label=_("Official"), queryset=services.reception_officials(), empty_label="—")
    date = date_field(_("Date"), required=True)
    starts_at = _time_field(_("From"))
    ends_at = _time_field(_("To"))
    place_kk = forms.CharField(label=_("Place (Kazakh)"), max_length=300)
    place_ru = forms.CharField(label=_("Place (Russian)"), max_length=300)
    video_link = forms.URLField(label=_("Video link"), max_length=500, required=False, assume_scheme="https")

    def data_for_service(self) -> services.DayData:
        data = self.cleaned_data
        return services.DayData(
            official=data["official"], date=data["date"], starts_at=data["starts_at"], ends_at=data["ends_at"],
            place_kk=data["place_kk"], place_ru=data["place_ru"], video_link=data.get("video_link") or "",
        )  # fmt: skip


class InvitedForm(forms.Form):
    invited = PeopleField(label=_("Invited officials (§14.3)"), queryset=people(), required=False)
    invited_names = forms.CharField(
        label=_("Invited from other bodies"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(3),
        help_text=_("One per line: name, position, body."),
    )  # fmt: skip


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=text_area(3), max_length=TEXT_MAX_LENGTH)


class DaysFilterForm(forms.Form):
    official = OfficialField(label=_("Official"), queryset=services.reception_officials(), required=False,
                             empty_label=_("All"))  # fmt: skip

    def values(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_valid() else {}


# --- the sign-up (001 §11, §14) -------------------------------------------------------------------------------

SIGN_UP = "sign_up"
DECISIONS = [
    (SIGN_UP, _("Sign up for the reception")),
    (Signup.Refusal.OUTSIDE_COMPETENCE, _("Refuse: outside the competence of local bodies (001 §14)")),
    (Signup.Refusal.ALREADY_ANSWERED, _("Refuse: already answered to this person (001 §14)")),
]


class SignupForm(forms.Form):
    day = forms.ModelChoiceField(label=_("Reception day"), queryset=ReceptionDay.objects.none(), empty_label="—")
    surname = forms.CharField(label=_("Surname"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    patronymic = forms.CharField(label=_("Patronymic (if in the identity document)"), max_length=150, required=False)
    iin = forms.CharField(label=_("IIN"), max_length=20, required=False, validators=[identifiers.validate_iin])
    address = forms.CharField(label=_("Postal address"), max_length=500, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False,
                             help_text=_("A cancellation of the reception is sent here (001 §15)."))  # fmt: skip
    question = forms.CharField(label=_("Question"), widget=text_area(4), max_length=TEXT_MAX_LENGTH)
    language = forms.ChoiceField(label=_("Language of the reception (001 §21)"),
                                 choices=capitalised(ReceptionLanguage.choices))  # fmt: skip
    priority = forms.ChoiceField(
        label=_("Priority category (received out of turn, 001 §11)"), required=False,
        choices=capitalised(PriorityCategory.choices),
    )  # fmt: skip
    priority_document = forms.CharField(label=_("Document of the priority category"), max_length=300, required=False)
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, initial=SIGN_UP,
                                 widget=forms.RadioSelect)  # fmt: skip
    refusal_reason = forms.CharField(label=_("Reason of refusal"), required=False, max_length=TEXT_MAX_LENGTH,
                                     widget=text_area(2))  # fmt: skip
    reference = forms.ChoiceField(label=_("The earlier answer"), required=False, choices=(), widget=forms.RadioSelect)
    question_is_new = forms.BooleanField(
        label=_("I checked the earlier answers: this question was not answered to the person"), required=False
    )

    def __init__(self, *args, days=None, matches=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].queryset = days if days is not None else ReceptionDay.objects.none()
        self.fields["day"].label_from_instance = lambda day: (
            f"{day.date:%d.%m.%Y} {day.starts_at:%H:%M} — {day.official.full_name}"
        )
        self.set_matches(matches)

    def set_matches(self, matches) -> None:
        self.matches = list(matches)
        self.fields["reference"].choices = [(m.reference, m.reference) for m in self.matches]

    def applicant_data(self) -> appeals_services.ApplicantData:
        data = self.cleaned_data
        return appeals_services.ApplicantData(
            surname=data["surname"], first_name=data["first_name"], patronymic=data.get("patronymic") or "",
            iin=data.get("iin") or "", address=data.get("address") or "", phone=data.get("phone") or "",
            email=data.get("email") or "",
        )  # fmt: skip

    def applicant_data_raw(self) -> appeals_services.ApplicantData:
        """What was typed, before validation (to look for the person's earlier answers on any post)."""
        return appeals_services.ApplicantData(iin=(self.data.get("iin") or "").strip())

    def data_for_service(self) -> services.SignupData:
        data = self.cleaned_data
        return services.SignupData(
            applicant=self.applicant_data(), question=data["question"], language=data["language"],
            priority=data.get("priority") or "", priority_document=data.get("priority_document") or "",
        )  # fmt: skip


# --- the reception card (§14.4, 001 §23, §35) ----------------------------------------------------------------


class CardForm(forms.Form):
    asked = forms.CharField(label=_("What was asked"), widget=text_area(4), max_length=TEXT_MAX_LENGTH)
    answer = forms.CharField(label=_("What was explained or decided"), widget=text_area(4), required=False,
                             max_length=TEXT_MAX_LENGTH)  # fmt: skip
    previous_decider = PersonChoiceField(
        label=_("Employee who decided the matter before (001 §35)"), queryset=people(), required=False,
        empty_label="—", help_text=_("Never an executor of this matter again."),
    )  # fmt: skip


class InstructionForm(forms.Form):
    text = forms.CharField(label=_("Instruction"), widget=text_area(2), max_length=TEXT_MAX_LENGTH)
    executor = ExecutorField(label=_("Executor"))
    deadline = date_field(_("Deadline"), required=True)

    def __init__(self, *args, choices=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["executor"].choices = with_blank(choices if choices is not None else executor_choices())


#: the instructions of one card; the executors' choices are read once and given to every form (form_kwargs)
InstructionFormSet = forms.formset_factory(InstructionForm, extra=2, max_num=30, absolute_max=30, validate_max=True)


class WrittenAppealForm(forms.Form):
    summary = forms.CharField(label=_("Essence of the appeal"), widget=text_area(4), max_length=TEXT_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind of appeal"), choices=capitalised(Kind.choices))
    pages = IntegerField(label=_("Number of sheets"), min_value=1, max_value=999, initial=1)
