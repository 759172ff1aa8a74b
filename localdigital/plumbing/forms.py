"""The forms of recording a system: one part of the record a page, each checked with GOV.UK errors."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from localdigital.govuk.forms import DateField, GovukForm
from localdigital.plumbing.models import Standard, System, Visibility
from localdigital.service_list.models import Service

NEW = "new"


class OrganisationForm(GovukForm):
    organisation = forms.ChoiceField(
        label=_("Which organisation is the system for?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the organisation the system is for")},
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (str(org.pk), org.name) for org in organisations
        ]


class ProductForm(GovukForm):
    product = forms.CharField(
        label=_("What is the product called?"),
        max_length=200,
        help_text=_("As the supplier names it, for example Whitespace Work Software. Anyone can see this."),
        error_messages={"required": _("Enter the name of the product")},
    )
    supplier = forms.CharField(
        label=_("Who supplies it? (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "The company you buy it from. Leave it blank if the product is already known. "
            "Anyone can see this."
        ),
    )

    def clean_product(self):
        return " ".join(self.cleaned_data["product"].split())

    def clean_supplier(self):
        return " ".join(self.cleaned_data["supplier"].split())


class ChooseProductForm(GovukForm):
    choice = forms.ChoiceField(
        label=_("Did you mean one of these?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a product, or say it is a new one")},
    )

    def __init__(self, *args, matches=(), typed: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for match in matches:
            product = match.record
            text = (
                _("%(product)s from %(supplier)s")
                % {"product": product.name, "supplier": product.supplier.name}
                if product.supplier_id
                else product.name
            )
            choices.append((str(product.pk), text))
        choices.append((NEW, _("No, it is a new product: %(typed)s") % {"typed": typed}))
        cast(forms.ChoiceField, self.fields["choice"]).choices = choices


def _services():
    return Service.objects.order_by("label")


class ServicesForm(GovukForm):
    """The services, one select each: the first must be given, the others are optional."""

    EXTRA = 4

    service_1 = forms.ModelChoiceField(
        label=_("Service"),
        queryset=_services(),
        empty_label=_("Choose a service"),
        help_text=_("From the Local Government Service List. Anyone can see the services."),
        error_messages={"required": _("Choose a service the system supports")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(2, self.EXTRA + 2):
            self.fields[f"service_{number}"] = forms.ModelChoiceField(
                label=_("Another service (optional)"),
                queryset=_services(),
                required=False,
                empty_label=_("Choose a service"),
            )

    def chosen(self) -> list[Service]:
        seen: list[Service] = []
        for name in self.fields:
            service = self.cleaned_data.get(name)
            if service is not None and service not in seen:
                seen.append(service)
        return seen


class ContractForm(GovukForm):
    hosting = forms.ChoiceField(
        label=_("How is it hosted?"), choices=System.Hosting.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Select how the system is hosted")},
    )  # fmt: skip
    contract_start = DateField(
        label=_("When did the contract start?"), required=False, help_text=_("For example, 1 4 2022")
    )
    contract_end = DateField(
        label=_("When does the contract end?"),
        required=False,
        help_text=_("Without any extensions. For example, 31 3 2027. Anyone can see this."),
    )
    extension_options = forms.CharField(
        label=_("What options are there to extend it? (optional)"), max_length=300, required=False,
        help_text=_("As the contract gives them, for example two further periods of 12 months"),
    )  # fmt: skip
    extension_months = forms.IntegerField(
        label=_("Longest extension, in months (optional)"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("The longest extension must be a whole number of months, like 24"),
            "min_value": _("The longest extension must be 0 months or more"),
            "max_value": _("The longest extension must be 120 months or fewer"),
        },
    )
    procurement = forms.ChoiceField(
        label=_("How was it bought?"), choices=System.Procurement.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Select how the system was bought")},
    )  # fmt: skip
    framework = forms.CharField(
        label=_("Which framework? (optional)"), max_length=200, required=False,
        help_text=_("If it was called off a framework, for example G-Cloud 14"),
    )  # fmt: skip
    value_band = forms.ChoiceField(
        label=_("What is the contract worth in total?"), choices=System.ValueBand.choices,
        widget=forms.RadioSelect, error_messages={"required": _("Select what the contract is worth")},
    )  # fmt: skip
    value_band_visibility = forms.ChoiceField(
        label=_("Who may see what it is worth?"), choices=Visibility.choices, widget=forms.RadioSelect,
        initial=Visibility.MEMBERS, error_messages={"required": _("Select who may see what it is worth")},
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        start, end = data.get("contract_start"), data.get("contract_end")
        if start and end and end < start:
            self.add_error(
                "contract_end", _("The date the contract ends must be the same as or after it starts")
            )
        return data


class StandardsForm(GovukForm):
    standards = forms.ModelMultipleChoiceField(
        label=_("Which open standards does it support? (optional)"),
        queryset=Standard.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. Anyone can see this."),
    )
    api = forms.ChoiceField(
        label=_("Does it have an open API?"), choices=System.Api.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Select whether it has an open API")},
    )  # fmt: skip
    api_url = forms.URLField(
        label=_("Where is the API documented? (optional)"), max_length=500, required=False,
        assume_scheme="https", help_text=_("A web address, like https://developer.example.com"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standards"].label_from_instance = str


class ReplacementForm(GovukForm):
    replacement = forms.ChoiceField(
        label=_("Does the organisation plan to replace it?"), choices=System.Replacement.choices,
        widget=forms.RadioSelect, error_messages={"required": _("Select whether you plan to replace it")},
    )  # fmt: skip
    replace_by = DateField(
        label=_("By when? (optional)"), required=False, help_text=_("For example, 31 3 2028")
    )

    def clean(self):
        data = super().clean()
        if data.get("replace_by") and data.get("replacement") == System.Replacement.NO_PLANS:
            self.add_error(
                "replace_by", ValidationError(_("Leave the date blank if there are no plans to replace it"))
            )
        return data


class RetireForm(GovukForm):
    pass
