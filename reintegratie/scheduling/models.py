"""PeriodicRun: one row per periodic job and period, so a second scheduler's run does nothing."""

from django.db import models


class PeriodicRun(models.Model):
    """A periodic job that ran (or runs) for one period, e.g. the progress reports of 4 december 2026.

    The unique constraint is the guarantee: whichever beat fires first takes
    the period; every later run of the same job for the same period finds the
    row and stops. A run that died half-way (no ``finished_at``) may be taken
    over once it is older than the job's time limit.
    """

    job = models.CharField(max_length=80)
    period = models.CharField(max_length=40)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="periodicrun_one_per_period")]

    def __str__(self):
        return f"{self.job} {self.period}"
