from django.core.management.base import BaseCommand
from tqdm import tqdm

from forum.notifications import send_digests


class Command(BaseCommand):
    help = "Email the daily digest to members who chose it (run once a day)."

    def handle(self, *args, verbosity, **options):
        def progress(rows):
            return tqdm(rows, desc="digests", unit="member", disable=verbosity == 0, file=self.stderr)

        sent = send_digests(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} digests."))
