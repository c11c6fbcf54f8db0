"""The correspondent directory as XLSX/CSV (django-import-export): the admin and the staff page share it.

Columns have stable code names (name, short_name, kind, bin_iin, email, phone, address), so a file
exported in one language imports in another; headers written as the field labels in Kazakh, Russian
or English are accepted too. A row is matched by name and BIN/IIN (the directory's unique pair).
Every row is validated (BIN/IIN of 12 digits, e-mail, kind); one bad row rolls the whole file back.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from tablib import Dataset

from akimat.exports import from_csv_text
from correspondence.models import Correspondent

COLUMNS = ("name", "short_name", "kind", "bin_iin", "email", "phone", "address")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # a spreadsheet turns 123456789012 into a float
        value = int(value)
    # a CSV export put an apostrophe before a text that starts like a formula (akimat.exports.csv_text)
    return " ".join(from_csv_text(str(value)).split())


class TextWidget(widgets.CharWidget):
    """Text with spaces tidied; empty cells become ""."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        return _text(value)


class BinIinWidget(TextWidget):
    """A BIN or IIN as text; checked by the resource, because it is also the key a row is looked up by."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            # a spreadsheet stores 012345678901 as a number and drops the leading zero (BINs of the 2000s)
            return _text(value).zfill(12)
        return _text(value).replace(" ", "")


class EmailWidget(TextWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = _text(value)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                raise ValueError(_("“%(value)s” is not an e-mail address.") % {"value": text}) from None
        return text


class KindWidget(widgets.Widget):
    """The kind as its code or its label in any of the three languages; exported as the label."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = _text(value).casefold()
        if not text:
            return Correspondent.Kind.STATE_BODY
        for code, label in Correspondent.Kind.choices:
            if text == code:
                return code
            for language in ("kk", "ru", "en"):
                with translation.override(language):
                    if text == str(label).casefold():
                        return code
        raise ValueError(
            _("Unknown kind “%(value)s”; use one of: %(kinds)s.")
            % {"value": _text(value), "kinds": ", ".join(Correspondent.Kind.values)}
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return str(value or "")


def _header_aliases() -> dict[str, str]:
    """Field labels in every language (and the codes) → column code."""
    aliases = {code: code for code in COLUMNS}
    for code in COLUMNS:
        label = Correspondent._meta.get_field(code).verbose_name
        for language in ("kk", "ru", "en"):
            with translation.override(language):
                aliases[str(label).strip().casefold()] = code
    return aliases


class CorrespondentResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    short_name = fields.Field(attribute="short_name", column_name="short_name", widget=TextWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    bin_iin = fields.Field(attribute="bin_iin", column_name="bin_iin", widget=BinIinWidget())
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    phone = fields.Field(attribute="phone", column_name="phone", widget=TextWidget())
    address = fields.Field(attribute="address", column_name="address", widget=TextWidget())

    class Meta:
        model = Correspondent
        fields = COLUMNS
        import_id_fields = ("name", "bin_iin")
        export_order = COLUMNS
        clean_model_instances = True  # max lengths, required name, the unique pair
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def before_import(self, dataset: Dataset, **kwargs: Any) -> None:
        """Accept headers written as labels in any language."""
        aliases = _header_aliases()
        dataset.headers = [aliases.get(_text(header).casefold(), _text(header)) for header in dataset.headers or []]
        missing = {"name"} - set(dataset.headers)
        if missing:
            raise ValidationError(_("The file has no “name” column."))

    def import_instance(self, instance: Correspondent, row: Any, **kwargs: Any) -> None:
        """The row's values, with every error of the row reported together (BIN/IIN included)."""
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.bin_iin and not (len(instance.bin_iin) == 12 and instance.bin_iin.isdigit()):
            message = _("A BIN or IIN is exactly 12 digits, not “%(value)s”.") % {"value": instance.bin_iin}
            errors.setdefault("bin_iin", []).append(ValidationError(message, code="bin_iin"))
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance: Any, original: Any, row: Any, import_validation_errors: Any = None) -> bool:
        """Blank lines are skipped (not errors), so row numbers still match the spreadsheet."""
        if not any(_text(value) for value in row.values()):
            return True
        return super().skip_row(instance, original, row, import_validation_errors)
