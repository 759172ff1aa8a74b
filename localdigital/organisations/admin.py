from django.contrib import admin
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from localdigital.audit.admin import AuditedAdmin
from localdigital.organisations.models import (
    AccessRequest,
    Organisation,
    OrganisationDomain,
)
from localdigital.organisations.services import domains
from localdigital.organisations.services.membership import decide
from localdigital.platform.bilingual import is_welsh
from localdigital.platform.emails import normalise_domain


class DomainInline(admin.TabularInline):
    model = OrganisationDomain
    fk_name = "organisation"
    extra = 1
    # Imported domains are switched off rather than deleted, so that the import does not bring them back.
    can_delete = False
    fields = ["domain", "is_active", "source", "note", "conflict_shown"]
    readonly_fields = ["source", "conflict_shown"]

    @admin.display(description=_("Proves membership?"))
    def conflict_shown(self, row):
        return _conflict_text(row)


def _conflict_text(row: OrganisationDomain) -> str:
    if row.pk is None or not row.conflict:
        return gettext("Yes")
    why = row.get_conflict_display()
    if row.conflict_with_id:
        why = gettext("%(why)s (%(body)s)") % {"why": why, "body": row.conflict_with}
    if row.shared_confirmed_at:
        return gettext("Yes, confirmed as shared: %(why)s") % {"why": why}
    if not row.is_active:
        return gettext("No, switched off: %(why)s") % {"why": why}
    return gettext("No, until confirmed as shared: %(why)s") % {"why": why}


def _domains(count: int) -> str:
    return ngettext("%(count)d domain", "%(count)d domains", count) % {"count": count}


class NeedsDecisionFilter(admin.SimpleListFilter):
    title = _("staff decision")
    parameter_name = "decision"

    def lookups(self, request, model_admin):
        return [
            ("needed", _("Needs a decision")),
            ("confirmed", _("Confirmed as shared")),
            ("none", _("No conflict")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "needed":
            return queryset.needing_decision()
        if self.value() == "confirmed":
            return queryset.exclude(conflict="").filter(shared_confirmed_at__isnull=False)
        if self.value() == "none":
            return queryset.filter(conflict="")
        return queryset


@admin.register(OrganisationDomain)
class OrganisationDomainAdmin(admin.ModelAdmin):
    """Every email domain, so that staff can settle the ones that prove nothing until confirmed."""

    list_display = ["domain", "organisation", "is_active", "source", "conflict_shown"]
    list_filter = [NeedsDecisionFilter, "conflict", "source", "is_active"]
    search_fields = ["domain", "organisation__name"]
    list_select_related = ["organisation", "conflict_with"]
    readonly_fields = [
        "organisation",
        "domain",
        "source",
        "is_active",
        "conflict",
        "conflict_with",
        "shared_confirmed_at",
        "shared_confirmed_by",
    ]
    fields = [*readonly_fields, "note"]
    actions = ["confirm_shared", "switch_off"]

    def has_add_permission(self, request):
        # Domains are added on their body's page.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Proves membership?"))
    def conflict_shown(self, row):
        return _conflict_text(row)

    @admin.action(description=_("Confirm that these bodies share the domain"), permissions=["change"])
    def confirm_shared(self, request, queryset):
        settled = [domains.confirm_shared(row, request.user) for row in queryset.needing_decision()]
        self.message_user(
            request,
            gettext("%(domains)s confirmed as shared: people at them are members.")
            % {"domains": _domains(len(settled))},
        )

    @admin.action(
        description=_("Switch off: the domain does not show someone works there"), permissions=["change"]
    )
    def switch_off(self, request, queryset):
        settled = [domains.switch_off(row, request.user) for row in queryset.filter(is_active=True)]
        self.message_user(request, gettext("%(domains)s switched off.") % {"domains": _domains(len(settled))})


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
    search_fields = [
        "name",
        "name_cy",
        "official_name",
        "gss_code",
        "register_code",
        "slug",
        "domains__domain",
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "combined_authority"]
    readonly_fields = ["managed_by", "import_reference", "created_at", "updated_at"]
    inlines = [DomainInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            None,
            {"fields": ["name", "name_cy", "official_name", "slug", "type", "nation", "region", "is_demo"]},
        ),
        (_("Codes"), {"fields": ["gss_code", "former_gss_codes", "register_code"]}),
        (_("Links"), {"fields": ["website", "parent", "combined_authority"]}),
        (_("Dates"), {"fields": ["start_date", "end_date"]}),
        (
            _("Where it comes from"),
            {"fields": ["managed_by", "import_reference", "created_at", "updated_at"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Imported bodies are corrected at the source; staff keep control of domains, and of the Welsh name
        # (the lists give few, and the import never overwrites one that is written).
        if obj is not None and obj.managed_by == Organisation.ManagedBy.IMPORT:
            return [
                field.name
                for field in Organisation._meta.fields
                if field.name not in ("id", "search_text") and not is_welsh(field.name)
            ]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.managed_by == Organisation.ManagedBy.IMPORT:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is OrganisationDomain:
            owners = domains.website_owners()
            for domain_form in formset.forms:
                if domain_form.has_changed():
                    domain_form.instance.source = OrganisationDomain.Source.STAFF
                if domain_form.has_changed() and domain_form.instance.pk is None:
                    # A new row counts for membership only once its conflict, if any, is confirmed.
                    row = domain_form.instance
                    row.domain = normalise_domain(row.domain or "")
                    row.conflict, row.conflict_with_id = domains.conflict_of(
                        row.domain, form.instance.pk, owners
                    )
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

    @admin.action(description=_("Approve: let them act for the organisation"), permissions=["change"])
    def approve(self, request, queryset):
        for access_request in queryset:
            decide(access_request, approve=True, staff=request.user, note=access_request.decision_note)
        self.message_user(request, gettext("The people you approved have been emailed."))

    @admin.action(description=_("Refuse"), permissions=["change"])
    def refuse(self, request, queryset):
        for access_request in queryset:
            decide(access_request, approve=False, staff=request.user, note=access_request.decision_note)
        self.message_user(request, gettext("The people you refused have been emailed."))
