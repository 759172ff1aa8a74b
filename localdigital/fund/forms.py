"""The applicant's question pages: one form each, in the words of the GOV.UK patterns."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from localdigital.fund.eligibility import check_finance_officer_email, money
from localdigital.fund.wording import in_sentence, with_article
from localdigital.govuk.forms import GovukForm, MoneyField
from localdigital.organisations.models import Organisation
from localdigital.organisations.partnerships import OrganisationChoiceField

EMAIL_ERRORS = {
    "required": gettext_lazy("Enter the finance officer's email address"),
    "invalid": gettext_lazy("Enter an email address in the correct format, like name@council.gov.uk"),
}


def _text(label, required, *, hint="", too_long, max_length: int = 5000) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=max_length,
        widget=forms.Textarea,
        error_messages={
            "required": required,
            "max_length": too_long,
        },
    )


class StartForm(GovukForm):
    lead = forms.ChoiceField(
        label=gettext_lazy("Which organisation will lead the bid?"),
        widget=forms.RadioSelect,
        help_text=gettext_lazy("The lead receives the money and is answerable for the work"),
        error_messages={"required": gettext_lazy("Choose the organisation that will lead the bid")},
    )
    title = forms.CharField(
        label=gettext_lazy("What is the bid called?"),
        max_length=200,
        help_text=gettext_lazy(
            "A short name for the work, for example: Missed bin reports that reach the crew"
        ),
        error_messages={
            "required": gettext_lazy("Enter a name for the bid"),
            "max_length": gettext_lazy("The name must be 200 characters or fewer"),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        self.fields["lead"].choices = [
            (pk, organisation.name) for pk, organisation in self.organisations.items()
        ]
        if len(self.organisations) == 1:
            self.fields["lead"].initial = next(iter(self.organisations))

    def clean_lead(self) -> Organisation:
        return self.organisations[self.cleaned_data["lead"]]


class TitleForm(GovukForm):
    title = StartForm.base_fields["title"]


class ContactForm(GovukForm):
    contact_name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=200,
        help_text=gettext_lazy(
            "The person other councils can ask about the work. If the bid is funded, this name is published "
            "as the project's contact; email addresses are never published."
        ),
        error_messages={
            "required": gettext_lazy("Enter the full name of the contact for the bid"),
            "max_length": gettext_lazy("The name must be 200 characters or fewer"),
        },
    )

    def clean_contact_name(self) -> str:
        name = " ".join(self.cleaned_data["contact_name"].split())
        if "@" in name:
            raise forms.ValidationError(_("Enter a person's name, not an email address"))
        return name


class PhaseForm(GovukForm):
    phase = forms.ChoiceField(
        label=gettext_lazy("Which phase of work is the bid for?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the phase of work the bid is for")},
    )
    amount = MoneyField(
        label=gettext_lazy("How much is the bid asking for?"),
        help_text=gettext_lazy("In pounds. The budget lines must add up to this amount."),
        error_messages={"required": gettext_lazy("Enter how much the bid is asking for")},
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.caps = {phase.phase: phase for phase in round_.phases.all()}
        self.fields["phase"].choices = [
            (
                value,
                _("%(phase)s, up to %(cap)s") % {"phase": phase.get_phase_display(), "cap": money(phase.cap)},
            )
            for value, phase in self.caps.items()
        ]

    def clean(self):
        cleaned = super().clean()
        phase, amount = self.caps.get(cleaned.get("phase")), cleaned.get("amount")
        if phase and amount is not None and amount > phase.cap:
            self.add_error(
                "amount",
                _("%(phase)s bid can ask for up to %(cap)s in this round")
                % {
                    "phase": with_article(in_sentence(phase.get_phase_display()), start=True),
                    "cap": money(phase.cap),
                },
            )
        return cleaned


class ProblemForm(GovukForm):
    problem = _text(
        gettext_lazy("What problem will the work solve?"),
        gettext_lazy("Describe the problem the work will solve"),
        hint=gettext_lazy(
            "What goes wrong now, for whom, and what it costs. Plain words: assessors are not specialists."
        ),
        too_long=gettext_lazy("What problem will the work solve must be 5,000 characters or fewer"),
    )
    users = _text(
        gettext_lazy("Who are the users, and what do they need?"),
        gettext_lazy("Say who the users are and what they need"),
        hint=gettext_lazy(
            "Residents, staff or both; what you already know about their needs and how you know it"
        ),
        too_long=gettext_lazy("Who are the users, and what do they need must be 5,000 characters or fewer"),
    )


class PlanForm(GovukForm):
    plan = _text(
        gettext_lazy("What will you do, and when?"),
        gettext_lazy("Describe what you will do and when"),
        hint=gettext_lazy(
            "The weeks or months of work, what each partner does, and what you will have at the end"
        ),
        too_long=gettext_lazy("What will you do, and when must be 5,000 characters or fewer"),
    )
    team = _text(
        gettext_lazy("Who will do the work?"),
        gettext_lazy("Describe the team who will do the work"),
        hint=gettext_lazy("The roles, from which organisations, and how much of their time"),
        too_long=gettext_lazy("Who will do the work must be 5,000 characters or fewer"),
    )


class FinanceOfficerForm(GovukForm):
    finance_officer_name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter the finance officer's full name")},
    )
    finance_officer_email = forms.EmailField(
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy(
            "It must be at one of the lead organisation's own domains, not a personal address"
        ),
        error_messages=EMAIL_ERRORS,
    )

    def __init__(self, *args, organisation: Organisation, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.people = people

    def clean_finance_officer_email(self) -> str:
        email = self.cleaned_data["finance_officer_email"]
        check_finance_officer_email(self.organisation, email, self.people)
        return email


class LicenceForm(GovukForm):
    open_licence = forms.BooleanField(
        label=gettext_lazy(
            "We will publish the code, research and other outputs of the work under an open licence"
        ),
        help_text=gettext_lazy(
            "For example MIT for code and the Open Government Licence for documents, so that other councils "
            "can reuse them"
        ),
        error_messages={
            "required": gettext_lazy(
                "Agree to publish the outputs under an open licence: every funded bid must"
            )
        },
    )


class PartnerForm(GovukForm):
    organisation = OrganisationChoiceField(
        label=gettext_lazy("Which organisation is a partner?"),
        help_text=gettext_lazy("Someone who works there confirms it from their account page"),
        error_messages={"required": gettext_lazy("Choose the partner organisation")},
    )


class BudgetLineForm(GovukForm):
    item = forms.CharField(
        label=gettext_lazy("What is the money for?"),
        max_length=200,
        help_text=gettext_lazy("For example: User researcher, 40 days"),
        error_messages={
            "required": gettext_lazy("Say what the money is for"),
            "max_length": gettext_lazy("Keep it to 200 characters or fewer"),
        },
    )
    amount = MoneyField(
        label=gettext_lazy("Amount"),
        error_messages={"required": gettext_lazy("Enter the amount for this line")},
    )


class PartnershipAnswerForm(GovukForm):
    # Answered by one of two buttons; a post without either goes back to the list (applying.py).
    answer = forms.ChoiceField(
        choices=[("confirm", gettext_lazy("Confirm")), ("decline", gettext_lazy("Decline"))]
    )


class ConflictForm(GovukForm):
    conflict = forms.ChoiceField(
        label=gettext_lazy("Do you have a conflict of interest with this bid?"),
        # Welsh answers a question with its verb: "Oes" or "Nac oes", not a bare yes or no.
        choices=[
            ("no", pgettext_lazy("do you have a conflict of interest", "No")),
            ("yes", pgettext_lazy("do you have a conflict of interest", "Yes")),
        ],
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "For example, you have worked for the lead or a partner in the last two years, or you "
            "advised on this bid"
        ),
        error_messages={
            "required": gettext_lazy("Say whether you have a conflict of interest with this bid"),
        },
    )
    details = forms.CharField(
        label=gettext_lazy("If you do, what is it?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text=gettext_lazy("The programme team reads this. You will not score the bid."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("conflict") == "yes" and not cleaned.get("details", "").strip():
            self.add_error("details", _("Describe the conflict of interest"))
        if cleaned.get("conflict") == "no":
            cleaned["details"] = ""
        return cleaned


class ScoreForm(GovukForm):
    """A score and a comment for each of the round's criteria. A criterion's name and guidance are the
    programme team's, in the page's language where they have written the Welsh."""

    def __init__(self, *args, criteria, scale: int, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            current = existing.get(criterion.pk)
            title = criterion.localised("name")  # in the page's language, English where none is written
            name = {"criterion": title}
            lowered = {"criterion": title.lower()}
            guidance = criterion.localised("guidance").strip()
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=_("%(criterion)s: your score") % name,
                choices=[(str(n), str(n)) for n in range(scale + 1)],
                widget=forms.RadioSelect,
                initial=str(current.score) if current else None,
                help_text=(
                    _("0 is no evidence, %(scale)s is strong evidence. %(guidance)s")
                    % {"scale": scale, "guidance": guidance}
                    if guidance
                    else _("0 is no evidence, %(scale)s is strong evidence.") % {"scale": scale}
                ),
                error_messages={"required": _("Choose a score for %(criterion)s") % lowered},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("%(criterion)s: why this score?") % name,
                max_length=3000,
                widget=forms.Textarea,
                initial=current.comment if current else "",
                error_messages={"required": _("Say why you gave this score for %(criterion)s") % lowered},
            )

    def marks(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (int(self.cleaned_data[f"score_{c.pk}"]), self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("funded", gettext_lazy("Fund the bid")),
            ("not-funded", gettext_lazy("Do not fund the bid")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whether to fund the bid")},
    )
    feedback = forms.CharField(
        label=gettext_lazy("Feedback for the applicant"),
        max_length=5000,
        widget=forms.Textarea,
        help_text=gettext_lazy(
            "Emailed to whoever started the bid. Say what was strong and what would make a better bid."
        ),
        error_messages={"required": gettext_lazy("Give feedback for the applicant")},
    )
