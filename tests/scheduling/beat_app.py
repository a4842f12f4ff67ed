"""The project's Celery app with the daily jobs due every two seconds, for the two-beat test.

Run by that test as ``celery -A tests.scheduling.beat_app beat|worker``; the
tasks are the real ones, only the schedule is faster.
"""

from reintegratie.celery import app

app.conf.beat_schedule = {
    "brieven: periodieke voortgangsrapportages": {
        "task": "reintegratie.documents.tasks.progress_reports_task",
        "schedule": 2.0,
    },
    "zaken: herinneringen en verlopen termijnen": {
        "task": "klachten.tasks.zaken_remind_task",
        "schedule": 2.0,
    },
}
