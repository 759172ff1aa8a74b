from django.urls import path

from localdigital.signing import views
from localdigital.signing.register import commitments, signatories

urlpatterns = [
    path("signatories/", signatories.page, name="signatories"),
    path("signatories.csv", signatories.csv, name="signatories-csv"),
    path("signatories.json", signatories.json, name="signatories-json"),
    path("signatories.atom", signatories.feed, name="signatories-atom"),
    path("signatories/<str:identifier>/", views.signatory_detail, name="signatory"),
    path("commitments/", commitments.page, name="commitments"),
    path("commitments.csv", commitments.csv, name="commitments-csv"),
    path("commitments.json", commitments.json, name="commitments-json"),
    path("commitments.atom", commitments.feed, name="commitments-atom"),
]
