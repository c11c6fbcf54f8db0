"""What acts notifications ask their recipients to do; the service that does it marks them done."""

from django.utils.translation import gettext_lazy as _

from akimat.notifications import Action

# 003 §10.13: the developer reworks a returned draft (or asks to withdraw it)
REWORK = Action("acts.rework", _("rework of the draft act"))
# 003 §10.15: the akim (the head of apparatus for an apparatus order) signs the agreed act
SIGN = Action("acts.sign", _("signature of the act"))
# 003 §10.16: the general department registers the signed act
REGISTER = Action("acts.register", _("registration of the act"))
# the normative act is submitted for state registration with the justice body
STATE_REGISTRATION = Action("acts.state_registration", _("state registration of the act"))
