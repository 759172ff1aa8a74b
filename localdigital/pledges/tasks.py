"""The pledges' background jobs, registered in PledgesConfig.ready()."""

from localdigital.platform.jobs import task
from localdigital.pledges import services


@task(priority=10)
def tally_pledges() -> int:
    """Fold the pledge count changes into the public counts; the total."""
    counts = services.tally()
    return counts.total if counts else 0


@task()
def send_pledge_emails(batch: int) -> tuple[int, int]:
    """Send up to `batch` due confirmation and withdrawal emails; (sent, failed for now)."""
    return services.send_due_emails(batch=batch)


@task(priority=-10)
def purge_unconfirmed_pledges() -> int:
    return services.purge_unconfirmed()
