"""Forms of the acts pages (issue #13 §6): the registry's filters, the draft, the route editor and the actions.

A form only reads and validates what was typed; acts/services.py decides and changes. A rule of the
regulation that the service enforces (§10.2 both languages for a normative act, §10.3 the legal consultant
last, §10.12 who may return on which ground) comes back as its ValidationError and is shown next to the field
it names, with everything the user typed kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from acts import queries
from acts.models import Act, ActFile, ActReturn, ActType, Basis, Distribution, Urgency
from akimat import permissions
from akimat.forms import TEXT_MAX_LENGTH
from akimat.models import OrgUnit, Person
from akimat.roles import Role
from akimat.widgets import FastSelect, FastSelectMultiple
from control.forms import ExecutorField, MultipleFileField, date_field, executor_choices, text_area
from control.models import ControlItem
from correspondence import access as correspondence_access
from correspondence.forms_workflow import PersonChoiceField, people, people_with_roles
from correspondence.models import Document


def _label(name: str) -> Any:
    return capfirst(Act._meta.get_field(name).verbose_name)


def _blank(choices: Any) -> list:
    return [("", "—"), *((value, capfirst(label)) for value, label in choices if value)]


def _capitalised(choices: Any) -> list:
    """The choices of a select, each label starting with a capital (the model keeps them lower case for use
    inside sentences); capfirst stays lazy, so the label is translated when the form is shown."""
    return [(value, capfirst(label)) for value, label in choices]


# --- the registry -------------------------------------------------------------------------------------------

SORTS: dict[str, tuple[str, ...]] = {
    "type": ("type", "id"),
    "year": ("year", "registered_on", "id"),
    # numbers are taken in registration order, one sequence per type and year (§10.16): the registration
    # moment orders them; "10" before "9" as text would be wrong
    "number": ("type", "year", "registered_on", "id"),
    "date": ("registered_on", "created_at", "id"),
    "title": ("title_ru", "id"),
    "status": ("status", "id"),
}
DEFAULT_SORT = "-date"
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]
YES_NO = [("", "—"), ("yes", _("yes")), ("no", _("no"))]


class RegistryFilterForm(forms.Form):
    """GET filters of the registry; all optional, an invalid value is dropped (and shown next to its field)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Number or words of the title, in Kazakh or Russian."),
    )
    type = forms.ChoiceField(label=_label("type"), required=False, choices=())
    year = forms.TypedChoiceField(label=_label("year"), required=False, choices=(), coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_label("status"), required=False, choices=())
    developer = forms.TypedChoiceField(
        label=_label("developer_unit"), required=False, choices=(), coerce=int, empty_value=None, widget=FastSelect
    )
    normative = forms.ChoiceField(label=_label("is_normative"), required=False, choices=YES_NO)
    pending = forms.ChoiceField(
        label=_("Waiting for"),
        required=False,
        choices=[
            ("", "—"),
            (queries.PENDING_COPIES, _("Certified copies not yet sent")),
            (queries.PENDING_JUSTICE, _("Submission for state registration")),
        ],
    )
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, widget=forms.HiddenInput)

    def __init__(self, *args: Any, years: list[int] = (), units: list[OrgUnit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = _blank(ActType.choices)
        self.fields["status"].choices = _blank(Act.Status.choices)
        self.fields["year"].choices = [("", "—"), *((year, str(year)) for year in years)]
        self.fields["developer"].choices = [("", "—"), *((unit.pk, unit.name) for unit in units)]

    def values(self) -> dict[str, Any]:
        """The valid values; fields with errors are left out rather than failing the whole filter."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if name not in self.errors}


FILTER_FIELDS = ("q", "type", "year", "status", "developer", "normative", "pending")


class WorkFilterForm(forms.Form):
    """Drafts in work: the status and whose drafts."""

    MINE, ALL = "mine", ""
    status = forms.ChoiceField(label=_label("status"), required=False, choices=())
    scope = forms.ChoiceField(
        label=_("Whose drafts"),
        required=False,
        choices=_capitalised(
            [("", _("all I can see")), ("mine", _("developed by my department")), ("my_step", _("at my step"))]
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _blank([c for c in Act.Status.choices if c[0] in Act.DRAFT_STATUSES])

    def values(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if name not in self.errors}


# --- the draft ----------------------------------------------------------------------------------------------

#: the six flags of §10.5–§10.10, each with the file it demands (acts.services.REQUIRED_FILES), in the order
#: of the regulation; the file field of a flag is named "file_<flag>"
FLAGS = (
    "amends_acts",
    "repeals_acts",
    "touches_business",
    "needs_science_expertise",
    "executes_instruction",
    "raises_spending",
)
FLAG_PARAGRAPHS = {
    "amends_acts": "§10.5",
    "repeals_acts": "§10.6",
    "touches_business": "§10.7",
    "needs_science_expertise": "§10.8",
    "executes_instruction": "§10.9",
    "raises_spending": "§10.10",
}
FILES_AGAIN = _("Files are not kept when the form comes back with an error: choose them again.")


def required_kind(flag: str) -> str:
    from acts.services import REQUIRED_FILES

    return REQUIRED_FILES[flag]


class DocxField(forms.FileField):
    """A .docx whose text is read in (acts.docx) when the text field is left empty."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and not upload.name.lower().endswith(".docx"):
            raise ValidationError(_("Upload the text as a .docx file."), code="not_docx")
        return upload


class DraftForm(forms.Form):
    """The draft act (003 §10.1–§10.10): what it is, who develops it, on what basis, its texts and files."""

    type = forms.ChoiceField(label=_label("type"), choices=_capitalised(ActType.choices))
    is_normative = forms.BooleanField(
        label=_label("is_normative"),
        required=False,
        help_text=_("It contains norms of law: both languages, state registration and publication (§10.2)."),
    )
    developer_unit = forms.ModelChoiceField(
        label=_label("developer_unit"), queryset=OrgUnit.objects.none(), widget=FastSelect, empty_label="—"
    )
    developer = PersonChoiceField(label=_label("developer"), queryset=Person.objects.none(), empty_label="—")
    curator = PersonChoiceField(
        label=_label("curator"), queryset=Person.objects.none(), required=False, empty_label="—"
    )
    urgency = forms.ChoiceField(
        label=_label("urgency"),
        choices=_capitalised(Urgency.choices),
        required=False,
        help_text=_("Emergency and humanitarian drafts are approved in a shorter term (§10.14)."),
    )
    basis = forms.ChoiceField(label=_label("basis"), choices=_capitalised(Basis.choices), initial=Basis.INITIATIVE)
    basis_item = forms.CharField(
        label=_("Control number of the instruction"),
        required=False,
        max_length=50,
        help_text=_("An instruction on control that you can see."),
    )
    basis_document = forms.CharField(
        label=_("Registration number of the incoming document"),
        required=False,
        max_length=50,
        help_text=_("An incoming document that you can see."),
    )
    basis_label = forms.CharField(
        label=_("Protocol and point"),
        required=False,
        max_length=300,
        help_text=_("E.g. protocol of the akimat meeting No. 5 of 12.03.2026, point 2."),
    )
    title_kk = forms.CharField(label=_("Title in Kazakh"), required=False, max_length=1000, widget=text_area(2))
    title_ru = forms.CharField(label=_("Title in Russian"), required=False, max_length=1000, widget=text_area(2))
    text_kk = forms.CharField(
        label=_("Text in Kazakh"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=text_area(12),
        help_text=_("Numbered points and sub-points, one per line: 1., 1.1., 2. ..."),
    )
    text_ru = forms.CharField(
        label=_("Text in Russian"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=text_area(12),
        help_text=_("Numbered points and sub-points, one per line: 1., 1.1., 2. ..."),
    )
    file_text_kk = DocxField(
        label=_("Text in Kazakh as .docx"),
        required=False,
        help_text=_("Its text is read in when the text field is empty."),
    )
    file_text_ru = DocxField(
        label=_("Text in Russian as .docx"),
        required=False,
        help_text=_("Its text is read in when the text field is empty."),
    )
    amends_acts = forms.BooleanField(label=_("It amends acts in force (§10.5)"), required=False)
    file_amends_acts = forms.FileField(label=_("Comparison table"), required=False)
    repeals_acts = forms.BooleanField(label=_("It repeals acts (§10.6)"), required=False)
    file_repeals_acts = forms.FileField(
        label=_("Justification note signed by the head of the developer"), required=False
    )
    touches_business = forms.BooleanField(label=_("It touches private business (§10.7)"), required=False)
    file_touches_business = forms.FileField(label=_("Expert opinions of business associations"), required=False)
    needs_science_expertise = forms.BooleanField(
        label=_("The law requires a scientific expertise (§10.8)"), required=False
    )
    file_needs_science_expertise = forms.FileField(label=_("Scientific expertise"), required=False)
    executes_instruction = forms.BooleanField(label=_("It executes an instruction (§10.9)"), required=False)
    file_executes_instruction = forms.FileField(label=_("Copy of the instruction executed"), required=False)
    raises_spending = forms.BooleanField(
        label=_("It raises spending or lowers revenue of the budget (§10.10)"), required=False
    )
    file_raises_spending = forms.FileField(label=_("Budget commission conclusion or financing note"), required=False)
    files = MultipleFileField(label=_("Other attachments"), required=False)
    is_dsp = forms.BooleanField(label=_("For official use only"), required=False)
    addressees = forms.ModelMultipleChoiceField(
        label=_("Addressees for distribution"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=FastSelectMultiple,
        help_text=_("Departments and executing bodies that receive a certified copy (§10.18)."),
    )
    other_addressees = forms.CharField(
        label=_("Other addressees"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=text_area(3),
        help_text=_("One addressee per line."),
    )
    note = forms.CharField(label=_("What was changed"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(2))

    def __init__(self, *args: Any, user, act: Act | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.act = user, act
        self.fields["developer_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("order", "name_ru")
        self.fields["addressees"].queryset = OrgUnit.objects.filter(is_active=True).order_by("order", "name_ru")
        self.fields["developer"].queryset = people()
        self.fields["curator"].queryset = people_with_roles([Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS])
        # the files a flag demands that this version already holds (an edit need not attach them again)
        self.present_kinds: set[str] = set()
        if act is not None:
            from acts.models import ActFile as File

            self.present_kinds = set(
                File.objects.filter(version__act=act, version__number=act.version).values_list("kind", flat=True)
            )
        else:
            self.fields.pop("note")
        for flag in FLAGS:
            kind = required_kind(flag)
            self.fields[flag].widget.attrs["data-requires-file"] = f"id_file_{flag}"
            self.fields[f"file_{flag}"].widget.attrs["data-required-by"] = f"id_{flag}"
            if kind in self.present_kinds:
                self.fields[f"file_{flag}"].help_text = _("Attached already; a new file is added to it.")

    @staticmethod
    def initial_for(act: Act) -> dict[str, Any]:
        """The form's values from the act and its current version."""
        version = act.versions.filter(number=act.version).first()
        initial: dict[str, Any] = {
            name: getattr(act, name)
            for name in ("type", "is_normative", "urgency", "basis", "basis_label", "is_dsp", *FLAGS)
        }
        initial |= {
            "developer_unit": act.developer_unit_id,
            "developer": act.developer_id,
            "curator": act.curator_id,
            "title_kk": version.title_kk if version else act.title_kk,
            "title_ru": version.title_ru if version else act.title_ru,
            "text_kk": version.text_kk if version else "",
            "text_ru": version.text_ru if version else "",
        }
        if act.basis_object is not None:
            if isinstance(act.basis_object, ControlItem):
                initial["basis_item"] = act.basis_object.number
            elif isinstance(act.basis_object, Document):
                initial["basis_document"] = act.basis_object.number
        units = [row.unit_id for row in act.distribution.all() if row.unit_id]
        others = [row.name for row in act.distribution.all() if not row.unit_id]
        initial |= {"addressees": units, "other_addressees": "\n".join(others)}
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        basis = data.get("basis")
        data["basis_object"] = None
        if basis == Basis.INSTRUCTION and (number := (data.get("basis_item") or "").strip()):
            items = permissions.visible(self.user, ControlItem.objects.filter(number=number))
            data["basis_object"] = items.first()
            if data["basis_object"] is None:
                self.add_error("basis_item", _("No instruction on control with this number that you can see."))
        elif basis == Basis.INCOMING:
            number = (data.get("basis_document") or "").strip()
            if not number:
                self.add_error("basis_document", _("Give the registration number of the incoming document."))
            else:
                documents = Document.objects.filter(kind=Document.Kind.INCOMING, number=number)
                data["basis_object"] = correspondence_access.visible_documents(self.user, documents).first()
                if data["basis_object"] is None:
                    self.add_error("basis_document", _("No incoming document with this number that you can see."))
        elif basis == Basis.PROTOCOL and not (data.get("basis_label") or "").strip():
            self.add_error("basis_label", _("Name the protocol and its point."))
        # §10.5–§10.10: a checked flag demands its file (the service refuses to send the draft without it)
        for flag in FLAGS:
            if data.get(flag) and not data.get(f"file_{flag}") and required_kind(flag) not in self.present_kinds:
                if (
                    flag == "executes_instruction"
                    and data.get("basis_object") is not None
                    and basis == Basis.INSTRUCTION
                ):
                    continue  # the copy of an instruction in the system may follow before the draft is sent
                label = self.fields[f"file_{flag}"].label
                self.add_error(
                    f"file_{flag}",
                    _("Attach the file this box demands: %(file)s (%(paragraph)s).")
                    % {"file": label, "paragraph": FLAG_PARAGRAPHS[flag]},
                )
        if self.errors and self.files:
            self.add_error(None, FILES_AGAIN)
        return data

    def draft_data(self):
        """acts.services.DraftData from the cleaned form."""
        from acts.services import DraftData

        data = self.cleaned_data
        basis_object = data.get("basis_object")
        label = data.get("basis_label") or ""
        if basis_object is not None and not label:
            label = str(basis_object.number)
        others = [line.strip() for line in (data.get("other_addressees") or "").splitlines() if line.strip()]
        return DraftData(
            type=data["type"],
            is_normative=data.get("is_normative", False),
            developer_unit=data["developer_unit"],
            developer=data["developer"],
            curator=data.get("curator"),
            urgency=data.get("urgency") or "",
            basis=data["basis"],
            basis_object=basis_object,
            basis_label=label,
            title_kk=data.get("title_kk", ""),
            title_ru=data.get("title_ru", ""),
            text_kk=data.get("text_kk", ""),
            text_ru=data.get("text_ru", ""),
            note=data.get("note", ""),
            is_dsp=data.get("is_dsp", False),
            addressees=list(data.get("addressees") or []),
            other_addressees=others,
            **{flag: data.get(flag, False) for flag in FLAGS},
        )

    def uploads(self) -> list[tuple[str, Any]]:
        """(ActFile.Kind, upload) of every file chosen."""
        data = self.cleaned_data
        found: list[tuple[str, Any]] = []
        for language in ("kk", "ru"):
            if upload := data.get(f"file_text_{language}"):
                found.append((getattr(ActFile.Kind, f"TEXT_{language.upper()}"), upload))
        for flag in FLAGS:
            if upload := data.get(f"file_{flag}"):
                found.append((required_kind(flag), upload))
        found.extend((ActFile.Kind.OTHER, upload) for upload in data.get("files") or [])
        return found

    def flag_pairs(self) -> list[tuple[Any, Any]]:
        """(checkbox, its file field) for the template."""
        return [(self[flag], self[f"file_{flag}"]) for flag in FLAGS]


# --- the route editor (§10.3, §10.14) -----------------------------------------------------------------------

EXTRA_ROUTE_ROWS = 3


class RouteForm(forms.Form):
    """The approval route: a row per step with its approver, the step's place and whether it runs in parallel
    with the step before it. The default route fills the rows (acts.services.default_route); the author adds
    officials in the empty rows, orders the rows (↑↓, or the numbers) and marks parallel steps. The legal
    consultant's visa closes the route (§10.3): the service puts it last."""

    def __init__(self, *args: Any, steps: list = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the empty rows for the officials the author adds come before the closing visa (§10.3: it is last)
        slots = [s for s in steps if not s.closes] + [None] * EXTRA_ROUTE_ROWS + [s for s in steps if s.closes]
        self.row_count = len(slots)
        choices_queryset = people()
        for index in range(self.row_count):
            step = slots[index]
            self.fields[f"approver_{index}"] = PersonChoiceField(
                label=_("Approver"), queryset=choices_queryset, required=False, empty_label="—"
            )
            self.fields[f"order_{index}"] = forms.IntegerField(
                label=_("Place"), min_value=1, max_value=99, required=False, initial=index + 1
            )
            self.fields[f"parallel_{index}"] = forms.BooleanField(
                label=_("In parallel with the previous"), required=False
            )
            self.fields[f"role_{index}"] = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
            if step is not None and not self.is_bound:
                self.initial |= {
                    f"approver_{index}": step.approver.pk,
                    f"parallel_{index}": step.parallel,
                    f"role_{index}": step.role,
                }
        self.default_steps = {step.approver.pk: step for step in steps}

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "approver": self[f"approver_{i}"],
                "order": self[f"order_{i}"],
                "parallel": self[f"parallel_{i}"],
                "role": self[f"role_{i}"],
                "closes": (self[f"role_{i}"].value() or "") == "legal",
            }
            for i in range(self.row_count)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [i for i in range(self.row_count) if data.get(f"approver_{i}")]
        if not chosen:
            raise ValidationError(_("Name at least one approver."))
        seen: set[int] = set()
        for i in chosen:
            pk = data[f"approver_{i}"].pk
            if pk in seen:
                self.add_error(f"approver_{i}", _("This official is on the route already."))
            seen.add(pk)
        return data

    def steps(self) -> list:
        """approvals.Step in the order chosen; a default step keeps its role and term."""
        from akimat.approvals import Step

        data = self.cleaned_data
        chosen = [i for i in range(self.row_count) if data.get(f"approver_{i}")]
        chosen.sort(key=lambda i: (data.get(f"order_{i}") or 99, i))
        steps = []
        for place, i in enumerate(chosen):
            person = data[f"approver_{i}"]
            role = data.get(f"role_{i}") or ""
            default = self.default_steps.get(person.pk)
            steps.append(
                Step(
                    approver=person,
                    role=role or (default.role if default else ""),
                    parallel=bool(data.get(f"parallel_{i}")) and place > 0,
                    closes=role == "legal",
                    due_on=default.due_on if default else None,
                )
            )
        return steps


# --- the actions --------------------------------------------------------------------------------------------


class ShortTermForm(forms.Form):
    due_on = date_field(_("Approve by"), required=True)


class ReturnForm(forms.Form):
    """A return for rework on a ground of §10.12 (or §10.11): only the grounds the user may use are offered."""

    ground = forms.ChoiceField(label=_("Ground"), choices=())
    reason = forms.CharField(label=_("Reason"), widget=text_area(4), max_length=TEXT_MAX_LENGTH)
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=200,
        help_text=_("The number and date of the session protocol or of the legal opinion."),
    )

    def __init__(self, *args: Any, grounds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ActReturn.Ground.choices)
        self.fields["ground"].choices = [(g, capfirst(labels[g])) for g in grounds]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=text_area(4), max_length=TEXT_MAX_LENGTH)


class SignForm(forms.Form):
    signed_file = forms.FileField(
        label=_("Signed act"), help_text=_("A scan of the signed paper, or the electronically signed file.")
    )
    signed_on = date_field(_("Date of signature"), required=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors and self.files:
            self.add_error(None, FILES_AGAIN)
        return data


class RegisterForm(forms.Form):
    """Registration takes the next number of the act's type and year (§10.16): nothing to type."""


class PointForm(forms.Form):
    number = forms.CharField(label=_("Point"), max_length=20)
    text = forms.CharField(label=_("Content"), widget=text_area(2), max_length=TEXT_MAX_LENGTH)
    executor = ExecutorField(label=_("Executor"))
    deadline = date_field(_("Deadline"), required=True)

    def __init__(self, *args: Any, executors: list = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["executor"].choices = [("", "—"), *executors]


class BasePointFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        return {"executors": self.executors}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.executors = executor_choices()
        super().__init__(*args, **kwargs)

    def points(self) -> list:
        from acts.services import PointData

        found = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("number"):
                continue
            executor = data["executor"]
            found.append(
                PointData(
                    number=data["number"],
                    text=data["text"],
                    deadline=data["deadline"],
                    lead_unit=executor if isinstance(executor, OrgUnit) else None,
                    lead_person=executor if isinstance(executor, Person) else None,
                )
            )
        return found


#: the most points an act takes; a post claiming more forms is refused whole, never built form by form (a claimed
#: TOTAL_FORMS of 10^11 built the default absolute_max of 1,200 forms: 8 s and 5 MB a request)
MAX_POINTS = 100
PointFormSet = forms.formset_factory(
    PointForm, formset=BasePointFormSet, extra=2, can_delete=True, max_num=MAX_POINTS, absolute_max=MAX_POINTS
)


class DispatchForm(forms.Form):
    """A certified copy sent to one addressee of the distribution list (§10.18)."""

    distribution = forms.TypedChoiceField(label=_("Addressee"), choices=(), coerce=int)
    sent_on = date_field(_("Date sent"), required=True)
    channel = forms.ChoiceField(label=_("How"), choices=_capitalised(Distribution.Channel.choices))

    def __init__(self, *args: Any, rows: list[Distribution] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = {row.pk: row for row in rows}
        self.fields["distribution"].choices = [(row.pk, str(row)) for row in rows]


class StateRegistrationForm(forms.Form):
    """A normative act with the justice body: submitted, registered (number and date), published."""

    submitted_on = date_field(_label("justice_submitted_on"))
    justice_number = forms.CharField(label=_label("justice_number"), max_length=50, required=False)
    justice_registered_on = date_field(_label("justice_registered_on"))
    published_on = date_field(_label("published_on"))


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("Version"), choices=(), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), choices=(), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].choices = [(n, str(n)) for n in numbers]
