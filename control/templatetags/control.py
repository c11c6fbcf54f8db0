"""Template tags of control: the traffic light (SPEC §5), drawn the same way on every page."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def light(colour: str, label: str) -> SafeString:
    """The traffic light as a coloured dot and its text: colour is never the only signal. A tag rather
    than an included template, as lists draw it on every row."""
    return format_html(
        '<span class="light light-{}"><span class="light-dot" aria-hidden="true"></span>'
        '<span class="light-text">{}</span></span>',
        colour,
        label,
    )
