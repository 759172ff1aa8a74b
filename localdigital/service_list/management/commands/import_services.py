from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from localdigital.service_list.services import MalformedServiceList, import_services


class Command(BaseCommand):
    help = "Load the Local Government Service List (LGSL) of council services. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=settings.ORGANISATION_DATA_DIR)

    def handle(self, *args, data_dir: Path, **options):
        try:
            created, updated = import_services(data_dir)
        except MalformedServiceList as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        if created or updated:
            self.stdout.write(self.style.SUCCESS(f"Services: {created} created, {updated} updated."))
        else:
            self.stdout.write("No changes: every service was already up to date.")
