"""Background jobs: the tasks each app contributes, when they run, and one email rate for all of them.

A job is a task (Django's Tasks API, `@task`) in its app's `tasks.py`, registered from the app's
`AppConfig.ready()`:

    jobs.register(tasks.tally_pledges, schedule=jobs.Every(seconds=2), report=...)
    jobs.register_email(tasks.send_pledge_emails, waiting=services.emails_waiting)

`manage.py run_worker` runs the tasks with django-tasks-db's worker and, beside it, enqueues each scheduled
job when its time comes. Any number of workers may run: each slot of a schedule is claimed by a conditional
UPDATE of its row in the same transaction that enqueues the task, so it is enqueued once whoever asks.
A job whose last run is still waiting to start is not enqueued again: missed slots fold into one run.

Email senders are not scheduled one by one: `send_email`, every second, shares EMAIL_SEND_PER_MINUTE
among them, so the provider's rate holds for all email and all workers together.
"""

import math
import time as clock
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

# The Tasks API is `django.tasks` from Django 6; on Django 5.2 the backport offers the same names.
try:
    from django.tasks import TaskResultStatus, task, task_backends
    from django.tasks.base import Task
    from django.tasks.signals import task_finished
except ImportError:
    # The backport's names are the same classes' twins: mypy sees two definitions of each.
    from django_tasks import TaskResultStatus, task, task_backends  # type: ignore[assignment,no-redef]
    from django_tasks.base import Task  # type: ignore[assignment]
    from django_tasks.signals import task_finished

__all__ = [
    "Daily",
    "Every",
    "Job",
    "Task",
    "Weekly",
    "enqueue_due",
    "postpone",
    "register",
    "register_email",
    "registered",
    "run_now",
    "task",
    "task_backends",
    "task_finished",
]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
RETRY_EMAIL_AFTER_FAILURE = timedelta(seconds=30)  # give the provider time to recover


class Schedule(Protocol):
    repeats_within_a_day: bool

    def first(self, now: datetime) -> datetime: ...

    def next_after(self, now: datetime) -> datetime: ...


