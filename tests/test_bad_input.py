"""No server error and no partial write on any input — issue #11 point 6.

The walking test visits every URL pattern of the project (tests/urlwalk.py), as every role, with a fixed
corpus of bad values in every query parameter and every field of every form the pages render; it fails on
any 500 and on any write made by a request that did not succeed (not a redirect). Below it, a small test
of each case the issue lists; the readers and fields behind the fixes are tested in
tests/akimat/test_request_values.py.
"""

from __future__ import annotations

import datetime
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from akimat.models import Notification, OrgUnit
from akimat.roles import Role
from control import services as control
from control.models import Issuer, SourceKind
from correspondence.models import Correspondent, Document
from correspondence.services import outgoing
from correspondence.services import registration as register
from correspondence.services.workflow import issue_resolution
from meetings.services import renew_feed
from tests.acts.walk_objects import acts_in_every_state
from tests.appeals.walk_objects import appeal_ids, appeals_in_every_state
from tests.factories import make_person, make_unit
from tests.meetings.walk_objects import ids_for, meetings_in_every_state
from tests.urlwalk import Form, PageParser, iter_patterns, parse_page, plausible, rendered, reverse_with, row_changes

MON_2026_03_16 = datetime.date(2026, 3, 16)
MON_2026_04_13 = datetime.date(2026, 4, 13)

NUL = "a\x00b"
HUGE = "99999999999999999999"
DATES = ("9999-12-31", "0001-01-01", "2026-02-30", "31.12.9999", "00.00.0000")
NUMBERS = (HUGE, "-1", "-99999999999")
UNICODE_DIGITS = ("²", "١٢٣")
LONG = "x" * 100_000
CORPUS = (NUL, *NUMBERS, *DATES, *UNICODE_DIGITS, LONG, "\u202e", "", "   ")

# parameters many pages read, tried on every page besides those its own GET forms and links name
COMMON_PARAMS = (
    "q", "page", "on", "week", "quarter", "sort", "format", "answers", "date", "from", "to", "year",
    "kind", "scope", "export", "lang", "next", "status", "o", "p",
)  # fmt: skip

# a client address of its own: the sign-in throttle counts failures per address (akimat.views.auth)
WALKER_ADDRESS = "192.0.2.66"


# --- the world ------------------------------------------------------------------------------------------


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 walker", content_type="application/pdf")


