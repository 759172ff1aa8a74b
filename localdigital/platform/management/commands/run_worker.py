"""The background worker: django-tasks-db's worker runs the jobs apps contribute, and a thread beside it
enqueues each scheduled job when its time comes (localdigital/platform/jobs.py)."""

import logging
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from localdigital.platform import jobs

SCHEDULE_EVERY_SECONDS = 0.5  # how often each worker looks for scheduled jobs that are due
logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the background worker: the jobs every app registers (queued email at EMAIL_SEND_PER_MINUTE, "
        "pledge tallies every few seconds, purges every 10 minutes, project reminders daily and digests "
        "weekly), each on its own schedule. Run one or more beside the web server; stop with Ctrl+C or "
        "SIGTERM."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run every job that repeats through the day once now (email, tallies, purges), then stop",
        )
        parser.add_argument(
            "--job",
            action="append",
            default=[],
            metavar="NAME",
            help="Run the named job once now, then stop (for example send_project_digests); may be repeated",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=0.5,
            help="Seconds an idle worker waits before looking for work again (default 0.5)",
        )

    def handle(self, *args, once: bool, job: list[str], interval: float, **options):
        unknown = [name for name in job if name not in jobs.registered()]
        if unknown:
            raise CommandError(
                f"No job called {', '.join(unknown)}; the jobs: {', '.join(sorted(jobs.registered()))}"
            )
        jobs.task_finished.connect(self._report, dispatch_uid="run_worker-report")
        self.stdout.write("Worker started")
        try:
            if once or job:
                if once:
                    jobs.run_now()
                for name in job:
                    jobs.registered()[name].task.enqueue()
                self._run(batch=True, interval=0)
            else:
                self._run(batch=False, interval=interval)
        finally:
            jobs.task_finished.disconnect(dispatch_uid="run_worker-report")
            self.stdout.write("Worker stopped")

    def _run(self, *, batch: bool, interval: float) -> None:
        backend = jobs.task_backends["default"]
        if not isinstance(backend, DatabaseBackend):
            if batch:
                return  # an immediate backend (the tests) has run each job as it was enqueued
            raise CommandError("The worker needs TASKS to use django_tasks_db.DatabaseBackend")
        worker = Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=interval,
            batch=batch,
            backend_name=backend.alias,
            startup_delay=not batch,
            max_tasks=None,
            worker_id=get_random_string(32),
        )
        if batch:
            worker.run()
            return
        schedule = Scheduler()
        schedule.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            schedule.stop()

    def _report(self, sender, task_result, **kwargs) -> None:
        job = jobs.by_module_path(task_result.task.module_path)
        if job is None:
            return
        if task_result.status == jobs.TaskResultStatus.FAILED:
            error = task_result.errors[-1] if task_result.errors else None
            self.stderr.write(
                f"{job.name} failed: {error.exception_class_path if error else 'unknown error'}"
            )
            return
        if job.report and (line := job.report(task_result.return_value)):
            self.stdout.write(line, ending="\r" if job.progress and self.stdout.isatty() else "\n")


class Scheduler(threading.Thread):
    """Enqueues scheduled jobs as they fall due, beside the worker, in a thread with its own connection."""

    def __init__(self):
        super().__init__(name="schedule", daemon=True)
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    jobs.enqueue_due()
                except Exception:  # a locked or restarting database: said, and tried again next time
                    logger.exception("Could not enqueue the scheduled jobs that are due")
                close_old_connections()
                self.stopping.wait(SCHEDULE_EVERY_SECONDS)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
