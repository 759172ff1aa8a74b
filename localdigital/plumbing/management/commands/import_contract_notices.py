"""Import an OCDS release package of contract notices: each award or contract becomes a proposed system
record, for a member of the buyer to confirm (plumbing/ocds_import.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localdigital.plumbing.ocds_import import RefusedFile, import_file


class Command(BaseCommand):
    help = "Propose system records from an OCDS release package (Contracts Finder, Find a Tender)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The release package, a JSON file")

    def handle(self, *args, path: Path, **options):
        def progress(done: int, total: int) -> None:
            self.stdout.write(f"Read {done} of {total} releases")

        try:
            report = import_file(path, progress=progress)
        except RefusedFile as refused:
            lines = [f"{refused.filename}: {refused.problem}", *(f"  {detail}" for detail in refused.details)]
            raise CommandError("Nothing was imported. " + "\n".join(lines)) from None
        for line in report.lines():
            self.stdout.write(line)
