"""Staff see pledges, and export them only with a reason, which goes to the audit trail."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from localdigital.audit import services as audit
from localdigital.govuk.forms import GovukForm
from localdigital.pledges.models import Pledge, PledgeCounts
from localdigital.registers.csv import csv_response


class ExportReasonForm(GovukForm):
    reason = forms.CharField(
        label=_("Why do you need these people's details?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit trail with your name and the number of pledges exported."),
    )


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["pk", "status", "organisation", "show_name", "created_at", "confirmed_at"]
    list_filter = ["status", "show_name"]
    search_fields = ["email_key", "name"]
    list_select_related = ["organisation"]
    date_hierarchy = "created_at"
    actions = ["export"]
    exclude = ["confirm_token_hash", "withdraw_token_hash"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Pledge._meta.fields if field.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Export the selected pledges as CSV (asks why)"), permissions=["view"])
    def export(self, request, queryset):
        form = ExportReasonForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            pledges = list(queryset.select_related("organisation").order_by("pk"))
            audit.record(
                "pledges exported",
                actor=request.user,
                object_type="pledges.pledge",
                object_label=f"{len(pledges)} pledges exported",
                after={
                    "reason": form.cleaned_data["reason"],
                    "count": len(pledges),
                    "ids": [p.pk for p in pledges],
                },
            )
            rows = (
                (
                    p.pk,
                    p.name,
                    p.email,
                    p.organisation.name if p.organisation else "",
                    p.role,
                    p.show_name,
                    p.status,
                    p.created_at.isoformat(),
                    p.confirmed_at.isoformat() if p.confirmed_at else "",
                )
                for p in pledges
            )
            header = [
                "id",
                "name",
                "email",
                "organisation",
                "role",
                "show_name",
                "status",
                "created_at",
                "confirmed_at",
            ]
            return csv_response("pledges-export.csv", header, rows)
        return TemplateResponse(
            request,
            "admin/pledges/export.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Export pledges"),
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(PledgeCounts)
class PledgeCountsAdmin(admin.ModelAdmin):
    list_display = ["total", "updated_at"]
    readonly_fields = ["total", "by_organisation", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
