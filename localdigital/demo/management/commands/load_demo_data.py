from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from localdigital.demo.services import load_demo_data


class Command(BaseCommand):
    help = "Add demonstration content, marked as demo, for trying the service locally. Safe to run again."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only: it is not loaded when DEBUG is off.")
        report = load_demo_data()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {report.organisations_created} organisations, {report.signatories_created} "
                f"signatories, {report.projects_created} projects, {report.pledges_created} pledges, "
                f"{report.rounds_created} fund rounds and {report.systems_created} systems added."
            )
        )
        self.stdout.write(
            "To try the staff tools, sign in at /sign-in/ as programme-team@localdigital.example: "
            "the link is printed here, and later emails are at /outbox/."
        )
