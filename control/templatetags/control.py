"""Template tags of control: the traffic light (SPEC §5), drawn the same way on every page."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from akimat.markup import esc

register = template.Library()


@register.simple_tag
def light(colour: str, label: str) -> SafeString:
    """The traffic light as a coloured dot and its text: colour is never the only signal. A tag rather
    than an included template, as lists draw it on every row."""
    return mark_safe(light_html(colour, label))


def light_html(colour: str, label: str) -> str:
    """The markup of {% light %}, for rows written in Python (correspondence's journal rows)."""
    return (
        f'<span class="light light-{esc(colour)}"><span class="light-dot" aria-hidden="true"></span>'
        f'<span class="light-text">{esc(label)}</span></span>'
    )
