"""The email outbox's background jobs, registered in NotificationsConfig.ready()."""

from localdigital.notifications import gateway
from localdigital.platform.jobs import task


@task()
def send_queued_email(batch: int) -> tuple[int, int]:
    """Send up to `batch` queued emails; (sent, failed for now)."""
    return gateway.send_queued(batch=batch)


@task(priority=-10)
def purge_sent_email() -> int:
    return gateway.purge_sent()
