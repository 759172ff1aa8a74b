"""The accessibility statement, in the government's model format, from what the axe checks found."""

from datetime import date

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from localdigital.pages import findings

# The statement promises an answer to a request for another format within this many working days.
REPLY_WORKING_DAYS = 5
# The browser tests that follow every link, as each kind of person: a report made with them can say so.
CRAWLS = {"tests/browser", "tests/browser/", "tests/browser/test_crawl.py"}
# Who looked at a page, as findings.who_looked names them, in the page's language. A name not here is
# shown as written, marked as English.
WHO = {
    "public": _("a member of the public"),
    "member": _("someone acting for an organisation"),
    "programme team": _("the programme team"),
    "journey tests": _("the journey tests"),
}
# How the checks were run, as findings.summarise writes it.
BROWSERS = {"Chromium, driven by Playwright": _("Chromium, driven by Playwright")}


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_safe
def statement(request):
    report = findings.current()
    context: dict = {"report": report, "reply_days": REPLY_WORKING_DAYS}
    if report:
        found = report.get("findings", [])
        pages = report.get("pages", [])
        context.update(
            who=WHO,
            browser=BROWSERS.get(report.get("browser", "")),
            failures=[finding for finding in found if not finding.get("best_practice")],
            advice=[finding for finding in found if finding.get("best_practice")],
            pages=pages,
            staff_pages=[page for page in pages if "programme team" in page["who"]],
            tested_on=_date(report.get("tested_on")),
            prepared_on=_date(report.get("prepared_on")),
            manual_checks=[
                {**check, "date": _date(check.get("date")) or check.get("date")}
                for check in report.get("manual_checks", [])
            ],
            crawled=any(test in CRAWLS for test in report.get("tests", [])),
        )
    return TemplateResponse(request, "pages/accessibility.html", context)
