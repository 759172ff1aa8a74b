from django.core.management.base import BaseCommand

from localdigital.projects.services import remind_owners


class Command(BaseCommand):
    help = "Email the owner of each active project with no update for 90 days. Run it daily from a scheduler."

    def handle(self, *args, **options):
        self.stdout.write(f"Reminded the owners of {remind_owners()} projects.")
