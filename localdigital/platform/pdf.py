"""Copies people keep, as PDF: a page drawn by WeasyPrint from a Jinja2 template.

    return pdf.response(request, "signing/record_pdf.html", context, filename="Signed record X.pdf")

The template extends `pdf/base.html`, which sets the document's language (the page's, so /cy/ gives a
Welsh copy), its title (`page_title`, the PDF's metadata title) and the stylesheet `pdf.css`. The PDF is
tagged for accessibility (PDF/UA-1: headings, tables and reading order kept, the language and title set)
and set in DejaVu Sans, a free font installed by `make run` (scripts/system-deps pdf). The GOV.UK font is
licensed only for GOV.UK services, and a PDF carries its fonts wherever it is sent, so it is not used.

Links in a copy are full addresses (`site_url`), as a PDF is read away from the site. Nothing is fetched
while drawing: the stylesheet is read from disk and every other address is refused.

The response is named for saving (Content-Disposition with a readable file name) and carries an ETag made
from the page's HTML, so a browser or cache that has the copy is answered 304 without drawing it again.
"""

import hashlib
from pathlib import Path

import weasyprint
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, quote_etag

STYLESHEET = Path(__file__).with_name("pdf.css")
# Tagged, with its language and title: what PDF/UA-1 asks, and what a screen reader needs from a PDF.
VARIANT = "pdf/ua-1"


def html(request: HttpRequest | None, template: str, context: dict) -> str:
    """The copy's page as HTML, in the active language."""
    return render_to_string(template, {"site_url": settings.SITE_URL, **context}, request=request)


class _NoFetching(weasyprint.URLFetcher):
    """Refuses every address: a copy is drawn from its own HTML and stylesheet alone."""

    def fetch(self, url, headers=None):
        raise ValueError(f"A PDF copy fetches nothing while it is drawn: {url}")


def draw(page: str) -> bytes:
    """The PDF of a page made by `html`."""
    document = weasyprint.HTML(string=page, base_url=settings.SITE_URL + "/", url_fetcher=_NoFetching())
    stylesheet = weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_NoFetching())
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant=VARIANT)


def _etag(page: str) -> str:
    """Changes whenever what the PDF would show, its stylesheet, or the drawing library does."""
    digest = hashlib.sha256()
    for part in (page, STYLESHEET.read_text(encoding="utf-8"), weasyprint.__version__, VARIANT):
        digest.update(part.encode())
        digest.update(b"\0")
    return quote_etag(digest.hexdigest()[:32])


def response(
    request: HttpRequest, template: str, context: dict, *, filename: str, private: bool = False
) -> HttpResponse:
    """The PDF as a download named `filename`. A `private` copy (a bid, seen only by those it concerns) is
    kept by no shared cache; a public one may be; either is checked with its ETag before it is used."""
    page = html(request, template, context)
    etag = _etag(page)
    answer = get_conditional_response(request, etag=etag)
    if answer is None:
        answer = HttpResponse(draw(page), content_type="application/pdf")
        answer["Content-Disposition"] = content_disposition_header(True, filename)
    answer["ETag"] = etag
    if private:
        patch_cache_control(answer, private=True, no_cache=True)
    else:
        patch_cache_control(answer, public=True, no_cache=True)
    return answer
