"""Staff see every signing, its approvers, review rounds and commitments. Changes go through the
service's own pages (the review queue), so these views are read-only."""

from django.contrib import admin

from localdigital.signing.models import (
    Approver,
    Commitment,
    CommitmentPartner,
    CommitmentUpdate,
    ReviewRound,
    Signing,
)


class ReadOnlyInline(admin.TabularInline):
    """Rows shown, never edited. Every field is read-only, so that fields the model does not let a
    form edit (such as a creation time) can be shown too."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ApproverInline(ReadOnlyInline):
    model = Approver
    fields = [
        "role",
        "name",
        "job_title",
        "email",
        "status",
        "asked_at",
        "signed_name",
        "signed_at",
        "decline_reason",
    ]


class ReviewRoundInline(ReadOnlyInline):
    model = ReviewRound
    fields = ["kind", "submitted_at", "submitted_by", "outcome", "message", "reviewed_at", "reviewed_by"]


class CommitmentInline(ReadOnlyInline):
    model = Commitment
    fields = ["title", "state", "progress", "due_date"]
    show_change_link = True


@admin.register(Signing)
class SigningAdmin(admin.ModelAdmin):
    list_display = ["organisation", "status", "started_at", "submitted_at", "signed_at", "reference"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "reference"]
    readonly_fields = [field.name for field in Signing._meta.fields]
    inlines = [ApproverInline, ReviewRoundInline, CommitmentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartnerInline(ReadOnlyInline):
    model = CommitmentPartner
    fields = ["organisation", "status", "decided_by", "decided_at"]


class UpdateInline(ReadOnlyInline):
    model = CommitmentUpdate
    fields = ["created_at", "progress", "note", "created_by"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "state", "progress", "due_date"]
    list_filter = ["state", "progress"]
    search_fields = ["title", "organisation__name"]
    readonly_fields = [field.name for field in Commitment._meta.fields]
    inlines = [PartnerInline, UpdateInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
