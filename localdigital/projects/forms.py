from django import forms
from django.utils.translation import gettext_lazy as _

from localdigital.govuk.errors import use_govuk_messages
from localdigital.govuk.forms import DateField, GovukForm
from localdigital.organisations.partnerships import OrganisationChoiceField
from localdigital.projects.models import Project, ProjectOutput
from localdigital.projects.register import AREA_FILTERS, projects
from localdigital.service_list.models import Service


class ProjectForm(GovukForm):
    title = forms.CharField(
        label=_("Project name"), max_length=200, error_messages={"required": _("Enter a name")}
    )
    problem = forms.CharField(
        label=_("What problem are you solving, and for whom?"), max_length=3000, widget=forms.Textarea,
        error_messages={"required": _("Describe the problem and who has it")},
    )  # fmt: skip
    building = forms.CharField(
        label=_("What are you building?"), required=False, max_length=3000, widget=forms.Textarea
    )
    service = forms.ModelChoiceField(
        label=_("Service area"), queryset=Service.objects.order_by("label"), required=False,
        empty_label=_("Choose a service"), help_text=_("From the Local Government Service List"),
    )  # fmt: skip
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=Project.Phase.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the phase")},
    )
    phase_started = DateField(label=_("When did this phase start? (optional)"), required=False)
    phase_ends = DateField(label=_("When should it end? (optional)"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Project.Status.choices,
        widget=forms.RadioSelect,
        initial=Project.Status.ACTIVE,
        error_messages={"required": _("Choose the status")},
    )
    collaboration = forms.ChoiceField(
        label=_("How would you like to work with others?"),
        choices=Project.Collaboration.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you would like to work with others")},
    )
    contact_name = forms.CharField(
        label=_("Contact name"), max_length=200, error_messages={"required": _("Enter a contact name")}
    )
    contact_email = forms.EmailField(
        label=_("Contact email address"), help_text=_("Only people signed in for an organisation see it"),
        error_messages={"required": _("Enter a contact email address"),
                        "invalid": _("Enter an email address in the correct format, "
                                     "like name@council.gov.uk")},
    )  # fmt: skip
    budget = forms.ChoiceField(
        label=_("Budget"),
        choices=Project.Budget.choices,
        widget=forms.RadioSelect,
        initial=Project.Budget.NOT_KNOWN,
        error_messages={"required": _("Choose a budget band, or 'Not known yet'")},
    )
    tags = forms.CharField(
        label=_("Tags (optional)"),
        required=False,
        max_length=300,
        help_text=_("Separate tags with commas, for example: bins, online forms"),
    )

    def clean_tags(self):
        return sorted({tag.strip().lower() for tag in self.cleaned_data["tags"].split(",") if tag.strip()})[
            :20
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("phase_started"), cleaned.get("phase_ends")
        if start and end and end < start:
            self.add_error("phase_ends", "The end must be after the start")
        return cleaned


class ProjectStartForm(GovukForm):
    """The first question: enough to find out who is already working on the same problem."""

    title = ProjectForm.base_fields["title"]
    problem = ProjectForm.base_fields["problem"]


class UpdateForm(GovukForm):
    body = forms.CharField(
        label=_("What has happened?"),
        max_length=5000,
        widget=forms.Textarea,
        help_text=_("Published with today's date. Followers are told."),
        error_messages={"required": _("Say what has happened")},
    )


class JoinForm(GovukForm):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Which organisation would join?"),
        queryset=None,
        error_messages={"required": _("Choose an organisation")},
    )
    message = forms.CharField(
        label=_("Message to the lead (optional)"), required=False, max_length=1000, widget=forms.Textarea
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class OutputForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=ProjectOutput.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what it is")},
    )
    label = forms.CharField(label=_("Name"), max_length=200, error_messages={"required": _("Enter a name")})
    url = forms.URLField(
        label=_("Web address"),
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": _("Enter the web address"),
            "invalid": _("Enter a web address, like https://github.com/your-council/project"),
        },
    )
    licence = forms.CharField(
        label=_("Licence (optional)"),
        required=False,
        max_length=100,
        help_text=_("For example MIT, OGL v3 or CC BY 4.0"),
    )


class PartnerForm(GovukForm):
    organisation = OrganisationChoiceField(
        label=_("Which organisation are you working with?"),
        help_text=_("They show as a partner once someone from that organisation confirms"),
        error_messages={"required": _("Choose an organisation")},
    )


class CommitmentsForm(GovukForm):
    commitments: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Which of your Declaration commitments does it deliver?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = choices


class SearchForm(GovukForm):
    """Searching projects and commitments by meaning, with the project register's area filters."""

    q = forms.CharField(label=_("What problem are you working on?"), max_length=500, required=False)
    kind = forms.MultipleChoiceField(
        label=_("Show"),
        choices=[("project", "Projects"), ("commitment", "Declaration commitments")],
        required=False,
    )
    phase = forms.MultipleChoiceField(
        label=_("Phase (projects)"), choices=Project.Phase.choices, required=False
    )
    collaboration = forms.MultipleChoiceField(
        label=_("Collaboration (projects)"), choices=Project.Collaboration.choices, required=False
    )
    field_order = ["q", "kind", "phase", "collaboration", "service", "organisation", "region"]  # as shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in AREA_FILTERS:
            self.fields[name] = field = projects.filters[name].form_field()
            projects.filters[name].prepare(field)
            use_govuk_messages(field)
        self.order_fields(self.field_order)

    def keep(self, organisation_ids: set | None):
        """A test for the index: does a document pass the chosen filters?"""
        data = self.cleaned_data

        def passes(document) -> bool:
            facets = document.facets
            if data.get("kind") and facets.get("kind") not in data["kind"]:
                return False
            for name in ("phase", "collaboration"):
                if data.get(name) and facets.get(name) not in data[name]:
                    return False
            if data.get("region") and facets.get("region") not in data["region"]:
                return False
            if data.get("service") and facets.get("service") != data["service"].pk:
                return False
            return organisation_ids is None or document.organisation_id in organisation_ids

        return passes
