"""Appeals imported from an XLSX export of the national system e-Otinish (issue #15 §1).

The file is read by django-import-export (its XLSX format, through tablib); each row is checked and registered
through ``appeals.services.register_appeal`` — the only way an appeal enters the journal — in a savepoint of its
own: a bad row is reported with its reason and nothing of it is written, the good rows are registered. A row whose
e-Otinish number is already in the journal is skipped (the same export imported twice registers nothing twice).

The column set (the first row holds the names; the Kazakh and Russian names of the export are accepted too):

    external_number  the appeal's number in e-Otinish (required)
    received_at      when it came: dd.mm.yyyy HH:MM (or an Excel date and time)
    kind             application, complaint, proposal, response, request, message (or their kk/ru names)
    surname, first_name, patronymic, iin        an individual applicant
    organisation, bin                            a legal entity instead
    address, phone, email                        the applicant's contacts
    addressee        the full name of the official it is addressed to (else kept as written)
    summary          the essence of the appeal
    language         kk, ru or other
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from akimat.exports import XLSX, from_csv_text
from akimat.models import Person
from appeals import services
from appeals.models import Appeal, Applicant, Channel, Kind, Language

COLUMNS = (
    "external_number", "received_at", "kind", "surname", "first_name", "patronymic", "iin", "organisation", "bin",
    "address", "phone", "email", "addressee", "summary", "language",
)  # fmt: skip
#: the headers of e-Otinish's export in Kazakh and Russian, read as the columns above
HEADERS = {
    "номер": "external_number", "нөмірі": "external_number", "№": "external_number",
    "дата поступления": "received_at", "түскен күні": "received_at",
    "вид": "kind", "түрі": "kind",
    "фамилия": "surname", "тегі": "surname", "имя": "first_name", "аты": "first_name",
    "отчество": "patronymic", "әкесінің аты": "patronymic", "иин": "iin", "жсн": "iin",
    "наименование": "organisation", "атауы": "organisation", "бин": "bin", "бсн": "bin",
    "адрес": "address", "мекенжайы": "address", "телефон": "phone", "e-mail": "email", "email": "email",
    "адресат": "addressee", "суть": "summary", "мәні": "summary", "язык": "language", "тілі": "language",
}  # fmt: skip
#: the kinds and languages as e-Otinish's export writes them (APPK art. 4 in Russian and Kazakh)
NAMES = {
    "заявление": Kind.APPLICATION, "өтініш": Kind.APPLICATION, "жалоба": Kind.COMPLAINT, "шағым": Kind.COMPLAINT,
    "предложение": Kind.PROPOSAL, "ұсыныс": Kind.PROPOSAL, "отклик": Kind.RESPONSE, "пікір": Kind.RESPONSE,
    "запрос": Kind.REQUEST, "сұрау салу": Kind.REQUEST, "сообщение": Kind.MESSAGE, "хабарлама": Kind.MESSAGE,
    "казахский": Language.KAZAKH, "қазақ": Language.KAZAKH, "қазақша": Language.KAZAKH,
    "русский": Language.RUSSIAN, "орыс": Language.RUSSIAN, "орысша": Language.RUSSIAN,
}  # fmt: skip
#: the most rows one file may hold: a quarter of a district's appeals fits many times over
MAX_ROWS = 5000
RECEIVED_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d.%m.%Y")


@dataclass
class RowResult:
    line: int  # the row's number in the file (the header is row 1)
    appeal: Appeal | None = None
    error: str = ""
    skipped: bool = False


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # a spreadsheet turns 850101300124 into a float
        value = int(value)
    return " ".join(str(from_csv_text(value)).split())


def _identifier(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _text(value).zfill(12)  # a leading zero dropped by the spreadsheet
    return _text(value).replace(" ", "")


def _column(header: Any) -> str:
    name = _text(header).casefold()
    return name if name in COLUMNS else HEADERS.get(name, "")


def _received_at(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(9, 0))
    else:
        text = _text(value)
        for pattern in RECEIVED_FORMATS:
            try:
                moment = datetime.datetime.strptime(text, pattern)  # noqa: DTZ007 - Almaty time, made aware below
                break
            except ValueError:
                continue
        else:
            raise ValidationError(_("“%(value)s” is not a date and time (dd.mm.yyyy hh:mm).") % {"value": text})
    if moment.year < 2000 or moment.year > 2999:
        raise ValidationError(_("“%(value)s” is not a date and time (dd.mm.yyyy hh:mm).") % {"value": _text(value)})
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _choice(value: Any, choices, default: str, what: str) -> str:
    text = _text(value).casefold()
    if not text:
        return default
    if text in NAMES and NAMES[text] in {code for code, _label in choices}:
        return NAMES[text]
    for code, label in choices:
        if text == code:
            return code
        for language in ("kk", "ru", "en"):
            with translation.override(language):
                if text == str(label).casefold():
                    return code
    raise ValidationError(
        _("Unknown %(what)s “%(value)s”; use one of: %(codes)s.")
        % {"what": what, "value": _text(value), "codes": ", ".join(code for code, _label in choices)}
    )


def _addressee(name: str, officials: dict[str, Person]) -> tuple[Person | None, str]:
    person = officials.get(name.casefold())
    return (person, "") if person is not None else (None, name)


def _data(row: dict[str, Any], officials: dict[str, Person]) -> services.AppealData:
    external = _text(row.get("external_number"))
    if not external:
        raise ValidationError(_("The number in e-Otinish is empty."))
    organisation = _text(row.get("organisation"))
    applicant = services.ApplicantData(
        type=Applicant.Type.LEGAL_ENTITY if organisation else Applicant.Type.INDIVIDUAL,
        surname=_text(row.get("surname")), first_name=_text(row.get("first_name")),
        patronymic=_text(row.get("patronymic")), iin="" if organisation else _identifier(row.get("iin")),
        organisation=organisation, bin=_identifier(row.get("bin")) if organisation else "",
        address=_text(row.get("address")), phone=_text(row.get("phone")), email=_text(row.get("email")),
    )  # fmt: skip
    addressee, addressee_name = _addressee(_text(row.get("addressee")), officials)
    anonymous = not any((applicant.surname, applicant.first_name, applicant.organisation))
    return services.AppealData(
        channel=Channel.E_OTINISH, kind=_choice(row.get("kind"), Kind.choices, Kind.APPLICATION, _("kind")),
        summary=_text(row.get("summary")), received_at=_received_at(row.get("received_at")),
        addressee=addressee, addressee_name=addressee_name, applicants=[] if anonymous else [applicant],
        language=_choice(row.get("language"), Language.choices, Language.KAZAKH, _("language")),
        is_anonymous=anonymous, external_number=external,
    )  # fmt: skip


def _messages(error: ValidationError) -> str:
    return "; ".join(str(message) for message in error.messages)


def read_rows(handle: IO[bytes]) -> list[dict[str, Any]]:
    """The rows of the file as {column: value}; a file that is no XLSX, or without the number column, is refused."""
    try:
        dataset = XLSX().create_dataset(handle.read())
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a file that is no workbook
        raise ValidationError(_("The file is not an XLSX workbook.")) from error
    columns = [_column(header) for header in dataset.headers or []]
    if "external_number" not in columns:
        raise ValidationError(
            _("The first row must name the columns; “external_number” (the number in e-Otinish) is missing.")
        )
    if len(dataset) > MAX_ROWS:
        raise ValidationError(_("A file holds at most %(count)s rows.") % {"count": MAX_ROWS})
    return [
        {column: value for column, value in zip(columns, values, strict=False) if column}
        for values in dataset
        if any(_text(value) for value in values)
    ]


def import_appeals(handle: IO[bytes], *, actor) -> list[RowResult]:
    """Register the rows of an e-Otinish export; one result per row, in the file's order."""
    if not services.may_register(actor):
        raise ValidationError(_("Only the appeals department or a registrar registers appeals (§13.7)."))
    rows = read_rows(handle)
    officials = {p.full_name.casefold(): p for p in Person.objects.filter(is_active=True).exclude(full_name="")}
    numbers = [_text(row.get("external_number")) for row in rows]
    known = dict(
        Appeal.objects.filter(external_number__in=[n for n in numbers if n]).values_list("external_number", "number")
    )
    results = []
    for line, row in enumerate(rows, start=2):
        external = _text(row.get("external_number"))
        if external in known:
            results.append(
                RowResult(
                    line, skipped=True, error=_("Already registered as № %(number)s.") % {"number": known[external]}
                )
            )
            continue
        try:
            with transaction.atomic():
                appeal = services.register_appeal(actor=actor, data=_data(row, officials))
        except ValidationError as error:
            results.append(RowResult(line, error=_messages(error)))
            continue
        known[external] = appeal.number
        results.append(RowResult(line, appeal=appeal))
    return results
