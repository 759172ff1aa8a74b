from django.core.management.base import BaseCommand

from localdigital.pledges import services


class Command(BaseCommand):
    help = (
        f"Delete pledges not confirmed within {services.CONFIRM_WITHIN.days} days "
        "(the worker does this every 10 minutes)."
    )

    def handle(self, *args, **options):
        deleted = services.purge_unconfirmed()
        self.stdout.write(f"Deleted {deleted:,} unconfirmed pledges")
