from django.apps import AppConfig


class PlumbingConfig(AppConfig):
    name = "localdigital.plumbing"
    label = "plumbing"
    verbose_name = "Systems, contracts and standards"

    def ready(self):
        self.register_jobs()

    def register_jobs(self):
        from datetime import time

        from localdigital.platform import jobs
        from localdigital.plumbing import tasks

        jobs.register(
            tasks.remind_system_keepers,
            schedule=jobs.Daily(at=time(9, 15)),
            report=lambda count: f"Reminded the keepers of {count} system records.",
        )
