"""A bounded, breadth-first crawl of the site in a real browser, collecting every problem it meets.

The crawl follows same-site links from a starting page, visiting the first few pages of each URL shape
(the URL pattern a path resolves to, and the names of its query parameters), up to a set number of pages.
Data links (CSV, JSON, Atom) are fetched with a plain request and their bodies checked. Every check adds a
`Problem` instead of failing at once, so that one run reports everything it finds.
"""

import csv
import io
import json
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urlsplit
from xml.etree import ElementTree

from axe_playwright_python.base import AXE_SCRIPT
from django.urls import Resolver404, resolve
from django.utils import translation

from .findings import record

WELSH = "/cy"
# Everyday English words that no Welsh sentence uses; on a Welsh page they are English of ours left
# untranslated, once people's own words (anything kept in the database) and text marked lang="en" are out.
ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|your|you|with|this|that|of|for|has|have|will|are|not|what|how|from|when|there|been|"
    r"which|who|must|before|after|about|page|here|sign|email|project|council|back|continue|search)\b",
    re.IGNORECASE,
)
PAGE_LIMIT = 150
PAGES_PER_SHAPE = 1

TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#")
ESCAPED_MARKUP = re.compile(
    r"&(?:lt|gt|amp|quot|apos|nbsp|#\d+|#x[0-9a-f]+);"
    r"|</?(?:a|abbr|b|br|code|div|em|h[1-6]|i|li|ol|p|pre|script|span|strong|table|td|th|tr|ul)\b[^<>]*>",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# "For example" in English and in Welsh ("er enghraifft").
FORMAT_EXAMPLE = re.compile(r"(?:for example|er enghraifft),?\s+" + EMAIL.pattern, re.IGNORECASE)
NOT_EMAIL_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".css", ".js")
DATA_SUFFIXES = (".csv", ".json", ".atom")
FILE_SUFFIXES = (
    ".pdf", ".zip", ".doc", ".docx", ".xls", ".xlsx", ".ods", ".odt", ".png", ".jpg", ".svg", ".ico",
)  # fmt: skip
# Signing out ends the crawl's session; a token in a URL belongs to someone's email, not to a link to follow.
SKIPPED_ROUTES = ("sign-out/", "staff/logout/")
SKIPPED_ENDINGS = ("/delete/", "/remove/")
PAGE_FILES = {"stylesheet", "script", "image", "font", "media"}

PAGE_FACTS = r"""() => {
  const shown = (element) => element.getClientRects().length > 0;
  const describe = (element) =>
    (element.textContent || element.value || element.getAttribute('aria-label') || element.outerHTML)
      .replace(/\s+/g, ' ').trim().slice(0, 80);
  const submits = 'button:not([type]), button[type=submit], input[type=submit], input[type=image]';
  const submitsOf = (form) => [...form.elements].filter((element) => element.matches(submits));
  return {
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    text: document.body ? document.body.innerText : '',
    lang: document.documentElement.lang,
    // Every piece of text a reader or a screen reader meets, visible or not, except what is marked as in
    // another language than the page's; pieces apart, so that words do not run together.
    ownLanguageText: (() => {
      if (!document.body) return '';
      const pageLang = document.documentElement.lang.split('-')[0];
      const skip = (node) => {
        for (let element = node.parentElement; element; element = element.parentElement) {
          if (['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(element.tagName)) return true;
          const lang = element.getAttribute('lang');
          if (lang !== null) return lang.split('-')[0] !== pageLang;
        }
        return false;
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const pieces = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!skip(node) && node.textContent.trim()) pieces.push(node.textContent.trim());
      }
      const named = [...document.querySelectorAll('[aria-label], [title], img[alt], input[placeholder]')]
        .filter((element) => !skip(element.firstChild || element))
        .map((element) => element.getAttribute('aria-label') || element.getAttribute('title')
          || element.getAttribute('alt') || element.getAttribute('placeholder'));
      return [...pieces, ...named, document.title].join(' \n ');
    })(),
    html: document.documentElement.outerHTML,
    // A form with nothing to fill in or choose (a read-only list, hidden fields only) has nothing to send.
    formsWithoutSubmit: [...document.forms]
      .filter((form) => shown(form) && submitsOf(form).length === 0 && [...form.elements]
        .some((element) => shown(element) && element.matches('input:not([type=hidden]), select, textarea')))
      .map((form) => `${form.getAttribute('action') || '(this page)'} (fields: ${
        [...form.elements].map((element) => element.name).filter(Boolean).join(', ')})`),
    deadControls: [
      ...[...document.querySelectorAll('button, input[type=button], input[type=reset]')]
        .filter((control) => shown(control) && (control.type !== 'submit' || !control.form)),
      ...[...document.querySelectorAll('a[href="#"], a[href^="javascript:"]')].filter(shown),
    ].map(describe),
  };
}"""


