"""Who sees an act (issue #13 §6, SPEC §6; 003 §9.4 for ДСП).

A draft: the developer unit (its members, heads and supervisors), its responsible person and creator, the
curating deputy, the approvers on its route (any round), the leadership (akim, deputies, head of apparatus),
the general department (registrars, its staff) and the legal service, auditors. A registered act: every member
of staff (a user holding a role in the apparatus), and the members of the units on its distribution list.
ДСП acts: ONLY those granted by name (the services grant the developer, approvers, signer, registrars and
addressees as the act moves). Versions, files, returns, points and the distribution list follow the act.
Always go through ``permissions.visible(user, Act)`` / ``permissions.get_object_for_user``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from akimat import permissions
from akimat.models import OrgUnit
from akimat.roles import Role

#: roles that see every act (ДСП aside)
SEE_ALL = frozenset({Role.AKIM, Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS, Role.REGISTRAR, Role.LEGAL_SERVICE,
                     Role.AUDITOR})  # fmt: skip
_ALL_SEEING_FUNCTIONS = (OrgUnit.Function.GENERAL, OrgUnit.Function.LEGAL)


def sees_every_act(user) -> bool:
    if permissions.roles_of(user) & SEE_ALL:
        return True
    units = permissions.unit_ids_of(user)
    if not units:
        return False
    return OrgUnit.objects.filter(pk__in=units, function__in=_ALL_SEEING_FUNCTIONS).exists()


def _visible_q(user) -> Q:
    """Acts this user (one principal) sees by role or by their part in them (ДСП aside): columns and pk__in
    subqueries only (the rule is flat)."""
    from acts.models import Act, Distribution
    from akimat.models import Visa

    if sees_every_act(user):
        return Q()
    units = permissions.unit_ids_of(user) | permissions.supervised_units(user)
    condition = Q(created_by=user.pk)
    person = getattr(user, "person", None)
    if person is not None:
        visas = Visa.objects.filter(subject_type=ContentType.objects.get_for_model(Act), approver=person)
        condition |= Q(developer=person.pk) | Q(curator=person.pk) | Q(signer=person.pk)
        condition |= Q(pk__in=visas.values("subject_id"))
    if units:
        condition |= Q(developer_unit__in=sorted(units))
        addressed = Distribution.objects.filter(unit__in=sorted(units)).values("act")
        condition |= Q(status=Act.Status.REGISTERED, pk__in=addressed)
    if permissions.roles_of(user):  # staff of the apparatus: every registered act
        condition |= Q(status=Act.Status.REGISTERED)
    return condition


def register() -> None:
    """Register the rules with akimat.permissions (from ActsConfig.ready)."""
    from acts.models import Act, ActFile, ActPoint, ActReturn, ActVersion, Distribution

    permissions.register(Act, filter_visible=_visible_q, restricted=Q(is_dsp=True), flat=True)
    for model in (ActVersion, ActReturn, ActPoint, Distribution):
        permissions.register(model, follows="act")
    permissions.register(ActFile, follows="version")
