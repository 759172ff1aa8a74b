from django.db import models


class Feedback(models.Model):
    """What someone thought of the service at the end of a journey: GOV.UK's satisfaction question and,
    if they gave one, how it could be better. Nothing asks who they are."""

    class Journey(models.TextChoices):
        PLEDGING = "pledging", "Pledging support"
        SIGNING = "signing", "Signing the Declaration"
        BIDDING = "bidding", "Submitting a bid"
        SHARING = "sharing", "Sharing a project"

    class Satisfaction(models.IntegerChoices):
        # GOV.UK's five answers, most satisfied first (the order they are shown in).
        VERY_SATISFIED = 5, "Very satisfied"
        SATISFIED = 4, "Satisfied"
        NEITHER = 3, "Neither satisfied nor dissatisfied"
        DISSATISFIED = 2, "Dissatisfied"
        VERY_DISSATISFIED = 1, "Very dissatisfied"

    journey = models.CharField(max_length=20, choices=Journey.choices, blank=True, db_index=True)
    satisfaction = models.PositiveSmallIntegerField(choices=Satisfaction.choices)
    improvement = models.TextField("How we could improve the service", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "feedback"
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{self.get_satisfaction_display()} ({self.get_journey_display() or 'no journey given'})"
