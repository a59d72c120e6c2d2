from django.core.management.base import BaseCommand

from moderation.recovery import services


class Command(BaseCommand):
    help = "Record cases whose first-response target passed without a staff answer (safe to run again)."

    def handle(self, *args, **options):
        breached = services.check_response_targets()
        self.stdout.write(self.style.SUCCESS(f"New breaches recorded: {breached}"))
