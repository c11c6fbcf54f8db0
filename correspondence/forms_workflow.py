"""Forms of the workflow actions on a document: resolutions, card, visas, signature, check, dispatch.

The forms only collect and tidy input; the rules of the regulation are checked by
correspondence/services/workflow.py and outgoing.py, whose ValidationErrors the views put back next
to these fields.
"""

import datetime
import hashlib
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from akimat import workdays
from akimat.attachments import validate_upload
from akimat.forms import TEXT_MAX_LENGTH, IntegerField
from akimat.markup import esc
from akimat.models import Person
from akimat.request_values import DATE_INPUT_FORMATS, parse_id
from akimat.roles import LEADERSHIP, Role
from akimat.views import approvals as approval_views
from akimat.widgets import DateInput, FastSelect, FastSelectMultiple, OrderedSelectMultiple
from control import deadlines
from control.filters import people_choices
from control.forms import BLANK, ExecutorField, ExecutorsField, date_field, text_area
from control.models import ControlItem, Urgency
from control.queries import cached_counts
from correspondence import access
from correspondence.models import Correspondent, Document, Resolution, ResolutionPhrase
from correspondence.services.outgoing import OUTGOING_LANGUAGES, SIGNER_ROLES

ROUTE_SLOTS = 5  # approvers in order; the author edits the default route (003 §9.22)


def people() -> Any:
    return Person.objects.filter(is_active=True, user__is_active=True).select_related("unit").order_by("full_name")


def people_with_roles(roles) -> Any:
    return people().filter(user__groups__name__in=[str(r) for r in roles]).distinct()


class CachedPeopleIterator(ModelChoiceIterator):
    """The options of a list of people read once per data version and language (control.queries.cached_counts;
    any change of users, people, units or roles replaces the version), not once per render: the document
    page draws several lists of everyone in the apparatus. The value is still checked against the queryset."""

    def options(self) -> list[tuple[str, str]]:
        query = self.queryset.query
        if query.is_empty():
            return []
        digest = hashlib.sha256(str(query).encode()).hexdigest()[:32]
        return cached_counts(
            ["people-options", get_language() or "", digest],
            lambda: [(str(obj.pk), str(self.field.label_from_instance(obj))) for obj in self.queryset],
        )

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.options()

    def __len__(self) -> int:
        return len(self.options()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.options())


class PersonChoiceField(forms.ModelChoiceField):
    widget = FastSelect
    iterator = CachedPeopleIterator

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.unit.name}" if obj.unit_id else obj.full_name


class ListedIterator(ModelChoiceIterator):
    """A short list (the resolutions of a document, its answers) read in one plain query, and once per form:
    Django's iterator opens a server-side cursor on each render, three round trips for a handful of rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # the field's own queryset keeps the rows it read
            yield self.choice(obj)


class ShortModelChoiceField(forms.ModelChoiceField):
    widget = FastSelect
    iterator = ListedIterator


# --- resolutions (003 §9.13, §9.16) -----------------------------------------------------------------


class PhraseSelect(FastSelect):
    """The phrases, each option carrying its text in the user's language and its "for information" flag
    (akimat/js/resolution.js puts the text into the resolution; without JavaScript the server does)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = str(value or "")
        parts = [f'<option value="">{esc(BLANK)}</option>']
        for phrase in self.choices.queryset:
            text = phrase.text()
            parts.append(
                f'<option value="{phrase.pk}" data-text="{esc(text)}"'
                f"{' data-info' if phrase.for_information else ''}{' selected' if str(phrase.pk) == chosen else ''}>"
                f"{esc(text)}</option>"
            )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe("".join(parts)))


