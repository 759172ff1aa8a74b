from collections.abc import Sequence
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localdigital.govuk.errors import use_govuk_messages
from localdigital.govuk.forms import DateField, GovukForm
from localdigital.organisations.models import Organisation
from localdigital.organisations.partnerships import OrganisationChoiceField
from localdigital.service_list.models import Service
from localdigital.signing.models import Commitment

# Empty partner choosers on a new commitment; a changed one has one more than it names.
PARTNER_CHOOSERS = 3

PRINCIPLES = [(str(number), name) for number, name in Commitment.PRINCIPLES.items()]


class ApproverForm(GovukForm):
    name = forms.CharField(
        label=_("Full name"), max_length=200, error_messages={"required": _("Enter their full name")}
    )
    job_title = forms.CharField(
        label=_("Job title"), max_length=200, error_messages={"required": _("Enter their job title")}
    )
    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput,
        help_text=_("We will email them a link to sign. It must be at one of your organisation's domains."),
        error_messages={"required": _("Enter their email address")},
    )

    def __init__(self, *args, check_email, **kwargs):
        """`check_email` is the service's one rule for an approver's address: it returns the address as
        kept, or raises ValidationError with the message to show."""
        super().__init__(*args, **kwargs)
        self.check_email = check_email

    def clean_email(self):
        return self.check_email(self.cleaned_data["email"])


class CommitmentForm(GovukForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_(
            "A specific problem you will tackle, for example "
            "'Let residents report missed bin collections online'"
        ),
        error_messages={"required": _("Enter a title")},
    )
    mission = forms.CharField(
        label=_("Mission"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("What you will deliver within a year of signing"),
        error_messages={"required": _("Enter what you will deliver")},
    )
    impact = forms.CharField(
        label=_("Impact"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("How it will make things better for the people who use the service"),
        error_messages={"required": _("Enter the benefit to users")},
    )
    principles = forms.MultipleChoiceField(
        label=_("Which principles does it serve?"),
        choices=PRINCIPLES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply"),
        error_messages={"required": _("Select at least one principle")},
    )
    service = forms.ModelChoiceField(
        label=_("Service area"),
        queryset=Service.objects.order_by("label"),
        empty_label=_("Choose a service"),
        help_text=_("From the Local Government Service List"),
        error_messages={
            "required": _("Choose a service area"),
            "invalid_choice": _("Choose a service from the list"),
        },
    )
    due_date = DateField(
        label=_("When will it be done?"),
        help_text=_("Within 12 months. For example, 27 3 2027"),
        error_messages={"required": _("Enter the date it will be done by")},
    )

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due is None:
            raise forms.ValidationError(_("Enter the date it will be done by"))
        today = timezone.localdate()
        if due < today:
            raise forms.ValidationError(_("The date must be today or in the future"))
        if due > today + timedelta(days=366):
            raise forms.ValidationError(_("The date must be within 12 months"))
        return due

    def __init__(self, *args, partners: Sequence[Organisation] = (), **kwargs):
        """`partners`: the organisations the commitment names already. There is a chooser for each and
        one more (at least PARTNER_CHOOSERS), so that a partner is added without JavaScript."""
        partners = list(partners)
        initial = kwargs.setdefault("initial", {})
        super().__init__(*args, **kwargs)
        # Those already named stay choosable, even if the register no longer lists them as current,
        # so that the applicant sees them and decides.
        organisations = (
            Organisation.objects.current() | Organisation.objects.filter(pk__in=[o.pk for o in partners])
        ).order_by("name")
        self.partner_fields = []
        for number in range(1, max(PARTNER_CHOOSERS, len(partners) + 1) + 1):
            name = f"partner_{number}"
            self.fields[name] = OrganisationChoiceField(
                label=gettext("Partner %(number)s") % {"number": number},
                queryset=organisations,
                required=False,
                error_messages={"invalid_choice": _("Choose an organisation from the list")},
            )
            use_govuk_messages(self.fields[name])
            if number <= len(partners):
                initial.setdefault(name, partners[number - 1].pk)
            self.partner_fields.append(name)

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(name) for name in self.partner_fields]
        cleaned["partners"] = list(dict.fromkeys(organisation for organisation in chosen if organisation))
        return cleaned


class ReviewForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("What happens next?"),
        choices=[
            ("send", _("Send it to the approvers to sign")),
            ("changes", _("Ask the applicant for changes")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens next")},
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=3000,
        widget=forms.Textarea,
        help_text=_("Needed when you ask for changes: say what to change and why"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "changes" and not cleaned.get("message", "").strip():
            self.add_error("message", "Say what the applicant needs to change")
        return cleaned


class AdditionsReviewForm(ReviewForm):
    """The same decision for a signatory's new commitments: nobody needs to sign again."""

    decision = forms.ChoiceField(
        label=_("What happens next?"),
        choices=[("send", "Publish the new commitments"), ("changes", "Ask the signatory for changes")],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens next")},
    )


class ApproverReviewForm(ReviewForm):
    """The programme team checks a new senior approver named after review, before any link goes out."""

    decision = forms.ChoiceField(
        label=_("What happens next?"),
        choices=[
            ("send", _("Send the new approver a link to sign")),
            ("changes", _("Ask the applicant for changes")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens next")},
    )


class SignForm(GovukForm):
    typed_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=200,
        error_messages={"required": _("Type your full name to sign")},
    )
    confirm = forms.BooleanField(
        label=_("I confirm that I sign the Declaration for my organisation"),
        error_messages={"required": _("Confirm that you sign for your organisation")},
    )


class DeclineForm(GovukForm):
    reason = forms.CharField(
        label=_("Why are you not signing?"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("We will pass this on to the person who applied"),
        error_messages={"required": _("Tell the applicant why you are not signing")},
    )


class ProgressForm(GovukForm):
    progress = forms.ChoiceField(
        label=_("How is it going?"),
        choices=Commitment.Progress.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it is going")},
    )
    note = forms.CharField(
        label=_("What has happened since the last update?"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("This is published with today's date"),
        error_messages={"required": _("Say what has happened")},
    )


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label=_("Why is your organisation withdrawing?"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("This is published on your organisation's page"),
        error_messages={"required": _("Say why your organisation is withdrawing")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that my organisation will no longer be a signatory"),
        error_messages={"required": _("Confirm that you understand")},
    )
