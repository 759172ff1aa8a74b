from typing import cast

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.template.response import TemplateResponse

from localdigital.govuk.forms import GovukForm
from localdigital.plumbing import matching
from localdigital.plumbing.models import (
    Adoption,
    Product,
    ProductName,
    Standard,
    Supplier,
    SupplierName,
    System,
)


class PlumbingAdmin(admin.ModelAdmin):
    # A web address typed without its scheme is taken as https, as on every form of the service.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Standard)
class StandardAdmin(PlumbingAdmin):
    list_display = ["name", "kind", "steward"]
    search_fields = ["name", "name_cy", "steward"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["services"]


class MergeForm(GovukForm):
    into: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="Merge into")

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["into"]).queryset = queryset


class MergeAdmin(PlumbingAdmin):
    """Staff merge duplicate products (or suppliers): "Merge into…" asks which record to keep."""

    actions = ["merge_into"]

    @admin.action(description="Merge into… (asks which record to keep)", permissions=["change"])
    def merge_into(self, request, queryset):
        duplicates = list(queryset.order_by("pk"))
        form = MergeForm(
            request.POST if "into" in request.POST else None,
            queryset=self.model.objects.current().exclude(pk__in=[item.pk for item in duplicates]),
        )
        if form.is_valid():
            into = form.cleaned_data["into"]
            merged = 0
            for duplicate in duplicates:
                try:
                    matching.merge(duplicate, into, actor=request.user)
                except matching.CannotMerge as refusal:
                    self.message_user(request, f"{duplicate}: {refusal}", messages.ERROR)
                else:
                    merged += 1
            self.message_user(request, f"Merged {merged} into {into}.", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/plumbing/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Merge {self.model._meta.verbose_name_plural}",
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class SupplierNameInline(admin.TabularInline):
    model = SupplierName
    extra = 0
    readonly_fields = ["name", "folded"]


class ProductNameInline(admin.TabularInline):
    model = ProductName
    extra = 0
    readonly_fields = ["name", "folded"]


@admin.register(Supplier)
class SupplierAdmin(MergeAdmin):
    list_display = ["name", "identifier", "merged_into"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "identifier", "names__name"]
    readonly_fields = ["merged_into"]
    inlines = [SupplierNameInline]


@admin.register(Product)
class ProductAdmin(MergeAdmin):
    list_display = ["name", "supplier", "merged_into"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "supplier__name", "names__name"]
    list_select_related = ["supplier", "merged_into"]
    raw_id_fields = ["supplier"]
    readonly_fields = ["merged_into"]
    inlines = [ProductNameInline]


@admin.register(System)
class SystemAdmin(PlumbingAdmin):
    list_display = ["product", "organisation", "contract_end", "state", "confirmed_at"]
    list_filter = ["state"]
    search_fields = ["product__name", "organisation__name"]
    list_select_related = ["product", "organisation"]
    raw_id_fields = ["organisation", "product", "created_by", "confirmed_by"]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "standard", "stage", "confirmed_at"]
    list_filter = ["stage", "standard"]
    raw_id_fields = ["organisation", "confirmed_by"]
