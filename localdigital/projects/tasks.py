"""The projects' background jobs, registered in ProjectsConfig.ready()."""

from localdigital.platform.jobs import task
from localdigital.projects import services


@task(priority=-10)
def remind_project_owners() -> int:
    """Email the owner of each active project with no update for 90 days; how many."""
    return services.remind_owners()


@task(priority=-10)
def send_project_digests() -> int:
    """Send the weekly digest of updates to the people who asked for it; how many."""
    return services.send_weekly_digests()


@task(priority=-10)
def send_daily_project_digests() -> int:
    """Send the daily digest of updates to the people who asked for it; how many."""
    return services.send_daily_digests()