@pytest.fixture
def world(
    world_clock,
    settings,
    tmp_path,
    org,
    registrar,
    akim,
    deputy,
    head_of_apparatus,
    department_head,
    executor,
    auditor,
    outsider,
):
    """Every role, a superuser, and one object of every kind a URL names, in a state that offers its forms."""
    settings.MEDIA_ROOT = tmp_path
    roles = {
        "registrar": registrar,
        "akim": akim,
        "deputy": deputy,
        "head_of_apparatus": head_of_apparatus,
        "department_head": department_head,
        "executor": executor,
        "auditor": auditor,
        "legal_service": make_person("legal", unit=org.apparatus, roles=(Role.LEGAL_SERVICE,)).user,
        "org_department": make_person("org_officer", unit=org.general, roles=(Role.ORG_DEPARTMENT,)).user,
        "appeals_officer": _appeals_head(org),
        "outsider": outsider,
        "superuser": User.objects.create_superuser("admin", "admin@example.kz", "pass"),
        "anonymous": None,
    }
    correspondent = Correspondent.objects.create(name="Department of education of the oblast", kind="state_body")

    # an incoming letter with the akim's resolution, on control, the executor leading it
    incoming = Document.objects.create(
        kind=Document.Kind.INCOMING,
        status=Document.Status.REGISTERED,
        number="01-12/1",
        registered_on=MON_2026_03_16,
        correspondent=correspondent,
        summary="On the preparation of schools for the heating season",
        created_by=registrar,
        registered_by=registrar,
        addressee=Document.Addressee.AKIM,
        addressee_person=akim.person,
    )
    resolution = issue_resolution(
        incoming, actor=akim, text="Prepare the answer", executors=[executor.person], deadline=MON_2026_04_13
    )
    # an outgoing draft on approval (the department head's visa waits), with a file
    draft = outgoing.create_outgoing(
        actor=executor,
        recipients=[correspondent],
        summary="On the heating season",
        body="Text of the letter",
        attachments_listed=1,
        files=[_pdf("annex.pdf")],
        signer=deputy.person,
        language="kk",
    )
    outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    # a letter signed and waiting for the check, and one registered and waiting for dispatch
    signed = outgoing.create_outgoing(
        actor=executor,
        recipients=[correspondent],
        summary="On the school buses",
        body="Text of the letter",
        attachments_listed=0,
        signer=deputy.person,
        language="ru",
    )
    outgoing.send_for_approval(signed, actor=executor, approvers=[department_head.person])
    outgoing.decide_visa(signed.approvals.get(), actor=department_head, agree=True)
    outgoing.sign(signed, actor=deputy)
    registered = outgoing.create_outgoing(
        actor=executor,
        recipients=[correspondent],
        summary="On the road repairs",
        body="Text of the letter",
        attachments_listed=0,
        signer=deputy.person,
        language="kk",
    )
    outgoing.send_for_approval(registered, actor=executor, approvers=[department_head.person])
    outgoing.decide_visa(registered.approvals.get(), actor=department_head, agree=True)
    outgoing.sign(registered, actor=deputy)
    outgoing.check_and_register(registered, actor=registrar, addressee_ok=True, attachments_ok=True)
    memo = outgoing.create_memo(
        actor=department_head, addressee=head_of_apparatus.person, summary="On the staff", body="Text"
    )

    # control items: one with an extension request, one with a redirect request, one proposed for removal
    def put(text: str):
        return control.put_on_control(
            actor=registrar,
            text=text,
            issuer=Issuer.AKIM,
            issuer_person=akim.person,
            lead=executor.person,
            controller=org.general,
            source_kind=SourceKind.STANDALONE,
            source_label="Instruction of the akim at the apparatus meeting",
            received_on=MON_2026_03_16,
            deadline=MON_2026_04_13,
        )

    extended = put("Prepare the information on the heating season")
    extension = control.request_extension(
        extended, actor=executor, reason="The data come late", new_deadline=datetime.date(2026, 4, 27)
    )
    redirected = put("Check the bus routes")
    redirect = control.request_redirect(redirected, actor=executor, memo="Not our competence")
    removed = put("Repair the school roof")
    control.submit_report(removed, actor=executor, text="Done", files=[_pdf("report.pdf")])
    removal = control.propose_removal(
        removed, actor=registrar, memo="Executed", ground="executed", assessment="executed"
    )
    register.return_unregistered(actor=registrar, reason="No signature", norm="§9.14", sender_name="A citizen")

    item = resolution.control_item
    base = {"kind": "incoming", "notification_read:pk": Notification.objects.order_by("pk").first().pk}
    base["attachment_download:pk"] = outgoing.files_of(draft)[0].pk
    id_sets = [
        {**base, "correspondence:pk": incoming.pk, "control:pk": item.pk, "kind": "incoming"},
        {**base, "correspondence:pk": draft.pk, "control:pk": extended.pk, "kind": "outgoing"},
        {**base, "correspondence:pk": signed.pk, "control:pk": redirected.pk, "kind": "internal"},
        {**base, "correspondence:pk": registered.pk, "control:pk": removed.pk},
        {**base, "correspondence:pk": memo.pk, "control:pk": removed.pk},
    ]
    # acts (issue #13 §6): a draft, one on approval, one to sign, one registered — one per id set
    acts = acts_in_every_state(developer=executor, unit=org.finance, registrar=registrar)
    for ids, act in zip(id_sets, [*acts.values(), acts["draft"]], strict=True):
        ids["acts:pk"] = act.pk
    # meetings (issue #14 §6): planned, held, and held with a protocol drafted, on approval, to sign, registered
    found = meetings_in_every_state(
        planner=roles["org_department"], chair=akim, secretary=roles["org_department"], unit=org.finance,
        speaker=department_head,
    )  # fmt: skip
    pairs = [("planned", "registered"), ("held", "to_sign"), ("draft", "draft"), ("on_approval", "on_approval"),
             ("to_sign", "to_sign")]  # fmt: skip
    token = renew_feed(registrar, only_mine=False).token  # the registrar's calendar feed (issue #14 §1)
    for ids, (state, fallback) in zip(id_sets, pairs, strict=True):
        ids.update(ids_for(found[state], found[fallback]))
        ids["meetings:token"] = token
    # appeals (issue #15): registered complete, lacking requisites, deficient — the appeals officer heads the
    # appeals department, so that the deficiency's term is theirs to set
    appeals = appeals_in_every_state(
        officer=roles["appeals_officer"], head=roles["appeals_officer"], addressee=akim.person
    )
    for ids, state in zip(id_sets, ["complete", "lacking", "deficient", "complete", "complete"], strict=True):
        ids.update(appeal_ids(appeals))
        ids["appeals:pk"] = appeals[state].pk
    for ids in id_sets:
        ids["control:extension_decide:pk"] = extended.pk
        ids["control:extension_decide:request_pk"] = extension.pk
        ids["control:redirect_decide:pk"] = redirected.pk
        ids["control:redirect_decide:request_pk"] = redirect.pk
        ids["control:removal_decide:pk"] = removed.pk
        ids["control:removal_decide:proposal_pk"] = removal.pk
        ids["control:removal_agree:pk"] = removed.pk
        ids["control:removal_agree:proposal_pk"] = removal.pk
        ids["akimat:visa_decide:pk"] = draft.approvals.get().pk  # the core route (issue #13 §2)
    return SimpleNamespace(roles=roles, id_sets=id_sets)


