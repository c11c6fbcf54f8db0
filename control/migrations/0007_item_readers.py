"""ControlItem.readers: who takes part in an item, kept by the database itself (control/access.py).

`control_item_readers(item, issuer, controller)` computes the keys from the item's issuer and controller and
its executors (with an executor person's current unit). A BEFORE trigger recomputes them on every insert and
update of an item — a save() from a stale instance never writes old keys back — and AFTER triggers touch
the item when an executor row is added, changed or removed, or a person executing items moves to another unit.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

READERS_FUNCTION = """
CREATE OR REPLACE FUNCTION control_item_readers(item bigint, issuer bigint, controller bigint)
RETURNS varchar(24)[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT key ORDER BY key), '{}') FROM (
        SELECT 'i' || issuer UNION ALL SELECT 'c' || controller
        UNION ALL SELECT coalesce('p' || person_id, 'e' || unit_id) FROM control_controlexecutor WHERE item_id = item
        UNION ALL SELECT 'w' || p.unit_id
            FROM control_controlexecutor e JOIN akimat_person p ON p.id = e.person_id WHERE e.item_id = item
    ) AS keys(key) WHERE key IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION control_item_set_readers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.readers := control_item_readers(NEW.id, NEW.issuer_person_id, NEW.controller_id);
    RETURN NEW;
END $$;

-- an executor row changed: rewrite its item (the BEFORE trigger above computes the keys)
CREATE OR REPLACE FUNCTION control_touch_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE control_controlitem SET readers = '{}' WHERE id = OLD.item_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE control_controlitem SET readers = '{}' WHERE id = NEW.item_id;
    END IF;
    RETURN NULL;
END $$;

-- heads and supervisors see the items of their units' executors: follow a person to a new unit
CREATE OR REPLACE FUNCTION control_touch_executed_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE control_controlitem SET readers = '{}'
        WHERE id IN (SELECT item_id FROM control_controlexecutor WHERE person_id = NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER control_item_readers BEFORE INSERT OR UPDATE ON control_controlitem
    FOR EACH ROW EXECUTE FUNCTION control_item_set_readers();
CREATE TRIGGER control_executor_readers AFTER INSERT OR DELETE OR UPDATE OF item_id, person_id, unit_id
    ON control_controlexecutor FOR EACH ROW EXECUTE FUNCTION control_touch_item();
CREATE TRIGGER control_person_unit_readers AFTER UPDATE OF unit_id ON akimat_person
    FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id)
    EXECUTE FUNCTION control_touch_executed_items();

UPDATE control_controlitem SET readers = '{}';
"""

DROP = """
DROP TRIGGER IF EXISTS control_person_unit_readers ON akimat_person;
DROP TRIGGER IF EXISTS control_executor_readers ON control_controlexecutor;
DROP TRIGGER IF EXISTS control_item_readers ON control_controlitem;
DROP FUNCTION IF EXISTS control_touch_executed_items();
DROP FUNCTION IF EXISTS control_touch_item();
DROP FUNCTION IF EXISTS control_item_set_readers();
DROP FUNCTION IF EXISTS control_item_readers(bigint, bigint, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("akimat", "0001_initial"),
        ("control", "0006_list_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="controlitem",
            name="readers",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=24),
                default=list,
                editable=False,
                size=None,
                verbose_name="readers",
            ),
        ),
        migrations.RunSQL(READERS_FUNCTION, reverse_sql=DROP),
        migrations.AddIndex(
            model_name="controlitem",
            index=django.contrib.postgres.indexes.GinIndex(fields=["readers"], name="control_item_readers_idx"),
        ),
    ]
