import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from localdigital.pages import findings
from localdigital.platform import caches

pytestmark = pytest.mark.django_db


CONTRAST = {
    "id": "color-contrast",
    "impact": "serious",
    "help": "Elements must meet minimum color contrast ratio thresholds",
    "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/color-contrast",
    "tags": ["cat.color", "wcag2aa", "wcag143"],
    "elements": 2,
}
REGION = {
    "id": "region",
    "impact": "moderate",
    "help": "All page content should be contained by landmarks",
    "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/region",
    "tags": ["cat.keyboard", "best-practice"],
    "elements": 1,
}


def runs(*violations_by_path) -> list[dict]:
    return [
        {"path": path, "who": who, "axe": "4.12.1", "violations": violations}
        for path, who, violations in violations_by_path
    ]


def test_findings_are_gathered_by_kind_of_page_and_rule():
    lines = runs(
        ("/projects/12/", "anonymous", [CONTRAST]),
        ("/projects/13/", "member", [CONTRAST]),
        ("/staff/", "", [REGION]),
        ("/feedback/", "", []),
    )

    report = findings.summarise(
        lines,
        tests=["tests/browser/test_crawl.py"],
        tests_passed=False,
        previous={
            "prepared_on": "2026-11-01",
            "manual_checks": [{"what": "Keyboard only", "date": "2026-11-02"}],
        },
        today=date(2026, 12, 2),
    )

    assert report["tested_on"] == "2026-12-02" and report["prepared_on"] == "2026-11-01"
    assert report["tool"] == "axe-core 4.12.1"
    assert report["axe_runs"] == 4 and not report["tests_passed"]
    assert report["pages"] == [
        {"page": "/feedback/", "who": ["journey tests"], "runs": 1},
        {"page": "/projects/<int:pk>/", "who": ["member", "public"], "runs": 2},
        {"page": "/staff/", "who": ["programme team"], "runs": 1},
    ]
    contrast, region = report["findings"]
    assert contrast["wcag"] == ["1.4.3"] and contrast["level"] == "AA" and not contrast["best_practice"]
    assert contrast["elements"] == 4 and contrast["pages"] == ["/projects/<int:pk>/"]
    assert region["best_practice"] and region["wcag"] == [] and region["pages"] == ["/staff/"]
    assert report["manual_checks"] == [{"what": "Keyboard only", "date": "2026-11-02"}]


def test_the_command_writes_the_file_and_keeps_what_was_written_by_hand(tmp_path):
    lines, output = tmp_path / "axe.jsonl", tmp_path / "findings.json"
    lines.write_text("\n".join(json.dumps(line) for line in runs(("/", "anonymous", []))) + "\n")
    output.write_text(json.dumps({"prepared_on": "2026-10-01", "manual_checks": [{"what": "Zoom to 400%"}]}))

    call_command(
        "accessibility_report", str(lines), "--tests", "tests/browser/test_crawl.py", "--output", str(output)
    )

    written = json.loads(output.read_text())
    assert written["prepared_on"] == "2026-10-01"
    assert written["manual_checks"] == [{"what": "Zoom to 400%"}]
    assert written["tests"] == ["tests/browser/test_crawl.py"] and written["tests_passed"]
    assert written["findings"] == [] and written["pages"][0]["page"] == "/"


def statement(client, tmp_path, report: dict | None, language: str = "en-gb") -> str:
    path = tmp_path / "findings.json"
    if report is not None:
        path.write_text(json.dumps(report))
    caches.forget_all()
    with override_settings(ACCESSIBILITY_FINDINGS=path), translation.override(language):
        address = reverse("pages:accessibility")
    with override_settings(ACCESSIBILITY_FINDINGS=path):
        return client.get(address).content.decode()


def report_of(*lines, tests=()) -> dict:
    return findings.summarise(
        list(lines), tests=list(tests), tests_passed=True, previous={}, today=date(2026, 12, 2)
    )


def test_the_statement_lists_what_axe_found_and_says_partially_compliant(client, tmp_path):
    html = statement(
        client,
        tmp_path,
        report_of(*runs(("/projects/1/", "anonymous", [CONTRAST, REGION]), ("/staff/", "", []))),
    )

    assert "This service is partially compliant" in html
    assert "Elements must meet minimum color contrast ratio thresholds" in html
    assert "This fails WCAG 2.2 success criterion 1.4.3 (level AA)" in html
    assert "<code>/projects/&lt;int:pk&gt;/</code>" in html
    assert "Other problems the automated checks report" in html
    assert "All page content should be contained by landmarks" in html
    assert "2 kinds of page (1 of them in the staff tools)" in html
    assert "This service was last tested on 2 December 2026" in html
    assert "No testing by hand or with assistive technology has been recorded yet" in html
    assert "follow the links from the home page" not in html  # no crawl among the tests that ran


def test_with_nothing_found_the_statement_says_so_and_claims_no_compliance(client, tmp_path):
    html = statement(
        client, tmp_path, report_of(*runs(("/", "anonymous", [])), tests=["tests/browser/test_crawl.py"])
    )

    assert "follow the links from the home page to every kind of page" in html
    assert "The automated checks we run found no accessibility problems" in html
    assert "we cannot yet say that it is compliant" in html
    assert "partially compliant" not in html and "fully compliant" not in html
    assert "We know of no failures of the accessibility regulations" in html
    assert "Equality and Human Rights Commission (EHRC)" in html
    assert "Equality Commission for Northern Ireland (ECNI)" in html
    assert "get back to you within 5 working days" in html


