from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.Model):
    """What the scheduler knows of one registered job: the period it last fired and how that went.

    `last_period` is the lock: a scheduler fires a job only by moving it forward in one
    conditional UPDATE, so however many schedulers run, one of them wins each period.
    """

    class Outcome(models.TextChoices):
        ENQUEUED = "enqueued", _("waiting for the worker")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    last_period = models.DateTimeField(_("last period fired"), null=True, blank=True)
    fired_by = models.CharField(_("fired by"), max_length=100, blank=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    last_task_id = models.CharField(_("last task id"), max_length=64, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_duration = models.DurationField(_("last duration"), null=True, blank=True)
    last_outcome = models.CharField(_("last outcome"), max_length=16, choices=Outcome.choices, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    runs = models.PositiveIntegerField(_("times fired"), default=0)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
