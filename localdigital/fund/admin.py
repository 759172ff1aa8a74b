from django.contrib import admin

from localdigital.audit.admin import AuditedAdmin
from localdigital.fund.models import (
    Application,
    ApplicationPartner,
    Assignment,
    BudgetLine,
    Criterion,
    Round,
    RoundPhase,
)


class RoundPhaseInline(admin.TabularInline):
    model = RoundPhase
    extra = 1


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ["name", "status", "opens_at", "closes_at"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoundPhaseInline, CriterionInline]


class PartnerInline(admin.TabularInline):
    model = ApplicationPartner
    extra = 0
    readonly_fields = ["organisation", "status", "decided_by", "decided_at"]
    can_delete = False


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    readonly_fields = ["item", "amount"]
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: bids change through their own pages and the fund's services, which keep the rules."""

    list_display = ["reference", "title", "round", "lead", "phase", "amount", "status"]
    list_filter = ["round", "status", "phase"]
    search_fields = ["reference", "title", "lead__name"]
    inlines = [PartnerInline, BudgetLineInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Application._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    """Staff give bids to assessors; an assessor from a bidding organisation cannot score it."""

    list_display = ["application", "assessor", "conflict", "created_at"]
    list_filter = ["application__round"]
    autocomplete_fields = ["application"]
    raw_id_fields = ["assessor"]
