from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from config import backup
from config.management.progress import Bars


class Command(BaseCommand):
    help = ("Restore a backup made by `backup`: replaces the database, puts the media back, checks the "
            "row counts, clears the caches and rebuilds the search index.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup .tar file.")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bars.")

    def handle(self, *args, path, noinput=False, no_progress=False, **options):
        if not noinput:
            answer = input(f"This replaces the current database with the backup {path}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")

        def rebuild():
            self.stdout.write("Rebuilding the search index…")
            call_command("search_rebuild", no_progress=no_progress, stdout=self.stdout, stderr=self.stderr)

        with Bars(self.stderr._out, disable=no_progress) as bars:
            try:
                manifest = backup.backup_restore(path=path, progress=bars.update, rebuild_search=rebuild)
            except (backup.BackupError, OSError) as error:
                raise CommandError(f"Restore failed: {error}") from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Restored {rows} rows in {len(manifest['rows'])} tables (counts match the backup of "
            f"{manifest['created_at']}) and {manifest['restored_media_files']} media files; "
            "caches cleared, search index rebuilt."))
