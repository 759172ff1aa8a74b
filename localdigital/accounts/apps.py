from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "localdigital.accounts"
    label = "accounts"
    verbose_name = "People"

    def ready(self):
        from localdigital.accounts import tasks
        from localdigital.platform import jobs

        jobs.register(
            tasks.purge_sign_in_links,
            schedule=jobs.Every(minutes=10),
            report=jobs.purged("old sign-in links"),
        )
