from django.core.management.base import BaseCommand
from tqdm import tqdm

from badges import services


class Command(BaseCommand):
    help = ("Reconcile the reputation ledger with the forum's kudos, acceptances and verifications, "
            "then recompute every member's cached totals and rank from those source rows.")

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0

        def bar(**kwargs):
            return tqdm(unit="thread", disable=quiet, **kwargs)

        result = services.rebuild_reputation(progress_factory=bar)
        self.stdout.write(self.style.SUCCESS(
            "Reputation rebuilt: {entries_written} ledger entries written, {standings_changed} of {members} "
            "standings changed, {ledger_mismatches} ledger mismatches.".format(**result)))
