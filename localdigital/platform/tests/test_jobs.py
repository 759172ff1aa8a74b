"""The job registry and the schedule: every app's jobs are there, each runs on its own schedule, and a slot
is enqueued once however many workers ask for it at the same moment."""

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from localdigital.platform import jobs
from localdigital.platform.models import ScheduledJob

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def at(text: str) -> datetime:
    """A moment in the service's time zone, as "2026-12-07 08:00:00"."""
    return timezone.make_aware(datetime.fromisoformat(text))


def enqueued() -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in DBTaskResult.objects.values_list("task_path", flat=True):
        name = path.rpartition(".")[2]
        counts[name] = counts.get(name, 0) + 1
    return counts


@jobs.task()
def tally_pledges() -> int:
    """Another app's job with the same name as the pledges' one."""
    return 0


class TestTheRegistry:
    def test_every_app_contributes_its_jobs_each_with_its_schedule(self):
        schedules = {name: str(job.schedule) for name, job in jobs.registered().items() if job.schedule}

        assert schedules == {
            "tally_pledges": "every 2 seconds",
            "purge_unconfirmed_pledges": "every 10 minutes",
            "purge_sent_email": "every 10 minutes",
            "purge_sign_in_links": "every 10 minutes",
            "purge_rate_counters": "every 10 minutes",
            "remind_project_owners": "daily at 09:00",
            "send_project_digests": "weekly on Monday at 08:00",
            "send_daily_project_digests": "daily at 07:30",
            "remind_system_keepers": "daily at 09:15",
            "send_email": "every second",
            "prune_task_results": "every hour",
        }

    def test_each_app_owns_its_jobs(self):
        owners = {name: job.task.module_path.rsplit(".", 2)[0] for name, job in jobs.registered().items()}

        assert owners == {
            "tally_pledges": "localdigital.pledges",
            "send_pledge_emails": "localdigital.pledges",
            "purge_unconfirmed_pledges": "localdigital.pledges",
            "send_queued_email": "localdigital.notifications",
            "purge_sent_email": "localdigital.notifications",
            "purge_sign_in_links": "localdigital.accounts",
            "purge_rate_counters": "localdigital.abuse",
            "remind_project_owners": "localdigital.projects",
            "send_project_digests": "localdigital.projects",
            "send_daily_project_digests": "localdigital.projects",
            "remind_system_keepers": "localdigital.plumbing",
            "send_email": "localdigital.platform",
            "prune_task_results": "localdigital.platform",
        }

    def test_the_email_senders_are_run_by_the_one_email_job_not_on_schedules_of_their_own(self):
        senders = {name for name, job in jobs.registered().items() if job.sends_email}

        assert senders == {"send_pledge_emails", "send_queued_email"}
        assert all(jobs.registered()[name].schedule is None for name in senders)

    def test_two_jobs_cannot_share_a_name(self):
        with pytest.raises(ValueError, match="Two jobs are called tally_pledges"):
            jobs.register(tally_pledges, schedule=jobs.Every(seconds=1))


class TestSchedules:
    def test_a_frequent_job_runs_at_once_then_on_a_grid_of_its_interval(self):
        every = jobs.Every(seconds=2)

        assert every.first(at("2026-12-02 10:00:01.300")) == at("2026-12-02 10:00:01.300")
        assert every.next_after(at("2026-12-02 10:00:01.300")) == at("2026-12-02 10:00:02")
        assert every.next_after(at("2026-12-02 10:00:02")) == at("2026-12-02 10:00:04")
        assert jobs.Every(minutes=10).next_after(at("2026-12-02 10:07:00")) == at("2026-12-02 10:10:00")

    def test_a_daily_job_first_runs_at_its_time(self):
        daily = jobs.Daily(at=time(9, 0))

        assert daily.first(at("2026-12-02 08:59:00")) == at("2026-12-02 09:00:00")
        assert daily.first(at("2026-12-02 09:00:00")) == at("2026-12-03 09:00:00")
        assert daily.next_after(at("2026-12-02 17:00:00")) == at("2026-12-03 09:00:00")

    def test_a_daily_job_keeps_to_local_time_across_the_change_to_summer_time(self):
        daily = jobs.Daily(at=time(9, 0))

        assert daily.next_after(at("2026-03-28 10:00:00")) == at("2026-03-29 09:00:00")
        assert timezone.localtime(at("2026-03-29 09:00:00")).utcoffset() == timedelta(hours=1)

    def test_a_weekly_job_runs_on_its_day(self):
        monday = jobs.Weekly(weekday=0, at=time(8, 0))

        assert monday.first(at("2026-12-02 12:00:00")) == at("2026-12-07 08:00:00")  # a Wednesday
        assert monday.next_after(at("2026-12-07 07:59:00")) == at("2026-12-07 08:00:00")
        assert monday.next_after(at("2026-12-07 08:00:00")) == at("2026-12-14 08:00:00")


