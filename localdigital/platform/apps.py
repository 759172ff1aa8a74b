from django.apps import AppConfig


class PlatformConfig(AppConfig):
    name = "localdigital.platform"
    label = "platform"
    verbose_name = "Platform: background jobs"

    def ready(self):
        from localdigital.platform import jobs

        jobs.register_platform_jobs()
