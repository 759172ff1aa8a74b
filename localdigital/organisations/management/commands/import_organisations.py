from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from localdigital.organisations.services.importer import (
    ImportConflict,
    MalformedFile,
    import_organisations,
)


class Command(BaseCommand):
    help = (
        "Bring the organisation register in line with the official lists of councils, their domains "
        "and police force areas. Safe to run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=settings.ORGANISATION_DATA_DIR,
            help="Folder holding uk_councils_current.csv, council_gov_uk_domains.csv and "
            "police_force_areas.csv (default: %(default)s, or ORGANISATION_DATA_DIR).",
        )

    def handle(self, *args, data_dir: Path, verbosity: int, **options):
        def progress(items, total):
            return tqdm(
                items,
                total=total,
                desc="Organisations",
                unit=" bodies",
                disable=verbosity == 0,
                file=self.stderr._out,
            )

        self.stdout.write(f"Reading the official lists in {data_dir}")
        try:
            report = import_organisations(data_dir, progress=progress)
        except (MalformedFile, ImportConflict) as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        self.stdout.write(self.style.SUCCESS(report.summary()))
