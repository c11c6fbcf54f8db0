"""Forms of the appeals' screens (issue #15 §1, §4): registration with its applicants, the journal's filters, the
deficiency's term and corrections. They read what a person typed and hand it to appeals/services.py, which
decides; nothing here changes data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from akimat.forms import TEXT_MAX_LENGTH, DateTimeField, IntegerField
from akimat.request_values import clean_text
from akimat.roles import Role
from akimat.widgets import DateTimeInput
from appeals import requisites, services
from appeals.models import UNFAVOURABLE_RESULTS, Appeal, Applicant, Channel, Kind, Language, Result
from control.forms import (
    ExecutorField,
    ExecutorsField,
    capitalised,
    date_field,
    executor_choices,
    text_area,
    with_blank,
)
from correspondence.forms_workflow import PersonChoiceField, people_with_roles

#: who an appeal is addressed to (§13.8): the akim, the deputies, the head of apparatus
ADDRESSEE_ROLES = (Role.AKIM, Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS)
#: the most applicants one collective appeal is registered with on the form
MAX_APPLICANTS = 50


def officials():
    return people_with_roles(ADDRESSEE_ROLES)


class AppealForm(forms.Form):
    """The appeal itself (APPK art. 63): how and when it came, to whom, what it is about."""

    channel = forms.ChoiceField(label=_("Channel"), choices=with_blank(capitalised(Channel.choices)))
    kind = forms.ChoiceField(label=_("Kind of appeal"), choices=capitalised(Kind.choices), initial=Kind.APPLICATION)
    received_at = DateTimeField(
        label=_("Received at"), required=False, widget=DateTimeInput(),
        help_text=_("Empty: now. Received after the working day or on a day off: registered the next working day."),
    )  # fmt: skip
    external_number = forms.CharField(label=_("Number in e-Otinish"), required=False, max_length=100)
    addressee = PersonChoiceField(label=_("Addressee"), queryset=officials(), required=False, empty_label="—")
    addressee_name = forms.CharField(
        label=_("Addressee as written"), required=False, max_length=500,
        help_text=_("When the appeal names a body rather than an official."),
    )  # fmt: skip
    summary = forms.CharField(
        label=_("Essence of the appeal"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(5)
    )
    language = forms.ChoiceField(label=_("Language"), choices=capitalised(Language.choices), initial=Language.KAZAKH)
    pages = IntegerField(label=_("Number of sheets"), min_value=1, max_value=10_000, initial=1)
    signed = forms.BooleanField(label=_("Signed by the applicant (a paper appeal)"), required=False)
    dated_on = date_field(_("Date on the appeal"))
    is_anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    reports_crime = forms.BooleanField(label=_("Reports a crime or a threat to security"), required=False)
    forward_to = forms.CharField(label=_("Competent body"), required=False, max_length=500)
    representative_name = forms.CharField(label=_("Representative"), required=False, max_length=300)
    representative_document = forms.CharField(label=_("Document of authority"), required=False, max_length=300)

    def data_for(self, applicants: list[services.ApplicantData]) -> services.AppealData:
        data = self.cleaned_data
        return services.AppealData(
            channel=data["channel"], kind=data["kind"], summary=data.get("summary") or "",
            received_at=data.get("received_at"), addressee=data.get("addressee"),
            addressee_name=data.get("addressee_name") or "", applicants=applicants, language=data["language"],
            pages=data.get("pages") or 1, signed=data["signed"], dated_on=data.get("dated_on"),
            is_collective=len(applicants) > 1, is_anonymous=data["is_anonymous"],
            reports_crime=data["reports_crime"], forward_to=data.get("forward_to") or "",
            representative_name=data.get("representative_name") or "",
            representative_document=data.get("representative_document") or "",
            external_number=data.get("external_number") or "",
        )  # fmt: skip


class ApplicantForm(forms.Form):
    """One applicant: an individual or a legal entity (APPK art. 63); IIN/BIN checked by their check digit."""

    type = forms.ChoiceField(
        label=_("Applicant"), choices=capitalised(Applicant.Type.choices), initial=Applicant.Type.INDIVIDUAL
    )
    surname = forms.CharField(label=_("Surname"), required=False, max_length=150)
    first_name = forms.CharField(label=_("First name"), required=False, max_length=150)
    patronymic = forms.CharField(label=_("Patronymic (if in the identity document)"), required=False, max_length=150)
    iin = forms.CharField(label=_("IIN"), required=False, max_length=20)
    organisation = forms.CharField(label=_("Name of the legal entity"), required=False, max_length=500)
    bin = forms.CharField(label=_("BIN"), required=False, max_length=20)
    address = forms.CharField(label=_("Postal address"), required=False, max_length=500)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("type")
        if kind is None:  # an unknown type: its own field says so
            return data
        identifier = "iin" if kind == Applicant.Type.INDIVIDUAL else "bin"
        value = (data.get(identifier) or "").replace(" ", "")
        if value:
            for error in requisites.identifier_errors([services.ApplicantData(type=kind, **{identifier: value})]):
                self.add_error(identifier, error)
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not any(clean_text(data.get(name)) for name in self.fields if name != "type")

    def applicant(self) -> services.ApplicantData:
        data = self.cleaned_data
        return services.ApplicantData(**{name: (data.get(name) or "").strip() for name in self.fields})


class BaseApplicantFormSet(forms.BaseFormSet):
    def applicants(self) -> list[services.ApplicantData]:
        return [form.applicant() for form in self.forms if form.is_valid() and not form.is_blank()]


ApplicantFormSet = forms.formset_factory(
    ApplicantForm, formset=BaseApplicantFormSet, extra=0, min_num=1, max_num=MAX_APPLICANTS,
    absolute_max=MAX_APPLICANTS,
)  # fmt: skip


# --- the journal ------------------------------------------------------------------------------------------

SORTS: dict[str, tuple[str, ...]] = {
    "number": ("year", "seq", "id"),
    "date": ("registered_on", "seq", "id"),
    "status": ("status", "registered_on", "seq", "id"),
}
DEFAULT_SORT = "-date"
SORT_CHOICES = [(name, name) for name in SORTS] + [(f"-{name}", f"-{name}") for name in SORTS]


class JournalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind of appeal"), required=False, choices=with_blank(capitalised(Kind.choices)))
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=with_blank(capitalised(Channel.choices)))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=with_blank(capitalised(Appeal.Status.choices))
    )
    addressee = PersonChoiceField(label=_("Addressee"), queryset=officials(), required=False, empty_label="—")
    date_from = date_field(_("Registered from"))
    date_to = date_field(_("Registered to"))
    repeat = forms.BooleanField(label=_("Repeat appeals only"), required=False)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, widget=forms.HiddenInput)

    def values(self) -> dict[str, Any]:
        """The valid filters; an invalid one is ignored (the page still opens, the field says what is wrong)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}


