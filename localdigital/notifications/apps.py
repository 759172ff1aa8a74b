from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "localdigital.notifications"
    label = "notifications"
    verbose_name = "Emails"

    def ready(self):
        from localdigital.notifications import gateway, tasks
        from localdigital.platform import jobs

        jobs.register_email(tasks.send_queued_email, waiting=gateway.waiting)
        jobs.register(
            tasks.purge_sent_email, schedule=jobs.Every(minutes=10), report=jobs.purged("old email records")
        )
