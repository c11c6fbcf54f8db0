"""Appeals in every state that offers a page or a form, for the walking tests (tests/test_bad_input.py, the access
matrix): registered with every requisite, registered lacking some (APPK art. 63), deficient with a term (§13.7); and
personal reception (§14): a schedule entry, today's reception day of `addressee` with a visitor waiting and one
received whose card has an instruction — all made through appeals.services and appeals.reception.services. The clock
must stand on Monday 16 March 2026, 10:00 (the walks' own)."""

import datetime

from django.utils import timezone

from appeals import services
from appeals.models import Appeal, Channel, Kind
from appeals.reception import services as reception


def _applicant(marker: str, *, address: str = "Shayan, Tole bi street 12") -> services.ApplicantData:
    return services.ApplicantData(surname=f"{marker}surname", first_name="Nurlan", address=address)


def appeals_in_every_state(*, officer, head, addressee, marker: str = "", public=None) -> dict[str, Appeal]:
    """{"complete", "lacking", "deficient"}: appeals registered by `officer` (the appeals department) to
    `addressee` (a Person); the deficient one's term set by `head` (the head of the appeals department, or of the
    general department where there is none)."""

    def register(address: str = "Shayan, Tole bi street 12", kind: str = Kind.APPLICATION) -> Appeal:
        data = services.AppealData(
            channel=Channel.E_OTINISH, kind=kind, summary=f"{marker} appeal about the street lights",
            addressee=addressee, applicants=[_applicant(marker, address=address)], received_at=timezone.now(),
        )  # fmt: skip
        return services.register_appeal(actor=officer, data=data)

    found = {"complete": register(), "lacking": register(address=""), "deficient": register(address="")}
    services.mark_deficient(found["deficient"], actor=head, term_days=5)
    # the consideration (§13.8–§13.11, APPK art. 73, 76): sent to the official; resolved, its term extended (the
    # applicant not yet told) and a refusal's preliminary notice sent (not yet heard); a complaint sent to the lower
    # body whose act it is about
    found["sent"] = services.send_to_official(register(), actor=officer)
    considered = services.send_to_official(register(), actor=officer)
    services.resolve(considered, actor=addressee.user, lead=officer.person, text=f"{marker} resolution")
    considered.refresh_from_db()
    services.extend(considered, actor=addressee.user, new_due=considered.due_on + datetime.timedelta(days=7),
                    reason=f"{marker} reasons")  # fmt: skip
    services.notify_preliminary(considered, actor=officer, proposed_result="refused", text=f"{marker} refusal")
    found["considered"] = considered
    complaint = register(kind=Kind.COMPLAINT)
    services.forward(complaint, actor=head, body=f"{marker} lower body", lower_body=True)
    found["lower_body"] = complaint
    found["reception"] = _reception(officer=officer, official=addressee, marker=marker, public=public)
    return found


HOURS = {"starts_at": datetime.time(9), "ends_at": datetime.time(18), "place_kk": "Қабылдау", "place_ru": "Приёмная"}


def public_reception(*, officer, official) -> tuple:
    """The official's reception on today's weekday and today's reception day: the published schedule and its days
    are public (001 §7), no set's data — the visitors are."""
    today = timezone.localdate()
    data = reception.ScheduleData(official=official, weekday=today.isoweekday(), **HOURS)
    entry = reception.save_schedule_entry(actor=officer, data=data)
    day = reception.create_day(actor=officer, data=reception.DayData(official=official, date=today, **HOURS))
    return entry, day


def _reception(*, officer, official, marker: str, public=None) -> dict:
    today = timezone.localdate()
    entry, day = public or public_reception(officer=officer, official=official)

    def signup(name: str):
        data = reception.SignupData(applicant=_applicant(f"{marker}{name}"), question=f"{marker} question of {name}")
        return reception.sign_up(actor=officer, day=day, data=data)

    waiting, received = signup("waiting"), signup("received")
    reception.mark_received(received, actor=officer)
    card = reception.start_card(received, actor=officer)
    instruction = reception.InstructionData(
        text=f"{marker} instruction", executor=official.unit, deadline=today + datetime.timedelta(days=14)
    )
    reception.save_card(card, actor=officer, data=reception.CardData(asked=card.asked, instructions=[instruction]))
    return {"entry": entry, "day": day, "waiting": waiting, "received": received, "card": card}


def appeal_ids(found: dict[str, Appeal]) -> dict[str, int]:
    """The ids that fill every appeals URL: the complete appeal's pages, the actions each on the appeal in the
    state that offers it, and the applicant's card."""
    return {
        "appeals:pk": found["complete"].pk,
        "appeals:mark_deficient:pk": found["lacking"].pk,
        "appeals:fix:pk": found["deficient"].pk,
        "appeals:return:pk": found["deficient"].pk,
        "appeals:applicant:pk": found["complete"].applicants.get().pk,
        "appeals:resolve:pk": found["sent"].pk,
        **{
            f"appeals:{step}:pk": found["considered"].pk
            for step in ("extend", "tell_extension", "preliminary", "hearing", "answer")
        },
        "appeals:lower_reply:pk": found["lower_body"].pk,
        # personal reception: a day's pages, the schedule entry's, the queue's on the visitor waiting, the card's
        "appeals:reception:pk": found["reception"]["day"].pk,
        "appeals:reception:schedule_edit:pk": found["reception"]["entry"].pk,
        "appeals:reception:schedule_close:pk": found["reception"]["entry"].pk,
        "appeals:reception:received:pk": found["reception"]["waiting"].pk,
        "appeals:reception:absent:pk": found["reception"]["waiting"].pk,
        "appeals:reception:card_start:pk": found["reception"]["received"].pk,
        **{
            f"appeals:reception:{name}:pk": found["reception"]["card"].pk
            for name in ("card", "card_pdf", "card_complete", "card_appeal")
        },
    }
