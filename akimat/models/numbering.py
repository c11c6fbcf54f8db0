"""Registration journals and their yearly counters (SPEC §3.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from akimat.models.i18n import TrilingualName


class Journal(TrilingualName):
    """A registration journal with its own number format, e.g. "{index}/{seq}" → 01-12/345."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    number_format = models.CharField(
        _("number format"),
        max_length=100,
        default="{prefix}{seq}",
        help_text=_("Placeholders: {prefix}, {index} (file nomenclature index), {seq}, {year}, {yy}."),
    )
    prefix = models.CharField(_("prefix"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("registration journal")
        verbose_name_plural = _("registration journals")
        ordering = ["code"]


class Counter(models.Model):
    """The last number taken in a journal in a year; locked while a number is taken."""

    journal = models.ForeignKey(Journal, verbose_name=_("journal"), on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField(_("year"))
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(fields=["journal", "year"], name="counter_one_per_journal_year"),
        ]

    def __str__(self) -> str:
        return f"{self.journal.code} {self.year}: {self.last_value}"