def _appeals_head(org):
    """The head of the appeals department (003 §13.2), an appeals officer by role."""
    unit = make_unit("Appeals department", parent=org.apparatus, function=OrgUnit.Function.APPEALS)
    person = make_person("appeals", unit=unit, roles=(Role.APPEALS_OFFICER,))
    unit.head = person
    unit.save(update_fields=["head"])
    return person.user


def vulnerable_values(name: str, kind: str, turn: int) -> list[str]:
    """The bad values one field gets alone: NUL, a huge number, those its kind is vulnerable to, one in turn."""
    values = [NUL] if kind in ("textarea", "checkbox") else [NUL, HUGE]  # a long text or a box: no number
    if kind in ("date", "datetime-local") or name.endswith(("_on", "_at", "date", "deadline", "week", "from", "to")):
        values += ["9999-12-31", "0001-01-01", "31.12.9999"]
    if kind == "number" or name.endswith(("_listed", "count", "sheets", "answers", "page", "year")):
        values += ["-99999999999", "²"]
    elif kind in ("select", "select-multiple", "hidden", "radio"):
        values.append("²")  # an id: int() refuses it, isdigit() does not
    values.append(CORPUS[turn % len(CORPUS)])
    return list(dict.fromkeys(values))


# --- the walk -----------------------------------------------------------------------------------------------


@dataclass
class Walk:
    """Sends requests, each in a savepoint rolled back after it, and collects what went wrong."""

    failures: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    seconds: Counter = field(default_factory=Counter)  # per view: where the walk's time goes
    requests: Counter = field(default_factory=Counter)  # per view

    def send(self, client: Client, role: str, method: str, url: str, data: dict, what: str):
        self.counts[method] += 1
        started = time.monotonic()
        with transaction.atomic():
            before = row_changes()
            response = getattr(client, method)(url, data)
            if response.status_code >= 500:
                self.failures.append(f"{response.status_code} {method.upper()} {url} as {role}: {what}")
            elif not 300 <= response.status_code < 400:
                after = row_changes()
                changed = sorted(
                    table
                    for table in before.keys() | after.keys()
                    if before.get(table, (0, 0)) != after.get(table, (0, 0))
                )
                if changed:
                    self.failures.append(
                        f"write without success ({response.status_code}: {', '.join(changed)}) "
                        f"{method.upper()} {url} as {role}: {what}"
                    )
            transaction.set_rollback(True)
        self.seconds[_pattern_of(url)] += time.monotonic() - started
        self.requests[_pattern_of(url)] += 1
        return response


