"""Council services, as the Local Government Service List (LGSL) names and numbers them."""

from django.db import models

from localdigital.platform.bilingual import Bilingual, welsh_twin


class Service(Bilingual, models.Model):
    """A service on the list. The list has no Welsh names: staff write a service's Welsh name beside its
    English one, and Welsh pages show it (the English where none is written)."""

    code = models.PositiveIntegerField("LGSL code", primary_key=True)
    label = models.CharField(max_length=300, db_index=True)
    label_cy = welsh_twin(label)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        # In the page's language, as every list to choose a service from shows it.
        return self.localised("label")
