"""What control tells people, in each recipient's language (SPEC §3.5, 003 §12.4)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from akimat.notifications import Action, Draft, notify_many
from control.models import ControlItem

# What a notification asks for; the service that does it marks it done (akimat.notifications.complete_action).
REPORT = Action("control.report", _("execution report"))
PART = Action("control.part", _("the co-executor's part"))
DECIDE_EXTENSION = Action("control.decide_extension", _("decision on the extension"))
DECIDE_REDIRECT = Action("control.decide_redirect", _("decision on the redirect"))
PROPOSE_REMOVAL = Action("control.propose_removal", _("proposal to remove from control"))
DECIDE_REMOVAL = Action("control.decide_removal", _("decision on removal from control"))
AGREE_REMOVAL = Action("control.agree_removal", _("agreement of the memo on removal from control"))

ACTIONS = {
    "new_item": REPORT,
    "reminder_3_days": REPORT,
    "deadline_today": REPORT,
    "overdue": REPORT,
    "report_due_body": REPORT,
    "report_due_co": PART,
    "report_submitted": PROPOSE_REMOVAL,
    "extension_requested": DECIDE_EXTENSION,
    "redirect_requested": DECIDE_REDIRECT,
    "removal_proposed": DECIDE_REMOVAL,
    "removal_memo_to_agree": AGREE_REMOVAL,
    "removal_memo_agreed": DECIDE_REMOVAL,
}

# title and body of each kind; %(number)s, %(deadline)s, %(text)s, %(date)s come from the item
MESSAGES = {
    "new_item": (
        _("New instruction on control № %(number)s, deadline %(deadline)s"),
        _("You are an executor of the instruction: %(text)s"),
    ),
    "report_submitted": (
        _("Execution reported: № %(number)s"),
        _("The lead executor reported on execution. Propose removal from control or return it."),
    ),
    "co_executor_part": (
        _("A co-executor gave their part: № %(number)s"),
        _("A co-executor submitted their part of the execution."),
    ),
    "extension_requested": (
        _("Extension requested: № %(number)s"),
        _("The lead executor asks to extend the deadline. Grant or refuse it."),
    ),
    "extension_granted": (
        _("Deadline extended: № %(number)s, new deadline %(deadline)s"),
        _("The request for extension was granted."),
    ),
    "extension_refused": (
        _("Extension refused: № %(number)s, deadline %(deadline)s"),
        _("The request for extension was refused."),
    ),
    "redirect_requested": (
        _("Redirect requested: № %(number)s"),
        _("The lead executor says the instruction is not within their competence and asks to redirect it."),
    ),
    "redirect_decided": (
        _("Decision on redirect: № %(number)s"),
        _("The issuer decided on your redirect request."),
    ),
    "removal_proposed": (
        _("Removal from control proposed: № %(number)s"),
        _("A memo proposes to remove the instruction from control. Decide on it."),
    ),
    # 003 §12.14: the memo of the department's head goes through the curating deputy head of apparatus
    "removal_memo_to_agree": (
        _("Memo on removal from control to agree: № %(number)s"),
        _("The head of the executing department brings a memo on removal from control. Agree it or return it."),
    ),
    "removal_memo_agreed": (
        _("Memo on removal from control agreed: № %(number)s"),
        _("The curating deputy head of apparatus agreed the memo on removal from control. Decide on it."),
    ),
    "removal_memo_not_agreed": (
        _("Memo on removal from control not agreed: № %(number)s"),
        _("The curating deputy head of apparatus did not agree the memo; the instruction stays on control."),
    ),
    "removed_from_control": (
        _("Removed from control: № %(number)s"),
        _("The instruction was removed from control."),
    ),
    "period_closed": (
        _("Period accepted: № %(number)s, next deadline %(deadline)s"),
        _("The report for the period was accepted; the instruction stays on control with its next date."),
    ),
    "removal_refused": (
        _("Removal refused: № %(number)s"),
        _("The instruction stays on control."),
    ),
    "deadline_moved": (
        _("Deadline moved by a calendar change: № %(number)s, now %(deadline)s"),
        _("The working-day calendar changed, so the deadline was counted again."),
    ),
    # reminders (003 §12.4, §12.13)
    "reminder_3_days": (
        _("3 working days left: № %(number)s, deadline %(deadline)s"),
        _("The deadline of the instruction is near: %(text)s"),
    ),
    "deadline_today": (
        _("Deadline today: № %(number)s"),
        _("Today is the deadline of the instruction: %(text)s"),
    ),
    "overdue": (
        _("Overdue: № %(number)s, deadline was %(deadline)s"),
        _("The deadline of the instruction has passed: %(text)s"),
    ),
    "report_due_body": (
        _("Information due %(date)s: № %(number)s"),
        _("Executing bodies send their information 5 working days before the deadline (§12.13)."),
    ),
    "report_due_co": (
        _("Your part is due to the lead executor %(date)s: № %(number)s"),
        _("Co-executors send their part to the lead executor 7 working days before the deadline (§12.13)."),
    ),
    # 003 §12.3
    "roadmap_due": (
        _("Roadmap due %(date)s: № %(number)s"),
        _("An act of the President: its roadmap is drawn up and approved within 5 working days of receipt (§12.3)."),
    ),
    "submission_due": (
        _("Documents due to the apparatus %(date)s: № %(number)s"),
        _("An urgent instruction: the documents are submitted to the apparatus 10 calendar days ahead (§12.3)."),
    ),
}


def item_url(item: ControlItem) -> str:
    try:
        return reverse("control:item", args=[item.pk])
    except NoReverseMatch:  # pragma: no cover - before the screens are wired
        return ""


def draft(item: ControlItem, kind: str, recipient, *, key: str | None = None, date=None) -> Draft:
    """One notification about an item; the key defaults to the current deadline."""
    title, body = MESSAGES[kind]
    return Draft(
        recipient=recipient,
        kind=f"control.{kind}",
        obj=item,
        key=key if key is not None else item.deadline.isoformat(),
        title=title,
        body=body,
        url=item_url(item),
        context={"number": item.number, "deadline": item.deadline, "text": item.text[:200], "date": date},
        action=ACTIONS.get(kind),
    )


def notify_item(item: ControlItem, kind: str, *, recipients, key: str | None = None) -> int:
    """Tell each recipient (once per item, kind and key) about an event of the item."""
    unique = {user.pk: user for user in recipients}.values()
    return len(notify_many(draft(item, kind, user, key=key) for user in unique))


def notify_executors_of_new_item(item: ControlItem) -> int:
    from control import access

    users = list(access.lead_users(item))
    for row in item.executors.filter(is_lead=False).select_related("person__user", "unit__head__user"):
        users += access._active_users([row.person]) if row.person_id else access._unit_people(row.unit)
    lead_key = ",".join(str(r.person_id or f"u{r.unit_id}") for r in item.executors.filter(is_lead=True))
    return notify_item(item, "new_item", recipients=users, key=lead_key)


def notify_deadline_moved(changed) -> int:
    """Tell the lead executors of items whose deadline a calendar change moved (lead rows read in one query)."""
    from control import access
    from control.models import ControlExecutor

    by_item = {item.pk: item for item, _old, _new in changed}
    people = access.UnitPeople()
    drafts = []
    leads = ControlExecutor.objects.filter(item_id__in=by_item, is_lead=True).select_related(
        "person__user", "unit__head__user"
    )
    for row in leads:
        drafts += [draft(by_item[row.item_id], "deadline_moved", user) for user in people.of_row(row)]
    return len(notify_many(drafts))
