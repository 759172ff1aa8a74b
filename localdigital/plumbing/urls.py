"""The addresses of the register of systems, contracts and standards (/systems/, /standards/)."""

from django.urls import path

from localdigital.plumbing import importing

app_name = "plumbing"

urlpatterns: list = [
    # The public register: systems, products, suppliers and standards (views.py).
    # Recording and confirming a system (recording.py).
    # Adopting a standard, and the moments to act together (together.py).
    # Importing contract notices (importing.py).
    path("systems/import/", importing.import_notices, name="import-notices"),
    path("systems/import/report/", importing.import_report, name="import-report"),
    path("systems/proposed/", importing.proposed, name="proposed"),
    path("systems/proposed/<int:pk>/", importing.answer_proposed, name="answer-proposed"),
]
