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
