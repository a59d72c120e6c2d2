from django.core.management.base import BaseCommand
from tqdm import tqdm

from forum.counters import synchronize_counters


class Command(BaseCommand):
    help = "Rebuild answer, kudos, me-too, thread and tag counts exactly from the source rows."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, verbosity, **options):
        def progress(total):
            return tqdm(total=total, desc="counters", unit="row", disable=verbosity == 0, file=self.stderr)

        totals = synchronize_counters(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"Synchronized {totals['threads']} threads, {totals['answers']} answers, "
            f"{totals['categories']} categories, {totals['tags']} tags."
        ))
