from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from localdigital.notifications import preferences
from localdigital.notifications.models import Recipient, SentEmail


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "delivery_status", "sent_at"]
    list_filter = ["status", "delivery_status", "transactional", "language", "template"]
    search_fields = ["to", "subject"]
    readonly_fields = [field.name for field in SentEmail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SuppressedFilter(admin.SimpleListFilter):
    title = _("suppressed")
    parameter_name = "suppressed"

    def lookups(self, request, model_admin):
        return [("yes", _("Suppressed")), ("no", _("Not suppressed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(suppressed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(suppressed_at__isnull=True)
        return queryset


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    """Addresses emailed: which are suppressed and why (lifted with the action, which is audited)."""

    list_display = ["address", "language", "unsubscribed_at", "suppressed_at", "suppressed_reason"]
    list_filter = [SuppressedFilter, "language"]
    search_fields = ["address"]
    readonly_fields = [field.name for field in Recipient._meta.fields]
    actions = ["lift_suppression"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Lift the suppression: send to these addresses again"))
    def lift_suppression(self, request, queryset):
        lifted = sum(preferences.lift_suppression(row, actor=request.user) for row in queryset)
        self.message_user(
            request,
            ngettext(
                "Lifted the suppression of %(count)d address",
                "Lifted the suppression of %(count)d addresses",
                lifted,
            )
            % {"count": lifted},
            messages.SUCCESS,
        )
