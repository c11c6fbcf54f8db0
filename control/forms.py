"""Forms of the control screens: putting an instruction on control and the actions on an item (SPEC §5).

The forms only collect and tidy input; every rule of the regulation is checked by control/services.py,
whose ValidationErrors the views put back next to these fields.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from akimat.attachments import validate_upload
from akimat.forms import TEXT_MAX_LENGTH, DateField
from akimat.models import OrgUnit, Person
from akimat.request_values import parse_id
from akimat.roles import LEADERSHIP
from akimat.widgets import DateInput, FastSelect, FastSelectMultiple
from control.models import ControlItem, Issuer, Periodicity, Urgency

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]  # typed dd.mm.yyyy (issue #12 §1); ISO still accepted


def date_field(label, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return DateField(
        label=label, required=required, widget=DateInput(), input_formats=DATE_INPUT_FORMATS, help_text=help_text
    )


def text_area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --- people and units as one choice -----------------------------------------------------------------

PERSON = "person"
UNIT = "unit"


def executor_value(executor: Person | OrgUnit) -> str:
    """The <option> value of a person or a unit: "person:12", "unit:3"."""
    return f"{PERSON if isinstance(executor, Person) else UNIT}:{executor.pk}"


def parse_executor_value(value: str) -> tuple[str, int] | None:
    """("person", 12) from "person:12"; None for anything else."""
    kind, _sep, text = (value or "").partition(":")
    pk = parse_id(text)
    if kind not in {PERSON, UNIT} or pk is None:
        return None
    return kind, pk


def executor_choices() -> list[tuple[Any, Any]]:
    """People and units, grouped, for a <select> (two queries)."""
    people = Person.objects.filter(is_active=True, user__is_active=True).select_related("unit").order_by("full_name")
    units = OrgUnit.objects.filter(is_active=True).order_by("order", "name_ru")
    return [
        (
            _("People"),
            [(executor_value(p), f"{p.full_name} — {p.unit.name}" if p.unit else p.full_name) for p in people],
        ),
        (_("Departments and executing bodies"), [(executor_value(u), u.name) for u in units]),
    ]


def resolve_executors(values: list[str]) -> list[Person | OrgUnit]:
    """The Person and OrgUnit rows behind option values, in the given order (two queries at most)."""
    parsed = [parse_executor_value(value) for value in values]
    if None in parsed:
        raise ValidationError(_("Choose an executor from the list."), code="invalid_choice")
    person_ids = [pk for kind, pk in parsed if kind == PERSON]
    unit_ids = [pk for kind, pk in parsed if kind == UNIT]
    people = Person.objects.in_bulk(person_ids) if person_ids else {}
    units = OrgUnit.objects.in_bulk(unit_ids) if unit_ids else {}
    found = [(people if kind == PERSON else units).get(pk) for kind, pk in parsed]
    if None in found:
        raise ValidationError(_("Choose an executor from the list."), code="invalid_choice")
    return found


class ExecutorField(forms.ChoiceField):
    """A person or a unit from one <select>; cleans to the Person or OrgUnit."""

    widget = FastSelect

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=(), **kwargs)

    def to_python(self, value: Any) -> Person | OrgUnit | None:
        value = super().to_python(value)
        if not value:
            return None
        if not self.valid_value(value):
            raise ValidationError(_("Choose an executor from the list."), code="invalid_choice")
        return resolve_executors([value])[0]

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


class ExecutorsField(forms.MultipleChoiceField):
    """Several people or units from one <select multiple>; cleans to a list of Person/OrgUnit."""

    widget = FastSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=(), **kwargs)

    def to_python(self, value: Any) -> list[Person | OrgUnit]:
        values = super().to_python(value)
        if any(not self.valid_value(v) for v in values):
            raise ValidationError(_("Choose an executor from the list."), code="invalid_choice")
        return resolve_executors(values) if values else []

    def validate(self, value: Any) -> None:
        if not value and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


BLANK = _("—")


def with_blank(choices: Any) -> list:
    return [("", BLANK), *choices]


def capitalised(choices: Any) -> list:
    """Choices whose labels start lower-case in the models ("akim") as a list shows them ("Akim")."""
    return [(value, capfirst(label)) for value, label in choices]


# --- putting a standalone instruction on control ----------------------------------------------------


class ItemCreateForm(forms.Form):
    """A standalone instruction of the leadership put on control by the general or org department."""

    text = forms.CharField(label=_("Content of the instruction"), widget=text_area(6), max_length=TEXT_MAX_LENGTH)
    issuer = forms.ChoiceField(label=_("Issuer"), choices=with_blank(capitalised(Issuer.choices)))
    issuer_person = forms.ModelChoiceField(
        label=_("Issued by (akim, deputy akim or head of apparatus)"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("—"),
    )
    lead = ExecutorField(label=_("Lead executor"), help_text=_("A person or an executing body."))
    co_executors = ExecutorsField(
        label=_("Co-executors"),
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    controller = forms.ModelChoiceField(
        label=_("Controller"), queryset=OrgUnit.objects.none(), empty_label=_("—"), help_text=_("Who watches it.")
    )
    received_on = date_field(_("Date received"), required=True)
    given_on = date_field(_("Date given"), help_text=_("Leave empty if it is the date received."))
    event = forms.CharField(label=_("Kind of event where it was given"), max_length=300, required=False)
    urgency = forms.ChoiceField(label=_("Urgency mark"), choices=Urgency.choices, required=False)
    deadline = date_field(
        _("Deadline"), help_text=_("Leave empty to count it by the regulation (one month from receipt, §12.2).")
    )
    external_deadline = date_field(
        _("Deadline of the higher body"),
        help_text=_("For instructions of higher bodies: the internal deadline is set 10 working days before (§12.2)."),
    )
    periodicity = forms.ChoiceField(label=_("Periodicity"), choices=Periodicity.choices, required=False)
    urgent_submission = forms.BooleanField(
        label=_("Documents for urgent submission"),
        required=False,
        help_text=_("The documents are submitted to the apparatus 10 calendar days before the deadline (§12.3)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        executors = executor_choices()
        self.fields["lead"].choices = with_blank(executors)
        self.fields["co_executors"].choices = executors
        self.fields["issuer_person"].queryset = (
            Person.objects.filter(is_active=True, user__groups__name__in=LEADERSHIP).distinct().order_by("full_name")
        )
        self.fields["controller"].queryset = OrgUnit.objects.filter(is_active=True).order_by("order", "name_ru")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        lead = cleaned.get("lead")
        co_executors = cleaned.get("co_executors") or []
        if lead is not None and any(type(e) is type(lead) and e.pk == lead.pk for e in co_executors):
            self.add_error("co_executors", _("The lead executor cannot also be a co-executor."))
        return cleaned


# --- actions on an item -----------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>, each checked against the upload rules."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        errors = []
        for upload in files:
            super().clean(upload, initial)
            try:
                validate_upload(upload)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return list(files)


class ReportForm(forms.Form):
    """The lead executor's execution report (003 §12.9)."""

    text = forms.CharField(label=_("What was done"), widget=text_area(6), max_length=TEXT_MAX_LENGTH)
    outgoing_number = forms.CharField(label=_("Outgoing number"), max_length=50, required=False)
    files = MultipleFileField(label=_("Files"), required=False)


