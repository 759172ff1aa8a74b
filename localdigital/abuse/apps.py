from django.apps import AppConfig


class AbuseConfig(AppConfig):
    name = "localdigital.abuse"
    verbose_name = "Abuse: rate limits and block lists"

    def ready(self):
        from localdigital.abuse import tasks
        from localdigital.platform import jobs

        jobs.register(
            tasks.purge_rate_counters,
            schedule=jobs.Every(minutes=10),
            report=jobs.purged("old rate counters"),
        )
