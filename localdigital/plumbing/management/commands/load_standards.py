"""Put the platform's first catalogue of open standards in the register (plumbing/catalogue.py)."""

from django.core.management.base import BaseCommand

from localdigital.plumbing.services import load_standards


class Command(BaseCommand):
    help = "Load the catalogue of open standards and shared APIs (keeps any wording staff have changed)."

    def handle(self, *args, **options):
        added = load_standards()
        self.stdout.write(f"Added {added} standards; the others were already there.")