@dataclass(frozen=True)
class Every:
    """Every few seconds, minutes or hours, on a grid from midnight UTC; the first run at once."""

    seconds: float = 0
    minutes: float = 0
    hours: float = 0
    repeats_within_a_day = True

    @property
    def interval(self) -> timedelta:
        return timedelta(seconds=self.seconds, minutes=self.minutes, hours=self.hours)

    def first(self, now: datetime) -> datetime:
        return now

    def next_after(self, now: datetime) -> datetime:
        step = self.interval.total_seconds()
        return EPOCH + timedelta(seconds=(math.floor((now - EPOCH).total_seconds() / step) + 1) * step)

    def __str__(self) -> str:
        seconds = self.interval.total_seconds()
        for unit, size in (("hour", 3600), ("minute", 60), ("second", 1)):
            if seconds >= size and seconds % size == 0:
                count = int(seconds // size)
                return f"every {unit}" if count == 1 else f"every {count} {unit}s"
        return f"every {seconds:g} seconds"


@dataclass(frozen=True)
class Daily:
    """Once a day at a local time (TIME_ZONE). A day missed while no worker ran is run when one starts."""

    at: time
    repeats_within_a_day = False

    def first(self, now: datetime) -> datetime:
        return self.next_after(now)

    def next_after(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        moment = _local(local.date(), self.at)
        return moment if moment > now else _local(local.date() + timedelta(days=1), self.at)

    def __str__(self) -> str:
        return f"daily at {self.at:%H:%M}"


@dataclass(frozen=True)
class Weekly:
    """Once a week on a weekday (0 is Monday) at a local time; a missed week is run when a worker starts."""

    weekday: int
    at: time
    repeats_within_a_day = False

    def first(self, now: datetime) -> datetime:
        return self.next_after(now)

    def next_after(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        day = local.date() + timedelta(days=(self.weekday - local.weekday()) % 7)
        moment = _local(day, self.at)
        return moment if moment > now else _local(day + timedelta(days=7), self.at)

    def __str__(self) -> str:
        days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        return f"weekly on {days[self.weekday]} at {self.at:%H:%M}"


def _local(day, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@dataclass(frozen=True)
class Job:
    """A task and when it runs. `report` turns what a run returned into a line for the worker's output
    (None: nothing worth saying); a `progress` line is overwritten by the next one on a terminal."""

    task: Task
    schedule: Schedule | None = None
    report: Any = None
    progress: bool = False
    waiting: Any = None  # for an email sender: how many emails it has waiting

    @property
    def name(self) -> str:
        return self.task.name

    @property
    def sends_email(self) -> bool:
        return self.waiting is not None


@dataclass
class Registry:
    jobs: dict[str, Job] = field(default_factory=dict)

    def add(self, job: Job) -> Job:
        other = self.jobs.get(job.name)
        if other is not None and other.task.module_path != job.task.module_path:
            raise ValueError(
                f"Two jobs are called {job.name}: {other.task.module_path}, {job.task.module_path}"
            )
        self.jobs[job.name] = job
        return job


_registry = Registry()


def register(task: Task, *, schedule: Schedule | None = None, report=None, progress: bool = False) -> Job:
    """Contribute a job: a task, and when it runs if the worker should run it on a schedule."""
    return _registry.add(Job(task=task, schedule=schedule, report=report, progress=progress))


def register_email(task: Task, *, waiting) -> Job:
    """Contribute an email sender: a task taking `batch` (at most that many emails) and returning
    [sent, failed]. `send_email` runs the senders within the one email rate."""
    return _registry.add(Job(task=task, waiting=waiting))


def registered() -> dict[str, Job]:
    return dict(_registry.jobs)


def schedule_of(job: Job) -> Schedule:
    if job.schedule is None:
        raise ValueError(f"{job.name} runs only when it is asked for")
    return job.schedule


def scheduled() -> dict[str, Job]:
    return {name: job for name, job in _registry.jobs.items() if job.schedule is not None}


def by_module_path(path: str) -> Job | None:
    return next((job for job in _registry.jobs.values() if job.task.module_path == path), None)


def purged(what: str):
    """A report for a purge job: "Purged 3 old sign-in links", or nothing when it deleted nothing."""
    return lambda count: f"Purged {count:,} {what}" if count else None


# Scheduling ---------------------------------------------------------------------------------------------


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue each scheduled job whose time has come, once per slot however many workers call this at
    once; the names of those this call enqueued."""
    from localdigital.platform.models import ScheduledJob

    now = now or timezone.now()
    jobs = scheduled()
    known = set(ScheduledJob.objects.filter(name__in=jobs).values_list("name", flat=True))
    if missing := [name for name in jobs if name not in known]:
        ScheduledJob.objects.bulk_create(
            [ScheduledJob(name=name, next_run_at=schedule_of(jobs[name]).first(now)) for name in missing],
            ignore_conflicts=True,
        )
    enqueued = []
    for row in ScheduledJob.objects.filter(name__in=jobs, next_run_at__lte=now).order_by("next_run_at"):
        job = jobs[row.name]
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(name=row.name, next_run_at=row.next_run_at).update(
                next_run_at=schedule_of(job).next_after(now), last_slot_at=row.next_run_at
            )
            if not claimed or _still_waiting(job, row.last_result_id):
                continue
            result = job.task.enqueue()
            ScheduledJob.objects.filter(name=row.name).update(last_result_id=str(result.id))
        enqueued.append(row.name)
    return enqueued


def _still_waiting(job: Job, result_id: str) -> bool:
    """Whether the job's last run has not started yet (the workers are behind)."""
    backend = job.task.get_backend()
    if not result_id or not backend.supports_get_result:
        return False
    try:
        return backend.get_result(result_id).status == TaskResultStatus.READY
    except Exception:  # pruned, or made by another backend: nothing is waiting
        return False


def postpone(name: str, until: datetime) -> None:
    """Hold a scheduled job's next run until at least `until`, for every worker."""
    from localdigital.platform.models import ScheduledJob

    ScheduledJob.objects.filter(name=name, next_run_at__lt=until).update(next_run_at=until)


def run_now(*, frequent_only: bool = True) -> list[str]:
    """Enqueue every job that repeats through the day now, whatever its schedule says (`run_worker
    --once`); daily and weekly jobs only with frequent_only=False. The names enqueued."""
    names = []
    for name, job in scheduled().items():
        if schedule_of(job).repeats_within_a_day or not frequent_only:
            job.task.enqueue()
            names.append(name)
    return names


# The platform's own jobs --------------------------------------------------------------------------------


def email_every() -> Every:
    """How often `send_email` runs: every second, or less often when the rate is under one a second."""
    return Every(seconds=max(1.0, 60 / settings.EMAIL_SEND_PER_MINUTE))


@task(priority=10)
def send_email() -> dict:
    """Send what every email sender has due, within EMAIL_SEND_PER_MINUTE for this slot; the senders take
    turns at going first so that none waits behind another's backlog."""
    budget = max(1, math.floor(settings.EMAIL_SEND_PER_MINUTE * email_every().interval.total_seconds() / 60))
    senders = sorted((job for job in _registry.jobs.values() if job.sends_email), key=lambda job: job.name)
    if senders:
        turn = int(clock.time()) % len(senders)
        senders = senders[turn:] + senders[:turn]
    sent = failed = 0
    for job in senders:
        if sent + failed >= budget:
            break
        job_sent, job_failed = job.task.call(batch=budget - sent - failed)
        sent, failed = sent + job_sent, failed + job_failed
    if failed and not sent:
        postpone(send_email.name, timezone.now() + RETRY_EMAIL_AFTER_FAILURE)
    waiting = sum(job.waiting() for job in senders) if sent or failed else 0
    return {"sent": sent, "failed": failed, "waiting": waiting}


def report_email(result: dict) -> str | None:
    if not (result["sent"] or result["failed"]):
        return None
    return f"Emails: {result['sent']} sent, {result['failed']} failed for now, {result['waiting']:,} waiting"


TASK_RESULTS_KEPT_DAYS = 1  # a record of each run, for the admin; a failed one for FAILED_KEPT_DAYS
FAILED_TASK_RESULTS_KEPT_DAYS = 14


@task(priority=-10)
def prune_task_results() -> int:
    """Delete the database backend's records of finished runs (a few each second) after a day."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = send_email.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return 0
    now = timezone.now()
    finished = DBTaskResult.objects.filter(backend_name=backend.alias)
    deleted, _ = (
        finished.successful().filter(finished_at__lt=now - timedelta(days=TASK_RESULTS_KEPT_DAYS))
        | finished.failed().filter(finished_at__lt=now - timedelta(days=FAILED_TASK_RESULTS_KEPT_DAYS))
    ).delete()
    return deleted


def register_platform_jobs() -> None:
    register(send_email, schedule=email_every(), report=report_email)
    register(prune_task_results, schedule=Every(hours=1), report=purged("records of finished jobs"))
