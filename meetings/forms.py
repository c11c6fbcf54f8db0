"""Forms of the meetings pages (issue #14 §6): the meeting, an agenda item, a material, the attendance, a vote,
the protocol, its points and the registry's filters.

A form only reads and validates what was typed; meetings/services.py decides and changes. A rule of the
regulation that the service enforces (§5.4 quorum, §8.5 numbering and the controller) comes back as its
ValidationError and is shown next to the field it names, with everything the user typed kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from akimat.forms import TEXT_MAX_LENGTH, DateTimeField, IntegerField
from akimat.models import OrgUnit, Person
from akimat.widgets import DateTimeInput, FastSelect, FastSelectMultiple
from control.forms import ExecutorField, capitalised, date_field, executor_choices, text_area, with_blank
from correspondence.forms_workflow import PersonChoiceField, people
from meetings import services
from meetings.models import AgendaItem, Kind, Material, Meeting, MeetingType, Participant, Protocol


def _label(model, name: str) -> Any:
    return capfirst(model._meta.get_field(name).verbose_name)


def _units() -> Any:
    return OrgUnit.objects.filter(is_active=True).order_by("order", "name_ru")


class PeopleField(forms.ModelMultipleChoiceField):
    widget = FastSelectMultiple

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.unit.name}" if obj.unit_id else obj.full_name


class UnitsField(forms.ModelMultipleChoiceField):
    widget = FastSelectMultiple


# --- the meeting --------------------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    type = forms.ModelChoiceField(
        label=_("Type of meeting"), queryset=MeetingType.objects.filter(is_active=True), widget=FastSelect,
        empty_label="—",
    )  # fmt: skip
    title_kk = forms.CharField(label=_("Title (Kazakh)"), required=False, max_length=500)
    title_ru = forms.CharField(label=_("Title (Russian)"), required=False, max_length=500)
    starts_at = DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    ends_at = DateTimeField(label=_("Ends at"), required=False, widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    format = forms.ChoiceField(label=_("Format"), choices=capitalised(Meeting.Format.choices))
    is_closed = forms.BooleanField(
        label=_("Closed meeting (its materials are for official use only, §5.3)"), required=False
    )
    is_extraordinary = forms.BooleanField(label=_("Extraordinary session (§5.1, §5.10)"), required=False)
    chair = PersonChoiceField(label=_("Chair"), queryset=people(), empty_label="—")
    secretary = PersonChoiceField(label=_("Secretary"), queryset=people(), required=False, empty_label="—")
    organiser_unit = forms.ModelChoiceField(
        label=_("Organising department"), queryset=_units(), widget=FastSelect, empty_label="—"
    )
    members = PeopleField(
        label=_("Members"), queryset=people(), required=False,
        help_text=_("For an akimat session the members of the akimat on its date are added by themselves (§5.4)."),
    )  # fmt: skip
    invited = PeopleField(label=_("Invited (staff)"), queryset=people(), required=False)
    invited_names = forms.CharField(
        label=_("Invited from other bodies"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(3),
        help_text=_("One per line: name, position, body (§5.5)."),
    )  # fmt: skip
    materials_due_on = date_field(
        _("Materials due"),
        help_text=_("For meetings whose term the letter gives (§5.39, §5.50); sessions and apparatus meetings "
                    "count it from the profile."),
    )  # fmt: skip

    def data_for_service(self) -> services.MeetingData:
        data = self.cleaned_data
        return services.MeetingData(
            type=data["type"], starts_at=data["starts_at"], ends_at=data.get("ends_at"), chair=data["chair"],
            secretary=data.get("secretary"), organiser_unit=data["organiser_unit"], title_kk=data["title_kk"],
            title_ru=data["title_ru"], place=data["place"], format=data["format"], is_closed=data["is_closed"],
            is_extraordinary=data["is_extraordinary"], members=list(data["members"]), invited=list(data["invited"]),
            invited_names=(data.get("invited_names") or "").splitlines(), materials_due_on=data.get("materials_due_on"),
        )  # fmt: skip

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        participants = list(meeting.participants.all())
        return {
            "type": meeting.type_id, "title_kk": meeting.title_kk, "title_ru": meeting.title_ru,
            "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "place": meeting.place,
            "format": meeting.format, "is_closed": meeting.is_closed, "is_extraordinary": meeting.is_extraordinary,
            "chair": meeting.chair_id, "secretary": meeting.secretary_id, "organiser_unit": meeting.organiser_unit_id,
            "members": [p.person_id for p in participants if p.person_id and p.role == Participant.Role.MEMBER],
            "invited": [p.person_id for p in participants if p.person_id and p.role == Participant.Role.INVITED],
            "invited_names": "\n".join(p.name for p in participants if not p.person_id),
            "materials_due_on": meeting.materials_due_on if meeting.kind not in services.MATERIALS_RULES else None,
        }  # fmt: skip


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=text_area(3), max_length=TEXT_MAX_LENGTH)


# --- the agenda ---------------------------------------------------------------------------------------------


class ItemForm(forms.Form):
    order = IntegerField(label=_("Order"), required=False, min_value=1, max_value=999)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=1000, widget=text_area(2))
    title_ru = forms.CharField(label=_("Title (Russian)"), required=False, max_length=1000, widget=text_area(2))
    speakers = PeopleField(label=_("Speakers"), queryset=people(), required=False)
    responsible_units = UnitsField(label=_("Responsible bodies"), queryset=_units(), required=False)
    curator = PersonChoiceField(label=_("Curating deputy"), queryset=people(), required=False, empty_label="—")
    minutes = IntegerField(label=_("Time, minutes"), required=False, min_value=1, max_value=600)
    draft_act = forms.TypedChoiceField(
        label=_("Draft resolution (a draft act)"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )

    def __init__(self, *args: Any, acts: list = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acts = {act.pk: act for act in acts}
        self.fields["draft_act"].choices = [("", "—"), *((act.pk, str(act)) for act in acts)]

    def data_for_service(self) -> services.ItemData:
        data = self.cleaned_data
        return services.ItemData(
            title_kk=data["title_kk"], title_ru=data["title_ru"], speakers=list(data["speakers"]),
            responsible_units=list(data["responsible_units"]), curator=data.get("curator"),
            minutes=data.get("minutes"), draft_act=self.acts.get(data.get("draft_act")), order=data.get("order"),
        )  # fmt: skip

    @staticmethod
    def initial_for(item: AgendaItem) -> dict[str, Any]:
        return {
            "order": item.order, "title_kk": item.title_kk, "title_ru": item.title_ru,
            "speakers": [p.pk for p in item.speakers.all()],
            "responsible_units": [u.pk for u in item.responsible_units.all()],
            "curator": item.curator_id, "minutes": item.minutes, "draft_act": item.draft_act_id,
        }  # fmt: skip


class MaterialForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Agenda item"), coerce=int, choices=())
    kind = forms.ChoiceField(label=_("Kind of material"), choices=with_blank(capitalised(Material.Kind.choices)))
    language = forms.ChoiceField(label=_("Language"), choices=capitalised(Material.Language.choices))
    file = forms.FileField(label=_("File"))
    visaed_by = forms.CharField(
        label=_("Visaed by"), required=False, max_length=300,
        help_text=_("The first head of the body that brings it, or the person acting (§5.7)."),
    )  # fmt: skip

    def __init__(self, *args: Any, items: list[AgendaItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["item"].choices = [(item.pk, str(item)) for item in items]


# --- attendance and votes (§5.4) ----------------------------------------------------------------------------


class AttendanceForm(forms.Form):
    """One row per participant: present or not, and who came instead of an absent one."""

    def __init__(self, *args: Any, participants: list[Participant] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for p in self.participants:
            self.fields[f"present_{p.pk}"] = forms.BooleanField(label=str(p), required=False, initial=bool(p.present))
            self.fields[f"substitute_{p.pk}"] = forms.CharField(
                label=_("Substitute"), required=False, max_length=300, initial=p.substitute
            )

    def rows(self) -> list[services.Attendance]:
        data = self.cleaned_data
        return [
            services.Attendance(
                participant=p, present=data.get(f"present_{p.pk}", False), substitute=data.get(f"substitute_{p.pk}", "")
            )
            for p in self.participants
        ]

    def pairs(self) -> list[tuple[Participant, Any, Any]]:
        return [(p, self[f"present_{p.pk}"], self[f"substitute_{p.pk}"]) for p in self.participants]


class VoteForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Agenda item"), coerce=int, choices=())
    votes_for = IntegerField(label=_("For"), min_value=0, max_value=999)
    votes_against = IntegerField(label=_("Against"), min_value=0, max_value=999)
    votes_abstained = IntegerField(label=_("Abstained"), min_value=0, max_value=999)

    def __init__(self, *args: Any, items: list[AgendaItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["item"].choices = [(item.pk, str(item)) for item in items]


# --- the protocol -------------------------------------------------------------------------------------------


class ProtocolForm(forms.Form):
    form = forms.ChoiceField(label=_("Form of the protocol"), choices=capitalised(Protocol.Form.choices))
    has_russian = forms.BooleanField(label=_("With a Russian version"), required=False)
    controller_unit = forms.ModelChoiceField(
        label=_("Control of execution (§8.5)"), queryset=_units(), required=False, widget=FastSelect, empty_label="—"
    )
    controller_person = PersonChoiceField(
        label=_("Controlling official"), queryset=people(), required=False, empty_label="—"
    )
    distribution = UnitsField(label=_("Addressee units"), queryset=_units(), required=False)
    distribution_names = forms.CharField(
        label=_("Other addressees"), required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(2),
        help_text=_("One per line."),
    )  # fmt: skip
    extract_only = forms.BooleanField(label=_("Send extracts of the points concerning each addressee"), required=False)

    def __init__(self, *args: Any, items: list[AgendaItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            for name, label in (("heard", _("Heard")), ("spoke", _("Spoke"))):
                for language in ("kk", "ru"):
                    key = f"{name}_{language}_{item.pk}"
                    self.fields[key] = forms.CharField(
                        label=f"{label} ({language})", required=False, max_length=TEXT_MAX_LENGTH, widget=text_area(3),
                        initial=getattr(item, f"{name}_{language}"),
                    )  # fmt: skip

    def sections(self) -> list[services.Section]:
        data = self.cleaned_data
        return [
            services.Section(
                item=item,
                heard_kk=data.get(f"heard_kk_{item.pk}", ""),
                heard_ru=data.get(f"heard_ru_{item.pk}", ""),
                spoke_kk=data.get(f"spoke_kk_{item.pk}", ""),
                spoke_ru=data.get(f"spoke_ru_{item.pk}", ""),
            )  # fmt: skip
            for item in self.items
        ]

    def item_fields(self) -> list[tuple[AgendaItem, list]]:
        return [
            (item, [self[f"{name}_{lang}_{item.pk}"] for name in ("heard", "spoke") for lang in ("kk", "ru")])
            for item in self.items
        ]

    @staticmethod
    def initial_for(protocol: Protocol) -> dict[str, Any]:
        rows = list(protocol.distribution.all())
        return {
            "form": protocol.form, "has_russian": protocol.has_russian, "controller_unit": protocol.controller_unit_id,
            "controller_person": protocol.controller_person_id,
            "distribution": [r.unit_id for r in rows if r.unit_id],
            "distribution_names": "\n".join(r.name for r in rows if not r.unit_id),
            "extract_only": any(r.extract_only for r in rows),
        }  # fmt: skip


class PointForm(forms.Form):
    number = forms.CharField(label=_("Point"), max_length=20)
    item = forms.TypedChoiceField(label=_("Agenda item"), coerce=int, empty_value=None, required=False, choices=())
    text_kk = forms.CharField(label=_("Content (Kazakh)"), widget=text_area(2), max_length=TEXT_MAX_LENGTH)
    text_ru = forms.CharField(
        label=_("Content (Russian)"), widget=text_area(2), max_length=TEXT_MAX_LENGTH, required=False
    )
    executor = ExecutorField(label=_("Executor"))
    co_units = UnitsField(label=_("Co-executors"), queryset=_units(), required=False)
    deadline = date_field(_("Deadline"))
    term_days = IntegerField(label=_("or term, working days"), required=False, min_value=1, max_value=250)

    def __init__(self, *args: Any, executors: list = (), items: list = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["executor"].choices = [("", "—"), *executors]
        self.fields["item"].choices = [("", "—"), *((item.pk, str(item)) for item in items)]


class BasePointFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, items: list[AgendaItem] = (), **kwargs: Any) -> None:
        self.executors = executor_choices()
        self.items = list(items)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        return {"executors": self.executors, "items": self.items}

    def points(self) -> list[services.PointData]:
        items = {item.pk: item for item in self.items}
        found = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("number"):
                continue
            executor = data["executor"]
            found.append(
                services.PointData(
                    number=data["number"],
                    text_kk=data["text_kk"],
                    text_ru=data.get("text_ru", ""),
                    item=items.get(data.get("item")),
                    lead_unit=executor if isinstance(executor, OrgUnit) else None,
                    lead_person=executor if isinstance(executor, Person) else None,
                    co_units=list(data["co_units"]),
                    deadline=data.get("deadline"),
                    term_days=data.get("term_days"),
                )  # fmt: skip
            )
        return found


#: the most points a protocol takes; a post claiming more forms is refused whole, never built form by form (a claimed
#: TOTAL_FORMS of 10^11 built the default absolute_max of 1,200 forms: 8 s and 5 MB a request)
MAX_POINTS = 100
PointFormSet = forms.formset_factory(
    PointForm, formset=BasePointFormSet, extra=2, can_delete=True, max_num=MAX_POINTS, absolute_max=MAX_POINTS
)


class SignForm(forms.Form):
    signed_on = date_field(_("Date of signature"), required=True)


# --- the registry -------------------------------------------------------------------------------------------

SORTS: dict[str, tuple[str, ...]] = {
    "type": ("meeting__type__order", "id"),
    "number": ("meeting__type__order", "year", "registered_on", "id"),
    "date": ("meeting__starts_at", "id"),
    "status": ("status", "id"),
}
DEFAULT_SORT = "-date"
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]
FILTER_FIELDS = ("type", "year", "status", "chair", "q")


class RegistryFilterForm(forms.Form):
    type = forms.ModelChoiceField(
        label=_("Type of meeting"), queryset=MeetingType.objects.all(), required=False, widget=FastSelect,
        empty_label="—",
    )  # fmt: skip
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None, choices=())
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=with_blank(capitalised(Protocol.Status.choices))
    )
    chair = PersonChoiceField(label=_("Chair"), queryset=people(), required=False, empty_label="—")
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, widget=forms.HiddenInput)

    def __init__(self, *args: Any, years: list[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "—"), *((y, str(y)) for y in years)]

    def values(self) -> dict[str, Any]:
        """The valid filters; an invalid one is ignored (a list never fails on a bad parameter)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


class UpcomingFilterForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[("", _("all I see")), ("mine", _("where I take part"))],
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=with_blank(capitalised(Kind.choices)))

    def values(self) -> dict[str, Any]:
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}
