import logging
import signal
import threading

from django.core.management.base import BaseCommand

from config.ops import resilience, scheduler

logger = logging.getLogger("config.ops.scheduler")


class Command(BaseCommand):
    help = (
        "Fire the registered scheduled jobs (enqueue their tasks) once per period; safe to run on "
        "several machines at once. --once fires what is due and exits (tests, cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Fire what is due now, then exit.")
        parser.add_argument("--max-sleep", type=float, default=30.0,
                            help="Look again at least this often, in seconds (default: %(default)s).")

    def handle(self, *args, once, max_sleep, verbosity, **options):
        owner = scheduler.default_owner()
        if once:
            fired = scheduler.run_due(owner=owner)
            self.stdout.write(f"Fired: {', '.join(fired) or 'nothing was due'}")
            return
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        names = ", ".join(job.name for job in scheduler.registered_jobs())
        self.stdout.write(f"Scheduler {owner} started for: {names}. Ctrl-C stops it.")
        self.loop(stop, owner=owner, max_sleep=max_sleep, verbosity=verbosity)
        self.stdout.write("Scheduler stopped.")

    def loop(self, stop: threading.Event, *, owner: str, max_sleep: float, verbosity: int = 1) -> None:
        while not stop.is_set():
            try:
                fired = scheduler.run_due(owner=owner)
                pause = scheduler.seconds_until_next()
            except resilience.CONNECTION_ERRORS:
                logger.exception("Scheduler: firing jobs failed")
                if not resilience.wait_for_database(stop, what="Scheduler"):
                    return
                continue
            if fired and verbosity:
                self.stdout.write(f"Fired: {', '.join(fired)}")
            # Wake just after the next period begins (1 s late so its cron time has passed).
            stop.wait(min(max(pause + 1.0, 1.0), max_sleep))
