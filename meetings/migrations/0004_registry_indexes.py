# The registry of protocols and who sees a meeting at 20,000 protocols (issue #14 §7, `manage.py bench meetings`).
#
# Raw SQL, not AddIndex: the indexes serve queries (meetings/views/protocols.py, meetings/access.py) rather than
# the models' own invariants, and they stay out of the models' state so that the models (the lead's) need not
# change with them; `makemigrations --check` sees nothing to do.

from django.db import migrations

INDEXES = [
    # the registry's search box (protocols._search): icontains is UPPER(column) LIKE UPPER('%word%') on
    # PostgreSQL, so the trigram indexes are on the upper-cased titles of meetings and of agenda items
    ("meeting_title_kk_upper_trgm", "meetings_meeting USING gin (UPPER(title_kk) gin_trgm_ops)"),
    ("meeting_title_ru_upper_trgm", "meetings_meeting USING gin (UPPER(title_ru) gin_trgm_ops)"),
    ("agendaitem_title_kk_upper_trgm", "meetings_agendaitem USING gin (UPPER(title_kk) gin_trgm_ops)"),
    ("agendaitem_title_ru_upper_trgm", "meetings_agendaitem USING gin (UPPER(title_ru) gin_trgm_ops)"),
    # the search by number (number__iexact: UPPER(number) = UPPER('12'))
    ("protocol_number_upper_idx", "meetings_protocol (UPPER(number)) WHERE number <> ''"),
    # the registry sorted by status (status, then the newest first), read off the index
    ("protocol_status_id_idx", "meetings_protocol (status, id)"),
    # who sees a meeting (meetings/access.py): the meetings of the points my unit executes, read from the index
    (
        "protocolpoint_lead_unit_idx",
        "meetings_protocolpoint (lead_unit_id, protocol_id) WHERE lead_unit_id IS NOT NULL",
    ),
    # the same for the items my unit is responsible for and the items I speak at (the through tables' own
    # indexes lead with the item)
    ("agendaitem_units_unit_idx", "meetings_agendaitem_responsible_units (orgunit_id, agendaitem_id)"),
    ("agendaitem_speakers_person_idx", "meetings_agendaitem_speakers (person_id, agendaitem_id)"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_meeting_feed"),
        ("control", "0005_search_trigram_indexes"),  # CREATE EXTENSION pg_trgm
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX {name} ON {definition}", f"DROP INDEX IF EXISTS {name}")
        for name, definition in INDEXES
    ]