@pytest.mark.django_db
class TestEnqueueingWhenDue:
    """With the tests' immediate backend, each job runs as soon as it is enqueued."""

    def test_the_frequent_jobs_run_when_a_worker_starts_the_daily_and_weekly_ones_wait_for_their_time(self):
        now = at("2026-12-02 10:00:00.500")

        ran = jobs.enqueue_due(now)

        assert set(ran) == {name for name, job in jobs.registered().items() if job.schedule} - {
            "remind_project_owners",
            "send_project_digests",
            "send_daily_project_digests",
            "remind_system_keepers",
        }
        assert ScheduledJob.objects.get(name="send_project_digests").next_run_at == at("2026-12-07 08:00:00")

    def test_a_slot_runs_once_and_the_next_slot_runs_again(self):
        jobs.enqueue_due(at("2026-12-02 10:00:00.500"))

        assert jobs.enqueue_due(at("2026-12-02 10:00:00.900")) == []
        assert set(jobs.enqueue_due(at("2026-12-02 10:00:01"))) == {"send_email"}
        assert set(jobs.enqueue_due(at("2026-12-02 10:00:02.100"))) == {"send_email", "tally_pledges"}

    def test_slots_missed_while_no_worker_ran_are_run_once(self):
        jobs.enqueue_due(at("2026-12-02 10:00:00"))

        assert jobs.enqueue_due(at("2026-12-02 11:30:00")).count("purge_sign_in_links") == 1
        assert jobs.enqueue_due(at("2026-12-02 11:35:00")) == ["send_email", "tally_pledges"]

    def test_a_job_can_be_held_back_for_every_worker(self):
        jobs.enqueue_due(at("2026-12-02 10:00:00"))

        jobs.postpone("send_email", at("2026-12-02 10:00:30"))

        assert "send_email" not in jobs.enqueue_due(at("2026-12-02 10:00:29"))
        assert "send_email" in jobs.enqueue_due(at("2026-12-02 10:00:30"))


@pytest.mark.django_db
class TestWithTheDatabaseBackend:
    @pytest.fixture(autouse=True)
    def _database_backend(self, settings):
        settings.TASKS = DATABASE_BACKEND

    def test_a_due_job_becomes_a_task_row_for_the_worker(self):
        jobs.enqueue_due(at("2026-12-02 10:00:00"))

        row = DBTaskResult.objects.get(task_path="localdigital.pledges.tasks.tally_pledges")
        assert row.status == jobs.TaskResultStatus.READY
        assert ScheduledJob.objects.get(name="tally_pledges").last_result_id == str(row.id)

    def test_a_job_whose_last_run_has_not_started_is_not_enqueued_again(self):
        jobs.enqueue_due(at("2026-12-02 10:00:00"))

        jobs.enqueue_due(at("2026-12-02 10:00:02"))
        assert enqueued()["tally_pledges"] == 1
        DBTaskResult.objects.update(status=jobs.TaskResultStatus.RUNNING)  # a worker has taken them
        jobs.enqueue_due(at("2026-12-02 10:00:04"))
        assert enqueued()["tally_pledges"] == 2


WORKERS = 4
SLOTS = 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="workers racing need a database server")
@pytest.mark.django_db(transaction=True)
def test_workers_racing_enqueue_each_slot_exactly_once(settings):
    settings.TASKS = DATABASE_BACKEND
    start = at("2026-12-02 10:00:00")
    slots = [start + timedelta(seconds=2 * slot) for slot in range(SLOTS)]
    ready = threading.Barrier(WORKERS)
    won: list[list[str]] = []
    errors: list[BaseException] = []

    def worker():
        try:
            for slot in slots:
                ready.wait(timeout=30)
                won.append(jobs.enqueue_due(slot))
                ready.wait(timeout=30)
                if threading.current_thread().name == "worker-0":  # a worker has started every run
                    DBTaskResult.objects.update(status=jobs.TaskResultStatus.RUNNING)
        except BaseException as error:
            errors.append(error)
            ready.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, name=f"worker-{index}") for index in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    counts = enqueued()
    assert counts["tally_pledges"] == SLOTS  # a slot every 2 seconds
    assert counts["send_email"] == SLOTS
    assert counts["purge_sign_in_links"] == 1  # every 10 minutes: the first slot only
    assert "send_project_digests" not in counts
    assert sum(len(names) for names in won) == sum(counts.values())