class CoExecutorPartForm(forms.Form):
    """A co-executor's part for the lead executor (003 §12.13)."""

    text = forms.CharField(label=_("Your part of the execution"), widget=text_area(5), max_length=TEXT_MAX_LENGTH)


class ExtensionRequestForm(forms.Form):
    """The lead executor asks for a later deadline (003 §12.6)."""

    new_deadline = date_field(_("New deadline"), required=True)
    reason = forms.CharField(label=_("Reason for the delay"), widget=text_area(4), max_length=TEXT_MAX_LENGTH)


class RedirectRequestForm(forms.Form):
    """The lead executor is not competent and asks the issuer to send it on (003 §12.5)."""

    memo = forms.CharField(
        label=_("Memo: why it is not within your competence"), widget=text_area(4), max_length=TEXT_MAX_LENGTH
    )
    proposed_unit = forms.ModelChoiceField(
        label=_("Proposed executor"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("—")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposed_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("order", "name_ru")


APPROVE = "approve"
REFUSE = "refuse"


class DecisionForm(forms.Form):
    """Grant or refuse, with a comment (required to refuse — the service says so)."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(APPROVE, _("Approve")), (REFUSE, _("Refuse"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(label=_("Comment"), widget=text_area(3), required=False, max_length=TEXT_MAX_LENGTH)

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == APPROVE


class RedirectDecisionForm(DecisionForm):
    new_lead = ExecutorField(
        label=_("New lead executor"), required=False, help_text=_("Leave empty to take the proposed executor.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_lead"].choices = with_blank(executor_choices())


class RemovalProposalForm(forms.Form):
    """The controller's memo proposing removal from control (003 §12.9, §12.14)."""

    ground = forms.ChoiceField(
        label=_("Grounds for removal"), choices=with_blank(ControlItem.RemovalGround.choices), required=False
    )
    assessment = forms.ChoiceField(
        label=_("Assessment of execution"), choices=with_blank(ControlItem.Assessment.choices), required=False
    )
    memo = forms.CharField(label=_("Memo"), widget=text_area(5), max_length=TEXT_MAX_LENGTH)
