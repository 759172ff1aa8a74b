from django.core.management.base import BaseCommand

from localdigital.pledges import services


class Command(BaseCommand):
    help = "Bring the public pledge counts up to date now (the worker does this every few seconds)."

    def handle(self, *args, **options):
        counts = services.tally()
        self.stdout.write(
            f"{counts.total:,} confirmed pledges, counted at {counts.updated_at:%Y-%m-%d %H:%M:%S}"
        )
