"""Names kept in the three languages of the product."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TrilingualName(models.Model):
    """Abstract: name_kk / name_ru / name_en, with `name` in the active language."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_in(get_language())

    def name_in(self, language: str | None) -> str:
        """The name in a language, falling back to Russian, then Kazakh."""
        code = (language or "kk")[:2]
        return getattr(self, f"name_{code}", "") or self.name_ru or self.name_kk
