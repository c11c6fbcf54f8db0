"""Slot reserved for: calendar (filled in by its owner; keep the chain linear)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("akimat", "0004_history_numbering")]
    operations = []
