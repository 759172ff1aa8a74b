from django.urls import path

from localdigital.signing import register_views

urlpatterns = [
    path("signatories/", register_views.signatory_list, name="signatories"),
    path("signatories.csv", register_views.signatories_csv, name="signatories-csv"),
    path("signatories.atom", register_views.SignatoriesFeed(), name="signatories-atom"),
    path("signatories/<str:identifier>/", register_views.signatory_detail, name="signatory"),
    path("commitments/", register_views.commitment_list, name="commitments"),
    path("commitments.csv", register_views.commitments_csv, name="commitments-csv"),
    path("commitments.atom", register_views.CommitmentsFeed(), name="commitments-atom"),
]