class DeadlineInput(DateInput):
    """The deadline with the term buttons: +3, +5, +10, +15 working days and a month, their dates counted by
    the working-day calendar on the server (akimat.workdays, §12.2, §12.15) and written into the buttons;
    JavaScript only copies a date into the field. A term too short for the intermediate dates (§12.6,
    §12.13) shows a warning: the buttons say which are, and a typed date is compared with the first
    deadline that is not (data-unhurried)."""

    def __init__(self, *, today: datetime.date) -> None:
        unhurried = deadlines.earliest_unhurried_deadline(today)
        super().__init__(attrs={"data-unhurried": unhurried.isoformat(), "data-term-field": ""})
        self.unhurried = unhurried
        days = [
            (f"+{n}", _("+%(count)s working days") % {"count": n}, workdays.add_working_days(today, n)) for n in TERMS
        ]
        self.terms = [*days, (_("a month"), _("a month"), deadlines.default_term_deadline(today))]

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer=None) -> SafeString:
        field = super().render(name, value, attrs, renderer)
        buttons = "".join(
            f'<button type="button" class="button button-secondary" data-term="{day:%d.%m.%Y}"'
            f'{" data-short" if day < self.unhurried else ""} aria-label="{esc(name)}" title="{day:%d.%m.%Y}">'
            f"{esc(label)}</button>"
            for label, name, day in self.terms
        )
        typed = parse_date(value)
        warned = typed is not None and typed < self.unhurried
        return format_html(
            '{}<div class="term-buttons" role="group" aria-label="{}" data-term-buttons hidden>'
            '<span class="small muted">{}</span>{}</div>'
            '<p class="notice small" data-term-warning role="status"{}>{}</p>',
            field,
            _("Term"),
            _("Working days:"),
            mark_safe(buttons),  # labels went through esc(), dates are digits
            "" if warned else mark_safe(" hidden"),
            SHORT_TERM_WARNING,
        )


TERMS = (3, 5, 10, 15)  # the term buttons, in working days (issue #12 §1)
SHORT_TERM_WARNING = _(
    "The term is short: the co-executors' and the executing bodies' report dates and the last day to ask "
    "for an extension fall on the day of the resolution (§12.6, §12.13)."
)


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(str(value or ""), fmt).date()  # noqa: DTZ007 — a date, no zone
        except ValueError:
            continue
    return None


