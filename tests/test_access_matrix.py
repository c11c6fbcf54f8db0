"""The access matrix — issue #11 point 8 (SPEC §3.1, §9; 003 §9.4).

Every URL pattern of the project (walked from the resolver by tests/urlwalk.py, so a new view joins by itself)
× every role of the demo, with two sets of objects substituted into the URLs:

- a ДСП set: ДСП letters on control (an extension asked, a redirect asked, a report with its file and a removal
  proposed) and a ДСП outgoing draft on approval — granted by name only to the registrar, the akim and the finance
  executor who leads them, and the items reported on to the head of the finance department, who brings the memo on
  their removal (003 §12.14);
- a foreign set: the same objects, ordinary, of another department (construction) — seen by its people and by
  those who see everything (the general department's registrar and head, akim, head of apparatus, auditor,
  administrator).

For each role not entitled to a set the test fails, naming the URL and the role, when:
- a page with the set's objects in its URL answers 200 with their content (a marker word carried by every text
  of the set: summaries, instructions, reports, file names);
- a page without objects in its URL (lists, dashboards, reports, the admin's lists) is not exactly the page the
  role saw before the set existed: a row, a number or a count that includes it changes the page;
- a POST form that an entitled user is offered on those pages writes anything when the role posts it.
The forms are posted by the entitled user who was offered them too, and enough of those posts must succeed,
so the filled-in values are known to reach the services. The sets are added in turn, and a role's pages are read
before and after each run of sets it is not entitled to (`comparisons`), not at every step.
"""

from __future__ import annotations

import datetime
import io
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

import openpyxl
import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from pypdf import PdfReader

from akimat import permissions
from akimat.models import Notification, OrgUnit
from akimat.roles import Role
from control import services as control
from correspondence.models import Correspondent, Document
from correspondence.services import outgoing
from correspondence.services.workflow import issue_resolution
from meetings.services import renew_feed
from tests.acts.walk_objects import dsp_draft
from tests.appeals.walk_objects import appeal_ids, appeals_in_every_state, public_reception
from tests.factories import make_person, make_unit
from tests.meetings.walk_objects import ids_for, meetings_in_every_state
from tests.urlwalk import iter_patterns, parse_page, plausible, reverse_with, row_changes

