"""`manage.py run_worker`: django-tasks-db's worker runs the registered jobs, email keeps to its rate, and
what each job did is said as the worker used to say it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from localdigital.notifications import gateway
from localdigital.platform import jobs
from localdigital.platform.management.commands import run_worker as command
from localdigital.platform.models import ScheduledJob
from localdigital.pledges import services as pledges
from localdigital.pledges.models import Pledge

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def pledge(client, index: int) -> None:
    data = {"name": f"Person {index}", "email": f"person{index}@example.org", "organisation": "", "role": ""}
    assert client.post(reverse("pledges:pledge"), data).status_code == 302


def ask_to_sign_in(client, email: str) -> None:
    """A sign-in link: with EMAIL_QUEUE on, an email in the outbox for the worker."""
    client.post(reverse("accounts:sign-in"), {"email": email})


def run_worker(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("run_worker", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_every_frequent_job_and_sends_the_queued_email(client, settings):
    settings.TASKS = DATABASE_BACKEND
    settings.EMAIL_QUEUE = True
    pledge(client, 1)
    ask_to_sign_in(client, "someone@example.org")
    assert mail.outbox == []

    output, errors = run_worker("--once")

    assert sorted(email.to[0] for email in mail.outbox) == ["person1@example.org", "someone@example.org"]
    assert output.splitlines()[0] == "Worker started"
    assert "Emails: 2 sent, 0 failed for now, 0 waiting" in output
    assert "Pledges counted: 0" in output
    assert output.splitlines()[-1] == "Worker stopped"
    assert errors == ""
    runs = DBTaskResult.objects.all()
    assert {run.task_path.rpartition(".")[2] for run in runs} == {
        "send_email",
        "tally_pledges",
        "purge_unconfirmed_pledges",
        "purge_sent_email",
        "purge_sign_in_links",
        "purge_rate_counters",
        "prune_task_results",
    }
    assert {run.status for run in runs} == {jobs.TaskResultStatus.SUCCESSFUL}


@pytest.mark.django_db
def test_email_keeps_to_the_rate_a_second_of_it_at_a_time(client, settings):
    settings.EMAIL_QUEUE = True
    settings.EMAIL_SEND_PER_MINUTE = 120  # two a second
    for index in range(5):
        pledge(client, index)

    output, _ = run_worker("--once")

    assert len(mail.outbox) == 2
    assert "Emails: 2 sent, 0 failed for now, 3 waiting" in output


@pytest.mark.django_db
def test_the_email_senders_share_one_rate(client, settings):
    settings.EMAIL_QUEUE = True
    settings.EMAIL_SEND_PER_MINUTE = 240  # four a second
    for index in range(3):
        pledge(client, index)
        ask_to_sign_in(client, f"reader{index}@example.org")

    result = jobs.send_email.call()

    assert (result["sent"], result["failed"], result["waiting"]) == (4, 0, 2)
    assert pledges.emails_waiting() + gateway.waiting() == 2


@pytest.mark.django_db
def test_after_a_failure_the_email_job_gives_the_provider_time_for_every_worker(
    client, settings, monkeypatch
):
    def refuse(*args):
        raise ConnectionError("provider down")

    settings.EMAIL_QUEUE = True
    pledge(client, 1)
    monkeypatch.setattr(gateway, "_deliver", refuse)

    jobs.enqueue_due()

    held_until = ScheduledJob.objects.get(name="send_email").next_run_at
    assert held_until >= timezone.now() + timedelta(seconds=29)
    assert Pledge.objects.get().email_attempts == 1


@pytest.mark.django_db
def test_a_named_job_runs_now(client):
    output, _ = run_worker("--job", "send_project_digests", "--job", "remind_project_owners")

    assert "Sent 0 weekly digests." in output
    assert "Reminded the owners of 0 projects." in output
    assert "Pledges counted" not in output  # only the jobs named


@pytest.mark.django_db
def test_an_unknown_job_is_refused_with_the_names_of_the_jobs():
    with pytest.raises(CommandError, match=r"No job called send_digests; the jobs: .*send_project_digests"):
        run_worker("--job", "send_digests")


@pytest.mark.django_db
def test_a_job_that_fails_is_reported_and_the_others_still_run(monkeypatch):
    def broken():
        raise RuntimeError("tally broke")

    monkeypatch.setattr(pledges, "tally", broken)

    output, errors = run_worker("--once")

    assert "tally_pledges failed: builtins.RuntimeError" in errors
    assert "Worker stopped" in output


def test_the_worker_needs_the_database_backend_to_serve(settings):
    with pytest.raises(CommandError, match="DatabaseBackend"):
        run_worker()


@pytest.mark.django_db
def test_records_of_finished_runs_are_deleted_after_a_day(settings):
    settings.TASKS = DATABASE_BACKEND
    jobs.enqueue_due()
    DBTaskResult.objects.filter(task_path__endswith="tally_pledges").update(
        status=jobs.TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - timedelta(days=2)
    )
    DBTaskResult.objects.filter(task_path__endswith="send_email").update(
        status=jobs.TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - timedelta(hours=2)
    )
    waiting = DBTaskResult.objects.ready().count()

    assert jobs.prune_task_results.call() == 1
    assert not DBTaskResult.objects.filter(task_path__endswith="tally_pledges").exists()
    assert DBTaskResult.objects.count() == waiting + 1


@pytest.mark.django_db(transaction=True)
def test_the_schedule_beside_the_worker_enqueues_what_is_due_and_outlives_a_database_error(
    settings, monkeypatch
):
    settings.TASKS = DATABASE_BACKEND
    schedule = command.Scheduler()
    calls = []
    enqueue_due = jobs.enqueue_due

    def restarting_database_then_due_jobs():
        calls.append(len(calls))
        if len(calls) == 1:
            raise OperationalError("the database is restarting")
        schedule.stopping.set()
        return enqueue_due()

    monkeypatch.setattr(jobs, "enqueue_due", restarting_database_then_due_jobs)
    monkeypatch.setattr(command, "SCHEDULE_EVERY_SECONDS", 0)

    schedule.run()

    assert calls == [0, 1]
    assert DBTaskResult.objects.filter(task_path="localdigital.pledges.tasks.tally_pledges").exists()
