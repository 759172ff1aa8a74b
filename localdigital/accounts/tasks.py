"""The accounts' background jobs, registered in AccountsConfig.ready()."""

from localdigital.accounts import services
from localdigital.platform.jobs import task


@task(priority=-10)
def purge_sign_in_links() -> int:
    return services.purge_links()
