from django.urls import path

from localdigital.fund import applying, assessing, documents, views

app_name = "fund"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("360giving.json", views.grants_json, name="360giving-json"),
    path("360giving.csv", views.grants_csv, name="360giving-csv"),
    # The applicant's pages.
    path("bids/", applying.your_bids, name="your-bids"),
    path("bids/<str:reference>/", applying.bid, name="bid"),
    path("bids/<str:reference>/partners/", applying.partners, name="bid-partners"),
    path(
        "bids/<str:reference>/partners/<int:pk>/remove/", applying.remove_partner, name="bid-partner-remove"
    ),
    path("bids/<str:reference>/budget/", applying.budget, name="bid-budget"),
    path(
        "bids/<str:reference>/budget/<int:pk>/remove/", applying.remove_budget_line, name="bid-budget-remove"
    ),
    path("bids/<str:reference>/check/", applying.check, name="bid-check"),
    path("bids/<str:reference>/interest/", applying.send_interest, name="bid-interest"),
    path("bids/<str:reference>/submitted/", applying.submitted, name="bid-submitted"),
    path("bids/<str:reference>/bid.pdf", documents.bid_pdf, name="bid-pdf"),
    path("bids/<str:reference>/<slug:section>/", applying.answer, name="bid-answer"),
    path("partnerships/<int:pk>/", applying.answer_partnership, name="answer-partnership"),
    # Assessors, and the programme team.
    path("assess/", assessing.assignments, name="assessments"),
    path("assess/<int:pk>/", assessing.assess, name="assess"),
    path("<slug:slug>/", views.round_detail, name="round"),
    path("<slug:slug>/interest/", views.round_interest, name="round-interest"),
    path("<slug:slug>/apply/", applying.start, name="start"),
    path("<slug:slug>/moderation/", assessing.moderation, name="moderation"),
    path("<slug:slug>/moderation/<str:reference>/", assessing.decide, name="decide"),
]