AXE_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return {
    version: axe.version,
    violations: results.violations.map(({id, impact, help, helpUrl, tags, nodes}) =>
      ({id, impact, help, helpUrl, tags, nodes: nodes.map(({target}) => ({target}))})),
  };
}"""


@dataclass(frozen=True)
class Problem:
    role: str
    url: str
    what: str

    def __str__(self):
        return f"[{self.role}] {self.url}: {self.what}"


def without_welsh_prefix(path: str) -> str:
    """/cy/projects/ -> /projects/: the page's address in English, which the URL patterns resolve."""
    return path[len(WELSH) :] if path == WELSH or path.startswith(WELSH + "/") else path


def has_welsh_page(path: str) -> bool:
    """An English address whose page is also in Welsh, under /cy/ (not the data, API or staff tools)."""
    try:
        with translation.override("cy"):
            resolve(WELSH + path)
    except Resolver404:
        return False
    return True


def shape_of(url: str) -> str:
    """The URL pattern a link resolves to, with the names (not values) of its query parameters: the same
    for a page in English and in Welsh."""
    parts = urlsplit(url)
    path = without_welsh_prefix(parts.path) or "/"
    try:
        route = "/" + resolve(path).route
    except Resolver404:
        route = path
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return route + ("?" + "&".join(keys) if keys else "")


def without(words: tuple[str, ...], text: str) -> str:
    """The text with every one of `words` taken out (the longest first, so a phrase goes before its parts),
    along with addresses, paths (/search/) and email addresses, which are in no language."""
    for phrase in words:
        if phrase in text:
            text = text.replace(phrase, " ")
    return re.sub(r"https?://\S+|(?<![\w/])/[\w\-./<>:]*|" + EMAIL.pattern, " ", text)


def emails_in(text: str, allowed: str) -> set[str]:
    """Email addresses in public output, other than the service's own and one shown as an example of
    the format a form asks for ("For example, name@yourcouncil.gov.uk", or in Welsh "er enghraifft,
    enw@eichcyngor.gov.uk")."""
    text = FORMAT_EXAMPLE.sub("", text)
    found = {match.group(0) for match in EMAIL.finditer(text)}
    return {
        email
        for email in found
        if email.lower() != allowed.lower() and not email.lower().endswith(NOT_EMAIL_SUFFIXES)
    }


def shown_as_text(pattern: re.Pattern, text: str) -> list[str]:
    return sorted({match.group(0) for match in pattern.finditer(text)})[:5]


