from django.contrib import admin
from django.db import models

from localdigital.audit.admin import AuditedAdmin
from localdigital.organisations.models import AccessRequest, Organisation, OrganisationDomain
from localdigital.organisations.services.membership import decide


class DomainInline(admin.TabularInline):
    model = OrganisationDomain
    extra = 1
    # Imported domains are switched off rather than deleted, so that the import does not bring them back.
    can_delete = False
    fields = ["domain", "is_active", "source", "note"]
    readonly_fields = ["source"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "type", "nation", "region", "gss_code", "register_code", "end_date", "managed_by"]
    list_filter = [
        "type",
        "nation",
        "region",
        "managed_by",
        "is_demo",
        ("end_date", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "official_name", "gss_code", "register_code", "slug", "domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "combined_authority"]
    readonly_fields = ["managed_by", "import_reference", "created_at", "updated_at"]
    inlines = [DomainInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "official_name", "slug", "type", "nation", "region", "is_demo"]}),
        ("Codes", {"fields": ["gss_code", "former_gss_codes", "register_code"]}),
        ("Links", {"fields": ["website", "parent", "combined_authority"]}),
        ("Dates", {"fields": ["start_date", "end_date"]}),
        ("Where it comes from", {"fields": ["managed_by", "import_reference", "created_at", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Imported bodies are corrected at the source; staff keep control of domains only.
        if obj is not None and obj.managed_by == Organisation.ManagedBy.IMPORT:
            return [
                field.name for field in Organisation._meta.fields if field.name not in ("id", "search_text")
            ]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.managed_by == Organisation.ManagedBy.IMPORT:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is OrganisationDomain:
            for domain_form in formset.forms:
                if domain_form.has_changed():
                    domain_form.instance.source = OrganisationDomain.Source.STAFF
        super().save_formset(request, form, formset, change)


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    """Staff decide who may act for an organisation when their email domain does not show it."""

    list_display = ["created_at", "user", "organisation", "role", "status"]
    list_filter = ["status"]
    search_fields = ["user__email", "organisation__name"]
    readonly_fields = [
        "user",
        "organisation",
        "role",
        "reason",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    fields = [*readonly_fields, "decision_note"]
    actions = ["approve", "refuse"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Approve: let them act for the organisation", permissions=["change"])
    def approve(self, request, queryset):
        for access_request in queryset:
            decide(access_request, approve=True, staff=request.user, note=access_request.decision_note)
        self.message_user(request, "The people you approved have been emailed.")

    @admin.action(description="Refuse", permissions=["change"])
    def refuse(self, request, queryset):
        for access_request in queryset:
            decide(access_request, approve=False, staff=request.user, note=access_request.decision_note)
        self.message_user(request, "The people you refused have been emailed.")
