"""Forms of the registrar's screens: incoming registration, return without registration, import (003 §9.9–9.15).

The forms collect, tidy and resolve input (the correspondent typed or picked, our request answered);
every rule of the regulation is checked by correspondence/services/registration.py, whose
ValidationErrors the views put back next to these fields with everything typed kept.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat.attachments import validate_upload
from akimat.forms import TEXT_MAX_LENGTH, DateField, DateTimeField, IntegerField
from akimat.models import OrgUnit, Person
from akimat.request_values import parse_id
from akimat.roles import Role
from akimat.widgets import DateInput, DateTimeInput
from control.models import Urgency
from correspondence.models import Correspondent, Document

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]  # typed dd.mm.yyyy (issue #12 §1); ISO still accepted
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
BIN_IIN_RE = re.compile(r"^\d{12}$")

# form field ← key of a ValidationError raised by the service
SERVICE_FIELD = {"correspondent": "correspondent_name", "answers": "answers_number"}


def validate_bin_iin(value: str) -> None:
    """A BIN or IIN is exactly 12 digits."""
    if value and not BIN_IIN_RE.match(value):
        raise ValidationError(_("A BIN or IIN is exactly 12 digits."), code="bin_iin")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked against the size limit and type allow-list (settings)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        uploads = [single(item, initial) for item in data] if isinstance(data, list | tuple) else []
        if data and not isinstance(data, list | tuple):
            uploads = [single(data, initial)]
        uploads = [upload for upload in uploads if upload]
        errors: list[str] = []
        for upload in uploads:
            try:
                validate_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields (unknown keys above the form)."""
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            field = SERVICE_FIELD.get(key, key)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class CorrespondentFieldsMixin:
    """A search box with the name and a hidden id (filled by the autocomplete), plus inline creation."""

    correspondent_required = True
    allow_new = True

    def resolve_correspondent(self, data: dict[str, Any]) -> Correspondent | None:
        """The correspondent picked or typed; an unsaved new one when asked; None with an error otherwise."""
        name = " ".join((data.get("correspondent_name") or "").split())
        picked = parse_id(data.get("correspondent"))
        if picked is not None:
            found = Correspondent.objects.filter(pk=picked).first()
            # the id is trusted only while the box still shows that correspondent's name
            if found is not None and (not name or name.casefold() in {found.name.casefold(), str(found).casefold()}):
                return found
        if not name:
            if self.correspondent_required:
                self.add_error("correspondent_name", _("Choose the correspondent."))  # type: ignore[attr-defined]
            return None
        matches = list(
            Correspondent.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name), is_active=True)[:2]
        )
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            self.add_error(  # type: ignore[attr-defined]
                "correspondent_name", _("Several correspondents have this name: pick one from the list.")
            )
            return None
        if not self.allow_new:
            return None
        if data.get("new_correspondent"):
            return Correspondent(
                name=name,
                kind=data.get("new_kind") or Correspondent.Kind.STATE_BODY,
                bin_iin=data.get("new_bin_iin") or "",
            )
        self.add_error(  # type: ignore[attr-defined]
            "correspondent_name",
            _("“%(name)s” is not in the directory: pick it from the list, or tick “new correspondent” to add it.")
            % {"name": name},
        )
        return None


def _correspondent_box() -> forms.CharField:
    return forms.CharField(
        label=_("Correspondent"),
        max_length=400,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "data-correspondent-search": "",
                "placeholder": _("Start typing a name or BIN"),
            }
        ),
        help_text=_("Pick from the directory; a name typed in full is matched as well."),
    )


def _deputies_and_heads():
    return (
        Person.objects.filter(
            is_active=True, user__groups__name__in=[Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS, Role.AKIM]
        )
        .distinct()
        .order_by("full_name")
    )


def _competent_units():
    return OrgUnit.objects.filter(is_active=True, kind=OrgUnit.Kind.DEPARTMENT).order_by("order", "name_ru")


