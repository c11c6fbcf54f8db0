"""Search folds Kazakh letters into the Russian ones typed for them (issue #12 §5).

akimat_fold(text): lower-cased, ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и, ё→е — the same table as
correspondence.search.FOLD. IMMUTABLE (lower() and translate() are), so an index may be built on it. Every
document's search vector is then computed again from the folded text (correspondence.search), so the
search stays one GIN-indexed column (document_search_idx).
"""

from django.db import migrations

CREATE_FOLD = """
CREATE OR REPLACE FUNCTION akimat_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN translate(lower(value), 'әғқңөұүһіё', 'агкноуухие');
"""
DROP_FOLD = "DROP FUNCTION IF EXISTS akimat_fold(text);"


def refresh_vectors(apps, schema_editor) -> None:
    # the text of the vectors is correspondence.search's own: computed by the module as it is now
    from correspondence.search import refresh_all_search_vectors

    refresh_all_search_vectors()


class Migration(migrations.Migration):
    dependencies = [("correspondence", "0007_resolution_phrases")]
    operations = [
        migrations.RunSQL(CREATE_FOLD, DROP_FOLD),
        migrations.RunPython(refresh_vectors, migrations.RunPython.noop),
    ]
