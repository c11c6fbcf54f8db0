"""The admin's sign-in form under the same throttle as the site's (issue #11 point 3)."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm

from akimat.login_throttle import ThrottledLoginFormMixin


class ThrottledAdminAuthenticationForm(ThrottledLoginFormMixin, AdminAuthenticationForm):
    """Django's admin sign-in form that says so when the username and address are locked out."""


admin.site.login_form = ThrottledAdminAuthenticationForm
