from django.contrib import admin

from localdigital.pages.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """The programme team reads feedback; nobody adds, changes or deletes it here."""

    list_display = ["created_at", "journey", "satisfaction", "improvement"]
    list_filter = ["journey", "satisfaction"]
    search_fields = ["improvement"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Feedback._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
