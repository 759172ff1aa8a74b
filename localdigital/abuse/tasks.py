"""Rate limiting's background jobs, registered in AbuseConfig.ready()."""

from localdigital.abuse import services
from localdigital.platform.jobs import task


@task(priority=-10)
def purge_rate_counters() -> int:
    return services.purge_counters()
