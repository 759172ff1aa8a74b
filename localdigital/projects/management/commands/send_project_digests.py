from django.core.management.base import BaseCommand

from localdigital.projects.services import send_weekly_digests


class Command(BaseCommand):
    help = "Send the weekly digest of updates to people who asked for it. Run it weekly from a scheduler."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_weekly_digests()} weekly digests.")
