from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localdigital.audit.admin import AuditedAdmin
from localdigital.declaration import services
from localdigital.declaration.models import DeclarationCommitment, DeclarationVersion, Principle
from localdigital.platform.bilingual import is_welsh


def _english_fields(model) -> list[str]:
    return [field.name for field in model._meta.fields if field.editable and not is_welsh(field.name)]


class _FrozenOncePublished:
    """A published version's parts can be given Welsh but not changed, added or taken away."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj and obj.is_published:
            readonly += [name for name in _english_fields(self.model) if name not in ("version", "id")]
        return readonly

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_published)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_published)


class PrincipleInline(_FrozenOncePublished, admin.StackedInline):
    model = Principle
    extra = 0


class CommitmentInline(_FrozenOncePublished, admin.StackedInline):
    model = DeclarationCommitment
    extra = 0


@admin.register(DeclarationVersion)
class DeclarationVersionAdmin(AuditedAdmin):
    """Drafts are edited here; a published version is read-only and can be copied into a new draft."""

    list_display = ["number", "title", "published_at", "change_summary"]
    readonly_fields = ["number", "published_at"]
    inlines = [PrincipleInline, CommitmentInline]
    actions = ["publish_versions", "copy_into_new_draft"]

    def get_readonly_fields(self, request, obj=None):
        """A published version's English is what was signed: only its Welsh can be written."""
        readonly = list(super().get_readonly_fields(request, obj))
        if obj and obj.is_published:
            readonly += [name for name in _english_fields(self.model) if name not in readonly]
        return readonly

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_published)

    def save_model(self, request, obj, form, change):
        if not obj.number:
            obj.number = services.next_number()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish_versions(self, request, queryset):
        for version in queryset.order_by("number"):
            try:
                services.publish(version, actor=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("Version %(number)d: %(problem)s")
                    % {"number": version.number, "problem": error.messages[0]},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    gettext("Version %(number)d is now the current Declaration.")
                    % {"number": version.number},
                )

    @admin.action(description=_("Copy into a new draft"), permissions=["add"])
    def copy_into_new_draft(self, request, queryset):
        for version in queryset:
            draft = services.new_draft_from(version, actor=request.user)
            self.message_user(
                request,
                gettext("Version %(number)d is a new draft copied from version %(source)d.")
                % {"number": draft.number, "source": version.number},
            )
