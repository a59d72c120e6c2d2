from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config import backup
from config.management.progress import Bars


class Command(BaseCommand):
    help = ("Back up the database and the media into one .tar file (the search index and caches are "
            "rebuilt on restore, not saved). The site may keep running.")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path,
                            help="Where to write the backup (default: $DATA_DIR/backups/flawsome-<time>.tar).")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bars.")

    def handle(self, *args, path=None, no_progress=False, **options):
        path = path or backup.default_path()
        self.stdout.write(f"Backing up to {path}…")
        with Bars(self.stderr._out, disable=no_progress) as bars:
            try:
                manifest = backup.backup_create(path=path, progress=bars.update)
            except (backup.BackupError, OSError) as error:
                raise CommandError(f"Backup failed, nothing was written to {path}: {error}") from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {rows} rows in {len(manifest['rows'])} tables and {manifest['media_files']} media files "
            f"to {path} ({path.stat().st_size // 1024} KB)."))