@dataclass
class Crawl:
    """One person's crawl: a browser page signed in (or not) as them, with JavaScript on or off."""

    page: object
    base: str
    role: str
    javascript: bool
    public: bool
    contact_email: str
    welsh: bool = False
    # People's own words (and the names of things), which a Welsh page shows as they were written.
    own_words: tuple[str, ...] = ()
    limit: int = PAGE_LIMIT
    per_shape: int = PAGES_PER_SHAPE
    problems: list[Problem] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    linked_shapes: dict[str, tuple[str, str]] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    _shape_visits: dict[str, int] = field(default_factory=dict)
    _queue: deque = field(default_factory=deque)
    _console: list[str] = field(default_factory=list)
    _broken: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self):
        if self.javascript:
            # axe-core is loaded into every page as it opens, rather than sent over for each check.
            self.page.context.add_init_script(script=AXE_SCRIPT)
        self.page.set_default_timeout(15_000)
        self.page.on("console", lambda message: self._console_error(message))
        self.page.on("pageerror", lambda error: self._console.append(str(error)))
        self.page.on("response", self._resource_answered)

    def _resource_answered(self, response) -> None:
        """A stylesheet, script, image or font the page asks for and does not get. Only those: axe-core
        fetches stylesheets again itself (to read their rules) and resolves their @imports against the page's
        address rather than the stylesheet's, which would report files the page never asked for."""
        if response.request.resource_type in PAGE_FILES and response.status >= 400:
            page = response.frame.url if response.frame else self.page.url
            self._broken.append((page, f"{self._relative(response.url)} answered {response.status}"))

    def _console_error(self, message) -> None:
        if message.type == "error" and "Failed to load resource" not in message.text:
            self._console.append(message.text)

    def report(self, url: str, what: str) -> None:
        problem = Problem(self.role, self._relative(url), what)
        if problem not in self.problems:
            self.problems.append(problem)

    def _relative(self, url: str) -> str:
        return url[len(self.base) :] or "/" if url.startswith(self.base) else url

    # Following links

    def run(self, *starts: str) -> "Crawl":
        for start in starts or ("/",):
            self._enqueue(self.base + start, referrer="(start)")
        while self._queue and len(self.visited) < self.limit:
            url, referrer = self._queue.popleft()
            shape = shape_of(url)
            if self._shape_visits.get(shape, 0) >= self.per_shape:
                continue
            self._shape_visits[shape] = self._shape_visits.get(shape, 0) + 1
            self.visited.append(url)
            self._visit(url, referrer)
        self.page.wait_for_load_state("networkidle")
        for page, resource in self._broken:
            self.report(page, f"a file the page uses is missing: {resource}")
        return self

    def _in_scope(self, url: str) -> bool:
        if not url.startswith(self.base + "/"):
            return False
        path = urlsplit(url).path
        if path.endswith(SKIPPED_ENDINGS) or path.lower().endswith(FILE_SUFFIXES):
            return False
        english_page = not path.startswith(WELSH + "/") and not path.endswith(DATA_SUFFIXES)
        if self.welsh and english_page and has_welsh_page(path):
            return False  # the language toggle's link to the English page: the English crawl has it
        try:
            match = resolve(without_welsh_prefix(path) or "/")
        except Resolver404:
            return True
        return match.route not in SKIPPED_ROUTES and "token" not in match.kwargs

    def _enqueue(self, url: str, referrer: str) -> None:
        url = urldefrag(url).url
        if not self._in_scope(url):
            return
        self.linked_shapes.setdefault(shape_of(url), (self._relative(url), self._relative(referrer)))
        if url not in self._seen:
            self._seen.add(url)
            self._queue.append((url, referrer))

    def _visit(self, url: str, referrer: str) -> None:
        if urlsplit(url).path.endswith(DATA_SUFFIXES):
            self._check_data(url, referrer)
            return
        self._console.clear()
        try:
            response = self.page.goto(url, wait_until="load")
        except Exception as error:  # a page that cannot be opened is a finding
            self.report(url, f"could not be opened (linked from {self._relative(referrer)}): {error}")
            return
        if not self._status_ok(url, response.status, referrer):
            return
        if "html" not in response.headers.get("content-type", ""):
            self._check_body(url, response.headers.get("content-type", ""), response.body())
            return
        self._check_page(url)

    def _status_ok(self, url: str, status: int, referrer: str) -> bool:
        if status >= 500:
            self.report(url, f"answered {status} (server error), linked from {self._relative(referrer)}")
        elif status >= 400:
            self.report(url, f"answered {status}, linked from {self._relative(referrer)}")
        return status < 400

    # Checking a page

    def _check_page(self, url: str) -> None:
        facts = self.page.evaluate(PAGE_FACTS)
        self._check_text(url, facts["text"])
        if self.welsh and urlsplit(url).path.startswith(WELSH + "/"):
            self._check_welsh(url, facts)
        if self.public:
            self._check_emails(url, facts["html"], "the page")
        if self.javascript:
            self._check_axe(url)
            for message in dict.fromkeys(self._console):
                self.report(url, f"JavaScript error in the browser console: {message[:200]}")
        else:
            self._check_without_javascript(url, facts)
        for link in facts["links"]:
            self._enqueue(link, referrer=url)

    def _check_text(self, url: str, text: str) -> None:
        if syntax := shown_as_text(TEMPLATE_SYNTAX, text):
            excerpt = self._around(text, TEMPLATE_SYNTAX)
            self.report(url, f"template syntax {syntax} shown in the page: …{excerpt}…")
        if markup := shown_as_text(ESCAPED_MARKUP, text):
            excerpt = self._around(text, ESCAPED_MARKUP)
            self.report(url, f"escaped markup {markup} shown as text: …{excerpt}…")

    def _check_welsh(self, url: str, facts: dict) -> None:
        if facts["lang"] != "cy":
            self.report(url, f'a Welsh page says it is in "{facts["lang"]}", not "cy"')
        text = without(self.own_words, facts["ownLanguageText"])
        if english := sorted({word.lower() for word in ENGLISH_WORDS.findall(text)}):
            excerpt = self._around(text, ENGLISH_WORDS)
            self.report(url, f"English on a Welsh page ({', '.join(english)}): …{excerpt}…")

    @staticmethod
    def _around(text: str, pattern: re.Pattern) -> str:
        match = pattern.search(text)
        return " ".join(text[max(match.start() - 40, 0) : match.end() + 40].split())

    def _check_emails(self, url: str, body: str, where: str) -> None:
        if found := emails_in(body, self.contact_email):
            self.report(url, f"email address in public output ({where}): {', '.join(sorted(found))}")

    def _check_axe(self, url: str) -> None:
        results = self.page.evaluate(AXE_RUN)
        violations = results["violations"]
        record(url, violations, who=self.role, axe_version=results["version"])
        for violation in violations:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
            self.report(
                url,
                f"axe {violation['id']} ({violation['impact']}): {violation['help']}; "
                f"{len(violation['nodes'])} element(s), e.g. {' | '.join(targets)}",
            )

    def _check_without_javascript(self, url: str, facts: dict) -> None:
        for form in dict.fromkeys(facts["formsWithoutSubmit"]):
            self.report(url, f"a form has no submit button without JavaScript: {form}")
        for control in dict.fromkeys(facts["deadControls"]):
            self.report(url, f"a control does nothing without JavaScript: {control!r}")

    # Checking data

    def _check_data(self, url: str, referrer: str) -> None:
        response = self.page.context.request.get(url)
        if self._status_ok(url, response.status, referrer):
            self._check_body(url, response.headers.get("content-type", ""), response.body())

    def _check_body(self, url: str, content_type: str, body: bytes) -> None:
        try:
            text = body.decode("utf-8-sig")
            self._parse(urlsplit(url).path, content_type, text)
        except (UnicodeDecodeError, ValueError, csv.Error, ElementTree.ParseError) as error:
            self.report(url, f"{content_type or 'data'} that does not parse: {error}")
            return
        if TEMPLATE_SYNTAX.search(text):
            self.report(url, f"template syntax in the data: …{self._around(text, TEMPLATE_SYNTAX)}…")
        if self.public:
            self._check_emails(url, text, content_type.split(";")[0] or "data")

    def _parse(self, path: str, content_type: str, text: str) -> None:
        if path.endswith(".csv") or "csv" in content_type:
            rows = list(csv.reader(io.StringIO(text)))
            if not rows:
                raise ValueError("no header row")
        elif path.endswith(".atom") or "xml" in content_type:
            self._check_feed(path, ElementTree.fromstring(text))  # noqa: S314 - the site's own feed
        elif "json" in content_type or path.endswith(".json"):
            json.loads(text)

    def _check_feed(self, path: str, feed: ElementTree.Element) -> None:
        for element in feed.iter():
            if element.get("type") in ("html", "xhtml"):
                name = element.tag.rsplit("}", 1)[-1]
                self.report(
                    self.base + path,
                    f'the feed sends people\'s text as markup (<{name} type="{element.get("type")}">), '
                    "which feed readers render",
                )
                return
