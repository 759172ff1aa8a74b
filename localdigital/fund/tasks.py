"""A bid's task list: its parts, each one's status, and how many are left, all read from the round's
rules (eligibility.problems), so that the list, its statuses and the count can never disagree."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localdigital.fund.eligibility import Problem
from localdigital.fund.models import Application

# Where each of the round's rules is put right. A rule that is in no part (the lead has not signed,
# leads too many bids) is about the group, not an answer, and is listed on its own.
RULE_SECTIONS = {
    "title": "title",
    "contact_name": "contact",
    "phase": "phase",
    "amount": "phase",
    "budget": "budget",
    "problem": "problem",
    "users": "problem",
    "plan": "plan",
    "team": "plan",
    "finance_officer_name": "finance-officer",
    "finance_officer_email": "finance-officer",
    "open-licence": "licence",
    "expression-of-interest": "interest",
    "partner-confirmed": "partners",
    "partner-signatory": "partners",
    "minimum-organisations": "partners",
}

PARTS = [
    ("title", gettext_lazy("Name of the bid")),
    ("contact", gettext_lazy("Contact for the bid")),
    ("partners", gettext_lazy("Partners")),
    ("phase", gettext_lazy("Phase and amount")),
    ("budget", gettext_lazy("Budget")),
    ("problem", gettext_lazy("The problem and its users")),
    ("plan", gettext_lazy("The plan and the team")),
    ("finance-officer", gettext_lazy("Finance (Section 151) officer")),
    ("licence", gettext_lazy("Publishing what you make")),
]


@dataclass(frozen=True)
class Task:
    section: str
    title: str
    started: bool
    problems: tuple[Problem, ...]

    @property
    def completed(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        if self.completed:
            return _("Completed")
        return _("Incomplete") if self.started else _("Not yet started")


def _started(application: Application) -> dict[str, bool]:
    return {
        "title": bool(application.title),
        "contact": bool(application.contact_name),
        "partners": application.partners.exists(),
        "phase": bool(application.phase or application.amount),
        "budget": application.budget_lines.exists(),
        "problem": bool(application.problem or application.users),
        "plan": bool(application.plan or application.team),
        "finance-officer": bool(application.finance_officer_name or application.finance_officer_email),
        "licence": application.open_licence,
        "interest": application.interest_sent_at is not None,
    }


def task_list(application: Application, found: list[Problem]) -> list[Task]:
    """The bid's parts in order (with the expression of interest where the round asks for one first),
    each Completed only when no rule of the round about it is broken."""
    parts = list(PARTS)
    if application.round.expressions_of_interest:
        parts.insert(0, ("interest", gettext_lazy("Expression of interest")))
    started = _started(application)
    return [
        Task(
            section,
            str(title),
            started[section],
            tuple(problem for problem in found if RULE_SECTIONS.get(problem.rule) == section),
        )
        for section, title in parts
    ]


def outside_the_list(found: list[Problem]) -> list[Problem]:
    """The broken rules that no part of the task list puts right."""
    return [problem for problem in found if problem.rule not in RULE_SECTIONS]
