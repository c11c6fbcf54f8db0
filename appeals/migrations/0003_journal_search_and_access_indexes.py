# The journal and who sees an appeal at 200,000 appeals (issue #15 §5, `manage.py bench appeals`): the search's
# number, essence and applicant lookups as PostgreSQL evaluates them (iexact / icontains compare UPPER(column)), the
# status sort read off one index in either direction, the kind filter in the journal's order, and an executor's
# resolutions mapped to their appeals from an index alone. The trigram index of the essence itself served no query
# (the search upper-cases the column): it is replaced by the one of its upper-cased text.

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0002_consideration"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="appeal",
            name="appeal_status_date_idx",
        ),
        migrations.RemoveIndex(
            model_name="appeal",
            name="appeal_summary_trgm",
        ),
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(fields=["status", "registered_on", "seq", "id"], name="appeal_status_order_idx"),
        ),
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(fields=["kind", "registered_on", "seq", "id"], name="appeal_kind_order_idx"),
        ),
        migrations.AddIndex(
            model_name="appeal",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("summary"), name="gin_trgm_ops"
                ),
                name="appeal_summary_upper_trgm",
            ),
        ),
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(django.db.models.functions.text.Upper("number"), name="appeal_number_upper_idx"),
        ),
        migrations.AddIndex(
            model_name="appealresolution",
            index=models.Index(fields=["id"], include=("appeal",), name="appeal_resolution_appeal_idx"),
        ),
        migrations.AddIndex(
            model_name="applicant",
            index=models.Index(django.db.models.functions.text.Upper("surname"), name="applicant_surname_upper_idx"),
        ),
        migrations.AddIndex(
            model_name="applicant",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("organisation"), name="gin_trgm_ops"
                ),
                name="applicant_org_upper_trgm",
            ),
        ),
    ]
