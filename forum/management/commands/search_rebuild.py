from django.core.management.base import BaseCommand
from tqdm import tqdm

from forum import search
from forum.search.backends import whoosh_backend


class Command(BaseCommand):
    help = "Rebuild the search index beside the live one, then swap it in (search keeps working)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, no_progress=False, **options):
        active = search.backend()
        total = search.count_documents()
        self.stdout.write(f"Rebuilding the {active.name} search index ({total} documents)…")
        with tqdm(total=total, unit="doc", disable=no_progress, file=self.stderr._out) as bar:
            count = active.rebuild(search.all_documents(), progress=bar.update)
        whoosh_backend.wait_for_pending_writes()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents; the new index is live."))
