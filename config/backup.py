"""Backup and restore: the database and the media, in one tar file.

What is saved: the database (SQLite through its online backup API, so the site may keep running;
PostgreSQL with `pg_dump -Fc`, a consistent snapshot) and every file in the default storage (on disk
or in the bucket). What is rebuilt rather than saved: the search index (`search_rebuild` runs at
the end of a restore) and the caches (cleared). The manifest records each table's row count, and a
restore checks the restored database against it.

Files uploaded while a backup runs may be missing from it (they are new names, never overwrites);
for an exact pair, take the backup while writes are paused.
"""

import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"

Progress = Callable[[str, int, int | None], None]  # (step, done so far, total or None)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def row_counts() -> dict[str, int]:
    """Rows in every table Django manages, by table name."""
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.managed and not meta.proxy and meta.db_table not in counts:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(meta.db_table)}")
                counts[meta.db_table] = cursor.fetchone()[0]
    return counts


def _pg_environment() -> dict[str, str]:
    db = connection.settings_dict  # in tests, the test database
    variables = {"PGHOST": db.get("HOST") or "", "PGPORT": str(db.get("PORT") or ""),
                 "PGUSER": db.get("USER") or "", "PGPASSWORD": db.get("PASSWORD") or "",
                 "PGDATABASE": db["NAME"]}
    return {**os.environ, **{key: value for key, value in variables.items() if value}}


def _run(command: list[str], *, on_line: Callable[[], None]) -> None:
    """Run a PostgreSQL client tool; each --verbose line on stderr is one step of progress."""
    try:
        process = subprocess.Popen(command, env=_pg_environment(), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} was not found: install the PostgreSQL client tools "
                          "(the same major version as the server or newer).") from None
    errors = []
    for line in process.stderr:
        on_line()
        if "error" in line.lower() or "fatal" in line.lower():
            errors.append(line.strip())
    if process.wait() != 0:
        raise BackupError(f"{command[0]} failed: " + ("; ".join(errors[-3:]) or f"exit code {process.returncode}"))


def _dump_database(folder: Path, progress: Progress) -> str:
    if _engine() == "sqlite":
        if connection.in_atomic_block:  # the backup API would wait for our own lock for ever
            raise BackupError("A backup cannot run inside a database transaction.")
        connection.ensure_connection()
        target = sqlite3.connect(folder / SQLITE_MEMBER)
        try:
            # The online backup API copies page by page while the site keeps writing.
            connection.connection.backup(
                target, pages=256, progress=lambda _status, left, total: progress("database", total - left, total))
        finally:
            target.close()
        return SQLITE_MEMBER
    done = 0

    def step():
        nonlocal done
        done += 1
        progress("database", done, None)

    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--verbose",
          f"--file={folder / POSTGRES_MEMBER}"], on_line=step)
    return POSTGRES_MEMBER


def _media_names(storage, folder: str = "") -> list[str]:
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for directory in directories:
        names += _media_names(storage, f"{folder}{directory}/")
    return names


def backup_create(*, path: Path, progress: Progress) -> dict:
    """Write a backup to `path` (a .tar): database, media, manifest. Written beside the target and
    renamed into place, so a failed backup never leaves a half file under the final name."""
    engine = _engine()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=path.parent) as scratch:
        scratch = Path(scratch)
        manifest = {"format": FORMAT, "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "engine": engine, "rows": row_counts()}
        manifest["database"] = _dump_database(scratch, progress)
        names = _media_names(default_storage)
        manifest["media_files"] = len(names)
        partial = scratch / "backup.tar"
        with tarfile.open(partial, "w") as tar:
            tar.add(scratch / manifest["database"], arcname=manifest["database"])
            for done, name in enumerate(names, start=1):
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                info = tarfile.TarInfo(MEDIA_PREFIX + name)
                info.size = len(data)
                info.mtime = int(time.time())
                tar.addfile(info, io.BytesIO(data))
                progress("media", done, len(names))
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, path)
    return manifest


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError, TypeError):
        raise BackupError("This file is not a Flawsome backup (no readable manifest.json).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup has format {manifest.get('format')}; this version reads format {FORMAT}.")
    return manifest


def _restore_database(tar: tarfile.TarFile, manifest: dict, scratch: Path, progress: Progress) -> None:
    member = manifest["database"]
    tar.extract(member, scratch, filter="data")
    source = scratch / member
    if manifest["engine"] == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection, pages=256,
                          progress=lambda _status, left, total: progress("database", total - left, total))
        finally:
            origin.close()
        connection.close()
        return
    listing = subprocess.run(["pg_restore", "--list", str(source)], capture_output=True, text=True,
                             env=_pg_environment())
    total = sum(1 for line in listing.stdout.splitlines() if line and not line.startswith(";")) or None
    done = 0

    def step():
        nonlocal done
        done += 1
        progress("database", min(done, total or done), total)

    connection.close()  # pg_restore drops and recreates the tables this connection may hold
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--verbose", f"--dbname={connection.settings_dict['NAME']}", str(source)], on_line=step)


def _restore_media(tar: tarfile.TarFile, progress: Progress) -> int:
    members = [m for m in tar.getmembers() if m.isfile() and m.name.startswith(MEDIA_PREFIX)]
    for done, member in enumerate(members, start=1):
        name = member.name[len(MEDIA_PREFIX):]
        if ".." in Path(name).parts or name.startswith("/"):
            raise BackupError(f"Refusing a media path outside the media folder: {member.name}")
        if default_storage.exists(name):
            default_storage.delete(name)  # the backup's copy wins, under the very same name
        stored = default_storage.save(name, ContentFile(tar.extractfile(member).read()))
        if stored != name:
            raise BackupError(f"Media file {name} was stored as {stored}; the database would not find it.")
        progress("media", done, len(members))
    return len(members)


def backup_restore(*, path: Path, progress: Progress, rebuild_search: Callable[[], None]) -> dict:
    """Replace the database and add the media from a backup, check the row counts, clear the caches
    and rebuild the search index. Raises BackupError with what went wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    engine = _engine()
    try:
        tar = tarfile.open(path, "r")
    except tarfile.TarError as error:
        raise BackupError(f"{path} is not a readable backup ({error}).") from None
    with tar, tempfile.TemporaryDirectory(prefix="flawsome-restore-") as scratch:
        manifest = _read_manifest(tar)
        if manifest["engine"] != engine:
            raise BackupError(f"This is a {manifest['engine']} backup, but DATABASE_URL points at {engine}: "
                              "restore it into the same kind of database.")
        _restore_database(tar, manifest, Path(scratch), progress)
        restored = row_counts()
        differ = {table: (count, restored.get(table)) for table, count in manifest["rows"].items()
                  if restored.get(table) != count}
        if differ:
            details = ", ".join(f"{table} {want}→{got}" for table, (want, got) in sorted(differ.items())[:5])
            raise BackupError(f"The restored database does not match the backup's row counts: {details}.")
        manifest["restored_media_files"] = _restore_media(tar, progress)
    for cache in caches.all():
        cache.clear()  # cached pages and counters belong to the old database
    rebuild_search()
    return manifest


def default_path() -> Path:
    return Path(settings.DATA_DIR) / "backups" / time.strftime("flawsome-%Y%m%d-%H%M%S.tar")

