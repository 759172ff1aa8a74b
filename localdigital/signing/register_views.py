"""The public registers of signatories and commitments as HTML, CSV and Atom."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse

from localdigital.organisations.filters import find_organisation
from localdigital.registers.caching import conditional, open_data
from localdigital.registers.csv import csv_response
from localdigital.registers.feeds import RegisterFeed
from localdigital.registers.pagination import govuk_pagination, page_of
from localdigital.signing.models import Commitment, Signing
from localdigital.signing.registers import (
    COMMITMENT_SOURCES,
    SIGNATORY_SOURCES,
    commitment_row,
    coverage,
    filtered_commitments,
    filtered_signatories,
    signatory_row,
)


@conditional(*SIGNATORY_SOURCES)
def signatory_list(request):
    filters, signings = filtered_signatories(request.GET)
    page = page_of(signings, request)
    return TemplateResponse(
        request,
        "signing/signatories.html",
        {
            "filters": filters,
            "page": page,
            "pagination": govuk_pagination(page, request),
            "coverage": coverage(),
        },
    )


@conditional(*SIGNATORY_SOURCES)
def signatory_detail(request, identifier: str):
    organisation = find_organisation(identifier)
    signing = (
        organisation.signings.filter(status__in=[Signing.Status.SIGNED, Signing.Status.WITHDRAWN])
        .select_related("declaration_version")
        .order_by("-signed_at")
        .first()
    )
    if signing is None:
        raise Http404("This organisation has not signed the Declaration")
    return TemplateResponse(
        request,
        "signing/signatory.html",
        {
            "organisation": organisation,
            "signing": signing,
            "approvers": signing.approvers.filter(status="signed").order_by("role"),
            "commitments": signing.commitments.filter(state=Commitment.State.PUBLISHED).order_by(
                "created_at", "pk"
            ),
        },
    )


SIGNATORY_CSV_HEADER = [
    "organisation_id", "organisation_name", "organisation_type", "nation", "region", "signed_on",
    "declaration_version", "head_of_paid_service", "political_leader", "record_url",
]  # fmt: skip


@conditional(*SIGNATORY_SOURCES, policy=open_data)
def signatories_csv(request):
    _filters, signings = filtered_signatories(request.GET)
    rows = (
        [signatory_row(s)[column] for column in SIGNATORY_CSV_HEADER]
        for s in signings.iterator(chunk_size=500)
    )
    return csv_response("signatories.csv", SIGNATORY_CSV_HEADER, rows)


class SignatoriesFeed(RegisterFeed):
    title = "Signatories of the Local Digital Declaration"
    subtitle = "Organisations that have signed, newest first"

    def get_object(self, request):
        self.request = request
        return None

    def link(self):
        return reverse("signatories")

    def items(self):
        params = self.request.GET.copy()
        params["sort"] = "newest"
        return filtered_signatories(params)[1][:50]

    def item_title(self, signing):
        return f"{signing.organisation.name} signed the Local Digital Declaration"

    def item_description(self, signing):
        return f"Signed on {signing.signed_at:%d %B %Y}, version {signing.declaration_version.number}."

    def item_link(self, signing):
        return reverse("signatory", args=[signing.organisation.identifier])

    def item_pubdate(self, signing):
        return signing.signed_at

    def item_updateddate(self, signing):
        return signing.signed_at


@conditional(*COMMITMENT_SOURCES)
def commitment_list(request):
    filters, commitments = filtered_commitments(request.GET)
    page = page_of(commitments, request)
    return TemplateResponse(
        request,
        "signing/commitments.html",
        {
            "filters": filters,
            "page": page,
            "pagination": govuk_pagination(page, request),
        },
    )


COMMITMENT_CSV_HEADER = [
    "id", "title", "organisation_id", "organisation_name", "mission", "impact", "principles", "service_lgsl",
    "service", "due_date", "progress", "partners", "url",
]  # fmt: skip


@conditional(*COMMITMENT_SOURCES, policy=open_data)
def commitments_csv(request):
    _filters, commitments = filtered_commitments(request.GET)

    rows = (
        [commitment_row(commitment)[column] for column in COMMITMENT_CSV_HEADER]
        for commitment in commitments.iterator(chunk_size=500)
    )
    return csv_response("commitments.csv", COMMITMENT_CSV_HEADER, rows)


class CommitmentsFeed(RegisterFeed):
    title = "Commitments made under the Local Digital Declaration"
    subtitle = "What signatories have committed to do, newest first"

    def get_object(self, request):
        self.request = request
        return None

    def link(self):
        return reverse("commitments")

    def items(self):
        return filtered_commitments(self.request.GET)[1][:50]

    def item_title(self, commitment):
        return f"{commitment.organisation.name}: {commitment.title}"

    def item_description(self, commitment):
        return commitment.mission

    def item_link(self, commitment):
        return commitment.get_absolute_url()

    def item_pubdate(self, commitment):
        return commitment.created_at

    def item_updateddate(self, commitment):
        return commitment.updated_at
