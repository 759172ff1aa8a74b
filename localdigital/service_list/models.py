"""Council services, as the Local Government Service List (LGSL) names and numbers them."""

from django.db import models


class Service(models.Model):
    code = models.PositiveIntegerField("LGSL code", primary_key=True)
    label = models.CharField(max_length=300, db_index=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label
