from django.contrib import admin
from django.db.models.signals import post_delete, post_save

from localdigital.abuse.models import AddressRule, EmailDomainRule
from localdigital.abuse.services import forget_rules
from localdigital.audit.admin import AuditedAdmin


@admin.register(AddressRule)
class AddressRuleAdmin(AuditedAdmin):
    list_display = ["network", "action", "reason", "created_at"]
    list_filter = ["action"]
    search_fields = ["network", "reason"]


@admin.register(EmailDomainRule)
class EmailDomainRuleAdmin(AuditedAdmin):
    list_display = ["domain", "action", "reason", "created_at"]
    list_filter = ["action"]
    search_fields = ["domain", "reason"]


for model in (AddressRule, EmailDomainRule):
    post_save.connect(forget_rules, sender=model, dispatch_uid=f"forget-rules-save-{model.__name__}")
    post_delete.connect(forget_rules, sender=model, dispatch_uid=f"forget-rules-delete-{model.__name__}")
