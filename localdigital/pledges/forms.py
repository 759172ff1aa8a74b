from django import forms

from localdigital.organisations.models import Organisation


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PledgeForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=100,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your name must be 100 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send you a link to confirm your pledge.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )
    organisation = OrganisationChoice(
        label="Organisation you work for (optional)",
        queryset=Organisation.objects.filter(end_date__isnull=True).order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="None, or not listed",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    role = forms.CharField(
        label="Your role (optional)",
        max_length=100,
        required=False,
        help_text="For example, digital lead or councillor.",
        error_messages={"max_length": "Your role must be 100 characters or fewer"},
    )
    show_name = forms.BooleanField(
        label="Show my name on the public list of people who have pledged",
        required=False,
        help_text="If you leave this unticked, you are counted but your name is not shown.",
    )
    # Left empty by people; filled by many robots. Hidden from sight, from screen readers and from tab.
    website = forms.CharField(required=False, label="Leave this empty")


class WithdrawLinkForm(forms.Form):
    email = forms.EmailField(
        label="Email address you pledged with",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )
