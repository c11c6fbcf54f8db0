"""Readable names of the history actions control writes (shown in the item's history)."""

from django.utils.translation import gettext_lazy as _

from akimat.history import register_actions

ACTIONS = {
    "put_on_control": _("put on control"),
    "report_submitted": _("execution report submitted"),
    "co_executor_part": _("co-executor's part submitted"),
    "extension_requested": _("extension requested"),
    "extension_granted": _("extension granted"),
    "extension_refused": _("extension refused"),
    "redirect_requested": _("redirect requested"),
    "redirect_approved": _("redirect approved"),
    "redirect_refused": _("redirect refused"),
    "removal_proposed": _("removal from control proposed"),
    "removal_memo_agreed": _("memo on removal agreed by the curating deputy head of apparatus"),
    "removal_memo_not_agreed": _("memo on removal not agreed by the curating deputy head of apparatus"),
    "removed_from_control": _("removed from control"),
    "removal_refused": _("removal refused"),
    "period_closed": _("period accepted, next date set"),
    "deadline_recomputed": _("deadline counted again after a calendar change"),
}


def register() -> None:
    register_actions(ACTIONS)
