"""Slot reserved for: org (filled in by its owner; keep the chain linear)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("akimat", "0005_calendar")]
    operations = []
