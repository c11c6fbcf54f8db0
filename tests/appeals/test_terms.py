"""Terms and answers of an appeal (issue #15 §2): the answer term of APPK art. 76 from the day of receipt, another
term a law sets, the extension by the head or a deputy capped at two months and told within 3 working days, the
preliminary notice of APPK art. 73 before an unfavourable answer, dispatch until 18:00 (§13.4), removal from control
only on the final reasoned answer (001 §33), and control's reminders for an appeal's item. Clock pinned at 10:00
Almaty on Tuesday 17 March 2026; Nauryz keeps 21–25 March off."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from akimat.history import history_for
from akimat.models import Attachment, Notification
from appeals import services
from appeals.models import Appeal, AppealNotice, Result
from control import reminders
from control.models import ControlItem, Decision
from tests.appeals.conftest import at, pdf, sat_2026_03_14, tue_2026_03_17, wed_2026_03_18

pytestmark = pytest.mark.django_db

thu_2026_03_19 = datetime.date(2026, 3, 19)
fri_2026_03_20 = datetime.date(2026, 3, 20)
thu_2026_03_26 = datetime.date(2026, 3, 26)
tue_2026_04_07 = datetime.date(2026, 4, 7)
thu_2026_04_09 = datetime.date(2026, 4, 9)
fri_2026_04_10 = datetime.date(2026, 4, 10)
mon_2026_04_13 = datetime.date(2026, 4, 13)
mon_2026_05_18 = datetime.date(2026, 5, 18)


def _item(appeal: Appeal) -> ControlItem:
    appeal.refresh_from_db()
    return appeal.resolution.control_item


def _final(appeal, actor, **changes):
    values = {"result": Result.SATISFIED, "text": "Көше жарықтандырылады", "file": pdf(), "outgoing_number": "ЖТ-1/1"}
    values.update(changes)
    return services.answer(appeal, actor=actor, **values)


# --- APPK art. 76: the answer term ----------------------------------------------------------------------------


def test_appk_76_the_term_is_15_working_days_from_the_day_of_receipt(consider, resolved):
    appeal = resolved()

    assert appeal.term_from == tue_2026_03_17
    assert appeal.due_on == appeal.initial_due_on == fri_2026_04_10
    assert appeal.resolution.term_rule == "appeals.answer_term"


def test_appk_76_64_an_appeal_received_on_a_saturday_counts_from_the_next_working_day(consider, resolved):
    """APPK art. 64 makes Monday 16 March the day of receipt of an appeal that came on Saturday: 15 working days
    from it, not from the Saturday (which would give 8 April)."""
    appeal = resolved(received_at=at(sat_2026_03_14, 11))

    assert appeal.term_from == datetime.date(2026, 3, 16)
    assert appeal.due_on == thu_2026_04_09


def test_appk_76_a_term_set_by_another_law_needs_its_basis(consider, sent):
    appeal = sent()
    with pytest.raises(ValidationError, match="Name the law"):
        services.resolve(appeal, actor=consider.akim, lead=consider.executor.person, legal_term=5)

    resolution = services.resolve(
        appeal, actor=consider.akim, lead=consider.executor.person, legal_term=5,
        legal_basis="«Қазақстан Республикасындағы тіл туралы» Заң",
    )  # fmt: skip

    appeal.refresh_from_db()
    assert appeal.due_on == resolution.due_on == resolution.control_item.deadline == datetime.date(2026, 3, 27)


def test_appk_76_the_official_may_set_an_earlier_date_never_a_later_one(consider, sent):
    appeal = sent()
    with pytest.raises(ValidationError, match="10.04.2026"):
        services.resolve(appeal, actor=consider.akim, lead=consider.executor.person, due_on=mon_2026_04_13)

    resolution = services.resolve(appeal, actor=consider.akim, lead=consider.executor.person, due_on=tue_2026_04_07)

    assert resolution.control_item.deadline == tue_2026_04_07


# --- APPK art. 76: extension -----------------------------------------------------------------------------------


def test_appk_76_a_deputy_extends_the_term_and_the_control_item_follows(consider, resolved):
    appeal = resolved()

    extension = services.extend(appeal, actor=consider.deputy, new_due=datetime.date(2026, 5, 8), reason="Сараптама")

    appeal.refresh_from_db()
    item = _item(appeal)
    assert appeal.due_on == item.deadline == extension.new_due_on == datetime.date(2026, 5, 8)
    assert extension.old_due_on == appeal.initial_due_on == fri_2026_04_10
    assert item.extension_count == 1
    # counted by control's reports as an approved extension
    request = item.extension_requests.get()
    assert (request.status, request.old_deadline, request.new_deadline) == (
        Decision.APPROVED,
        fri_2026_04_10,
        datetime.date(2026, 5, 8),
    )
    assert history_for(item).filter(action="extension_granted").exists()
    assert history_for(appeal).filter(action="appeal_extended").exists()
    # the appeals department is asked to tell the applicant within 3 working days of the decision
    assert extension.notice_by == fri_2026_03_20
    assert Notification.objects.filter(recipient=consider.head, kind="appeals.extension").exists()


def test_appk_76_the_extension_is_capped_at_two_months_from_receipt(consider, resolved):
    appeal = resolved()

    with pytest.raises(ValidationError, match="18.05.2026"):
        services.extend(appeal, actor=consider.akim, new_due=datetime.date(2026, 5, 19), reason="Сараптама")
    # two months from 17 March is Sunday 17 May: the term ends the next working day
    services.extend(appeal, actor=consider.head_of_apparatus, new_due=mon_2026_05_18, reason="Сараптама")
    appeal.refresh_from_db()
    assert appeal.due_on == mon_2026_05_18


@pytest.mark.parametrize("who", ["finance_head", "executor", "officer", "head"])
def test_appk_76_only_the_head_or_a_deputy_extends(consider, resolved, who):
    appeal = resolved()
    with pytest.raises(PermissionDenied):
        services.extend(appeal, actor=getattr(consider, who), new_due=datetime.date(2026, 4, 30), reason="Сараптама")


def test_appk_76_an_extension_needs_reasons_and_a_later_term(consider, resolved):
    appeal = resolved()
    with pytest.raises(ValidationError, match="reasons"):
        services.extend(appeal, actor=consider.akim, new_due=datetime.date(2026, 4, 30), reason=" ")
    with pytest.raises(ValidationError, match="later"):
        services.extend(appeal, actor=consider.akim, new_due=tue_2026_04_07, reason="Сараптама")


def test_appk_76_the_applicant_told_within_3_working_days_is_on_time(consider, resolved):
    appeal = resolved()
    extension = services.extend(appeal, actor=consider.akim, new_due=datetime.date(2026, 4, 30), reason="Сараптама")
    consider.move_to(fri_2026_03_20)

    notice = services.tell_extension(extension, actor=consider.officer, text="Мерзім ұзартылды")

    assert (notice.kind, notice.sent_on, notice.send_by, notice.late) == (
        AppealNotice.Kind.EXTENSION,
        fri_2026_03_20,
        fri_2026_03_20,
        False,
    )
    assert not Notification.objects.filter(kind="appeals.extension", action_done_at=None).exists()


def test_appk_76_the_applicant_told_on_the_fourth_working_day_is_flagged_late(consider, resolved):
    appeal = resolved()
    extension = services.extend(appeal, actor=consider.akim, new_due=datetime.date(2026, 4, 30), reason="Сараптама")
    consider.move_to(thu_2026_03_26)

    notice = services.tell_extension(extension, actor=consider.officer)

    assert notice.late


# --- APPK art. 73: the preliminary decision -----------------------------------------------------------------------


def test_appk_73_no_refusal_without_the_preliminary_notice(consider, resolved):
    appeal = resolved()

    with pytest.raises(ValidationError, match="20.03.2026"):
        _final(appeal, consider.executor, result=Result.REFUSED, grounds="Бюджетте қаражат жоқ")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.ON_CONSIDERATION


def test_appk_73_the_unfavourable_answer_waits_3_working_days_after_the_notice(consider, resolved):
    appeal = resolved()
    notice = services.notify_preliminary(
        appeal, actor=consider.executor, proposed_result=Result.PARTLY_SATISFIED, text="Ішінара қанағаттандыру"
    )
    assert notice.due_on == fri_2026_03_20
    consider.move_to(wed_2026_03_18)
    services.record_hearing(notice, actor=consider.officer, heard_on=wed_2026_03_18, text="Өтініш беруші келіспейді")
    consider.move_to(thu_2026_03_19)

    with pytest.raises(ValidationError, match="from 20.03.2026"):
        _final(appeal, consider.executor, result=Result.PARTLY_SATISFIED, grounds="Қаражат жеткіліксіз")

    consider.move_to(fri_2026_03_20)
    reply = _final(appeal, consider.executor, result=Result.PARTLY_SATISFIED, grounds="Қаражат жеткіліксіз")
    notice.refresh_from_db()
    assert reply.result == Result.PARTLY_SATISFIED
    assert (notice.heard_on, notice.hearing) == (wed_2026_03_18, "Өтініш беруші келіспейді")


def test_appk_73_a_preliminary_notice_is_only_for_an_unfavourable_decision(consider, resolved):
    with pytest.raises(ValidationError):
        services.notify_preliminary(resolved(), actor=consider.officer, proposed_result=Result.SATISFIED, text="…")


# --- §13.4: dispatch until 18:00 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handed_in", "dispatched", "moved"),
    [
        (at(tue_2026_03_17, 17, 59), tue_2026_03_17, False),
        (at(tue_2026_03_17, 18, 0), tue_2026_03_17, False),
        (at(tue_2026_03_17, 18, 1), wed_2026_03_18, True),
        (at(fri_2026_03_20, 18, 30), thu_2026_03_26, True),  # Nauryz: the next working day is 26 March
        (at(datetime.date(2026, 3, 28), 11), datetime.date(2026, 3, 30), True),  # a Saturday
    ],
)
def test_13_4_answers_are_accepted_for_dispatch_until_18_00(handed_in, dispatched, moved):
    assert services.dispatch_date(handed_in) == (dispatched, moved)


def test_13_4_an_answer_handed_in_at_18_01_is_dispatched_the_next_working_day(consider, resolved):
    appeal = resolved()
    consider.move_to(tue_2026_03_17, 18, 1)

    reply = _final(appeal, consider.officer)

    assert (reply.dispatched_on, reply.dispatch_moved) == (wed_2026_03_18, True)
    appeal.refresh_from_db()
    assert appeal.answered_on == wed_2026_03_18


# --- 001 §33: removal only on the final reasoned answer -----------------------------------------------------------


def test_001_33_an_interim_reply_keeps_the_appeal_and_its_item_open(consider, resolved):
    appeal = resolved()

    reply = services.answer(appeal, actor=consider.executor, text="Мәселе қаралуда", is_final=False)

    appeal.refresh_from_db()
    assert not reply.is_final and reply.result == ""
    assert appeal.status == Appeal.Status.ON_CONSIDERATION
    assert _item(appeal).status == ControlItem.Status.ON_CONTROL


def test_001_33_the_final_answer_removes_the_item_from_control(consider, resolved):
    appeal = resolved()

    reply = _final(appeal, consider.executor)

    appeal.refresh_from_db()
    item = _item(appeal)
    assert (appeal.status, appeal.result, appeal.term_kept) == (Appeal.Status.ANSWERED, Result.SATISFIED, True)
    assert item.status == ControlItem.Status.REMOVED
    assert (item.removal_ground, item.removed_on, item.executed_on) == ("executed", tue_2026_03_17, tue_2026_03_17)
    assert history_for(item).filter(action="removed_from_control").exists()
    assert Attachment.objects.filter(object_id=reply.pk).count() == 1
    assert history_for(appeal).get(action="appeal_answered").data["term_kept"] is True


def test_001_33_an_answer_dispatched_after_the_term_is_stored_as_term_not_kept(consider, resolved):
    appeal = resolved()
    consider.move_to(fri_2026_04_10, 18, 30)  # the last day, after the cutoff: it goes out on Monday

    reply = _final(appeal, consider.officer)

    appeal.refresh_from_db()
    assert reply.dispatched_on == mon_2026_04_13
    assert appeal.term_kept is False


def test_001_33_a_final_answer_is_reasoned_with_its_file_and_number(consider, resolved):
    appeal = resolved()

    with pytest.raises(ValidationError) as error:
        services.answer(appeal, actor=consider.officer, result=Result.REFUSED, text="Бас тартылды")

    assert set(error.value.message_dict) == {"grounds", "file", "outgoing_number"}


def test_001_33_only_those_considering_the_appeal_answer(consider, resolved):
    appeal = resolved()
    for user in (consider.finance_head, consider.registrar, consider.deputy):
        with pytest.raises(PermissionDenied):
            _final(appeal, user)


# --- reminders: an appeal's item is picked by control's scan (003 §12.4) -------------------------------------------


def test_12_4_the_reminder_scan_reminds_the_executor_of_an_appeal_3_working_days_before(
    consider, resolved, head_of_apparatus
):
    appeal = resolved()
    item = _item(appeal)

    sent = reminders.scan(tue_2026_04_07)

    mine = [n for n in sent if n.object_id == item.pk and n.kind == "control.reminder_3_days"]
    assert consider.executor.pk in {n.recipient_id for n in mine}
    # the leadership told for information sees nothing of an appeal not theirs (SPEC §8)
    told = next(n for n in mine if n.recipient_id == head_of_apparatus.pk)
    assert appeal.number not in told.title and told.url == ""
