"""Rate limiting's background jobs, registered in AbuseConfig.ready()."""

from localdigital.platform import ratelimit
from localdigital.platform.jobs import task


@task(priority=-10)
def purge_rate_counters() -> int:
    return ratelimit.purge_counters()
