"""The appeals journal (issue #15 §4; §13.3: the appeals' own journal): filters, search, sorting, XLSX export, and
the applicant's card with all their appeals. Only what the user may see (appeals/access.py): the counts, the page
and the export read the same visible queryset."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from acts.views import PAGE_SIZE
from akimat import permissions, workdays
from akimat.expressions import EqualsAny
from akimat.request_values import parse_int
from appeals import access, export, services
from appeals.forms import DEFAULT_SORT, SORTS, JournalFilterForm
from appeals.models import Appeal, AppealApplicant, AppealLink, Applicant
from appeals.reception.models import ReceptionCard, Signup
from correspondence.views.journals import COUNT_LIMIT, JournalPage

FILTER_FIELDS = ("kind", "channel", "status", "addressee", "date_from", "date_to", "repeat")


def module_nav(current: str, user) -> list[dict[str, Any]]:
    items = [("journal", reverse("appeals:index"), _("Appeals journal"))]
    if services.may_register(user):
        items.append(("register", reverse("appeals:register"), _("Register an appeal")))
        items.append(("import", reverse("appeals:import"), _("Import from e-Otinish")))
    return [{"url": url, "label": label, "current": name == current} for name, url, label in items]


def _search(text: str) -> Q:
    """An appeal by its number, by a word of its essence, or by its applicant's name, IIN or BIN — each through an
    index (appeals/migrations/0003). The applicants' appeals are one array read once (EqualsAny): ORed with the
    other two as `pk IN (subquery)` they would be a filter tested on every appeal of the journal, not a probe of
    the primary key beside the number's and the essence's indexes (a bitmap OR)."""
    text = text.strip()
    found = Q(number__iexact=text.lstrip("№ ").strip()) | Q(summary__icontains=text)
    digits = text.replace(" ", "")
    applicants = Applicant.objects.filter(
        Q(surname__iexact=text) | Q(organisation__icontains=text) | Q(iin=digits) | Q(bin=digits)
    )
    theirs = AppealApplicant.objects.filter(applicant__in=applicants).order_by().values("appeal")
    return found | Q(EqualsAny(F("pk"), ArraySubquery(theirs)))


def journal_queryset(user, params) -> tuple[JournalFilterForm, QuerySet]:
    form = JournalFilterForm(params)
    data = form.values()
    appeals = permissions.visible(user, Appeal.objects.all())
    for name in ("kind", "channel", "status", "addressee"):
        if value := data.get(name):
            appeals = appeals.filter(**{name: value})
    if value := data.get("date_from"):
        appeals = appeals.filter(registered_on__gte=value)
    if value := data.get("date_to"):
        appeals = appeals.filter(registered_on__lte=value)
    if data.get("repeat"):
        appeals = appeals.filter(pk__in=AppealLink.objects.filter(kind=AppealLink.Kind.REPEAT).values("appeal"))
    if text := (data.get("q") or "").strip():
        appeals = appeals.filter(_search(text))
    sort = data.get("sort") or DEFAULT_SORT
    names = SORTS[sort.lstrip("-")]
    order = [F(n).desc() if sort.startswith("-") else F(n).asc() for n in names]
    return form, appeals.order_by(*order)


def _rows(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("addressee").prefetch_related("applicants")


def journal_page(appeals: QuerySet, page_param: str | None) -> JournalPage:
    """The journal's page, its count stopping at COUNT_LIMIT + 1 as elsewhere (acts.views.paginate), with the access
    rule evaluated once: the keys of the first COUNT_LIMIT + 1 matches in the journal's order give the count and the
    keys of the page, whose rows are then read by key. (A count and a page as two queries evaluate the rule twice,
    and for an executor it reads the appeals of their department's resolutions: the most of such a page.) A page past
    the first COUNT_LIMIT matches is read as before, by offset."""
    number = parse_int(page_param, min_value=1) or 1
    keys = list(appeals.values_list("pk", flat=True)[: COUNT_LIMIT + 1])
    count = len(keys)
    exact = count <= COUNT_LIMIT
    if exact:
        number = min(number, max(1, -(-count // PAGE_SIZE)))
    offset = (number - 1) * PAGE_SIZE
    if offset + PAGE_SIZE < len(keys) or exact:
        wanted = keys[offset : offset + PAGE_SIZE + 1]
        found = {appeal.pk: appeal for appeal in _rows(Appeal.objects.filter(pk__in=wanted))} if wanted else {}
        rows = [found[pk] for pk in wanted]
    else:
        rows = list(_rows(appeals)[offset : offset + PAGE_SIZE + 1])
    return JournalPage(
        number=number,
        rows=rows[:PAGE_SIZE],
        has_next=len(rows) > PAGE_SIZE,
        count=min(count, COUNT_LIMIT),
        count_is_exact=exact,
        page_size=PAGE_SIZE,
    )


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    """The appeals journal; `?format=xlsx` downloads what the filters show."""
    form, appeals = journal_queryset(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        output = export.write_journal_xlsx(request.user, _rows(appeals).iterator(chunk_size=500))
        filename = f"appeals-{workdays.today():%Y-%m-%d}.xlsx"
        return FileResponse(output, as_attachment=True, filename=filename, content_type=export.XLSX_CONTENT_TYPE)
    page = journal_page(appeals, request.GET.get("page"))
    for appeal in page.rows:
        appeal.names = [a.display_name for a in appeal.applicants.all()]
    context = {
        "form": form,
        "page": page,
        "sort": form.values().get("sort") or DEFAULT_SORT,
        "filtered": any(form.values().get(name) for name in FILTER_FIELDS) or bool(form.values().get("q")),
        "may_register": services.may_register(request.user),
        "nav": module_nav("journal", request.user),
    }
    return render(request, "appeals/journal.html", context)


def reception_signups(user, applicant: Applicant) -> list[Signup]:
    """The applicant's sign-ups for personal reception that the user sees (appeals/reception/access.py), the newest
    first, each with its card as `visible_card` when the user may open it (None otherwise): two queries."""
    cards = permissions.visible(user, ReceptionCard.objects.only("pk", "signup_id"))
    return list(
        permissions.visible(user, Signup.objects.filter(applicant=applicant))
        .select_related("day", "official")
        .prefetch_related(Prefetch("card", queryset=cards, to_attr="visible_card"))
        .order_by("-signed_up_at", "-pk")[:200]
    )


@login_required
def applicant_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's card (issue #15 §4): who they are and all their appeals the user may see."""
    applicant = permissions.get_object_for_user(request.user, Applicant, pk)
    appeals = list(
        permissions.visible(request.user, Appeal.objects.filter(pk__in=applicant.parties.values("appeal")))
        .select_related("addressee")
        .order_by("-registered_on", "-seq")[:200]
    )
    iin = access.shown_iin(request.user, appeals[0], applicant) if appeals else ""
    context = {
        "applicant": applicant, "appeals": appeals, "iin": iin, "signups": reception_signups(request.user, applicant),
        "nav": module_nav("", request.user),
    }  # fmt: skip
    return render(request, "appeals/applicant.html", context)
