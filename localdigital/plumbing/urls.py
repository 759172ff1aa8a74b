"""The addresses of the register of systems, contracts and standards (/systems/, /standards/)."""

from django.urls import path

from localdigital.plumbing import adoption, links, together_views

app_name = "plumbing"

urlpatterns: list = [
    # The public register: systems, products, suppliers and standards (views.py).
    # Recording and confirming a system (recording.py).
    # Adopting a standard, the moments to act together, and what projects and commitments name
    # (adoption.py, together_views.py, links.py).
    path("standards/<slug:slug>/adopt/", adoption.start, name="adopt"),
    path("standards/<slug:slug>/adopt/<int:organisation_pk>/", adoption.stage, name="adopt-stage"),
    path("standards/<slug:slug>/adopt/<int:organisation_pk>/done/", adoption.done, name="adopt-done"),
    path("standards/<slug:slug>/adopt/<int:organisation_pk>/remove/", adoption.remove, name="adopt-remove"),
    path("systems/<int:pk>/together/", together_views.together_page, name="together"),
    path("systems/<int:pk>/together/act/", together_views.act, name="together-act"),
    path(
        "systems/<int:pk>/together/project/<int:project_pk>/",
        together_views.project_started,
        name="together-project",
    ),
    path("systems/<int:pk>/together/bid/<str:reference>/", together_views.bid_started, name="together-bid"),
    path("systems/link/project/<int:pk>/", links.project_links, name="link-project"),
    path("systems/link/commitment/<int:pk>/", links.commitment_links, name="link-commitment"),
    path("systems/link/<int:link_pk>/remove/", links.remove, name="link-remove"),
    # Importing contract notices (importing.py).
]
