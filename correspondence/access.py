"""Who sees a document (SPEC §3.1, 003 §9.4).

The author, the registrar, the addressee, those it was routed to, the executors of its resolutions
and their department heads, the leadership by supervised area, and people granted it by name.
The akim, the head of apparatus, auditors and the controlling unit of the regulation profile (the general
department, its staff and its head: akimat.permissions.controller_reads) see every document — except
documents for official use only (ДСП), which ONLY people granted access by name see: they never
appear in lists, search results, exports, PDFs or counts to anyone else, administrators included.
Always go through `visible_documents()` / `get_document_for_user()`, never Document.objects directly.
"""

from django.db.models import Q, QuerySet

from akimat import permissions
from akimat.roles import Role
from correspondence.models import Document

#: roles that see every document besides the controlling unit (a rule of the profile, not a role: 003 §12.4(2))
SEE_ALL = frozenset({Role.AKIM, Role.HEAD_OF_APPARATUS, Role.AUDITOR})


def sees_every_document(user) -> bool:
    """Whether the user (or anyone they act for) reads every journal and document, ДСП aside."""
    return bool(permissions.roles_of(user) & SEE_ALL) or permissions.controller_reads(user, "documents")


def reader_keys(user) -> list[str]:
    """The keys of Document.readers that open a document to this user (one principal): the documents they
    created or registered, those naming their person (author, signer, addressee, routed to, resolution
    author, approver, executor), those of an executing body they belong to, and, for the units they head or
    supervise, the documents of those units as executing bodies and of their people as executors."""
    keys = [f"u{user.pk}"]
    person = getattr(user, "person", None)
    if person is None:
        return keys
    watched = permissions.headed_units(user) | permissions.supervised_units(user)
    bodies = watched | {person.unit_id} if person.unit_id else watched
    keys.append(f"p{person.pk}")
    keys += [f"e{unit}" for unit in sorted(bodies)]
    keys += [f"w{unit}" for unit in sorted(watched)]
    return keys


def _visible_q(user) -> Q:
    """Documents this user (one principal) sees by their role or their part in them (ДСП aside).

    One overlap of two short arrays, served by a GIN index: the keys are kept on the document by the
    database (migration 0003), so the rule never joins deliveries, resolutions or executors per row.
    """
    if sees_every_document(user):
        return Q()
    return Q(readers__overlap=reader_keys(user))


def register() -> None:
    """Register the rule with akimat.permissions (from CorrespondenceConfig.ready)."""
    from correspondence.models import Resolution

    permissions.register(Document, filter_visible=_visible_q, restricted=Q(is_dsp=True), flat=True)
    # a resolution carries its letter's restriction to the control item it puts on control (SPEC §3.1)
    permissions.derive(Resolution, parent=lambda resolution: resolution.document)


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
