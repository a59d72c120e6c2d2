from django.core.management.base import BaseCommand

from forum.notifications import send_accept_reminders


class Command(BaseCommand):
    help = "Remind askers (once) whose answered questions have no accepted answer after ACCEPT_REMINDER_DAYS."

    def handle(self, *args, **options):
        sent = send_accept_reminders()
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} accept reminders."))