def _show(value: str) -> str:
    return repr(value if len(value) < 30 else f"{value[:10]}…({len(value)} chars)")


def _pattern_of(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def walk_pages(world, walk: Walk) -> dict:
    """GET every page as every role; the corpus in the parameters and forms of what each page offers.

    Sampled to keep the walk near a minute on a small machine:
    - every pattern is opened by every role: an object's own page (its route ends with the object's id:
      a document, a control item, a journal) with each object of the world, an action under it
      (…/<pk>/visa/) with the first object — its form is on the object's page, posted from there;
    - a pattern gets the whole corpus in every parameter at once (its GET forms', its links', the common
      ones), one request per value, from the first role that opens it, and one value in turn from a further
      role offered parameters no role before it was; from that first role also each parameter of its links
      and GET forms alone, the others as linked or rendered, with the values its kind is vulnerable to
      (?week=9999-12-31&format=pdf);
    - a form (its target pattern and fields) gets the whole corpus in every field at once from the first
      role offered it, then each field alone with the values its kind is vulnerable to, the others filled
      as a user would (so that one bad field reaches the service) — of a form's repeated rows (a route's
      approver_0, approver_1, …) the first row stands for the others; a second role posts two values in turn.
    """
    patterns = iter_patterns()
    stats = {"patterns": len(patterns), "unfilled": [], "urls": 0, "forms": 0}
    plan: list[tuple[str, list[str]]] = []
    for pattern in patterns:
        built = sorted({reverse_with(pattern, ids) for ids in world.id_sets} - {None})
        if not built:
            stats["unfilled"].append(str(pattern))
        plan.append((str(pattern), built if pattern.route.endswith(">/") else built[:1]))
        stats["urls"] += len(plan[-1][1])
    queried: dict[str, set[frozenset[str]]] = {}  # pattern -> the parameter sets it was given bad values in
    posted: Counter = Counter()  # (target pattern, fields) -> roles that posted it
    turn = 0
    for role, user in world.roles.items():
        client = Client(raise_request_exception=False, REMOTE_ADDR=WALKER_ADDRESS)
        if user is not None:
            client.force_login(user)
        opened: dict[str, str] = {}  # pattern -> the URL this role opened it with first
        for pattern, urls in plan:
            if pattern == "logout":
                continue  # it would sign the walker out; it reads no input
            for url in urls:
                page = walk.send(client, role, "get", url, {}, "no parameters")
                if page.status_code != 200:
                    continue
                html = "html" in page.get("Content-Type", "")
                parsed = parse_page(url, page.content.decode()) if html else PageParser(url)
                turn += 1
                params = _params(parsed)
                tried = queried.setdefault(pattern, set())
                # one object per role is enough for the query, and a role offered nothing new adds nothing
                if url == opened.setdefault(pattern, url) and params not in tried:
                    _query(walk, client, role, url, parsed, params, not tried, turn)
                    tried.add(params)
                for form in parsed.forms:
                    target = _pattern_of(form.action)
                    key = (target, tuple(sorted(form.names)))
                    if form.method == "post" and target != "logout" and posted[key] < 2:
                        posted[key] += 1
                        stats["forms"] += posted[key] == 1
                        _post(walk, client, role, form, posted[key] == 1, turn)
                        turn += len(form.fields)
                if not html:
                    break  # a download: the other objects give the same kind of file
    return stats


def _params(parsed: PageParser) -> frozenset[str]:
    """The query parameters a page is tried with: the common ones, its links' and its GET forms'."""
    params = set(COMMON_PARAMS) | {name for link in parsed.links for name, _value in link}
    params.update(name for form in parsed.forms if form.method == "get" for name in form.names)
    return frozenset(params)


def _query(
    walk: Walk, client: Client, role: str, url: str, parsed: PageParser, params: frozenset, first: bool, turn: int
) -> None:
    """The corpus in the parameters of a page: all at once; the first time also each one alone."""
    get_forms = [form for form in parsed.forms if form.method == "get"]
    for value in CORPUS if first else [CORPUS[turn % len(CORPUS)]]:
        walk.send(client, role, "get", url, dict.fromkeys(params, value), f"every parameter = {_show(value)}")
    if not first:
        return
    alone: dict[tuple[str, ...], dict[str, list[str]]] = {}  # one link or form per set of parameter names
    for link in sorted(parsed.links):
        alone.setdefault(tuple(name for name, _value in link), {name: [value] for name, value in link})
    for form in get_forms:
        alone.setdefault(tuple(form.names), rendered(form))
    kinds = {name: kind for form in get_forms for name, kind, _value in form.fields}
    for names, given in alone.items():
        for name in names:
            if kinds.get(name) == "submit":
                continue
            turn += 1
            for value in vulnerable_values(name, kinds.get(name, ""), turn):
                data = {**given, name: value}
                walk.send(client, role, "get", url, data, f"{name} = {_show(value)} in ?{urlencode(given, doseq=True)}")


# a field of a repeated row after the first: approver_1, order_12, form-3-text
_LATER_ROW = re.compile(r"^.+?[-_](?!0+(?:\D|$))\d+(?:[-_].*)?$")


def _post(walk: Walk, client: Client, role: str, form: Form, first: bool, turn: int) -> None:
    """The corpus in a form: every field at once; the first time also each field alone on a plausible filling."""
    for value in CORPUS if first else [CORPUS[turn % len(CORPUS)], CORPUS[(turn + 7) % len(CORPUS)]]:
        walk.send(client, role, "post", form.action, dict.fromkeys(form.names, value), f"every field = {_show(value)}")
    if not first:
        return
    filled = plausible(form)
    for name, kind, _value in form.fields:
        if kind in ("submit", "file", "selected") or name in ("csrfmiddlewaretoken", "submission"):
            continue
        if _LATER_ROW.match(name):
            continue  # row 0 of the same field stands for it
        turn += 1
        for value in vulnerable_values(name, kind, turn):
            walk.send(client, role, "post", form.action, {**filled, name: value}, f"{name} = {_show(value)}")


@pytest.fixture
def world_clock():
    """Monday 16 March 2026, 10:00 in Almaty, for the world and the walk."""
    with time_machine.travel(datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.mark.django_db
def test_issue11_p6_no_page_answers_500_or_writes_on_bad_input(world):
    """issue #11 point 6: every URL pattern x every role x the corpus: no 500, no write without success.

    Size on 2026-12-04: 86 patterns (95 URLs with the world's objects; 28 of the admin's changelist and add
    pages) x 13 roles (the ten of akimat.roles, a superuser, an outsider, anonymous) x 15 values, and the 28
    forms those pages offer: about 2,250 GET and 900 POST requests, 95-100 s on the 2-core development
    machine. Run with -s to see the size and the slowest views of a run. It found, before the fixes: a NUL
    in the correspondent search and directory and in an admin list filter; a day past the calendar in the
    returns journal and the weekly list (its HTML, PDF and XLSX); "²" as an id in the outgoing form's
    `answers` (query and post) and as the correspondent picked on the registration and return forms.
    """
    walk = Walk()
    started = time.monotonic()
    stats = walk_pages(world, walk)
    elapsed = time.monotonic() - started
    slowest = ", ".join(
        f"{name} {seconds:.1f} s/{walk.requests[name]}" for name, seconds in walk.seconds.most_common(12)
    )
    summary = (
        f"bad-input walk: {stats['patterns']} patterns ({stats['urls']} URLs) x {len(world.roles)} roles x "
        f"{len(CORPUS)} values, {stats['forms']} forms: {walk.counts['get']} GET + {walk.counts['post']} POST "
        f"in {elapsed:.0f} s; slowest: {slowest}"
    )
    print("\n" + summary)
    assert not stats["unfilled"], f"patterns without ids in world.id_sets: {stats['unfilled']}"
    assert not walk.failures, f"{summary}\n{len(walk.failures)} failures:\n" + "\n".join(walk.failures)


# --- the cases the issue lists, one by one ------------------------------------------------------------------


@pytest.fixture
def signed_in(client, world_clock):
    """Sign a user in (with a preferred language) and return the client."""

    def sign_in(user, language: str = "en") -> Client:
        user.person.preferred_language = language
        user.person.save(update_fields=["preferred_language"])
        client.force_login(user)
        return client

    return sign_in


@pytest.mark.django_db
def test_issue11_p6_a_nul_byte_in_the_correspondent_search_and_directory_is_ignored(signed_in, registrar):
    Correspondent.objects.create(name="Ministry of Finance", kind="central_body")
    client = signed_in(registrar)

    search = client.get(reverse("correspondence:correspondent_search"), {"q": "Minis\x00try"})
    directory = client.get(reverse("correspondence:correspondents"), {"q": "Minis\x00try"})

    assert search.status_code == 200 and [r["name"] for r in search.json()["results"]] == ["Ministry of Finance"]
    assert directory.status_code == 200 and "Ministry of Finance" in directory.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_issue11_p6_the_returns_journal_ignores_a_day_outside_the_calendar(signed_in, registrar, day):
    response = signed_in(registrar).get(reverse("correspondence:returns"), {"on": day})

    assert response.status_code == 200
    assert response.context["day"] == MON_2026_03_16  # today's journal instead


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["", "pdf"])
def test_issue11_p6_the_weekly_list_says_a_week_past_the_calendar_is_out_of_range(signed_in, registrar, fmt):
    response = signed_in(registrar, "ru").get(
        reverse("control:control_reports:weekly_list"), {"week": "9999-12-31", "format": fmt}
    )

    assert response.status_code == 400
    assert "Выберите дату в пределах 1992–2100 годов." in response.content.decode()


@pytest.mark.django_db
def test_issue11_p6_a_receipt_date_past_the_calendar_is_a_form_error_and_puts_nothing_on_control(
    signed_in, registrar, akim, executor, org
):
    from control.models import ControlItem

    response = signed_in(registrar, "kk").post(
        reverse("control:create"),
        {
            "text": "Prepare the information",
            "issuer": Issuer.AKIM,
            "issuer_person": akim.person.pk,
            "lead": f"person:{executor.person.pk}",
            "controller": org.general.pk,
            "received_on": "9999-12-31",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == ["1992 – 2100 жылдар аралығындағы күнді таңдаңыз."]
    assert not ControlItem.objects.exists()


def _outgoing_post(correspondent, deputy, **fields) -> dict:
    return {
        "recipients": [correspondent.pk],
        "summary": "On the heating season",
        "body": "Text of the letter",
        "attachments_listed": "0",
        "language": "kk",
        "signer": deputy.person.pk,
        **fields,
    }


@pytest.mark.django_db
def test_issue11_p6_a_number_of_attachments_past_the_column_is_a_form_error(signed_in, executor, deputy):
    correspondent = Correspondent.objects.create(name="Department of education", kind="state_body")

    response = signed_in(executor).post(
        reverse("correspondence:outgoing_new"),
        _outgoing_post(correspondent, deputy, attachments_listed="99999999999999999999"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["attachments_listed"] == [
        "Ensure this value is less than or equal to 2147483647."
    ]
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_issue11_p6_a_unicode_digit_as_the_answered_document_is_no_document(signed_in, executor, deputy):
    """ "²" passes str.isdigit() and fails int(): in the query it is ignored, in the form it is no document."""
    correspondent = Correspondent.objects.create(name="Department of education", kind="state_body")
    client = signed_in(executor)

    page = client.get(reverse("correspondence:outgoing_new"), {"answers": "²"})
    posted = client.post(
        reverse("correspondence:outgoing_new"), _outgoing_post(correspondent, deputy, is_answer="on", answers="²")
    )

    assert page.status_code == 200 and not page.context["form"].initial.get("is_answer")
    assert posted.status_code == 200
    assert posted.context["form"].errors["answers"] == [
        "There is no incoming document with this number that you may see."
    ]
    assert not Document.objects.exists()
