from django.contrib import admin

from localdigital.plumbing.models import Adoption, Product, Standard, Supplier, System


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "steward"]
    search_fields = ["name", "name_cy", "steward"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["services"]


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "identifier", "merged_into"]
    search_fields = ["name", "identifier"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "supplier", "merged_into"]
    search_fields = ["name", "supplier__name"]
    list_select_related = ["supplier"]


@admin.register(System)
class SystemAdmin(admin.ModelAdmin):
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