class RegistrationForm(CorrespondentFieldsMixin, forms.Form):
    """An incoming letter as the registrar enters it; the field order is the tab order."""

    correspondent_name = _correspondent_box()
    correspondent = forms.CharField(
        required=False, max_length=20, widget=forms.HiddenInput(attrs={"data-correspondent-id": ""})
    )
    new_correspondent = forms.BooleanField(label=_("New correspondent: add to the directory"), required=False)
    new_kind = forms.ChoiceField(
        label=_("Kind"), choices=Correspondent.Kind.choices, initial=Correspondent.Kind.STATE_BODY, required=False
    )
    new_bin_iin = forms.CharField(
        label=_("BIN / IIN"), max_length=12, required=False, validators=[validate_bin_iin],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"\d{12}"}),
    )  # fmt: skip
    their_number = forms.CharField(label=_("Their outgoing number"), max_length=100, required=False)
    their_date = DateField(
        label=_("Their outgoing date"), required=False, widget=DateInput(), input_formats=DATE_INPUT_FORMATS
    )
    received_at = DateTimeField(
        label=_("Received at"), widget=DateTimeInput(), input_formats=DATETIME_INPUT_FORMATS,
        help_text=_("As stamped on receipt (§9.10)."),
    )  # fmt: skip
    urgency = forms.ChoiceField(label=_("Urgency mark"), choices=Urgency.choices, required=False)
    presidential = forms.BooleanField(
        label=_("Act or instruction of the President, the Presidential Administration or the Prime Minister"),
        required=False,
        help_text=_("Goes to the akim (§9.11)."),
    )
    addressee = forms.ChoiceField(
        label=_("Addressee"), choices=Document.Addressee.choices, initial=Document.Addressee.APPARATUS
    )
    addressee_person = forms.ModelChoiceField(
        label=_("Addressed personally to"), queryset=Person.objects.none(), required=False,
        help_text=_("For a letter to a deputy akim or the head of apparatus."),
    )  # fmt: skip
    competent_unit = forms.ModelChoiceField(
        label=_("Competent department"), queryset=OrgUnit.objects.none(), required=False,
        help_text=_("Mail to the apparatus goes to its supervisor; urgent mail also as a copy to its head (§9.10)."),
    )  # fmt: skip
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX_LENGTH)
    sheets = IntegerField(label=_("Sheets"), min_value=1, initial=1)
    attachments_count = IntegerField(label=_("Attachments"), min_value=0, initial=0)
    language = forms.ChoiceField(
        label=_("Language"), choices=Document.Language.choices, initial=Document.Language.KAZAKH
    )
    channel = forms.ChoiceField(
        label=_("Delivery channel"), choices=Document.Channel.choices, initial=Document.Channel.EDMS
    )
    signatory = forms.CharField(label=_("Signatory"), max_length=300, required=False)
    signatory_position = forms.CharField(label=_("Signatory's position"), max_length=300, required=False)
    signatory_is_first_head = forms.BooleanField(label=_("Signed by the first head"), required=False, initial=True)
    signatory_is_acting = forms.BooleanField(label=_("Signed by an acting head (и.о.)"), required=False)
    acting_order_attached = forms.BooleanField(label=_("Order assigning the duties attached"), required=False)
    is_financing = forms.BooleanField(label=_("On financing"), required=False)
    financing_prior_work = forms.BooleanField(
        label=_("Prior work with the finance department done (§9.15)"), required=False
    )
    is_dsp = forms.BooleanField(label=_("For official use only (ДСП)"), required=False)
    executes_reference = forms.CharField(
        label=_("Act or instruction it executes"), max_length=400, required=False,
        help_text=_("E.g. “Instruction of the akim № 12 of 03.03.2026”."),
    )  # fmt: skip
    answers_number = forms.CharField(
        label=_("Answer to our letter №"), max_length=50, required=False,
        help_text=_("The registration number of our outgoing request."),
    )  # fmt: skip
    files = MultipleFileField(label=_("Scans and files"), required=False)
    # shown only with the likely duplicates the service found (issue #12 §5), not in LAYOUT
    duplicate_confirmed = forms.BooleanField(label=_("Register anyway: it is another letter"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee_person"].queryset = _deputies_and_heads()
        self.fields["competent_unit"].queryset = _competent_units()
        self.fields["correspondent_name"].widget.attrs["autofocus"] = True
        if not self.is_bound and "received_at" not in self.initial:
            self.initial["received_at"] = timezone.localtime().replace(second=0, microsecond=0)

    # The page in the registrar's order of work (which is also the tab order): (legend, [(field, layout)]).
    # layout: "wide" spans the row, "check" is a checkbox, "new" belongs to an inline new correspondent,
    # "when:field=value,value" / "when:field" shows the field only when another says so (with JavaScript).
    LAYOUT: tuple[tuple[Any, tuple[tuple[str, str], ...]], ...] = (
        (
            _("Sender"),
            (
                ("correspondent_name", "wide"),
                ("new_correspondent", "check new"),
                ("new_kind", "new"),
                ("new_bin_iin", "new"),
                ("their_number", ""),
                ("their_date", ""),
                ("received_at", ""),
                ("urgency", ""),
            ),
        ),
        (
            _("Addressee"),
            (
                ("addressee", ""),
                ("addressee_person", "when:addressee=deputy_akim,head_of_apparatus"),
                ("competent_unit", ""),
                ("presidential", "check wide"),
            ),
        ),
        (
            _("The letter"),
            (
                ("summary", "wide"),
                ("sheets", ""),
                ("attachments_count", ""),
                ("language", ""),
                ("channel", ""),
                ("executes_reference", "wide"),
                ("answers_number", ""),
            ),
        ),
        (
            _("Signatory (§9.9, §9.14)"),
            (
                ("signatory", ""),
                ("signatory_position", ""),
                ("signatory_is_first_head", "check"),
                ("signatory_is_acting", "check"),
                ("acting_order_attached", "check when:signatory_is_acting"),
            ),
        ),
        (
            _("Marks and files"),
            (
                ("is_dsp", "check"),
                ("is_financing", "check"),
                ("financing_prior_work", "check when:is_financing"),
                ("files", "wide"),
            ),
        ),
    )

    def layout(self) -> list[tuple[Any, list[dict[str, Any]]]]:
        """The sections of the page with their bound fields and layout hints, for the template."""
        sections = []
        for legend, names in self.LAYOUT:
            items = []
            for name, hints in names:
                words = hints.split()
                when = next((w[5:] for w in words if w.startswith("when:")), "")
                items.append(
                    {
                        "field": self[name],
                        "wide": "wide" in words,
                        "check": "check" in words,
                        "new": "new" in words,
                        "when": when,
                    }
                )
            sections.append((legend, items))
        return sections

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["correspondent_obj"] = self.resolve_correspondent(data)
        if data.get("presidential"):
            data["addressee"] = Document.Addressee.AKIM  # 003 §9.11 (1)–(2)
        number = (data.get("answers_number") or "").strip()
        data["answers_obj"] = None
        if number:
            answered = Document.objects.outgoing().registered().filter(number=number).first()
            if answered is None:
                self.add_error("answers_number", _("There is no outgoing letter № %(number)s.") % {"number": number})
            data["answers_obj"] = answered
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """Arguments of services.registration.receive_incoming()."""
        data = self.cleaned_data
        return {
            "correspondent": data["correspondent_obj"],
            "received_at": data["received_at"],
            "summary": data["summary"],
            "addressee": data["addressee"],
            "addressee_person": data.get("addressee_person"),
            "competent_unit": data.get("competent_unit"),
            "their_number": data.get("their_number", ""),
            "their_date": data.get("their_date"),
            "signatory": data.get("signatory", ""),
            "signatory_position": data.get("signatory_position", ""),
            "signatory_is_first_head": data.get("signatory_is_first_head", False),
            "signatory_is_acting": data.get("signatory_is_acting", False),
            "acting_order_attached": data.get("acting_order_attached", False),
            "channel": data.get("channel", ""),
            "language": data.get("language") or Document.Language.KAZAKH,
            "sheets": data.get("sheets") or 1,
            "attachments_count": data.get("attachments_count") or 0,
            "urgency": data.get("urgency", ""),
            "is_dsp": data.get("is_dsp", False),
            "executes_reference": data.get("executes_reference", ""),
            "is_financing": data.get("is_financing", False),
            "financing_prior_work": data.get("financing_prior_work", False),
            "answers": data.get("answers_obj"),
            "files": data.get("files") or [],
            "duplicate_confirmed": data.get("duplicate_confirmed", False),
        }


class ReturnForm(CorrespondentFieldsMixin, forms.Form):
    """Mail returned without registration (003 §9.10, §9.12): the sender may be outside the directory."""

    allow_new = False

    correspondent_name = _correspondent_box()
    correspondent = forms.CharField(
        required=False, max_length=20, widget=forms.HiddenInput(attrs={"data-correspondent-id": ""})
    )
    their_number = forms.CharField(label=_("Their outgoing number"), max_length=100, required=False)
    their_date = DateField(
        label=_("Their outgoing date"), required=False, widget=DateInput(), input_formats=DATE_INPUT_FORMATS
    )
    received_at = DateTimeField(label=_("Received at"), widget=DateTimeInput(), input_formats=DATETIME_INPUT_FORMATS)
    channel = forms.ChoiceField(label=_("Delivery channel"), choices=Document.Channel.choices, required=False)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=TEXT_MAX_LENGTH
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX_LENGTH)
    norm = forms.CharField(
        label=_("Norm"), max_length=200, initial="003 §9.12",
        help_text=_("The paragraph of the regulation or the legal act the letter does not meet."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["correspondent_name"].help_text = _("A sender outside the directory is recorded by name.")
        self.fields["correspondent_name"].widget.attrs["autofocus"] = True
        if not self.is_bound and "received_at" not in self.initial:
            self.initial["received_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["correspondent_obj"] = self.resolve_correspondent(data)
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """Arguments of services.registration.return_unregistered()."""
        data = self.cleaned_data
        return {
            "correspondent": data["correspondent_obj"],
            "sender_name": " ".join((data.get("correspondent_name") or "").split()),
            "their_number": data.get("their_number", ""),
            "their_date": data.get("their_date"),
            "received_at": data.get("received_at"),
            "channel": data.get("channel", ""),
            "summary": data.get("summary", ""),
            "reason": data.get("reason", ""),
            "norm": data.get("norm", ""),
        }


class ImportForm(forms.Form):
    """A directory file to import: XLSX or CSV (the format follows from the file name)."""

    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv")):
            raise ValidationError(_("Choose an XLSX or CSV file."))
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload
