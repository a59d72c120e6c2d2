"""Demo content in English and Dutch. Idempotent: running it twice changes nothing the second time."""

import importlib
import logging
from contextlib import contextmanager

from django.apps import apps
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from tqdm import tqdm

# (app label, module): each module has `steps(context) -> list[(label, callable)]`, run in this order.
SEED_MODULES = [
    ("forum", "forum.seed"),
    ("forum", "forum.search.seed"),
    ("badges", "badges.seed"),
    ("moderation", "moderation.seed"),
    ("moderation", "moderation.recovery.seed"),
    ("blog", "blog.seed"),
]


# Loggers that announce every page the demo makes ("Page created", "Page published"): news to nobody
# running the demo, and written through the progress bar (#15 item 14). Warnings still show.
QUIET_LOGGERS = ("wagtail",)


@contextmanager
def _quiet_loggers():
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Create demo members, categories, threads, badges, cases and articles (safe to re-run)."

    def handle(self, *args, **options):
        # The demo's notifications would be emailed to example.com addresses (or printed in full
        # by the console backend): keep them in memory and only count them.
        earlier = getattr(mail, "outbox", None)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            try:
                with _quiet_loggers():
                    self._seed(options)
                held = len(mail.outbox)
            finally:
                if earlier is None:
                    del mail.outbox
                else:
                    mail.outbox = earlier
        if held:
            self.stdout.write(f"({held} notification emails of the demo were not sent.)")
        self._print_logins()

    def _seed(self, options):
        context: dict = {"logins": []}
        steps = []
        for label, module_name in SEED_MODULES:
            if not apps.is_installed(label):
                continue
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            steps.append(module.steps)
        with tqdm(total=0, desc="Seeding the demo", unit="step", disable=options["verbosity"] == 0,
                  bar_format="{desc}: {bar:20} {n_fmt}/{total_fmt}{postfix}") as bar:
            for app_steps in steps:
                planned = list(app_steps(context))
                bar.total += len(planned)
                bar.refresh()
                for label, step in planned:
                    bar.set_postfix_str(label)
                    with transaction.atomic():
                        step()
                    bar.update()
            bar.set_postfix_str("done")
        self._logins = context["logins"]

    def _print_logins(self):
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ with:"))
        for role, email, password in self._logins:
            self.stdout.write(f"  {role:<14} {email:<28} {password}")
