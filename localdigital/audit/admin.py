from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from localdigital.audit.models import AuditEvent
from localdigital.audit.services import changed, event, record, record_all, snapshot


def kind_of_record(object_type: str) -> str:
    """The kind of record an event is about, as staff name it ("Bid partner"), from the stored
    `app.model` label ("fund.applicationpartner"); the label itself when no such model is installed."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


class KindFilter(admin.SimpleListFilter):
    title = _("kind of record")
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        stored = AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()
        return sorted(((label, kind_of_record(label)) for label in stored), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the service, never edited."""

    list_display = ["occurred_at", "actor_label", "action", "kind", "object_label"]
    list_filter = ["action", KindFilter]
    search_fields = ["object_label", "object_id", "actor_label"]
    date_hierarchy = "occurred_at"

    @admin.display(description=_("Kind of record"), ordering="object_type")
    def kind(self, event: AuditEvent) -> str:
        return kind_of_record(event.object_type)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletions are recorded in the audit trail, with before and after."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        before, after = changed(before, snapshot(obj))
        if not change or after:
            record(
                "changed in admin" if change else "added in admin",
                obj,
                actor=request.user,
                before=before,
                after=after,
            )

    def delete_model(self, request, obj):
        before = snapshot(obj)
        record("deleted in admin", obj, actor=request.user, before=before)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record("deleted in admin", obj, actor=request.user, before=snapshot(obj))
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        # The forms already hold the new values, so the old ones come from the database.
        pks = [inline.instance.pk for inline in formset.initial_forms if inline.instance.pk]
        before_rows = {pk: snapshot(obj) for pk, obj in formset.model.objects.in_bulk(pks).items()}
        # Deleting clears an instance's pk, so remember which row each form's instance was.
        pk_of = {id(inline.instance): inline.instance.pk for inline in formset.initial_forms}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record("added in admin", obj, actor=request.user, after=snapshot(obj))
        for obj, _fields in formset.changed_objects:
            before, after = changed(before_rows.get(obj.pk, {}), snapshot(obj))
            record("changed in admin", obj, actor=request.user, before=before, after=after)
        for obj in formset.deleted_objects:
            pk = pk_of.get(id(obj))
            audit_event = event("deleted in admin", obj, actor=request.user, before=before_rows.get(pk, {}))
            audit_event.object_id = str(pk)
            record_all([audit_event])
