from django.core.management.base import BaseCommand

from moderation.recovery import services


class Command(BaseCommand):
    help = "Ask customers “All good now?” a few days after their case was resolved (safe to run again)."

    def handle(self, *args, **options):
        sent = services.send_follow_ups()
        self.stdout.write(self.style.SUCCESS(f"Follow-ups sent: {sent}"))
