"""Form widgets shared by the modules.

`FastSelect` and `FastSelectMultiple` render the same HTML as Django's Select and SelectMultiple, but
in one pass in Python: Django renders every <option> through a template of its own, which for the
hundreds of people and units of an executor list costs more than all the rest of a list page.
Use them for selects whose choices grow with the organisation (people, units, executors).
"""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from akimat.markup import esc


class FastSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = set(self.format_value(value))

        def options(choices) -> str:
            return "".join(
                f'<option value="{esc(key)}"{" selected" if str(key) in chosen else ""}>{esc(label)}</option>'
                for key, label in choices
            )

        parts = [
            f'<optgroup label="{esc(key)}">{options(label)}</optgroup>'
            if isinstance(label, (list, tuple))
            else options([(key, label)])
            for key, label in self.choices
        ]
        # every value and label went through esc()
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe("".join(parts)))


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """SelectMultiple's value handling (value_from_datadict, multiple attribute) with FastSelect's render."""


# --- dates: dd.mm.yyyy in every language (issue #12 §1) --------------------------------------------

# the browser's <input type=date> shows the date in the browser's locale (mm/dd/yyyy in an English
# browser, whatever the page's language); the apparatus writes dd.mm.yyyy in Kazakh, Russian and English.
# A text input with a numeric keyboard takes it; the server parses dd.mm.yyyy and still accepts ISO
# (akimat.request_values.DATE_INPUT_FORMATS).
DATE_PATTERN = r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}"
DATETIME_PATTERN = r"\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"


class DateInput(forms.DateInput):
    """A date typed and shown as dd.mm.yyyy in every language (the one date widget of the project's forms)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "inputmode": "numeric",
            "placeholder": _("dd.mm.yyyy"),
            "pattern": DATE_PATTERN,
            "title": _("A date as dd.mm.yyyy"),
            "autocomplete": "off",
            "maxlength": 10,
            "size": 10,
            "data-date-input": "",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d.%m.%Y")


class DateTimeInput(forms.DateTimeInput):
    """A moment typed and shown as dd.mm.yyyy hh:mm (the 24-hour clock) in every language."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "inputmode": "numeric",
            "placeholder": _("dd.mm.yyyy hh:mm"),
            "pattern": DATETIME_PATTERN,
            "title": _("A date and time as dd.mm.yyyy hh:mm"),
            "autocomplete": "off",
            "maxlength": 16,
            "size": 16,
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d.%m.%Y %H:%M")


# --- an ordered choice of several (the executors of a resolution, issue #12 §1) --------------------


class OrderedSelectMultiple(FastSelectMultiple):
    """Several values in the order chosen: the order is meaningful (the first executor leads, §9.16).

    Without JavaScript it is a column of numbered selects ("slots") of the same name, which the browser
    submits in document order; akimat/js/resolution.js turns it into a searchable picker with the chosen
    values as a list that can be reordered, and keeps hidden inputs of the same name in that order. The
    server reads the values in the submitted order either way. Option groups (people / departments) stay
    groups in the picker. `lead` (attrs "data-lead") names a select the picker limits to the chosen values.
    """

    def value_from_datadict(self, data, files, name: str) -> list[str]:
        getter = getattr(data, "getlist", None)
        values = getter(name) if getter else ([data[name]] if name in data else [])
        return [value for value in values if value]

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = [str(v) for v in self.format_value(value)]
        base_id = attrs.pop("id", f"id_{name}")
        picker_attrs = {k: v for k, v in attrs.items() if k.startswith("data-")}
        select_attrs = {k: v for k, v in attrs.items() if not k.startswith("data-") and k != "required"}

        def options(selected: str) -> str:
            def one(key, label) -> str:
                mark = " selected" if str(key) == selected and selected else ""
                return f'<option value="{esc(key)}"{mark}>{esc(label)}</option>'

            parts = [f'<option value="">{esc(BLANK_CHOICE)}</option>']
            for key, label in self.choices:
                if isinstance(label, (list, tuple)):
                    parts.append(f'<optgroup label="{esc(key)}">{"".join(one(k, v) for k, v in label)}</optgroup>')
                elif key:
                    parts.append(one(key, label))
            return "".join(parts)

        slots = []
        for number in range(1, max(SLOTS, len(chosen) + 2) + 1):
            slot_id = base_id if number == 1 else f"{base_id}_{number}"
            label = _("Executor %(number)s") % {"number": number}
            slots.append(
                f'<li><select name="{esc(name)}" id="{esc(slot_id)}" aria-label="{esc(label)}"{flatatt(select_attrs)}>'
                f"{options(chosen[number - 1] if number <= len(chosen) else '')}</select></li>"
            )
        texts = {
            "data-search-label": _("Find a person or a department"),
            "data-chosen-label": _("Chosen, in order"),
            "data-none": _("No one chosen yet."),
            "data-no-match": _("Nothing found."),
            "data-up": _("Move up"),
            "data-down": _("Move down"),
            "data-remove": _("Remove"),
            "data-lead-mark": _("lead"),
        }
        return format_html(
            '<div class="picker" data-picker data-name="{}"{}{}>'
            '<ol class="picker-slots" data-picker-slots>{}</ol></div>',
            name,
            flatatt(picker_attrs),
            flatatt({k: str(v) for k, v in texts.items()}),
            mark_safe("".join(slots)),  # every value and label went through esc()
        )


SLOTS = 5  # executors a resolution names without JavaScript at first (two more slots after each save)
BLANK_CHOICE = "—"