# --- the deficiency (§13.7) --------------------------------------------------------------------------------


class DeficiencyForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("Missing requisites"), choices=(), widget=forms.CheckboxSelectMultiple, required=True
    )
    term_days = IntegerField(label=_("Term, working days"), required=False, min_value=1, max_value=250)
    due_on = date_field(_("or the date"))
    text = forms.CharField(
        label=_("Text of the notice"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(3)
    )

    def __init__(self, *args: Any, appeal: Appeal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        found = requisites.missing_in_appeal(appeal)
        keys = [m.key for m in found] or list(appeal.missing_items)
        self.fields["items"].choices = [(m.key, m.label) for m in requisites.parse(keys)]
        self.fields["items"].initial = keys


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Comment"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(2))


class FixForm(forms.Form):
    """§13.7: what the applicant brought — the appeal's requisites that may be missing."""

    summary = forms.CharField(
        label=_("Essence of the appeal"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(4)
    )
    addressee = PersonChoiceField(label=_("Addressee"), queryset=officials(), required=False, empty_label="—")
    signed = forms.BooleanField(label=_("Signed by the applicant (a paper appeal)"), required=False)
    dated_on = date_field(_("Date on the appeal"))
    comment = forms.CharField(label=_("Comment"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(2))

    def corrections(self, appeal: Appeal, applicants: list[services.ApplicantData] | None) -> services.Corrections:
        data = self.cleaned_data
        return services.Corrections(
            applicants=applicants,
            summary=data["summary"] if data.get("summary") else None,
            addressee=data.get("addressee") or None,
            signed=True if data.get("signed") else None,
            dated_on=data.get("dated_on"),
        )


# --- consideration (§13.8–§13.11, APPK art. 73, 76; §13.4) -----------------------------------------------------


class SendForm(forms.Form):
    official = PersonChoiceField(
        label=_("Official"), queryset=officials(), required=False, empty_label="—",
        help_text=_("Empty: the addressee of the appeal."),
    )  # fmt: skip
    comment = forms.CharField(label=_("Comment"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(2))


class ResolutionForm(forms.Form):
    lead = ExecutorField(label=_("Lead executor"))
    co_executors = ExecutorsField(label=_("Co-executors"), required=False)
    text = forms.CharField(label=_("Resolution"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(3))
    due_on = date_field(_("Term"), help_text=_("Empty: the term of APPK art. 76 (a complaint: its own term)."))
    legal_term = IntegerField(label=_("A term set by a law, days"), required=False, min_value=1, max_value=365)
    legal_basis = forms.CharField(label=_("The law setting it"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = executor_choices()
        self.fields["lead"].choices = [("", "—"), *choices]
        self.fields["co_executors"].choices = choices


class ForwardForm(forms.Form):
    body = forms.CharField(label=_("Competent body"), max_length=500)
    notice = forms.CharField(
        label=_("Notice to the applicant"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(3)
    )
    lower_body = forms.BooleanField(
        label=_("A complaint about the act of this lower body (§13.11): it decides or sends the case up"),
        required=False,
    )


class LowerBodyReplyForm(forms.Form):
    sent_up = forms.TypedChoiceField(
        label=_("The lower body"), coerce=lambda value: value == "1",
        choices=[("0", _("decided the complaint")), ("1", _("sent the case up: it is considered here"))],
    )  # fmt: skip
    text = forms.CharField(label=_("Comment"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(2))


class ExtendForm(forms.Form):
    new_due = date_field(_("New term"), required=True)
    reason = forms.CharField(label=_("Reasons (APPK art. 76)"), max_length=TEXT_MAX_LENGTH, widget=text_area(3))


class NoticeSentForm(forms.Form):
    sent_on = date_field(_("Sent on"), help_text=_("Empty: today."))
    text = forms.CharField(
        label=_("Text of the notice"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(3)
    )


class PreliminaryForm(forms.Form):
    proposed_result = forms.ChoiceField(
        label=_("Preliminary decision"),
        choices=with_blank(capitalised([(r, label) for r, label in Result.choices if r in UNFAVOURABLE_RESULTS])),
    )
    text = forms.CharField(label=_("The decision and its reasons"), max_length=TEXT_MAX_LENGTH, widget=text_area(4))
    sent_on = date_field(_("Sent on"), help_text=_("Empty: today."))


class HearingForm(forms.Form):
    heard_on = date_field(_("Heard on"), required=True)
    text = forms.CharField(label=_("What the applicant said"), max_length=TEXT_MAX_LENGTH, widget=text_area(4))


class AnswerForm(forms.Form):
    is_final = forms.TypedChoiceField(
        label=_("Answer"), coerce=lambda value: value == "1", initial="1",
        choices=[("1", _("final, reasoned (removes the appeal from control, 001 §33)")), ("0", _("interim reply"))],
    )  # fmt: skip
    result = forms.ChoiceField(
        label=_("Result"), required=False,
        choices=with_blank(capitalised([(r, label) for r, label in Result.choices if r != Result.FORWARDED])),
    )  # fmt: skip
    text = forms.CharField(label=_("Content of the answer"), max_length=TEXT_MAX_LENGTH, widget=text_area(4))
    grounds = forms.CharField(label=_("Grounds"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(2))
    outgoing_number = forms.CharField(label=_("Outgoing number"), required=False, max_length=50)
    handed_in_at = DateTimeField(
        label=_("Handed in for dispatch at"), required=False, widget=DateTimeInput(),
        help_text=_("Empty: now. After 18:00 or on a day off it goes out the next working day (§13.4)."),
    )  # fmt: skip
    file = forms.FileField(label=_("The signed answer"), required=False)
