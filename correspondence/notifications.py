"""What correspondence notifications ask their recipients to do; the service that does it marks them done."""

from django.utils.translation import gettext_lazy as _

from akimat.notifications import Action

# 003 §9.16: the addressee of a registered incoming letter writes a resolution on it
RESOLVE = Action("correspondence.resolve", _("resolution"))
# 003 §9.22: each approver in turn agrees or returns the draft
VISA = Action("correspondence.visa", _("approval (visa)"))
SIGN = Action("correspondence.sign", _("signature"))
