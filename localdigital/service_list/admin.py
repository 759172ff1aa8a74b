from django.contrib import admin

from localdigital.service_list.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "label_cy"]
    search_fields = ["code", "label", "label_cy"]
