"""Who sees a document (SPEC §3.1, 003 §9.4).

The author, the registrar, the addressee, those it was routed to, the executors of its resolutions
and their department heads, the leadership by supervised area, and people granted it by name.
The general department, the akim, the head of apparatus and auditors see every document — except
documents for official use only (ДСП), which ONLY people granted access by name see: they never
appear in lists, search results, exports, PDFs or counts to anyone else, administrators included.
Always go through `visible_documents()` / `get_document_for_user()`, never Document.objects directly.
"""

from django.db.models import Q, QuerySet

from akimat import permissions
from akimat.roles import Role
from correspondence.models import Approval, Delivery, Document, Resolution, ResolutionExecutor

SEE_ALL = frozenset({Role.REGISTRAR, Role.AKIM, Role.HEAD_OF_APPARATUS, Role.AUDITOR})


def _visible_q(user) -> Q:
    """Documents this user (one principal) sees by their role or their part in them (ДСП aside)."""
    if permissions.roles_of(user) & SEE_ALL:
        return Q()
    person = getattr(user, "person", None)
    mine = Q(created_by=user) | Q(registered_by=user)
    if person is None:
        return mine
    watched = permissions.headed_units(user) | permissions.supervised_units(user)
    executors = ResolutionExecutor.objects.filter(
        Q(person=person) | Q(unit_id=person.unit_id) | Q(person__unit_id__in=watched) | Q(unit_id__in=watched)
    ).values("resolution__document_id")
    routed = Delivery.objects.filter(person=person).values("document_id")
    resolved = Resolution.objects.filter(author=person).values("document_id")
    approving = Approval.objects.filter(approver=person).values("document_id")
    # columns and pk__in subqueries only, never a join: no duplicate rows, no DISTINCT over 200,000 rows
    return (
        mine
        | Q(author=person)
        | Q(signer=person)
        | Q(addressee_person=person)
        | Q(pk__in=routed)
        | Q(pk__in=executors)
        | Q(pk__in=resolved)
        | Q(pk__in=approving)
    )


def register() -> None:
    """Register the rule with akimat.permissions (from CorrespondenceConfig.ready)."""
    permissions.register(Document, filter_visible=_visible_q, restricted=Q(is_dsp=True), flat=True)


def visible_documents(user, queryset: QuerySet | None = None) -> QuerySet:
    """The documents the user may see, as one SQL query; ДСП only when granted by name."""
    return permissions.visible(user, Document.objects.all() if queryset is None else queryset)


def get_document_for_user(user, pk, *, change: bool = False) -> Document:
    """The document, or 404 for anyone who may not see it (a ДСП document does not exist for them)."""
    return permissions.get_object_for_user(user, Document, pk, change=change)


def grant(document: Document, *users) -> None:
    """Grant a ДСП document by name (the registrar, addressees, executors get it when they take part)."""
    for user in users:
        if user is not None:
            permissions.grant_view(user, document)
