from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PledgesConfig(AppConfig):
    name = "localdigital.pledges"
    verbose_name = "Pledges of support"

    def ready(self):
        from localdigital.organisations.models import Organisation
        from localdigital.pledges.forms import forget_organisation_choices

        post_save.connect(
            forget_organisation_choices, sender=Organisation, dispatch_uid="pledge-choices-save"
        )
        post_delete.connect(
            forget_organisation_choices, sender=Organisation, dispatch_uid="pledge-choices-del"
        )
        self.register_jobs()

    def register_jobs(self):
        from localdigital.platform import jobs
        from localdigital.pledges import services, tasks

        jobs.register(
            tasks.tally_pledges,
            schedule=jobs.Every(seconds=services.TALLY_EVERY_SECONDS),
            report=lambda total: f"Pledges counted: {total:,}",
            progress=True,
        )
        jobs.register_email(tasks.send_pledge_emails, waiting=services.emails_waiting)
        jobs.register(
            tasks.purge_unconfirmed_pledges,
            schedule=jobs.Every(minutes=10),
            report=jobs.purged("unconfirmed pledges"),
        )
