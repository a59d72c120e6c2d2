"""Backup and restore, end to end: make data, `backup`, `restore` into a fresh place (a new data
folder, and on PostgreSQL a new database), then the row counts are equal, a thread page renders
with the answer, the avatar is back and search finds the thread after the rebuild."""

import io
import json
import subprocess
import sys
import tarfile
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from config import backup
from forum import services
from forum.models import Profile
from forum.search.models import SearchEntry, SearchVector, SearchWord
from tests import factories
from tests.forum.test_uploads import image_file
from tests.foundation.test_settings_from_environment import ROOT, clean_environment

TITLE = "The garden hose reel squeaks loudly"
ANSWER = "A drop of silicone grease on the axle stops it."

VERIFY = """
import json, sys, django
django.setup()
from django.test import Client
from config.backup import row_counts
from forum.models import Profile, Thread
rows = row_counts()  # before the visits below (a search is logged)
client = Client(SERVER_NAME="127.0.0.1")
thread = Thread.objects.get(title=sys.argv[1])
page = client.get(thread.get_absolute_url()).content.decode()
found = client.get("/search/", {"q": "hose reel squeaks"}).content.decode()
avatar = Profile.objects.exclude(avatar="").get().avatar
print(json.dumps({"rows": rows, "page": sys.argv[1] in page and sys.argv[2] in page,
                  "search": sys.argv[1] in found, "avatar": avatar.open("rb").read().hex()}))
"""


@pytest.fixture
def community(transactional_db, settings, tmp_path):
    """Committed data (pg_dump reads from another session): a thread, an answer, an avatar."""
    settings.MEDIA_ROOT = tmp_path / "source-media"
    asker = factories.make_member(username="hana", display_name="Hana Hose")
    helper = factories.make_member(username="gus", display_name="Gus Grease")
    thread = factories.make_thread(author=asker, title=TITLE, body="It squeaks every time I pull the hose out.")
    factories.make_answer(thread=thread, author=helper, body=ANSWER)
    services.profile_set_avatar(user=asker, upload=image_file(name="hana.png", fmt="PNG"))
    return asker


def run_in(place, *args, database_url: str = "", script: str = ""):
    variables = clean_environment(place, DEBUG="0", ALLOWED_HOSTS="127.0.0.1")
    variables.pop("MEDIA_S3_BUCKET", None)
    if database_url:
        variables["DATABASE_URL"] = database_url
    command = [sys.executable, "-c", script, *args] if script else [sys.executable, "manage.py", *args]
    out = subprocess.run(command, cwd=ROOT, env=variables, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def backup_restore_and_check(tmp_path, asker, *, database_url: str = ""):
    source_rows = backup.row_counts()
    archive = tmp_path / "backups" / "site.tar"
    out = io.StringIO()
    call_command("backup", str(archive), "--no-progress", stdout=out)
    assert f"to {archive}" in out.getvalue() and archive.is_file()

    fresh = tmp_path / "fresh"
    restored = run_in(fresh, "restore", str(archive), "--noinput", database_url=database_url)
    assert "counts match the backup" in restored.stdout and "search index rebuilt" in restored.stdout
    checked = json.loads(run_in(fresh, TITLE, ANSWER, script=VERIFY, database_url=database_url).stdout.splitlines()[-1])
    # restore checked every table before rebuilding the search index; the index's own tables are
    # rebuilt from the data (and the source's test settings may index less), so they may differ now
    rebuilt = {model._meta.db_table for model in (SearchEntry, SearchWord, SearchVector)}
    assert {table: count for table, count in checked["rows"].items() if table not in rebuilt} == {
        table: count for table, count in source_rows.items() if table not in rebuilt}
    assert sum(source_rows.values()) > 0
    assert checked["page"] and checked["search"]
    assert bytes.fromhex(checked["avatar"]) == Profile.objects.get(user=asker).avatar.open("rb").read()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup runs in the SQLite pass")
def test_a_sqlite_site_restores_into_a_fresh_folder(community, tmp_path):
    backup_restore_and_check(tmp_path, community)


@pytest.fixture
def scratch_database():
    """An empty database flawsome_restore_<random> on the same server, dropped afterwards."""
    import psycopg

    db = connection.settings_dict
    name = f"flawsome_restore_{uuid.uuid4().hex[:10]}"
    admin = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"],
             "password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**admin) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    yield f"postgres://{credentials}@{admin['host']}:{admin['port']}/{name}"
    with psycopg.connect(**admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_a_postgresql_site_restores_into_a_fresh_database(community, tmp_path, scratch_database):
    backup_restore_and_check(tmp_path, community, database_url=scratch_database)


def test_a_file_that_is_not_a_backup_is_refused_with_a_message(db, tmp_path):
    bogus = tmp_path / "notes.tar"
    bogus.write_bytes(b"just some notes")
    with pytest.raises(CommandError, match="is not a readable backup"):
        call_command("restore", str(bogus), "--noinput", "--no-progress")


def test_a_backup_of_another_kind_of_database_is_refused(db, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = tmp_path / "other.tar"
    with tarfile.open(archive, "w") as tar:
        data = json.dumps({"format": backup.FORMAT, "engine": other, "rows": {}, "database": "x"}).encode()
        info = tarfile.TarInfo(backup.MANIFEST)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match=f"This is a {other} backup"):
        call_command("restore", str(archive), "--noinput", "--no-progress")


def test_a_backup_that_cannot_be_written_leaves_nothing_behind(transactional_db, tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.tarfile, "open", full)
    target = tmp_path / "backups" / "site.tar"
    with pytest.raises(CommandError, match="Backup failed, nothing was written .* No space left on device"):
        call_command("backup", str(target), "--no-progress")
    assert list(target.parent.iterdir()) == []


def test_restore_asks_before_replacing_the_database(db, tmp_path, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Restore cancelled; nothing was changed."):
        call_command("restore", str(tmp_path / "site.tar"), "--no-progress")