class ResolutionForm(forms.Form):
    phrase = forms.ModelChoiceField(
        label=_("Phrase"),
        queryset=ResolutionPhrase.objects.none(),
        required=False,
        widget=PhraseSelect,
        help_text=_("Puts the phrase into the text; «Принять к сведению» makes the resolution for information."),
    )
    text = forms.CharField(label=_("Resolution"), widget=text_area(3), required=False, max_length=TEXT_MAX_LENGTH)
    executors = ExecutorsField(
        label=_("Executors, in order"),
        help_text=_("The first listed is the lead executor unless another one is marked (§9.16)."),
        widget=OrderedSelectMultiple,
    )
    lead = ExecutorField(
        label=_("Lead executor (свод)"),
        required=False,
        help_text=_("One of the executors chosen above; if none is marked, the first one leads."),
    )
    deadline = date_field(
        _("Deadline"), help_text=_("Without a deadline the term is a month (§12.2), unless it is for information.")
    )
    urgency = forms.ChoiceField(label=_("Urgency mark"), choices=Urgency.choices, required=False, widget=FastSelect)
    for_information = forms.BooleanField(label=_("For information only: not put on control (§12.10)"), required=False)
    parent = ShortModelChoiceField(
        label=_("Under the resolution of"), queryset=Resolution.objects.none(), required=False
    )

    def __init__(self, *args: Any, document: Document, parents=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the people and units of the apparatus, cached under the data version (control.filters)
        choices = people_choices("executors")[1:]
        self.fields["executors"].choices = choices
        self.fields["executors"].widget.attrs["data-lead"] = self["lead"].auto_id
        self.fields["lead"].choices = [("", "—"), *choices]
        self.fields["phrase"].queryset = ResolutionPhrase.objects.filter(is_active=True)
        self.fields["deadline"].widget = DeadlineInput(today=workdays.today())
        # the resolution starts with the letter's own urgency (issue #12 §1)
        self.initial.setdefault("urgency", document.urgency)
        self.fields["parent"].queryset = Resolution.objects.filter(pk__in=[r.pk for r in parents]).select_related(
            "author"
        )
        if not parents:
            del self.fields["parent"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        executors, lead = data.get("executors") or [], data.get("lead")
        data["lead_index"] = 0
        if lead is not None and executors:
            matches = [i for i, e in enumerate(executors) if type(e) is type(lead) and e.pk == lead.pk]
            if not matches:
                self.add_error("lead", _("The lead executor must be one of the executors chosen above."))
            else:
                data["lead_index"] = matches[0]
        phrase, text = data.get("phrase"), (data.get("text") or "").strip()
        if phrase is not None:
            # JavaScript has put the phrase into the text already; without it the server does, once
            wording = phrase.text()
            if wording.casefold() not in text.casefold():
                text = f"{wording}\n{text}".strip()
            data["for_information"] = data.get("for_information") or phrase.for_information
        if not text and "text" not in self.errors:
            self.add_error("text", _("Write the text of the resolution or choose a phrase."))
        data["text"] = text
        return data


class PaperResolutionForm(ResolutionForm):
    """The registrar enters a resolution written on paper, "per resolution of …"."""

    on_paper_author = PersonChoiceField(label=_("Per resolution of"), queryset=Person.objects.none())

    field_order = [
        "on_paper_author", "phrase", "text", "executors", "lead", "deadline", "urgency", "for_information", "parent"
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_paper_author"].queryset = people_with_roles([*LEADERSHIP, Role.DEPARTMENT_HEAD])


class AcknowledgeForm(forms.Form):
    resolution = forms.ModelChoiceField(queryset=Resolution.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = Resolution.objects.filter(document=document)


# --- the execution card (003 §9.23) -----------------------------------------------------------------


class ExecutionCardForm(forms.Form):
    result = forms.CharField(label=_("What was done"), widget=text_area(3), max_length=TEXT_MAX_LENGTH)
    executor = PersonChoiceField(label=_("Executor"), queryset=Person.objects.none())
    answer = ShortModelChoiceField(label=_("Our answer"), queryset=Document.objects.none(), required=False)
    answer_number = forms.CharField(label=_("Answer number"), max_length=100, required=False)
    answer_date = date_field(_("Answer date"))

    def __init__(self, *args: Any, document: Document, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["executor"].queryset = people()
        self.fields["answer"].queryset = access.visible_documents(
            user, Document.objects.outgoing().filter(answers=document).exclude(number="")
        )


class AcceptAnswerForm(forms.Form):
    """Nothing to type: accepting the answer to our request (the button is the decision)."""


class RemovalForm(forms.Form):
    """The controller proposes removal of an item of this document (checked against the card, §9.23)."""

    item = forms.ModelChoiceField(queryset=ControlItem.objects.none(), widget=forms.HiddenInput)
    ground = forms.ChoiceField(label=_("Grounds for removal"), choices=ControlItem.RemovalGround.choices)
    assessment = forms.ChoiceField(label=_("Assessment"), choices=ControlItem.Assessment.choices)
    memo = forms.CharField(label=_("Memo"), widget=text_area(3), max_length=TEXT_MAX_LENGTH)

    def __init__(self, *args: Any, items=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ControlItem.objects.filter(pk__in=[i.pk for i in items])


# --- drafts (003 §9.18–9.22) ------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>, each validated (size, type)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]
        for upload in cleaned:
            validate_upload(upload)
        return cleaned


class RouteMixin(forms.Form):
    """Approvers in order (slots), prefilled with the default route; empty slots are skipped."""

    def add_route_fields(self, *, required_first: bool) -> None:
        for slot in range(1, ROUTE_SLOTS + 1):
            self.fields[f"approver_{slot}"] = PersonChoiceField(
                label=_("Approver %(number)s") % {"number": slot},
                queryset=people(),
                required=required_first and slot == 1,
            )

    def approvers(self) -> list[Person]:
        return [
            self.cleaned_data[f"approver_{slot}"]
            for slot in range(1, ROUTE_SLOTS + 1)
            if self.cleaned_data.get(f"approver_{slot}")
        ]

    def route_fields(self) -> list:
        return [self[f"approver_{slot}"] for slot in range(1, ROUTE_SLOTS + 1)]

    @staticmethod
    def route_initial(route: list[Person]) -> dict[str, Any]:
        return {f"approver_{slot}": person.pk for slot, person in enumerate(route[:ROUTE_SLOTS], start=1)}


class OutgoingForm(RouteMixin):
    recipients = forms.ModelMultipleChoiceField(
        widget=FastSelectMultiple,
        label=_("Recipients"),
        queryset=Correspondent.objects.none(),
        help_text=_("From the correspondent directory."),
    )
    summary = forms.CharField(label=_("Summary"), widget=text_area(2), max_length=TEXT_MAX_LENGTH)
    body = forms.CharField(label=_("Text"), widget=text_area(8), required=False, max_length=TEXT_MAX_LENGTH)
    files = MultipleFileField(label=_("Files (the letter and its attachments)"))
    attachments_listed = IntegerField(
        label=_("Attachments listed in the letter"), min_value=0, initial=0, help_text=_("Checked on dispatch (§9.18).")
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[c for c in Document.Language.choices if c[0] in OUTGOING_LANGUAGES],
        help_text=_("The state language or Russian (§9.21)."),
    )
    signer = PersonChoiceField(label=_("Signed by"), queryset=Person.objects.none())
    is_answer = forms.BooleanField(label=_("This letter is an answer"), required=False)
    answers = forms.CharField(
        label=_("Answers the incoming document №"),
        max_length=50,
        required=False,
        help_text=_("An answer goes for approval only with the incoming document it answers (§9.22)."),
    )
    is_dsp = forms.BooleanField(label=_("For official use only"), required=False)
    send = forms.BooleanField(label=_("Send for approval now"), required=False, initial=True)

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["recipients"].queryset = Correspondent.objects.filter(is_active=True).order_by("name")
        self.fields["signer"].queryset = people_with_roles(SIGNER_ROLES)
        self.add_route_fields(required_first=False)

    def clean_answers(self) -> Document | None:
        number = self.cleaned_data.get("answers", "").strip()
        if not number:
            return None
        pk = parse_id(number)
        match = Q(number=number) | (Q(pk=pk) if pk is not None else Q(pk__in=[]))
        document = access.visible_documents(self.user, Document.objects.incoming()).filter(match).first()
        if document is None:
            raise ValidationError(_("There is no incoming document with this number that you may see."))
        return document


class MemoForm(RouteMixin):
    addressee = PersonChoiceField(label=_("To"), queryset=Person.objects.none())
    summary = forms.CharField(label=_("Summary"), widget=text_area(2), max_length=TEXT_MAX_LENGTH)
    body = forms.CharField(label=_("Text"), widget=text_area(8), required=False, max_length=TEXT_MAX_LENGTH)
    files = MultipleFileField(label=_("Files"))
    is_dsp = forms.BooleanField(label=_("For official use only"), required=False)
    action = forms.ChoiceField(
        label=_("Next"),
        choices=[
            ("draft", _("Keep as a draft")),
            ("approval", _("Send for approval")),
            ("send", _("Sign and send")),
        ],
        initial="draft",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = people()
        self.add_route_fields(required_first=False)


class SendForApprovalForm(RouteMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_route_fields(required_first=True)


# the one visa form of the core route (issue #13 §2): agree, or return for rework with a written reason
VisaForm = approval_views.VisaForm


class SignForm(forms.Form):
    """Nothing to type: the signer signs."""


class CheckForm(forms.Form):
    addressee_ok = forms.BooleanField(label=_("The addressee and the recipient match the letter"), required=False)
    attachments_ok = forms.BooleanField(label=_("Every attachment listed in the letter is present"), required=False)
    comment = forms.CharField(label=_("Comment"), widget=text_area(2), required=False, max_length=TEXT_MAX_LENGTH)


class DispatchForm(forms.Form):
    channel = forms.ChoiceField(label=_("Sent by"), choices=Document.Channel.choices)
    date = date_field(_("Date of dispatch"), required=True)