MON_2026_03_16 = datetime.date(2026, 3, 16)
MON_2026_04_13 = datetime.date(2026, 4, 13)
# a client address of its own: the sign-in throttle counts failures per address
MATRIX_ADDRESS = "192.0.2.88"
# pages whose differences for a role are expected: the inbox lists a notification that says nothing of a
# restricted object (the marker check still holds there); signing out changes nothing
NOT_COMPARED = {"notifications", "logout", "health"}
# the numbering counters: gapless numbers shared by every letter of a journal show that a number was taken
# (003 §9.4 keeps the content of a ДСП letter, not its registration, from others), so they move
NOT_COMPARED |= {"admin:akimat_counter_changelist"}
# values that differ between two renders of the same page: tokens, nonces
_VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|submission)" value|nonce)="[^"]*"')
# how many of the forms offered to entitled users must succeed for them: the filled values reach the services
MIN_SUCCESSFUL_FORMS = 6
DRAFT_ACTIONS = ("sign", "check", "dispatch", "send_for_approval")
# a later deadline than the items' own, for the forms that ask for one (an extension)
LATER_DEADLINE = "2026-04-27"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 matrix\n", content_type="application/pdf")


@dataclass
class ObjectSet:
    """One set of objects substituted into the URLs, its marker word, and who may see it."""

    name: str
    marker: str
    entitled: set[str]
    ids: dict = field(default_factory=dict)
    #: the URL namespace of the set's own objects ("" for all) and one whose objects are another set's
    only: str = ""
    skip: str = ""


def build_set(
    w, *, name: str, marker: str, is_dsp: bool, lead, approver, entitled: set[str], planner, chair
) -> ObjectSet:
    """Letters on control in every state that offers a form, and an outgoing draft on approval."""

    def letter(number: str):
        document = Document.objects.create(
            kind=Document.Kind.INCOMING,
            status=Document.Status.REGISTERED,
            number=number,
            registered_on=MON_2026_03_16,
            correspondent=w.correspondent,
            summary=f"{marker} letter {number}",
            created_by=w.roles["registrar"],
            registered_by=w.roles["registrar"],
            addressee=Document.Addressee.AKIM,
            addressee_person=w.roles["akim"].person,
            is_dsp=is_dsp,
        )
        if is_dsp:
            for who in ("registrar", "akim"):
                permissions.grant_view(w.roles[who], document)
        resolution = issue_resolution(
            document,
            actor=w.roles["akim"],
            text=f"{marker} instruction {number}",
            executors=[lead.person],
            deadline=MON_2026_04_13,
        )
        return document, resolution.control_item

    prefix = "01-12" if is_dsp else "01-15"
    extended_letter, extended = letter(f"{prefix}/1")
    extension = control.request_extension(
        extended, actor=lead, reason=f"{marker} reason", new_deadline=datetime.date(2026, 4, 27)
    )
    _redirected_letter, redirected = letter(f"{prefix}/2")
    redirect = control.request_redirect(redirected, actor=lead, memo=f"{marker} memo")
    reported_letter, reported = letter(f"{prefix}/3")
    # one execution step (003 §9.23): the lead's report on the item fills the letter's execution card
    report = control.submit_report(reported, actor=lead, text=f"{marker} report", files=[_pdf(f"{marker}-report.pdf")])
    removal = control.propose_removal(
        reported, actor=w.roles["registrar"], memo=f"{marker} executed", ground="executed", assessment="executed"
    )
    draft = outgoing.create_outgoing(
        actor=lead,
        recipients=[w.correspondent],
        summary=f"{marker} outgoing draft",
        body=f"{marker} text",
        attachments_listed=1,
        files=[_pdf(f"{marker}-annex.pdf")],
        signer=w.roles["akim"].person,
        language="kk",
        is_dsp=is_dsp,
    )
    outgoing.send_for_approval(draft, actor=lead, approvers=[approver.person])
    from akimat.models import Attachment

    ids = {
        "kind": "incoming",
        "correspondence:pk": extended_letter.pk,
        "control:pk": extended.pk,
        "attachment_download:pk": Attachment.objects.for_object(report).get().pk,
        "control:extension_decide:request_pk": extension.pk,
        "control:redirect_decide:pk": redirected.pk,
        "control:redirect_decide:request_pk": redirect.pk,
        "control:removal_decide:pk": reported.pk,
        "control:removal_decide:proposal_pk": removal.pk,
        "control:removal_agree:pk": reported.pk,
        "control:removal_agree:proposal_pk": removal.pk,
        "correspondence:card:pk": reported_letter.pk,
        "correspondence:execution_card:pk": reported_letter.pk,
        "correspondence:propose_removal:pk": reported_letter.pk,
        **{f"correspondence:{name}:pk": draft.pk for name in DRAFT_ACTIONS},
        # the draft's visa (the core route, issue #13 §2)
        "akimat:visa_decide:pk": draft.approvals.get().pk,
        # a ДСП draft act of the lead's unit (tests/acts/walk_objects.py says why ДСП)
        "acts:pk": dsp_draft(developer=lead, marker=marker).pk,
        # closed meetings (§5.3) of the lead's unit, planned and with a protocol on approval, kept by `planner`, chaired
        # by `chair`, the lead speaking: granted by name to these alone (an open meeting is seen by every deputy and
        # the organisational department, whom the sets of letters do not entitle)
        **_meeting_ids(planner=planner, chair=chair, lead=lead, marker=marker),
        # a calendar feed's token is its own entitlement (a secret URL, issue #14 §1): the feed of someone who sees
        # nothing, read by every role, must not carry the set
        "meetings:token": w.feed_token,
        # someone else's notification about the set: the lead's
        "notification_read:pk": Notification.objects.filter(recipient=lead).order_by("pk").first().pk,
    }
    return ObjectSet(name=name, marker=marker, entitled=entitled, ids=ids)


def _meeting_ids(*, planner, chair, lead, marker: str) -> dict[str, int]:
    found = meetings_in_every_state(
        planner=planner, chair=chair, secretary=planner, unit=lead.person.unit, speaker=lead, marker=marker,
        is_closed=True, controller=lead.person.unit,
    )  # fmt: skip
    return ids_for(found["planned"], found["on_approval"])


@pytest.fixture
def matrix_clock():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def people(matrix_clock, settings, tmp_path, org, registrar, akim, deputy, head_of_apparatus, department_head, executor,
           auditor, outsider, general_head):  # fmt: skip
    """A user of every role of the demo, the other department's people, and a correspondent."""
    settings.MEDIA_ROOT = tmp_path
    construction = make_unit("Construction department", parent=org.apparatus)
    construction_head = make_person("construction_head", unit=construction, roles=(Role.DEPARTMENT_HEAD,))
    construction.head = construction_head
    construction.save(update_fields=["head"])
    organisational = make_unit("Organisational department", parent=org.apparatus)
    roles = {
        "registrar": registrar,
        "akim": akim,
        "deputy": deputy,
        "head_of_apparatus": head_of_apparatus,
        "department_head": department_head,
        # the head of the controlling unit (003 §12.4(2)): reads as the profile says, a department head by role
        "general_head": general_head,
        "executor": executor,
        "auditor": auditor,
        "legal_service": make_person("legal", unit=org.apparatus, roles=(Role.LEGAL_SERVICE,)).user,
        "org_department": make_person("org_officer", unit=organisational, roles=(Role.ORG_DEPARTMENT,)).user,
        "appeals_officer": make_person("appeals", unit=organisational, roles=(Role.APPEALS_OFFICER,)).user,
        "construction_head": construction_head.user,
        "construction_executor": make_person("construction_executor", unit=construction, roles=(Role.EXECUTOR,)).user,
        "outsider": outsider,
        "superuser": User.objects.create_superuser("admin", "admin@example.kz", "pass"),
        "anonymous": None,
    }
    correspondent = Correspondent.objects.create(name="Department of education of the oblast", kind="state_body")
    assert OrgUnit.objects.filter(pk=org.general.pk).exists()
    reader = make_person("feed_reader", unit=org.external).user
    feed_token = renew_feed(reader, only_mine=False).token
    # the akim's reception schedule and today's reception day, published to everyone (001 §7): there before any set
    public = public_reception(officer=roles["appeals_officer"], official=akim.person)
    return SimpleNamespace(roles=roles, correspondent=correspondent, feed_token=feed_token, public_reception=public)


# --- what a role is shown -----------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client(raise_request_exception=False, REMOTE_ADDR=MATRIX_ADDRESS)
    if user is not None:
        client.force_login(user)
    return client


def _plain_pages() -> list[tuple[str, str]]:
    """(name, url) of every pattern without objects in its URL (the journal of each kind counts as one)."""
    pages = []
    for pattern in iter_patterns():
        if pattern.kwargs and set(pattern.kwargs) != {"kind"}:
            continue
        for kind in ("incoming", "outgoing", "internal") if pattern.kwargs else ("",):
            url = reverse_with(pattern, {"kind": kind})
            if url is not None:
                pages.append((str(pattern), url))
    return pages


def _object_urls(object_set: ObjectSet) -> list[tuple[str, str]]:
    urls = []
    for pattern in iter_patterns():
        if not pattern.kwargs or set(pattern.kwargs) == {"kind"}:
            continue
        if object_set.only and not (pattern.name or "").startswith(f"{object_set.only}:"):
            continue
        if object_set.skip and (pattern.name or "").startswith(f"{object_set.skip}:"):
            continue
        url = reverse_with(pattern, object_set.ids)
        assert url is not None, f"the access matrix has no object for {pattern} ({pattern.route})"
        urls.append((str(pattern), url))
    return urls


def _normalised(response) -> str:
    """What a page shows: its text without tokens; a workbook's cells; a PDF's text (not their zip or dates)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        sheets = openpyxl.load_workbook(io.BytesIO(body), read_only=True).worksheets
        return repr([list(sheet.iter_rows(values_only=True)) for sheet in sheets])
    if kind.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return _VOLATILE.sub(r'\1=""', body.decode(errors="replace"))


def snapshot(roles: dict, pages: list[tuple[str, str]], seen_before: dict) -> dict:
    """Each role's view of each page, with every notification marked read (the unread badge is not data).

    Only the pages a role could open the first time it was read (`seen_before`, filled here) are read
    again: a page refused to a role (403, a redirect to sign in) is refused whatever the data.
    """
    Notification.objects.update(read_at=timezone.now())
    seen = {}
    for role, user in roles.items():
        client = _client(user)
        for name, url in pages:
            if name in NOT_COMPARED or seen_before.get((role, url), 200) != 200:
                continue
            response = client.get(url)
            seen[(role, url)] = (response.status_code, _normalised(response))
            seen_before.setdefault((role, url), response.status_code)
    return seen


def comparisons(roles: dict, entitled: list[set[str]]) -> list[tuple[str, int, int]]:
    """(role, from, to): the points between which a role's pages must not change, the sets being added in turn
    (point k is after the k-th set, 0 before any). A run of sets a role is not entitled to is one comparison —
    its pages as before the first and after the last — so a role is read twice for each run, not at every
    point; a role entitled to every set is never read."""
    found = []
    for role in roles:
        start = None
        for k, whom in enumerate(entitled, start=1):
            if role not in whom:
                start = k - 1 if start is None else start
                continue
            if start is not None:
                found.append((role, start, k - 1))
                start = None
        if start is not None:
            found.append((role, start, len(entitled)))
    return found


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


@dataclass
class Matrix:
    failures: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def fail(self, message: str) -> None:
        self.failures.append(message)

    def post(self, client: Client, url: str, data: dict) -> tuple[int, list[str]]:
        """POST in a savepoint that is rolled back; (status, tables written)."""
        self.counts["post"] += 1
        with transaction.atomic():
            before = row_changes()
            response = client.post(url, data)
            after = row_changes()
            written = sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))
            transaction.set_rollback(True)
        return response.status_code, written


def compare(matrix: Matrix, sets: list[ObjectSet], role: str, before: dict, after: dict) -> None:
    """A role not entitled to `sets` sees every page exactly as before they existed."""
    names = " and ".join(object_set.name for object_set in sets)
    for (who, url), (status, body) in after.items():
        if who != role or (role, url) not in before:
            continue
        matrix.counts["compared"] += 1
        old_status, old_body = before[(role, url)]
        shown = [object_set for object_set in sets if object_set.marker in body]
        if shown:
            matrix.fail(f"{url} as {role} shows the {shown[0].name} set ({shown[0].marker})")
        elif (status, body) != (old_status, old_body):
            changed = _first_difference(old_body, body)
            matrix.fail(f"{url} as {role} changed when the {names} set was added: {changed}")


def _first_difference(old: str, new: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    return f"…{old[max(at - 60, 0) : at + 60]!r} → …{new[max(at - 60, 0) : at + 60]!r}"


def check_objects(matrix: Matrix, object_set: ObjectSet, roles: dict) -> list[tuple[str, str, dict]]:
    """GET every page of the set's objects as every role; returns the POST forms entitled users are offered."""
    offered: dict[tuple, tuple[str, str, dict]] = {}
    urls = _object_urls(object_set)
    for role, user in roles.items():
        client = _client(user)
        for name, url in urls:
            matrix.counts["get"] += 1
            response = client.get(url)
            text = _text(response)
            if role not in object_set.entitled:
                if response.status_code == 200 and object_set.marker in text:
                    matrix.fail(f"GET {url} ({name}) as {role}: 200 with the {object_set.name} set's content")
                continue
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in parse_page(url, text).forms:
                if form.method != "post" or not _names_the_set(form.action, object_set):
                    continue
                data = plausible(form)
                data.update({n: [LATER_DEADLINE] for n, v in data.items() if n.endswith("deadline") and v == [""]})
                offered.setdefault((form.action, tuple(sorted(data))), (role, form.action, data))
    return list(offered.values())


def _names_the_set(action: str, object_set: ObjectSet) -> bool:
    """Whether a form's target is a page of an object (its URL carries ids), i.e. an action on the set."""
    try:
        match = resolve(action)
    except Resolver404:
        return False
    return bool(set(match.kwargs) - {"kind"})


def check_actions(matrix: Matrix, object_set: ObjectSet, roles: dict, offered) -> int:
    """Every offered form, posted by every role not entitled, writes nothing; returns how many succeed for
    the entitled user who was offered it."""
    succeeded = 0
    clients = {role: _client(user) for role, user in roles.items()}
    for owner, action, data in offered:
        _status, written = matrix.post(clients[owner], action, data)
        succeeded += bool(written)
        for role in roles:
            if role in object_set.entitled:
                continue
            status, written = matrix.post(clients[role], action, data)
            if written:
                matrix.fail(
                    f"POST {action} as {role} ({status}) wrote {', '.join(written)} on the {object_set.name} set"
                )
    return succeeded


@pytest.mark.django_db
def test_issue11_p8_no_role_sees_counts_or_acts_on_what_it_may_not(people):
    """issue #11 point 8: every URL pattern × every role × a ДСП set, another department's set and an appeal's."""
    started = time.monotonic()
    roles, matrix = people.roles, Matrix()
    pages = _plain_pages()
    everyone = set(roles) - {"anonymous"}
    sees_all = {"registrar", "general_head", "akim", "head_of_apparatus", "auditor", "superuser"}

    foreign_entitled = sees_all | {"construction_head", "construction_executor"}
    # the head of the executing department is granted an item once its lead reports: the memo on removal is theirs
    restricted_entitled = {"registrar", "akim", "executor", "department_head"}
    # appeals hold personal data (issue #15 §4): seen by the appeals department, the addressee and the auditors
    # (and, the apparatus having no appeals department, the head of the general department: 004 §14.2, §14.7)
    appeal_entitled = {"appeals_officer", "general_head", "akim", "auditor", "superuser"}
    # the sets are added in this order; each role's pages are read at the points its comparisons need
    plan = comparisons(roles, [foreign_entitled, restricted_entitled, appeal_entitled])
    # everyone signs in once before any page is read: a role first read at a later point must not change the
    # "last login" of the users' list that another role read before
    for user in roles.values():
        _client(user)
    first_status: dict = {}
    snapshots: dict[int, dict] = {}

    def read(point: int) -> None:
        readers = {role: roles[role] for role, start, end in plan if point in (start, end)}
        snapshots[point] = snapshot(readers, pages, first_status)

    read(0)
    foreign = build_set(
        people,
        name="foreign",
        marker="Foreignword",
        is_dsp=False,
        lead=roles["construction_executor"],
        approver=roles["construction_head"],
        entitled=foreign_entitled,
        planner=roles["construction_head"],
        chair=roles["akim"],
    )
    read(1)
    restricted = build_set(
        people,
        name="ДСП",
        marker="Dspword",
        is_dsp=True,
        lead=roles["executor"],
        approver=roles["akim"],
        entitled=restricted_entitled,
        planner=roles["registrar"],
        chair=roles["akim"],
    )
    read(2)
    found = appeals_in_every_state(
        officer=roles["appeals_officer"], head=roles["general_head"], addressee=roles["akim"].person,
        marker="Appealword", public=people.public_reception,
    )  # fmt: skip
    appeal = ObjectSet(
        name="appeal", marker="Appealword", entitled=appeal_entitled, ids={**restricted.ids, **appeal_ids(found)},
        only="appeals",
    )  # fmt: skip
    read(3)
    for object_set in (foreign, restricted):
        object_set.skip = "appeals"  # the appeal set's objects

    sets = [foreign, restricted, appeal]
    for role, start, end in plan:
        compare(matrix, sets[start:end], role, snapshots[start], snapshots[end])
    succeeded = 0
    for object_set in (foreign, restricted, appeal):
        assert object_set.entitled <= everyone
        offered = check_objects(matrix, object_set, roles)
        matrix.counts[f"forms {object_set.name}"] = len(offered)
        succeeded += check_actions(matrix, object_set, roles, offered)

    elapsed = time.monotonic() - started
    print(
        f"\naccess matrix: {len(pages)} plain pages + {len(_object_urls(foreign))} object pages × {len(roles)} roles"
        f" × 3 sets: {dict(matrix.counts)}, {succeeded} forms succeeded for their owner, {elapsed:.0f} s"
    )
    assert not matrix.failures, f"{len(matrix.failures)} failures:\n" + "\n".join(matrix.failures)
    assert succeeded >= MIN_SUCCESSFUL_FORMS, f"only {succeeded} offered forms succeed for their entitled owner"


def test_the_matrix_reads_a_role_before_and_after_each_run_of_sets_it_is_not_entitled_to():
    entitled = [{"registrar", "head"}, {"registrar", "executor"}, {"head"}]
    roles = dict.fromkeys(["registrar", "head", "executor", "outsider"])

    assert comparisons(roles, entitled) == [
        ("registrar", 2, 3),  # entitled to the first two sets: their pages change, then must not
        ("head", 1, 2),
        ("executor", 0, 1),
        ("executor", 2, 3),
        ("outsider", 0, 3),  # entitled to none: as before any set, after all three
    ]
