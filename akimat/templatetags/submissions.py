"""{% submission_token %}: the hidden one-time token of a create form (akimat.submissions, issue #11 point 7)."""

from django import template
from django.utils.safestring import SafeString

from akimat import submissions

register = template.Library()


@register.simple_tag
def submission_token() -> SafeString:
    """A hidden field with a fresh token: the view decorated with @submit_once then creates once."""
    return submissions.hidden_input()
