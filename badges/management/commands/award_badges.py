from django.core.management.base import BaseCommand
from tqdm import tqdm

from badges import services
from badges.models import Badge


class Command(BaseCommand):
    help = "Run every enabled badge rule over every member; award what is earned and revoke where the badge says so."

    def add_arguments(self, parser):
        parser.add_argument("--backfill", action="store_true", help="Evaluate all rules for all members.")
        parser.add_argument("--no-revoke", action="store_true", help="Only award; never revoke.")
        parser.add_argument("--redraw", action="store_true", help="Redraw every badge icon.")

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0
        for badge in Badge.objects.all():
            services.refresh_badge_art(badge=badge, force=options["redraw"])
        if not options["backfill"]:
            self.stdout.write("Nothing to do without --backfill (events award badges as they happen).")
            return
        with tqdm(total=Badge.objects.filter(enabled=True).count(), unit="badge", desc="Badges",
                  disable=quiet) as bar:
            stats = services.evaluate_badges(event="*", member_ids=None, revoke=not options["no_revoke"],
                                             progress=bar)
        self.stdout.write(self.style.SUCCESS(
            "Badges checked: {badges} badges, {awarded} awarded, {revoked} revoked.".format(**stats)))
