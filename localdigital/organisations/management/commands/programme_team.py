from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from localdigital.organisations.services.programme_team import GROUP_NAME, add_member, ensure_group


class Command(BaseCommand):
    help = (
        f'Make the "{GROUP_NAME}" group with the staff tools the programme team needs (migrate does '
        "this too), and add people to it by email address."
    )

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="*", help="People to add; they must have signed in once.")

    def handle(self, *args, emails, **options):
        group = ensure_group()
        for email in emails:
            user = get_user_model().objects.filter(email__iexact=email.strip()).first()
            if user is None:
                raise CommandError(f"No one has signed in as {email}: ask them to sign in once first.")
            add_member(user)
            self.stdout.write(f"{user.email} is in the {GROUP_NAME} group.")
        self.stdout.write(self.style.SUCCESS(f'"{GROUP_NAME}" has {group.permissions.count()} permissions.'))