def test_manual_checks_are_shown_only_when_recorded(client, tmp_path):
    report = report_of(*runs(("/", "anonymous", [])))
    report["manual_checks"] = [{"what": "Every journey with the keyboard alone", "date": "2026-12-01"}]

    html = statement(client, tmp_path, report)

    assert "Every journey with the keyboard alone (1 December 2026)" in html
    assert "No testing by hand" not in html


def test_without_a_findings_file_the_statement_says_nothing_was_tested(client, tmp_path):
    html = statement(client, tmp_path, None)

    assert "We have not yet recorded the results of any accessibility testing" in html
    assert "No accessibility testing of this service has been recorded yet" in html


def test_the_committed_findings_cover_public_signed_in_and_staff_pages(settings):
    report = json.loads(settings.ACCESSIBILITY_FINDINGS.read_text())

    who = {person for page in report["pages"] for person in page["who"]}
    assert {"public", "member", "programme team"} <= who
    assert report["axe_runs"] >= len(report["pages"]) > 0
    assert any(page["page"].startswith("/staff/") for page in report["pages"])


class _MainText(HTMLParser):
    """The words of a page's main content, leaving out what is marked as in another language than the
    page's (axe's own help text) and code (the kinds of page, as URL patterns)."""

    VOID = {"br", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.inside = 0
        self.skipping: list[bool] = []
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.inside += 1
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        self.skipping.append(tag == "code" or lang not in (None, self.language))

    def handle_endtag(self, tag):
        if tag == "main":
            self.inside -= 1
        if tag not in self.VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if self.inside and not any(self.skipping) and data.strip():
            self.words.append(" ".join(data.split()))


def _words(html: str, language: str) -> list[str]:
    parser = _MainText(language)
    parser.feed(html)
    return [words for words in parser.words if re.search(r"[^\W\d_]{2,}", words)]


WELSH_SECTIONS = [
    "Datganiad hygyrchedd ar gyfer Local Digital",
    "Pa mor hygyrch yw’r gwasanaeth hwn",
    "Adborth a gwybodaeth gyswllt",
    "Rhoi gwybod am broblemau hygyrchedd gyda’r gwasanaeth hwn",
    "Gweithdrefn orfodi",
    "Gwybodaeth dechnegol am hygyrchedd y gwasanaeth hwn",
    "Statws cydymffurfio",
    "Cynnwys nad yw’n hygyrch",
    "Diffyg cydymffurfio â’r rheoliadau hygyrchedd",
    "Baich anghymesur",
    "Beth rydym yn ei wneud i wella hygyrchedd",
    "Paratoi’r datganiad hygyrchedd hwn",
]


@pytest.mark.parametrize("found", [[CONTRAST, REGION], []], ids=["with findings", "with none"])
def test_the_welsh_statement_is_in_welsh_but_for_axes_own_words(client, tmp_path, found):
    report = report_of(
        *runs(("/projects/1/", "anonymous", found), ("/staff/", "", []), ("/feedback/", "", [])),
        tests=["tests/browser/test_crawl.py"],
    )
    report["manual_checks"] = [{"what": "Every journey with the keyboard alone", "date": "2026-12-01"}]
    english = statement(client, tmp_path, report)
    welsh = statement(client, tmp_path, report, language="cy")

    assert '<html lang="cy"' in welsh
    headings = [" ".join(h.split()) for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", welsh, re.S)]
    assert [heading for heading in headings if heading in WELSH_SECTIONS] == WELSH_SECTIONS
    # What the checks found is in axe's English, marked as English; the rest is ours, in Welsh.
    theirs = {"Every journey with the keyboard alone", "contact@localdigital.example"}
    english_words = set(_words(english, "en"))
    left = [words for words in _words(welsh, "cy") if words in english_words and words not in theirs]
    assert left == []
    assert "Paratowyd y datganiad hwn ar 2 Rhagfyr 2026" in welsh
    assert "Every journey with the keyboard alone (1 Rhagfyr 2026)" in welsh
    assert "Gwiriwyd fel" in welsh and "aelod o’r cyhoedd" in welsh and "tîm y rhaglen" in welsh
    if found:
        assert "Mae’r gwasanaeth hwn yn cydymffurfio’n rhannol" in welsh
        assert "Mae hyn yn methu maen prawf llwyddiant 1.4.3 WCAG 2.2 (lefel AA)." in welsh
        assert '<span lang="en">Elements must meet minimum color contrast ratio thresholds</span>' in welsh
        landmarks = '<span lang="en">All page content should be contained by landmarks</span>'
        assert f"{landmarks} (ar 1 dudalen)" in welsh
        assert "Elements must meet minimum color contrast ratio thresholds" in english
        assert 'lang="en">Elements' not in english
    else:
        assert "ni allwn ddweud eto ei fod yn cydymffurfio" in welsh
